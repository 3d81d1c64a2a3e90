"""Frozen records of a timeline. Imports nothing of ours, so every layer can use it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

#: How an event's date relates to what happened (see docs/schema in README).
DATE_KINDS = ("event", "as_of", "since", "report")
#: How precisely an event is dated: a day, or only a part of a month or year (as Chinese
#: reports and chronicles date things: 3月中旬, 是月, 年底). The bands are documented in
#: README ("Dates known only to a part of a month"); :func:`precision_span` gives them.
MONTH_PARTS = ("上旬", "中旬", "下旬", "月初", "月中", "月底")
YEAR_PARTS = ("年初", "年中", "年底")
PRECISIONS = ("day", "month", "year", *MONTH_PARTS, *YEAR_PARTS)
#: Days of the month each month part covers (the last band runs to the month's end).
_MONTH_BANDS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31),
                "月初": (1, 10), "月中": (11, 20), "月底": (21, 31)}  # fmt: skip
#: Months each year part covers.
_YEAR_BANDS = {"年初": (1, 2), "年中": (6, 7), "年底": (11, 12)}


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def precision_span(start: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """The first and last day an event of `precision` whose span begins on `start` may fall on.

    >>> precision_span(dt.date(2022, 3, 11), "中旬")
    (datetime.date(2022, 3, 11), datetime.date(2022, 3, 20))
    """
    if precision == "day":
        return start, start
    if precision == "month":
        return start, _month_end(start.year, start.month)
    if precision == "year":
        return start, dt.date(start.year, 12, 31)
    if precision in _MONTH_BANDS:
        first, last = _MONTH_BANDS[precision]
        end = _month_end(start.year, start.month)
        return start.replace(day=first), min(end, start.replace(day=min(last, end.day)))
    first_month, last_month = _YEAR_BANDS[precision]
    return dt.date(start.year, first_month, 1), _month_end(start.year, last_month)


def date_text(start: dt.date, precision: str) -> str:
    """An event's date as a timeline file writes it and every view shows it.

    >>> date_text(dt.date(2022, 3, 11), "中旬"), date_text(dt.date(2022, 1, 1), "年底")
    ('2022-03 中旬', '2022 年底')
    """
    if precision == "day":
        return start.isoformat()
    month = f"{start.year:04d}-{start.month:02d}"
    if precision == "month":
        return month
    if precision == "year":
        return f"{start.year:04d}"
    if precision in _MONTH_BANDS:
        return f"{month} {precision}"
    return f"{start.year:04d} {precision}"


def precision_start(year: int, month: int | None, precision: str) -> dt.date:
    """The first day of the span a precision names in `year` (and `month` for month parts)."""
    if precision in _YEAR_BANDS:
        return dt.date(year, _YEAR_BANDS[precision][0], 1)
    if precision == "year":
        return dt.date(year, 1, 1)
    day = _MONTH_BANDS[precision][0] if precision in _MONTH_BANDS else 1
    return dt.date(year, month or 1, day)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a source reports, kept as written and normalised.

    `value` is exact: an int, or a Decimal for a fraction (48.6), never a float. A range
    (``3至5人``) has its low end in `value` and its high end in `high`. `source` numbers
    the event's source that reports it, from 1 (the first).
    """

    text: str
    value: int | Decimal | None = None
    unit: str = ""
    label: str = ""
    approx: bool = False
    source: int = 1
    high: int | Decimal | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One place an event comes from: a source file and the exact quote in it."""

    file: str
    quote: str


@dataclass(frozen=True, slots=True)
class Event:
    """One dated event. `line` is where it starts in its YAML file (0 if unknown)."""

    id: str
    date: dt.date
    title: str
    time: str | None = None
    end: dt.date | None = None
    summary: str = ""
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    sources: tuple[Source, ...] = ()
    date_kind: str = "event"
    date_note: str = ""
    aliases: tuple[str, ...] = ()  # ids this event had in files merged into it
    precision: str = "day"  # one of PRECISIONS; `date` is then the first day of its span
    links: tuple[str, ...] = ()  # media or web addresses (TimelineJS Media), kept as text
    line: int = field(default=0, compare=False)

    @property
    def source(self) -> Source | None:
        """The first source: the one a single-quote view shows (None without sources)."""
        return self.sources[0] if self.sources else None

    @property
    def last_day(self) -> dt.date:
        """The final day the event may cover: its `end`, else the end of its uncertain
        span (the 20th for 中旬), else its `date`."""
        if self.end:
            return self.end
        return (
            self.date if self.precision == "day" else precision_span(self.date, self.precision)[1]
        )

    @property
    def written_date(self) -> str:
        """The date as the file writes it and views show it: 2022-03-20, 2022-03 中旬."""
        return date_text(self.date, self.precision)

    @property
    def uncertain(self) -> bool:
        """True when the event is dated only to a part of a month or year."""
        return self.precision != "day"

    @property
    def sort_key(self) -> tuple[dt.date, bool, bool, str, str]:
        """Chronological order: date, then timed events by time, then untimed ones, then
        events dated only to a span beginning that day (是月 after the 1st's events), then id.

        An untimed event happened "some time that day", often as a consequence of
        a timed one (the 02:30 notice, then the deployment it started), so it
        follows the day's timed events rather than preceding them.
        """
        return (self.date, self.precision != "day", self.time is None, self.time or "", self.id)


@dataclass(frozen=True, slots=True)
class SeedSource:
    """A source text the timeline cites, described in the `timeline:` header."""

    file: str
    title: str = ""
    publisher: str = ""
    dateline: dt.date | None = None
    articles: tuple[str, ...] = ()
    url: str = ""
    sha256: str = ""
    retrieved: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    """A loaded timeline file: its header and its events."""

    path: str
    events: tuple[Event, ...]
    title: str = ""
    timezone: str = "Asia/Shanghai"
    reference: dt.date | None = None
    sources: tuple[SeedSource, ...] = ()
    base_dir: str = ""


@dataclass(frozen=True, slots=True)
class DateSpan:
    """An inclusive range of days a user asked about."""

    start: dt.date
    end: dt.date

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """True when [first, last] shares at least one day with this span."""
        return first <= self.end and last >= self.start
