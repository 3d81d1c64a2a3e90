"""The rules of issue #14's fifth round: each known miss of held4 and held5 as a general rule.

Index points (3351.76点) without clock times becoming figures, Taiwan's bracketed day
(今（17）日) and Republic years (民國113年), a relative year with a month as its sentence's
year, 起至今, mixed 10萬2,315, 当日 after days still to come, a notice dated at its foot,
an hour range after a date (0—24时), a weekday in brackets before a clock time, building
numbers (1号至6号楼), unit prefixes (12千米) and spans of days (首三日).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import run_cli
from timeline.extract import Mention, extract, find_dateline

D = dt.date
#: The dateline of the index-point and figure sentences.
NEW_YEARS_EVE = D(2024, 12, 31)


def kinds(mentions: list[Mention], kind: str) -> list[Mention]:
    return [m for m in mentions if m.kind == kind]


def dates(text: str, ref: dt.date | None) -> list[tuple[str, str, str | None, str | None]]:
    return [(m.text, m.date_text, m.time, m.qualifier) for m in kinds(extract(text, ref), "date")]


def figures(text: str, ref: dt.date | None = NEW_YEARS_EVE) -> list[tuple[str, Decimal, str]]:
    return [(m.text, Decimal(m.value or 0), m.unit) for m in kinds(extract(text, ref), "figure")]


# --- index points, never clock times ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上证指数报3351.76点，", [("3351.76点", Decimal("3351.76"), "点")]),
        ("加權指數收在23,018.5點。", [("23,018.5點", Decimal("23018.5"), "點")]),
        ("台股大漲312點", [("312點", Decimal("312"), "點")]),
        ("沪指收报3351点", [("3351点", Decimal("3351"), "点")]),
    ],
)
def test_index_points_are_figures(text: str, expected: list[tuple[str, Decimal, str]]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text", ["晚上8点开会。", "8点半集合。", "约定两点见面。", "提出3点要求。"]
)
def test_a_clock_time_or_a_plain_count_of_points_is_no_index_figure(text: str) -> None:
    assert figures(text) == []


def test_a_rise_in_points_is_no_clock_time() -> None:
    found = extract("沪指上涨8点，收盘。", D(2024, 12, 31))
    assert [(m.kind, m.text) for m in found] == [("figure", "8点")]


# --- Taiwan and Hong Kong dates ---------------------------------------------------------


def test_bracketed_day_after_today_yesterday_tomorrow() -> None:
    text = "疾管署今（17）日表示，昨（16）日新增病例，明（18）日起開放。"
    assert [(t, d) for t, d, _, _ in dates(text, D(2024, 12, 17))] == [
        ("今（17）日", "2024-12-17"),
        ("昨（16）日", "2024-12-16"),
        ("明（18）日", "2024-12-18"),
    ]


def test_bracketed_day_across_a_month_end() -> None:
    assert dates("昨（31）日公布。", D(2025, 1, 1))[0][1] == "2024-12-31"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中央社電，公費疫苗自113年10月1日開打。", [("113年10月1日", "2024-10-01", None, None)]),
        ("民國113年10月1日起實施。", [("民國113年10月1日", "2024-10-01", None, "from")]),
        ("民国113年起实施。", [("民国113年", "2024", None, "from")]),
        ("臺北報導，113年以來外資賣超。", [("113年以來", "2024", None, "since")]),
    ],
)
def test_republic_years(text: str, expected: list[tuple[str, str, str | None, str | None]]) -> None:
    assert dates(text, D(2024, 12, 17)) == expected


@pytest.mark.parametrize("text", ["該校擁有逾100年歷史。", "建校100年", "这座桥建成113年来"])
def test_a_count_of_years_is_no_republic_year(text: str) -> None:
    found = extract(text, D(2024, 12, 17))
    assert kinds(found, "date") == []
    assert [m.value for m in kinds(found, "duration")] in ([100], [113])


def test_a_bare_three_digit_year_in_simplified_text_is_no_year() -> None:
    assert kinds(extract("公费疫苗自113年10月1日开打。", D(2024, 12, 17)), "date")[0].text == (
        "10月1日"
    )


def test_a_relative_year_with_a_month_is_its_sentences_year() -> None:
    text = "由於明年1月下旬適逢春節連假，預估疫情將於1月中旬達到高峰。"
    assert dates(text, D(2024, 12, 17))[:2] == [
        ("明年1月下旬", "2025-01 下旬", None, None),
        ("春節", "2025-01-29", None, None),
    ]


def test_from_until_now_is_since() -> None:
    assert dates("今年10月1日起至今，累計312例。", D(2024, 12, 17)) == [
        ("今年10月1日起至今", "2024-10-01", None, "since")
    ]


def test_ten_thousands_and_grouped_digits_are_one_figure() -> None:
    assert figures("就診人次達10萬2,315人次，") == [("10萬2,315人次", Decimal(102315), "人次")]


# --- 当日 after days to come ------------------------------------------------------------


def test_that_day_after_days_to_come_is_the_reports_day() -> None:
    text = "12月31日，A股收官。2025年元旦休市1天，1月2日起照常开市。多家公司当日股价走高。"
    assert dates(text, D(2024, 12, 31))[-1] == ("当日", "2024-12-31", None, None)


def test_that_day_in_a_sentence_about_days_to_come_is_that_day() -> None:
    text = "12月30日，启动活动。今年腊八节为1月7日，当天全市将开展活动。"
    assert dates(text, D(2024, 12, 30))[-1][:2] == ("当天", "2025-01-07")


# --- a notice dated at its foot ---------------------------------------------------------

NOTICE = (
    "关于防汛工作的通知\n\n各乡镇：\n7月5日起，全市进入主汛期。请于7月10日前完成隐患排查。\n\n"
    "江城市防汛抗旱指挥部\n2024年7月3日\n"
)


def test_a_date_alone_on_a_last_line_is_the_dateline() -> None:
    found = find_dateline(NOTICE, None)
    assert found.date == D(2024, 7, 3)
    assert NOTICE[found.start : found.end] == "2024年7月3日"
    assert dates(NOTICE, None)[-1] == ("2024年7月3日", "2024-07-03", None, "report")
    assert dates(NOTICE, None)[0] == ("7月5日", "2024-07-05", None, "from")


@pytest.mark.parametrize(
    "text",
    [
        "2024年7月3日\n",  # nothing but a date: no body
        "通知\n\n请于7月10日前完成。\n\n2024年7月3日，召开会议。\n",  # a sentence, no foot
    ],
)
def test_no_foot_no_dateline(text: str) -> None:
    assert find_dateline(text, None).date is None


def test_a_foot_dated_notice_round_trips_through_the_cli(tmp_path: Path) -> None:
    article = tmp_path / "notice.txt"
    article.write_text(NOTICE, encoding="utf-8")
    out = tmp_path / "notice.yaml"
    result = run_cli("extract", str(article), "-F", "yaml", "-o", str(out))
    assert result.returncode == 0, result.stderr
    check = run_cli("check", "--file", str(out))
    assert check.returncode == 0, check.stdout + check.stderr


# --- held5's general causes -------------------------------------------------------------


def test_an_hour_range_after_a_date() -> None:
    found = kinds(extract("5月20日0—24时，新增86例。", D(2024, 5, 21)), "date")
    assert [(m.text, m.time, m.end, m.end_time) for m in found] == [
        ("5月20日0—24时", "00:00", "2024-05-20", "24:00")
    ]


def test_a_weekday_in_brackets_between_a_date_and_its_clock_time() -> None:
    found = kinds(extract("将于8月20日（星期二）7时至18时检修。", D(2024, 8, 15)), "date")
    assert [(m.text, m.time, m.end_time) for m in found] == [
        ("8月20日（星期二）7时至18时", "07:00", "18:00")
    ]


@pytest.mark.parametrize("text", ["滨河小区1号至6号楼将停电。", "3号到5号院停水。"])
def test_a_range_of_building_numbers_is_no_range_of_days(text: str) -> None:
    assert kinds(extract(text, D(2024, 8, 15)), "date") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("震源深度12千米。", ("12千米", Decimal(12), "千米")),
        ("加满一箱50升的汽油", ("50升", Decimal(50), "升")),
        ("平均房价为2,160澳門元。", ("2,160澳門元", Decimal(2160), "澳門元")),
        ("播种4.4千公顷", ("4.4千公顷", Decimal(4400), "公顷")),
    ],
)
def test_units_a_report_writes(text: str, expected: tuple[str, Decimal, str]) -> None:
    assert figures(text) == [expected]


@pytest.mark.parametrize("text", ["黄金周首三日，旅客增加。", "前3日共接待游客。"])
def test_the_first_days_are_a_span(text: str) -> None:
    found = kinds(extract(text, D(2024, 10, 4)), "duration")
    assert [(m.value, m.unit) for m in found] == [(3, "日")]
