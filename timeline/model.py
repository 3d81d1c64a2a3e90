"""Frozen records of a timeline. Imports nothing of ours, so every layer can use it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

#: How an event's date relates to what happened (see docs/schema in README).
DATE_KINDS = ("event", "as_of", "since", "report")


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
    line: int = field(default=0, compare=False)

    @property
    def source(self) -> Source | None:
        """The first source: the one a single-quote view shows (None without sources)."""
        return self.sources[0] if self.sources else None

    @property
    def last_day(self) -> dt.date:
        """The final day the event covers (its `end`, or its `date`)."""
        return self.end or self.date

    @property
    def sort_key(self) -> tuple[dt.date, bool, str, str]:
        """Chronological order: date, then timed events by time, then untimed ones, then id.

        An untimed event happened "some time that day", often as a consequence of
        a timed one (the 02:30 notice, then the deployment it started), so it
        follows the day's timed events rather than preceding them.
        """
        return (self.date, self.time is None, self.time or "", self.id)


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
