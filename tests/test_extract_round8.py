"""Rules of issue #14's eighth round: update stamps (10/30 13:40), notices told by their
body, a bare 年初 or 年底, a joint holiday's first day, digits and vehicles that are no
counts, and the bench's file date for a text that gives no year (see bench/EXTRACT.md)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from timeline.extract import YearUnknown, extract, find_dateline

D = dt.date
ROOT = Path(__file__).resolve().parents[1]


def dates(text: str, ref: dt.date | None) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.date_text, m.qualifier) for m in extract(text, ref) if m.kind == "date"]


def figures(text: str) -> list[str]:
    return [m.text for m in extract(text, D(2025, 3, 12)) if m.kind == "figure"]


# --- a month and day with a slash and a time: an update stamp ------------------------------


def test_a_slashed_month_day_with_a_time_is_a_date() -> None:
    text = "标题\n2024/10/30 12:05（10/30 13:40 更新）\n\n正文。"
    got = [(m.text, m.date_text, m.time) for m in extract(text, None) if m.kind == "date"]
    assert got == [
        ("2024/10/30 12:05", "2024-10-30", "12:05"),
        ("10/30 13:40", "2024-10-30", "13:40"),
    ]


def test_a_single_digit_month_and_hour_after_a_slash() -> None:
    got = [
        (m.text, m.date_text, m.time, m.qualifier)
        for m in extract("截至3/6 9:05，共5例。", D(2024, 3, 6))
    ]
    assert ("截至3/6 9:05", "2024-03-06", "09:05", "as_of") in got


@pytest.mark.parametrize("text", ["约1/2的居民参加。", "比分为3/4。", "第13/14页，8/15。"])
def test_a_slash_without_a_time_is_no_date(text: str) -> None:
    assert dates(text, D(2024, 3, 6)) == []


def test_a_full_date_with_a_time_on_a_line_of_its_own_is_the_dateline() -> None:
    text = "標題\n\n2025年5月2日 16:45 香港經濟日報\n\n【本報訊】政府今日公布數據。"
    found = [(m.text, m.time, m.qualifier) for m in extract(text, None) if m.kind == "date"]
    assert found[0] == ("2025年5月2日 16:45", "16:45", "report")
    assert find_dateline(text, None).date == D(2025, 5, 2)


# --- a notice told by its body ------------------------------------------------------------


NOTICE_BODY = "2025年1月6日\n\n{greeting}\n2月17日开学，7月4日结束。\n{close}"


@pytest.mark.parametrize(
    ("greeting", "close"),
    [("各中小学校：", ""), ("", "特此通知。"), ("现将有关事项公告如下：", "")],
)
def test_a_notice_titled_otherwise_reads_its_days_forward(greeting: str, close: str) -> None:
    text = NOTICE_BODY.format(greeting=greeting, close=close)
    assert [d for _, d, _ in dates(text, None)][1:] == ["2025-02-17", "2025-07-04"]


def test_a_report_keeps_the_one_rule() -> None:
    text = NOTICE_BODY.format(greeting="记者获悉：", close="")
    assert [d for _, d, _ in dates(text, None)][1:] == ["2024-02-17", "2024-07-04"]


# --- 年初, 年底 without a year: the dateline's ------------------------------------------------


def test_a_bare_part_of_the_year_is_the_datelines_year() -> None:
    text = "年初，市里提出目标。将在年底前建成住房，完成年底目标。"
    assert dates(text, D(2024, 7, 25)) == [
        ("年初", "2024 年初", None),
        ("年底", "2024 年底", "before"),
        ("年底", "2024 年底", None),
    ]


@pytest.mark.parametrize(
    "text",
    ["全年底线不变。", "新年初一拜年。", "他成年后离开。", "2024年初步核算。", "多年来如此。"],
)
def test_words_ending_in_year_are_no_part_of_it(text: str) -> None:
    assert all(d != "2024 年初" and d != "2024 年底" for _, d, _ in dates(text, D(2024, 7, 25)))


# --- 假期首日 of two holidays named together -----------------------------------------------------


def test_the_first_day_of_a_joint_holiday_is_the_earlier_ones() -> None:
    text = "本报讯 10月8日，国庆中秋假期8天，全省接待游客。假期首日，车流量创新高。"
    got = {t: d for t, d, _ in dates(text, D(2025, 10, 8))}
    assert got["首日"] == "2025-10-01"


def test_the_first_day_of_one_holiday() -> None:
    text = "本报讯 2月5日，春节假期，全省接待游客。假期首日，车流量创新高。"
    got = {t: d for t, d, _ in dates(text, D(2025, 2, 5))}
    # round 11: the first day off of 2025's 春节假期 (除夕, by lunar-python's list of days
    # off), no longer the day the holiday names (2025-01-29)
    assert got["首日"] == "2025-01-28"


# --- digits and vehicles that are no counts ------------------------------------------------------


def test_the_last_digits_of_a_number_are_no_people() -> None:
    assert figures("身份证号后四位为0312，尾号末两位是66。") == []


def test_a_three_wheeler_is_no_count_of_rounds() -> None:
    assert figures("一辆电动三轮车停在路边，两轮摩托也在。") == []


def test_counts_of_people_and_rounds_still_count() -> None:
    assert figures("随后3位专家到场，进行了三轮谈判。") == ["3位", "三轮"]


# --- the bench's file date -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "extract_score", ROOT / "bench" / "extract_score.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_score"] = module
    spec.loader.exec_module(module)
    return module


def test_the_file_date_defaults_to_the_reference_then_the_dateline(bench: ModuleType) -> None:
    dateline = [["3月12日", D(2025, 3, 12), None, "report", None, None]]
    assert bench.file_date({"file_date": D(2025, 3, 13), "reference": D(2025, 1, 1)}) == D(
        2025, 3, 13
    )
    assert bench.file_date({"reference": D(2025, 1, 1), "dates": dateline}) == D(2025, 1, 1)
    assert bench.file_date({"dates": dateline}) == D(2025, 3, 12)
    assert bench.file_date({"dates": []}) is None


def test_a_text_with_no_year_is_read_against_its_file_date(bench: ModuleType) -> None:
    text = "标题\n\n江城晚报3月12日讯 11日下午，老人遗失钱包。"
    with pytest.raises(YearUnknown):
        extract(text, None)
    key = {"file_date": D(2025, 3, 12)}
    got = [(m.text, m.date_text) for m in bench.ours("t", text, key) if m.kind == "date"]
    assert got[:2] == [("3月12日", "2025-03-12"), ("11日下午", "2025-03-11")]
    assert "t" in bench.FILE_DATED
    assert bench.ours("u", text, {}) == []  # no file date in the key: refused, all missed


def test_a_bare_part_of_the_year_in_a_chronicle_is_the_chronicled_years() -> None:
    text = "2023年大事记\n\n2024年1月10日\n\n年底，新线建成。"
    assert ("年底", "2023 年底", None) in dates(text, None)
