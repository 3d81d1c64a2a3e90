"""Clock times, stand-alone time ranges and durations in running text.

``下午3时`` is 15:00, ``8点半`` 08:30, ``8点一刻`` 08:15, and ``24时`` stays 24:00 (the end
of that day, as bulletins write ``0时至24时``; an export that needs a real time takes the
next day's 00:00). A stand-alone time after 每天 in the same sentence recurs. Durations
(``连续7日``, ``3天内``, ``24小时``) are spans of time, never dates.

>>> from timeline.extract.layout import Layout
>>> text = "每天7:30开始,持续到15时。0时至24时封控。"
>>> [(text[a:b], f["time"], f.get("end_time")) for _, a, b, f in find_times(text, Layout(text))]
[('7:30', '07:30', None), ('15时', '15:00', None), ('0时至24时', '00:00', '24:00')]
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from timeline.errors import NumberError
from timeline.extract.layout import Found, Layout
from timeline.extract.patterns import (
    CLOCK,
    DURATION,
    INDEX_BEFORE,
    PM,
    RANGE_SEP,
    RECURRING,
    SLASH_END,
    TIME_START,
)
from timeline.text.numbers import parse_numeral

__all__ = ["clock_range", "find_durations", "find_times", "number", "read_clock", "slash_end"]


def number(numeral: str | None) -> int | None:
    """An isolated numeral as an int, or None when absent or unreadable."""
    if not numeral:
        return None
    try:
        return parse_numeral(numeral)
    except NumberError:
        return None


def _hour_minute(m: re.Match[str], first: bool) -> tuple[int, int] | None:
    if m.group("hh"):
        return int(m.group("hh")), int(m.group("mm"))
    if not m.group("h"):
        return None
    hour = number(m.group("h") if first or not m.group("h2") else m.group("h2"))
    if hour is None:
        return None
    if first and m.group("h2"):
        return hour, 0  # 19至20时: the first hour shares the 时 of the second
    minute = 30 if m.group("half") else 15 if m.group("q") == "一刻" else 45 if m.group("q") else 0
    return hour, number(m.group("m")) or minute


def read_clock(m: re.Match[str], period: str | None = None, first: bool = True) -> str | None:
    """ "HH:MM" from a CLOCK match: 下午/晚上 add twelve, 凌晨/上午 keep the hour; 24时 is 24:00.

    ``period`` is the part of the day a word before the match gave (当晚 8时 is 20:00);
    ``first`` picks the start of an hour range (19至20时), else its end.
    """
    found = _hour_minute(m, first)
    if found is None:
        return None
    hour, minute = found
    period = m.group("period") or period
    if (period in PM and 0 < hour < 12) or (period in ("中午", "午间") and hour < 6):
        hour += 12
    if hour == 24 and minute == 0:
        return "24:00"
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def clock_range(text: str, m: re.Match[str], period: str | None) -> tuple[int, str | None]:
    """The end and end time of ``19至20时`` or of ``…0时至24时`` after the clock ``m``."""
    if m.group("h2"):
        return m.end(), read_clock(m, period, first=False)
    sep = RANGE_SEP.match(text, m.end())
    if sep is None:
        return m.end(), None
    tail = CLOCK.match(text, sep.end())
    if tail is None or not (tail.group("h") or tail.group("hh")):
        return m.end(), None
    end_time = read_clock(tail, m.group("period") or period)
    return (tail.end(), end_time) if end_time else (m.end(), None)


def find_times(text: str, layout: Layout) -> Found:
    """Clock times not attached to a date; after 每天 in the same sentence they recur."""
    taken = 0
    for m in TIME_START.finditer(text):
        if m.start() < taken:
            continue  # the 24时 of 0时至24时, already the end of a range
        found = CLOCK.match(text, m.start())
        clock = read_clock(found) if found else None
        if found is None or clock is None or _index_points(text, m.start(), found):
            continue
        if not found.group("period") and _COUNTED.match(text, found.end()):
            continue  # 提出3点要求: a count of points made, no clock time
        end, end_time = clock_range(text, found, None)
        s_start, _ = layout.sentence(m.start())
        fields = {"time": clock, "recurring": bool(RECURRING.search(text, s_start, m.start()))}
        if end_time:
            fields["end_time"] = end_time
        taken = end
        yield "time", m.start(), end, fields


#: After 3点: what a count of points counts (提出3点要求, 5点意见), so no clock time.
_COUNTED = re.compile(
    r"要求|意见|建议|措施|做法|举措|希望|共识|原则|理由|内容|体会|启示|经验|看法|说明"
)
#: Before a count of days that is a span: 首三日, 头3日, 前三日, 近3日, 最后两日.
_FIRST_DAYS = re.compile(r"(?:首|头|前|近|最后)\Z")


def _index_points(text: str, start: int, m: re.Match[str]) -> bool:
    """涨8点, 报12点: points of a stock index, no clock time (8点 alone is 08:00)."""
    return not m.group("period") and INDEX_BEFORE.search(text, max(0, start - 2), start) is not None


#: A verb that takes a span: 放假一天, 延长一天 (一天 alone is "some day").
_SPAN_VERB = re.compile(r"(?:放假|休假|休息|停课|停工|闭馆|延长|推迟|延期|暂停|提前)\Z")


def find_durations(text: str) -> Found:
    """Spans of time such as 3天内, 连续7日, 24小时, 一天时间 (not 一天 alone, nor 2020年)."""
    for m in DURATION.finditer(text):
        num, unit = m.group("num", "unit")
        value = Decimal("0.5") if num == "半" else number(num)
        if value is None or (unit, len(num)) == ("年", 4):
            continue
        if unit == "年" and text.startswith("级", m.end()):
            continue  # 高三年级: a school year, no span
        if num == "一" and not (
            m.group("lead", "post") != (None, None) or _SPAN_VERB.search(text, 0, m.start())
        ):
            continue  # 一天 alone is "one day", "some day"; 为期一个月 is a span
        if unit == "日" and not (
            m.group("lead")
            or m.group("post")
            or _FIRST_DAYS.search(text, max(0, m.start() - 2), m.start())
        ):
            continue  # 7日 alone is the 7th; only 连续7日, 7日内 or 首三日 is a span
        before = text[max(0, m.start() - 2) : m.start()]
        if unit == "个月" and before.endswith("前") and before != "提前" and not m.group("lead"):
            continue  # 前5个月: the first months of the year, a period, no span
        fields = {"value": value, "unit": unit.lstrip("个"), "approx": any(m.group("pre", "suf"))}
        start = m.start("pre") if m.group("pre") else m.start("num")
        yield "duration", start, m.end(), fields


def slash_end(text: str, start: int, first: dt.date) -> tuple[int, dt.date] | None:
    """The end of a range written with a slash (10/30至11/5): the first such day on or
    after the start; None when it is no day (2/30)."""
    m = SLASH_END.match(text, start)
    if m is None:
        return None
    try:
        last = dt.date(first.year, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    return m.end(), last if last >= first else last.replace(year=first.year + 1)
