"""Calendar rules that both date readers share: years as written, holidays, year-less days.

``timeline on`` (:mod:`timeline.text.dates`) and ``timeline extract`` read dates by the same
rules, so a date a user types means what the extractor resolved: a two-digit year is
completed by one documented century rule, a holiday name falls on the day the lunar-python
calendar gives (never a table of ours, which would go stale), and a year-less day takes
its year from the reference date by one rule, and a month-less day (``20日``) its month
from the date the text named before it. Lunar dates (正月初七, 腊月二十三) are converted by
lunar-python too, and a holiday or lunar day without a year follows the year-less rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

from timeline.errors import NumberError

__all__ = [
    "AHEAD",
    "HOLIDAYS",
    "complete_year",
    "day_in_context",
    "day_near",
    "full_year",
    "holiday_date",
    "holiday_period",
    "latest_or_next",
    "lunar_date",
    "shift_month",
]

#: Lunar holidays by (lunar month, day); 除夕 is the eve of 春节, 清明 a solar term. The
#: 腊八节 of a year is that lunar year's 腊月初八, in the next January (2024年腊八节: 2025-01-07).
_LUNAR_HOLIDAYS = {"春节": (1, 1), "农历新年": (1, 1), "元宵节": (1, 15), "端午节": (5, 5),
                   "端午": (5, 5), "七夕": (7, 7), "中秋节": (8, 15), "中秋": (8, 15),
                   "重阳节": (9, 9), "腊八节": (12, 8)}  # fmt: skip
_SOLAR_HOLIDAYS = {"元旦": (1, 1), "劳动节": (5, 1), "五一": (5, 1), "国庆节": (10, 1),
                   "国庆": (10, 1), "十一": (10, 1)}  # fmt: skip
#: Every holiday name the readers know, longest first (a regex alternation wants that).
HOLIDAYS = tuple(
    sorted([*_LUNAR_HOLIDAYS, *_SOLAR_HOLIDAYS, "除夕", "清明节", "清明"], key=len, reverse=True)
)
_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


def full_year(numeral: str) -> int:
    """A year as written: four digits as they are, two digits by the century rule
    (50-99 are 1950-1999, 00-49 are 2000-2049), Arabic or Chinese.

    >>> full_year("98"), full_year("15"), full_year("零七"), full_year("二〇二二")
    (1998, 2015, 2007, 2022)
    """
    digits = "".join(_DIGITS.get(c, c) for c in numeral)
    if not digits.isdigit() or len(digits) not in (2, 4):
        raise NumberError(f"cannot read year {numeral!r}")
    year = int(digits)
    return year + (1900 if year >= 50 else 2000) if len(digits) == 2 else year


def holiday_date(name: str, year: int) -> dt.date:
    """The day a holiday falls on in ``year``: lunar ones by the lunar-python calendar.

    >>> holiday_date("春节", 2023), holiday_date("清明节", 2024), holiday_date("除夕", 2022)
    (datetime.date(2023, 1, 22), datetime.date(2024, 4, 4), datetime.date(2022, 1, 31))
    """
    if name in _SOLAR_HOLIDAYS:
        return dt.date(year, *_SOLAR_HOLIDAYS[name])
    from lunar_python import Lunar  # type: ignore[import-untyped]  # deferred: extract only

    if name.startswith("清明"):
        solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    elif name == "除夕":
        solar = Lunar.fromYmd(year, 1, 1).getSolar().next(-1)
    else:
        return lunar_date(*_LUNAR_HOLIDAYS[name], year)
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def lunar_date(month: int, day: int, year: int) -> dt.date:
    """The solar day of lunar ``month``/``day`` in lunar year ``year``, by lunar-python
    (ValueError when that lunar month is shorter: 腊月三十 in a 29-day 腊月).

    >>> lunar_date(1, 7, 2024), lunar_date(12, 23, 2024)
    (datetime.date(2024, 2, 16), datetime.date(2025, 1, 22))
    """
    from lunar_python import Lunar  # deferred: extract only

    try:
        solar = Lunar.fromYmd(year, month, day).getSolar()
    except Exception as exc:  # lunar-python raises a bare Exception for a day it lacks
        raise ValueError(f"no lunar day {month}/{day} in {year}") from exc
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def latest_or_next(
    day_in_year: Callable[[int], dt.date], reference: dt.date, planned: bool = False
) -> dt.date:
    """:func:`complete_year`'s rule for a day whose date moves from year to year (a lunar
    holiday, 正月初七): the latest such day on or before ``reference``, or, planned, the
    earliest on or after it. ``day_in_year(year)`` gives the day of that (lunar) year.

    >>> spring = lambda year: holiday_date("春节", year)
    >>> day = dt.date(2024, 1, 20)
    >>> latest_or_next(spring, day), latest_or_next(spring, day, planned=True)
    (datetime.date(2023, 1, 22), datetime.date(2024, 2, 10))
    """
    days = []
    for year in range(reference.year - 2, reference.year + 2):
        try:
            days.append(day_in_year(year))
        except ValueError:
            continue  # 腊月三十 of a year whose 腊月 has 29 days
    if planned:
        return min(d for d in days if d >= reference)
    return max(d for d in days if d <= reference)


def complete_year(month: int, day: int, reference: dt.date, planned: bool = False) -> int:
    """The year of a year-less ``month/day`` read against ``reference``: the one rule of
    ``timeline on``, ``--from/--to``, ranges and ``extract``.

    The latest such day on or before the reference (12月20日 in a timeline whose reference is
    2022-01-10 is 2021-12-20); a day the text marks as planned (预计, 将) is the earliest
    such day on or after it instead. 2月29日 is the latest (or next) one that exists.

    >>> complete_year(12, 30, dt.date(2022, 1, 5)), complete_year(1, 5, dt.date(2021, 12, 20), True)
    (2021, 2022)
    >>> complete_year(3, 31, dt.date(2022, 3, 31)), complete_year(4, 1, dt.date(2022, 3, 31))
    (2022, 2021)
    >>> complete_year(2, 29, dt.date(2023, 1, 1))
    2020
    """
    year = reference.year
    asked, ref = (month, day), (reference.month, reference.day)
    if planned and asked < ref:
        year += 1
    elif not planned and asked > ref:
        year -= 1
    while month == 2 and day == 29 and not calendar.isleap(year) and 1 < year < 9999:
        year += 1 if planned else -1
    return year


#: How far after the reference a month-less day may lie: announcements name the coming days.
AHEAD = dt.timedelta(days=10)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The (year, month) ``delta`` months away."""
    years, month0 = divmod(year * 12 + month - 1 + delta, 12)
    return years, month0 + 1


def day_in_context(day: int, context: dt.date, cap: dt.date | None) -> dt.date | None:
    """A month-less day read in narrative order after ``context``, never long after ``cap``.

    >>> day_in_context(2, dt.date(2022, 1, 30), None), day_in_context(25, dt.date(2022, 3, 30),
    ...                                                               dt.date(2022, 3, 31))
    (datetime.date(2022, 2, 2), datetime.date(2022, 3, 25))

    ``1月30日 … 2日`` rolls into February; if that (or the context month itself) would be
    more than :data:`AHEAD` after the reference, the previous month is meant (a caption's
    3月30日 never makes an April 20日 in a paper of 3月31日), while the next days stay
    (a paper of 14日 announcing what starts 自15日起).
    """
    year, month = context.year, context.month
    if day < context.day:
        year, month = shift_month(year, month, 1)
    try:
        found = dt.date(year, month, day)
        if cap is not None and found > cap + AHEAD:
            found = dt.date(*shift_month(year, month, -1), day)
    except ValueError:
        return None
    return found


def day_near(near: dt.date, nth: int) -> dt.date:
    """The day within three days of ``near`` that is the ``nth`` of its month: the
    bracketed day of 今（17）日 and 昨（16）日 (ValueError when there is none).

    >>> day_near(dt.date(2024, 12, 17), 17), day_near(dt.date(2025, 1, 1), 31)
    (datetime.date(2024, 12, 17), datetime.date(2024, 12, 31))
    """
    for shift in (0, -1, 1, -2, 2, -3, 3):
        day = near + dt.timedelta(days=shift)
        if day.day == nth:
            return day
    raise ValueError(f"no day {nth} near {near}")


def holiday_period(day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The official days off (法定假日) around a holiday falling on ``day``, as the
    lunar-python calendar lists them (the run of listed days off that holds ``day``,
    so 2023's 中秋国庆 is one run); None when it lists none (a year it does not know,
    or a holiday with no days off, 元宵节). Never a table of ours.

    >>> holiday_period(dt.date(2025, 1, 29)), holiday_period(dt.date(2025, 4, 4))[1]
    ((datetime.date(2025, 1, 28), datetime.date(2025, 2, 4)), datetime.date(2025, 4, 6))
    """
    from lunar_python.util import HolidayUtil  # type: ignore[import-untyped]  # deferred

    off = set()
    for year in (day.year - 1, day.year, day.year + 1):
        for holiday in HolidayUtil.getHolidays(year) or []:
            if not holiday.isWork():
                off.add(dt.date.fromisoformat(holiday.getDay()))
    if day not in off:
        return None
    first = last = day
    while first - dt.timedelta(days=1) in off:
        first -= dt.timedelta(days=1)
    while last + dt.timedelta(days=1) in off:
        last += dt.timedelta(days=1)
    return first, last
