"""Small readings the date reader makes of one match: the end of a year-less range, the
month and day of a year that is no year (113年 outside a Taiwan text), and a holiday's
days off as a calendar library lists them (假期第三天, 假期结束后的次日)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from timeline.extract.patterns import DATE
from timeline.extract.state import Reading
from timeline.text.calendar_rules import complete_year, holiday_period

__all__ = ["ENDED", "WHOLE_DAY", "agreeing", "holiday_days", "not_before", "without_year"]

#: A holiday's days off and their end: 清明节假期结束后的次日 counts from the last day off.
ENDED = re.compile(r"(?:假期|小长假|长假|黄金周)?(?:结束|收假|收官)")
#: A part of a day between a day and 至 (16日白天至17日): the range goes on past it.
WHOLE_DAY = re.compile(r"白天|全天|整天|白昼")
#: What after a holiday's name speaks of its days off (春节假期, 国庆长假).
_SEASON = re.compile(r"假期|小长假|长假|黄金周")


def holiday_days(text: str, end: int, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day off of a holiday named at ``text[:end]`` that falls on
    ``day``: the days off the lunar-python calendar lists around it when a season word
    follows (春节假期: 2025's run from 除夕 1月28日 to 2月4日), else the day itself (a year
    the library does not list, or a holiday named alone: 清明节 is its day).

    >>> holiday_days("春节假期", 2, dt.date(2025, 1, 29))
    (datetime.date(2025, 1, 28), datetime.date(2025, 2, 4))
    >>> holiday_days("春节", 2, dt.date(2025, 1, 29))
    (datetime.date(2025, 1, 29), datetime.date(2025, 1, 29))
    """
    if _SEASON.match(text, end) or ENDED.match(text, end):
        period = holiday_period(day)
        if period is not None:
            return period
    return day, day


def not_before(reading: Reading, first: dt.date) -> dt.date:
    """The end of a range without a year is the first such day on or after its start
    (12月28日至1月3日)."""
    assert reading.date is not None
    day = reading.date
    if reading.resolution != "year_from_reference":
        return day
    return day.replace(year=complete_year(day.month, day.day, first, planned=True))


def without_year(m: re.Match[str]) -> re.Match[str] | None:
    """The month and day of a date whose bare three-digit year is no year."""
    year = m.group("year") or ""
    return DATE.match(m.string, m.start("month")) if len(year) == 3 and year.isdigit() else None


def agreeing(
    read: tuple[int, dict[str, Any]] | None, written: str
) -> tuple[int, dict[str, Any]] | None:
    """A year-less reading of 113年10月1日's 10月1日, if its year is 113 + 1911."""
    date = read[1].get("date") if read else None
    return read if date and date[:4] == str(int(written) + 1911) else None
