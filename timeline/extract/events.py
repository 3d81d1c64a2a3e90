"""What a reader needs beyond the date itself: the event a 当日 is about, notices, refusals.

* ``庭审当日``, ``考试当天``, ``开幕次日``: a relative day after an event's name counts from
  the last day named in a sentence that names that event (定于12月9日…开庭审理 …
  旁听人员须于12月6日前登记；庭审当日8时30分起安检: the trial's day, 12月9日).
* A notice (通知, 公告, 通告 in its title, 特此通知 or 各有关单位： in its body, or a
  text dated at its foot) announces what is
  to come: its year-less days on or after its date in the same year are the coming ones
  (2月17日开学, 7月4日结束 in a notice of 1月6日), with or without 将. A news report keeps
  the one rule of :mod:`timeline.extract.planned`.

>>> is_notice("关于2025年寒假的通知\\n\\n各中小学校：\\n放假。")
True
>>> is_notice("5月8日\\n\\n各有关单位：\\n5月20日起施行。")
True
>>> is_notice("全市一季度外贸增长\\n\\n记者获悉，增长。")
False
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from timeline.errors import UsageError
from timeline.extract.layout import Layout, is_headline

__all__ = [
    "YearUnknown",
    "a_name",
    "event_day",
    "first_after",
    "is_notice",
    "refusal",
    "week_day",
]

#: A title that says the text is a notice.
_NOTICE_TITLE = re.compile(r"通知|公告|通告|告知书|须知|启事")
#: A notice's own words in its body, whatever its title: 特此通知, 现将有关事项公告如下,
#: or a line addressing its readers (各中小学校：, 广大市民朋友：).
_NOTICE_BODY = re.compile(
    r"特此(?:通知|公告|通告|告知|公示)|(?:通知|公告|通告|告知|公示)如下"
    r"|^(?:各|广大|全体)[^。，,\n]{1,20}[：:]\s*$",
    re.M,
)
#: First of a kind after a time named before: 第一个春节, 头一个中秋, 首个国庆.
_FIRST = ("第一个", "头一个", "首个")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
#: Characters no event's name ends or starts with: 并于当日, 于当天, 在当日, 的当天.
_NOT_A_NAME = re.compile(r"[于在并将的即已也均和及与或为是从自至到其该本同，,。；;：:、\s\d]")


#: 国庆 right after a common surname is a man's name unless a holiday word follows.
_SURNAME = re.compile(r"[王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许]")
_HOLIDAY_WORD = re.compile(r"节|假期|长假|小长假|黄金周|期间|前|后|当天|当日|以来")


def a_name(text: str, start: int, end: int) -> bool:
    """国庆 right after a common surname and before no holiday word: a man's name."""
    return (
        start > 0
        and _SURNAME.match(text, start - 1) is not None
        and _HOLIDAY_WORD.match(text, end) is None
    )


def is_notice(text: str, foot: bool = False) -> bool:
    """A notice: dated at its foot, titled 通知, 公告, 通告 (its first line a title), or
    saying so in its body (特此通知, 通知如下, a line addressing 各有关单位：)."""
    if foot:
        return True
    if _NOTICE_BODY.search(text):
        return True
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and is_headline(lines[0]) and bool(_NOTICE_TITLE.search(lines[0]))


def event_day(
    text: str, layout: Layout, events: list[tuple[int, dt.date]], offset: int
) -> dt.date | None:
    """The day of the event named right before a relative day (庭审当日): the last day named
    earlier in the same article in a sentence that names that event, else None."""
    name = text[max(0, offset - 2) : offset]
    if (
        len(name) < 2
        or _NOT_A_NAME.search(name)
        or not all("\u4e00" <= c <= "\u9fff" for c in name)
    ):
        return None
    article = layout.article(offset)
    for start, day in reversed(events):
        if start >= offset or layout.article(start) != article:
            continue
        if name in layout.sentence(start)[1]:
            return day
    return None


def first_after(
    text: str, offset: int, since: tuple[int, int] | None, day_in_year: Callable[[int], dt.date]
) -> dt.date | None:
    """第一个春节 after 1992年7月上岛: the first such holiday on or after the month the
    article last named (a past year's, in speech about it), not the last one before the
    dateline.

    >>> from timeline.text.calendar_rules import holiday_date
    >>> first_after("上岛。第一个春节", 6, (1992, 7), lambda y: holiday_date("春节", y))
    datetime.date(1993, 1, 23)
    """
    if since is None or not text[max(0, offset - 3) : offset].endswith(_FIRST):
        return None
    start = dt.date(since[0], since[1], 1)
    day = day_in_year(since[0])
    return day if day >= start else day_in_year(since[0] + 1)


def week_day(ref: dt.date, week: str, weekday: str) -> dt.date:
    """下周四, 本周一, 上星期五: a weekday of the reference's week or the next or last."""
    monday = ref - dt.timedelta(days=ref.weekday())
    weeks = {"上": -1, "本": 0, "这": 0, "下": 1}[week]
    return monday + dt.timedelta(days=7 * weeks + min("一二三四五六日天".index(weekday), 6))


class YearUnknown(UsageError):
    """No source in the text gives a year-less date its year (`timeline extract` then
    reads the text against the file's own date, and says so)."""


def refusal(name: str) -> str:
    """What extract says when no source gives a year-less date its year."""
    file = "ARTICLE" if name == "the text" else name
    return (
        f"{name} has no dateline with a year, and none to infer (no year in its headline, "
        "its first paragraph, a 发布时间 stamp, a URL date or a full date in it); "
        "pass --reference DATE, the day it was published, e.g. "
        f"timeline extract {file} --reference 2022-03-31"
    )
