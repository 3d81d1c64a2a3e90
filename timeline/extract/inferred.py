"""A year for a text whose dateline gives none: every reasonable source before refusing.

A year-less dateline (本报北京10月18日电) takes its year from a 发布时间 stamp, the
headline or its own paragraph (:func:`timeline.extract.dateline.find_dateline`); failing
those, from the sources here, in this order:

* a date in a URL or a file name the text carries (/2024-03/15/, /t20240315_, 20240315);
* a full date anywhere in the text (2024年3月5日, 2024-03-05; not one that opens a span
  to now, 2020年3月5日以来): the year that puts the dateline's month and day nearest the
  latest of them.

A bare year elsewhere in the text is no source: 2020年新冠肺炎疫情发生后 and
2020年3月以来 in a report of 2022 name the past.

A text with no dateline at all is read against a URL date, else the latest full date it
writes. A © or 版权所有 year is never a source: a site's copyright line runs for years.

>>> inferred_year("10月18日电。前三季度全国收入增长。2024年9月30日，发布。", ("10", "18"))
datetime.date(2024, 12, 31)
>>> inferred_year("1月2日电。2024年12月30日，开会。", ("1", "2"))
datetime.date(2025, 12, 31)
>>> inferred_day("原文：https://example.cn/2024-03/15/c_123.htm\\n3月14日，开会。")
datetime.date(2024, 3, 15)
>>> inferred_day("© 2024 江城网 版权所有\\n3月14日，开会。") is None
True
"""

from __future__ import annotations

import datetime as dt
import re

from timeline.extract.clock import number

__all__ = ["YEAR_HINT", "inferred_day", "inferred_year"]

#: A year that may be the report's own: four digits, not one that closes a span or sums up
#: a past year (到2035年, 2023年全年, 2023年度, 2020年以来, 2030年前; 2024年前三季度 is
#: the year's first part, and so the report's year).
YEAR_HINT = re.compile(
    r"(?<![\d到至])(?P<y>(?:19|20)\d\d)"
    r"(?:年(?![度代终底末]|前(?![一二两三四五六七八九十\d半])|全年|以来|以前)"
    r"|[-/.]\d{1,2}[-/.]\d{1,2})"
)
#: A date in a URL or file name: /2024-03/15/, /2024/03/15/, t20240315_, 20240315.
_URL_DATE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)[-/]?(?P<m>0[1-9]|1[0-2])[-/]?(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?!\d)(?=[/_.]|[^\d:：]|$)"
)
#: A full date written in the text: 2024年3月5日, 2024-03-05, 2024/3/5.
_FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d))(?!以来|至今)"
)
#: A copyright line: its years are the site's, not the report's.
_COPYRIGHT = re.compile(r"©|Copyright|版权所有|版權所有|\([cC]\)|（[cC]）", re.IGNORECASE)


def _copyright(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return _COPYRIGHT.search(line) is not None


def _url_date(text: str) -> dt.date | None:
    for m in _URL_DATE.finditer(text):
        slashed = "/" in text[max(0, m.start() - 12) : m.start() + 1] or m.group().isdigit()
        if not slashed or _copyright(text, m.start()):
            continue
        try:
            return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
    return None


def _full_dates(text: str) -> list[dt.date]:
    days = []
    for m in _FULL_DATE.finditer(text):
        if _copyright(text, m.start()):
            continue
        month, day = m.group("m") or m.group("m2"), m.group("d") or m.group("d2")
        try:
            days.append(dt.date(int(m.group("y")), int(month), int(day)))
        except ValueError:
            continue
    return days


def _nearest_year(month: int, day: int, near: dt.date) -> int:
    """The year that puts month/day nearest ``near`` (12月30日 near 2025-01-02: 2024)."""
    best = near.year
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            gap = abs((dt.date(year, month, day) - near).days)
            if gap < abs((dt.date(best, month, day) - near).days):
                best = year
        except ValueError:
            continue
    return best


def inferred_year(text: str, month_day: tuple[str | None, str | None]) -> dt.date | None:
    """A reference that gives a year-less dateline its year (the last day of that year),
    from the sources the module names, or None when the text has none of them."""
    month, day = number(month_day[0] or ""), number(month_day[1] or "")
    near = _url_date(text) or max(_full_dates(text), default=None)
    if near is None or not month or not day:
        return None
    try:
        return dt.date(_nearest_year(month, day, near), 12, 31)
    except ValueError:
        return None


def inferred_day(text: str) -> dt.date | None:
    """The reference of a text with no dateline: a URL date, else its latest full date."""
    return _url_date(text) or max(_full_dates(text), default=None)
