"""What every store answers, and the store of a timeline loaded in full."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Protocol

from timeline import query
from timeline.model import DateSpan, Event, Timeline
from timeline.source.schema import Problem

__all__ = ["EventStore", "MemoryStore"]


class EventStore(Protocol):
    """What the query commands need: the header, the selections, and everything.

    ``search`` lists matches in file order, ``found`` streams the same events in
    date-time order (or its reverse), ``ordered`` streams a date span in that order,
    ``each`` streams every event in file order, ``full_timeline`` holds them all.

    ``timeline`` is the file's header exactly as written; its ``events`` may be
    empty when the store answers from the cache. ``reference`` is the one answer
    to "which date completes a year-less date" (query.completing_reference).
    ``problems`` lists what is wrong with the file when it was opened leniently
    (``open_store(..., strict=False)``, as ``check`` does); otherwise it is empty.
    """

    problems: list[Problem]

    @property
    def timeline(self) -> Timeline: ...

    @property
    def reference(self) -> dt.date | None: ...

    def in_span(self, span: DateSpan) -> list[Event]: ...

    def ordered(
        self, start: dt.date | None, end: dt.date | None, reverse: bool = False
    ) -> Iterator[Event]: ...

    def search(
        self, patterns: Sequence[re.Pattern[str]], any_term: bool = False
    ) -> list[Event]: ...

    def found(
        self, patterns: Sequence[re.Pattern[str]], any_term: bool = False, reverse: bool = False
    ) -> Iterator[Event]: ...

    def each(self) -> Iterator[Event]: ...

    def full_timeline(self) -> Timeline: ...


class MemoryStore:
    """A timeline loaded in full: queries are the plain scans of timeline.query."""

    def __init__(self, timeline: Timeline, problems: list[Problem] | None = None) -> None:
        self.timeline = timeline
        self.problems = problems or []

    @property
    def reference(self) -> dt.date | None:
        latest = max((e.last_day for e in self.timeline.events), default=None)
        return query.completing_reference(self.timeline, latest)

    def in_span(self, span: DateSpan) -> list[Event]:
        return query.in_span(self.timeline.events, span)

    def ordered(
        self, start: dt.date | None, end: dt.date | None, reverse: bool = False
    ) -> Iterator[Event]:
        return iter(query.sort_events(query.between(self.timeline.events, start, end), reverse))

    def search(self, patterns: Sequence[re.Pattern[str]], any_term: bool = False) -> list[Event]:
        return query.search(self.timeline.events, patterns, any_term)

    def found(
        self, patterns: Sequence[re.Pattern[str]], any_term: bool = False, reverse: bool = False
    ) -> Iterator[Event]:
        return iter(query.sort_events(self.search(patterns, any_term), reverse))

    def each(self) -> Iterator[Event]:
        return iter(self.timeline.events)

    def full_timeline(self) -> Timeline:
        return self.timeline
