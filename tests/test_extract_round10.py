"""Rules of issue #14's tenth round: held9's leftovers and the general causes held10 found."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from timeline.extract import extract, find_dateline
from timeline.extract.figures import find_figures


def _figures(text: str) -> list[tuple[str, Decimal | None, str]]:
    return [(text[a:b], f["value"], f["unit"]) for _, a, b, f in find_figures(text)]


def test_a_digest_first_line_with_a_weekday_is_a_dateline() -> None:
    text = "早安江城｜6月12日 星期四\n\n今日要闻：\n● 6月11日，地铁洞通。"
    found = find_dateline(text, dt.date(2025, 6, 20))
    assert found.date == dt.date(2025, 6, 12)
    assert text[found.start : found.end] == "6月12日"


def test_the_first_holiday_after_a_past_month() -> None:
    text = "来源：海城日报　2024-08-01 07:30\n\n“我是1992年7月上岛的。第一个春节是在岛上过的。”"
    days = {m.text: m.date for m in extract(text, None)}
    assert days["春节"] == "1993-01-23"


def test_share_in_tenths_is_a_figure() -> None:
    assert _figures("占比近三成。") == [("近三成", Decimal(3), "成")]
    assert _figures("一成不变。三五成群。两三成。") == []


def test_longest_unit_and_a_rate_unit() -> None:
    assert _figures("用电量712.6亿千瓦时，") == [("712.6亿千瓦时", Decimal(71260000000), "千瓦时")]
    assert _figures("提升至18万吨/日，风速42米/秒。") == [
        ("18万吨/日", Decimal(180000), "吨/日"),
        ("42米/秒", Decimal(42), "米/秒"),
    ]


def test_a_bound_with_a_clock_time_is_the_day_of_the_next_day() -> None:
    text = (
        "本报讯（记者 孙悦）2025年2月8日，消息。"
        "2月6日晚间7时许起，部分航班延误，机场于次日凌晨1时前完成疏运。"
    )
    days = {m.text: m.date for m in extract(text, None)}
    assert days["次日凌晨1时"] == "2025-02-07"


def test_an_open_bound_without_a_clock_is_still_no_day() -> None:
    text = (
        "本报讯（记者 甲）2024年12月1日，法院定于12月9日开庭审理。"
        "旁听人员须于12月6日前登记；庭审当日8时30分起安检。"
    )
    days = {m.text: m.date for m in extract(text, None)}
    assert any(v == "2024-12-09" for k, v in days.items() if k.startswith("当日"))
