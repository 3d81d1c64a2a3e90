"""Rules of issue #14's ninth round: a slashed month/day without a time where only a date
can stand (将于10/30, 10/30起, never 1/3 or 3/4), temperatures below zero, 款 and 周岁,
放假一天, a stamp's seconds, a headline's 明起, a relative day with its day in brackets,
an hour range across midnight and 当晚 in a notice (see bench/EXTRACT.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from timeline.extract import extract

D = dt.date
REF = D(2024, 10, 20)


def found(text: str, kind: str, ref: dt.date | None = REF) -> list[tuple[Any, ...]]:
    return [
        (m.text, m.date_text, m.qualifier, m.end) if kind == "date" else (m.text, m.value, m.unit)
        for m in extract(text, ref)
        if m.kind == kind
    ]


# --- a month and day with a slash, no clock time ---------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("活动将于10/30举行。", [("10/30", "2024-10-30", None, None)]),
        ("自10/30起实施。", [("10/30", "2024-10-30", "from", None)]),
        ("新规10/30起实施。", [("10/30", "2024-10-30", "from", None)]),
        ("截至10/30，共计。", [("截至10/30", "2024-10-30", "as_of", None)]),
        ("展会10/3至10/5举行。", [("10/3至10/5", "2024-10-03", "range", "2024-10-05")]),
    ],
)
def test_a_slashed_day_where_only_a_date_can_stand(text: str, want: list[Any]) -> None:
    assert found(text, "date") == want


@pytest.mark.parametrize(
    "text",
    ["约占1/2的人。", "相当于1/3。", "降至1/3。", "比分3/4。", "在1/3的受访者中", "加面粉1/2杯"],
)
def test_fractions_scores_and_recipes_are_no_dates(text: str) -> None:
    assert found(text, "date") == []


# --- figures and durations ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("最低气温将跌至-8℃左右。", ("-8℃左右", -8, "°C")),
        ("气温零下8℃。", ("零下8℃", -8, "°C")),
        ("参展车型超过1000款。", ("超过1000款", 1000, "款")),
        ("60周岁以上老人免费。", ("60周岁以上", 60, "周岁")),
    ],
)
def test_figures_below_zero_models_and_ages(text: str, want: tuple[Any, ...]) -> None:
    assert found(text, "figure") == [want]
    assert found(text, "duration") == []


def test_a_range_of_degrees_keeps_its_dash() -> None:
    assert found("气温3-8℃。", "figure") == [("3-8℃", 3, "°C")]


def test_one_day_after_a_verb_of_span_is_a_duration() -> None:
    assert [m.text for m in extract("放假一天，不调休。", REF) if m.kind == "duration"] == ["一天"]
    assert [m for m in extract("有一天我会去。", REF) if m.kind == "duration"] == []


# --- stamps, headlines and relative days -----------------------------------------------------


def test_a_stamp_with_seconds_keeps_its_time() -> None:
    text = "标题\n\n2025-01-06 16:40:12　来源：江南晚报\n\n正文。"
    got = [(m.text, m.date_text, m.time) for m in extract(text, None) if m.kind == "date"]
    assert got[0] == ("2025-01-06 16:40:12", "2025-01-06", "16:40")
    assert [m for m in extract("成绩2:09:31。", REF) if m.kind in ("time", "date")] == []


def test_a_headline_from_today_or_tomorrow() -> None:
    assert found("寒潮明起影响我省", "date") == [("明", "2024-10-21", "from", None)]
    assert found("新规今起实施", "date") == [("今", "2024-10-20", "from", None)]
    assert found("这说明起到了作用。", "date") == []


def test_a_relative_day_with_its_day_in_brackets() -> None:
    text = "本周六（19日）至下周一（21日）有雨。"
    assert found(text, "date") == [
        ("本周六（19日）至下周一（21日）", "2024-10-19", "range", "2024-10-21")
    ]
    got = found("明天（21日）起至23日有雨。", "date")
    assert got == [("明天（21日）起至23日", "2024-10-21", "range", "2024-10-23")]


def test_an_hour_range_across_midnight_in_a_notice() -> None:
    text = (
        "关于跨年活动安排的通知\n\n各有关单位：\n"
        "二〇二四年十二月三十一日晚，当晚20时至次日1时实施交通管制。\n\n"
        "江州市人民政府办公厅\n二〇二四年十二月二十日"
    )
    got = [(m.text, m.date_text, m.time, m.end, m.end_time) for m in extract(text, None)]
    assert ("当晚20时至次日1时", "2024-12-31", "20:00", "2025-01-01", "01:00") in got
