"""The dateline: the date a report was filed, which completes every year-less date in it.

Reports state it in a few fixed forms, found here in the order of the text:

* a byline, then the date: ``河北日报(记者王育民)3月31日``, ``本报讯（记者 林晓）2023年7月12日``;
* an agency's place and date, then 电 or 讯: ``新华社北京3月6日电``, ``中新网上海3月6日电``;
* a web page's stamp: ``2022-03-31 10:02 来源：``, ``发布时间：2021-08-10``;
* a digest's first line, a date and its weekday: ``早安江城｜6月12日 星期四``.

>>> found = find_dateline("新华社北京2023年3月6日电（记者张三）今天上午开会。", None)
>>> found.date, found.start, found.end
(datetime.date(2023, 3, 6), 5, 14)
>>> find_dateline("河北日报(记者甲)3月31日,开会。", dt.date(2022, 4, 2)).date
datetime.date(2022, 3, 31)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from timeline.extract.clock import number
from timeline.extract.inferred import YEAR_HINT, inferred_day, inferred_year
from timeline.extract.layout import DATELINE
from timeline.extract.script import simplified
from timeline.text.calendar_rules import complete_year, full_year

__all__ = ["Dateline", "find_dateline"]

_DAY = (
    r"(?:(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年)?(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日"
    r"|(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"
)
_AGENCY = re.compile(
    rf"(?:社|网|台|报|电视台|客户端|微信|微博|公众号)[^\s，,。(（]{{0,8}}?(?P<date>{_DAY})"
    r"(?:电|讯|消息)"
)
_STAMP = re.compile(
    # a bare 时间/日期 only as a field of its own (not 管制时间：, 活动时间：, a notice's terms)
    rf"(?m:(?:发布时间|发布日期|发稿时间|(?<![\u4e00-\u9fff])(?:时间|日期))\s*[:：]\s*(?P<date>{_DAY})"
    rf"|(?P<sdate>(?<!\d)\d{{4}}(?:[-/.]\d{{1,2}}[-/.]\d{{1,2}}|年\d{{1,2}}月\d{{1,2}}日))"
    r"\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"\s*(?:来源|作者|编辑|\||\S{0,10}$))"  # a line of its own: 2024/12/17 14:30 中央社
    # or opening a line, with an update after it: 2024/10/30 12:05（10/30 13:40 更新）
    rf"|(?m:^[ \t　]*(?P<odate>\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}})\s+\d{{1,2}}:\d{{2}}(?=[（(]))"
)
_BYLINE_DATE = re.compile(rf"(?P<date>{_DAY})")
#: The date of a notice's foot, alone on its line (the iso form is no foot: a stamp).
_FOOT = re.compile(
    r"(?P<date>(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日)(?P<iy>)"
)
#: An issuer's stamp opening a line near the top, as a weather office or a ministry opens
#: a warning or a bulletin: 江城市气象台2024年7月9日16时20分发布暴雨橙色预警.
_ISSUED = re.compile(
    rf"(?m:^[^\s，,。：:]{{2,20}}?(?P<date>(?=\d{{4}}年){_DAY})"
    r"(?:\d{1,2}[时点](?:\d{1,2}分)?)?(?:发布|发出|印发))"
)
#: A date ending a line near the top, after an issuer or alone, as a chronicle or a
#: bulletin gives it under its title: 高新区管委会办公室　2025年1月10日.
_UNDER_TITLE = re.compile(
    rf"(?m:(?<=\n)(?:[^\s，,。：:；;（(]{{2,20}}[ \t　]*)?(?P<date>(?=\d{{4}}年){_DAY})"
    r"[ \t　]*$(?=\s*\S))"  # under a title, and a body after it
)
#: A full date opening a line near the top, then its issuer or paper and byline to the
#: line's end, bare or in brackets: 2024年10月28日　新聞局,
#: （2024年12月16日　江南农村报　记者 何田）.
_DATE_FIRST = re.compile(
    rf"(?m:(?<=\n)[ \t　]*[（(]?(?P<date>(?=\d{{4}}年){_DAY})[ \t　]+"
    r"[^\s，,。：:；;][^\n，,。：:；;]{0,29}?[）)]?[ \t　]*$(?=\s*\S))"
)
#: A digest's or a page's first line: a date and its weekday (早安江城｜6月12日 星期四).
_WEEKDAY_TOP = re.compile(
    rf"\A[^\n]{{0,20}}?(?P<date>{_DAY})[ \t　]*[（(]?(?:星期|周|礼拜)[一二三四五六日天]"
)
#: How far from the top an issuer's stamp may open its line.
_ISSUED_WITHIN = 200
#: How many last lines may hold a notice's foot (the issuer, then the date).
_FOOT_LINES = 3


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where the dateline's date stands, and the day it names (None when it has no year
    and no reference was given, or when the text has no dateline at all)."""

    date: dt.date | None
    start: int = -1
    end: int = -1
    #: Found at the foot of the text (a notice's 落款), not at its top.
    foot: bool = False
    #: With no dateline at all: the day a URL date or the latest full date of the text
    #: gives (timeline.extract.inferred), to read its year-less dates against.
    inferred: dt.date | None = None


def find_dateline(
    text: str, reference: dt.date | None, *, simplified_already: bool = False
) -> Dateline:
    """The first dateline of ``text``; a year-less one takes its year from ``reference``.

    Traditional characters (發佈時間, 新華社…電) are read as simplified, offsets kept
    (``simplified_already`` skips that for a text :func:`simplified` already made).
    """
    text = text if simplified_already else simplified(text)
    found = [m for m in (_byline_date(text), _AGENCY.search(text), _STAMP.search(text)) if m]
    top = (
        _ISSUED.search(text, 0, _ISSUED_WITHIN),
        _UNDER_TITLE.search(text, 0, _ISSUED_WITHIN),
        _DATE_FIRST.search(text, 0, _ISSUED_WITHIN),
        _WEEKDAY_TOP.search(text),
    )
    found = found or [m for m in top if m]
    if not found:
        foot = _foot(text)
        return foot if foot.date else Dateline(None, inferred=inferred_day(text))
    first = min(found, key=lambda m: m.start())
    group = "date" if first.group("date") else "odate" if first.group("odate") else "sdate"
    day = _day(first, reference) if group == "date" else _iso(first.group(group))
    if day is None and group == "date" and reference is None:
        day = _day(first, _year_hint(text, first, found))
    return Dateline(day, first.start(group), first.end(group))


def _year_hint(text: str, first: re.Match[str], found: list[re.Match[str]]) -> dt.date | None:
    """The year of a year-less dateline (中新网北京9月19日电, 本报讯…6月24日) when no
    reference is given: a 发布时间 stamp's, else the first year the headline writes
    (2024年高考成绩明日公布), else the first of the dateline's own paragraph
    (自2024年9月19日24时起); as the last day of that year, so that the dateline is that
    year's day. A year that closes a span or sums up a year (到2035年, 2023年全年,
    2023年度, 2020年以来) is not the report's.

    >>> find_dateline("2024年高考成绩明日公布\\n\\n本报讯（记者 吴敏）6月24日，发布。", None).date
    datetime.date(2024, 6, 24)
    """
    for other in found:
        if other.re is _STAMP:
            iso = other.group("sdate") or other.group("odate")
            day = _iso(iso) if iso else _day(other, None)
            if day is not None:
                return dt.date(day.year, 12, 31)
    line_end = text.find("\n", first.end())
    for part in (text[: first.start()], text[first.end() : None if line_end < 0 else line_end]):
        year = YEAR_HINT.search(part)
        if year is not None:
            return dt.date(int(year.group("y")), 12, 31)
    return inferred_year(text, (first.group("m"), first.group("d")))


def _foot(text: str) -> Dateline:
    """A notice dated at its foot (落款): a full date alone on one of its last lines, after
    the body, as ``江城市防汛抗旱指挥部`` and then ``2024年7月3日`` end a notice."""
    end = len(text.rstrip())
    starts = [0] + [i + 1 for i, c in enumerate(text[:end]) if c == "\n"]
    if len(starts) <= _FOOT_LINES:
        return Dateline(None)  # nothing but a foot: no body that it dates
    for start in starts[-_FOOT_LINES:]:
        stop = text.find("\n", start, end)
        line = text[start : end if stop < 0 else stop]
        lead = len(line) - len(line.lstrip())
        m = _FOOT.fullmatch(text, start + lead, start + len(line.rstrip()))
        if m is not None:
            day = _day(m, None)
            return Dateline(day, m.start(), m.end(), foot=True) if day else Dateline(None)
    return Dateline(None)


def _byline_date(text: str) -> re.Match[str] | None:
    """A date right after a byline (the DATELINE prefix) at the start of its line."""
    for m in _BYLINE_DATE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if DATELINE.match(text[line_start : m.start()]):
            return m
    return None


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date(*(int(part) for part in re.split(r"[-/.年月]", text.rstrip("日"))))
    except ValueError:
        return None


def _day(m: re.Match[str], reference: dt.date | None) -> dt.date | None:
    if m.group("iy"):
        return _iso(m.group("date"))
    month, day = number(m.group("m")), number(m.group("d"))
    if month is None or day is None:
        return None
    try:
        if m.group("y"):
            return dt.date(full_year(m.group("y")), month, day)
        if reference is not None:
            return dt.date(complete_year(month, day, reference), month, day)
    except ValueError:
        return None
    return None
