"""The rules of issue #14's sixth round: what round 3 left, and the misses of held6.

A year-less dateline takes its year from a 发布时间 stamp, the headline or its own
paragraph; index points after 收盘 or too many for a clock (收盘3351点); a bare
three-digit year is a year of the Republic only in a text that shows it is from Taiwan
(民國, 中央社, 臺北, 新北, 行政院), never in a Hong Kong or Macao count of years.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from timeline.extract import Mention, extract, find_dateline

D = dt.date


def kinds(mentions: list[Mention], kind: str) -> list[Mention]:
    return [m for m in mentions if m.kind == kind]


def dates(text: str, ref: dt.date | None) -> list[tuple[str, str, str | None, str | None]]:
    return [(m.text, m.date_text, m.time, m.qualifier) for m in kinds(extract(text, ref), "date")]


# --- a year-less dateline ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "2024年高考成绩明日公布\n\n本报讯（记者 吴敏）6月24日，省考试院发布消息。",
            D(2024, 6, 24),
        ),
        ("油价下调\n\n中新网北京9月19日电 自2024年9月19日24时起，油价下调。", D(2024, 9, 19)),
        ("新华社北京3月6日电 会议召开。\n发布时间：2023-03-06 10:00", D(2023, 3, 6)),
        ("新華社香港3月6日電 2023年預算案公布。", D(2023, 3, 6)),
    ],
)
def test_a_yearless_dateline_takes_a_year_from_the_top(text: str, day: dt.date) -> None:
    assert find_dateline(text, None).date == day


@pytest.mark.parametrize(
    "text",
    [
        "2023年全年经济回顾\n\n本报讯（记者 甲）1月17日，统计局发布数据。",
        "到2035年建成强国\n\n本报讯（记者 甲）1月17日，会议召开。",
        "2020年以来首次\n\n本报讯（记者 甲）1月17日，会议召开。",
        "本报讯（记者 甲）1月17日，会议召开。",
    ],
)
def test_a_year_that_sums_up_or_closes_a_span_is_no_hint(text: str) -> None:
    assert find_dateline(text, None).date is None


def test_a_reference_still_wins_over_the_headline() -> None:
    text = "2024年高考成绩公布\n\n本报讯（记者 吴敏）6月24日，发布。"
    assert find_dateline(text, D(2025, 7, 1)).date == D(2025, 6, 24)


def test_a_yearless_wire_story_is_read_without_a_reference() -> None:
    text = "2024年秋粮收购启动\n\n新华社北京9月26日电 记者26日获悉，收购将于10月8日开始。"
    assert dates(text, None)[1:] == [
        ("9月26日", "2024-09-26", None, "report"),
        ("26日", "2024-09-26", None, None),
        ("10月8日", "2024-10-08", None, "from"),
    ]


# --- index points ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上证指数收盘3351点。", ("3351点", Decimal("3351"))),
        ("截至收盘，沪指3351点。", ("3351点", Decimal("3351"))),
        ("恒指收市报18500点。", ("18500点", Decimal("18500"))),
        ("沪指报收于3351点。", ("3351点", Decimal("3351"))),
        ("指数开盘12点后回落。", ("12点", Decimal("12"))),
    ],
)
def test_index_points_after_the_close(text: str, expected: tuple[str, Decimal]) -> None:
    found = extract(text, D(2024, 5, 6))
    assert [(m.text, m.value) for m in kinds(found, "figure")] == [expected]
    assert kinds(found, "time") == []


# --- Republic years only in a text from Taiwan --------------------------------------------


def test_a_hong_kong_count_of_years_is_no_republic_year() -> None:
    text = "新華社香港12月17日電 這間老店經營113年，深受市民歡迎。"
    found = extract(text, D(2024, 12, 17))
    assert [m.text for m in kinds(found, "date")] == ["12月17日"]


@pytest.mark.parametrize("marker", ["中央社", "臺北", "新北", "行政院", "民國"])
def test_a_taiwan_marker_makes_a_bare_year_a_republic_year(marker: str) -> None:
    text = f"{marker}消息，113年以來共有5起。"
    assert dates(text, D(2024, 12, 17)) == [("113年以來", "2024", None, "since")]


def test_a_quote_alone_reads_113_only_as_a_day_that_agrees() -> None:
    """check reads a quote alone: 113年10月1日 there gives 10月1日 of 2024, and
    114年1月2日 (a coming January) no day rather than last January."""
    assert dates("公費疫苗自113年10月1日開打。", D(2024, 12, 17)) == [
        ("10月1日", "2024-10-01", None, None)
    ]
    assert dates("114年1月2日起，盤後交易時間將調整。", D(2024, 11, 8)) == []


# --- the misses of held6's first score, as rules -----------------------------------------


def test_an_issuers_stamp_opening_the_text_is_its_dateline() -> None:
    text = "暴雨预警\n\n江城市气象台2024年7月9日16时20分发布暴雨橙色预警：今天降雨42.6毫米。"
    assert find_dateline(text, None).date == D(2024, 7, 9)
    assert find_dateline("据悉，教育部2024年1月5日发布通知。", None).date is None


def test_a_headline_year_of_the_whole_country_is_a_hint() -> None:
    text = "2024年全国秋粮收购全面展开\n\n新华社北京9月26日电（记者 邹明）记者26日获悉。"
    assert find_dateline(text, None).date == D(2024, 9, 26)


def test_a_monthless_day_inside_the_last_range_is_of_its_month() -> None:
    text = "比赛将于10月26日至27日进行，其中焦点战定于26日晚8点打响，28日休赛。"
    assert dates(text, D(2024, 10, 20))[1:] == [
        ("26日晚8点", "2024-10-26", "20:00", None),
        ("28日", "2024-10-28", None, None),
    ]


def test_a_full_hour_keeps_its_range() -> None:
    found = extract("城东站12时整至13时雨量达58毫米。", D(2024, 7, 9))
    assert [(m.text, m.time, m.end_time) for m in kinds(found, "time")] == [
        ("12时整至13时", "12:00", "13:00")
    ]


def test_a_school_year_is_no_span_and_square_feet_are_a_unit() -> None:
    found = extract("高三年级寒假不少于14天，新店面積約2,800平方呎。", D(2025, 1, 6))
    assert [m.text for m in kinds(found, "duration")] == ["14天"]
    assert [(m.value, m.unit) for m in kinds(found, "figure")] == [(2800, "平方呎")]
