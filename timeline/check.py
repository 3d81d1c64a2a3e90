"""`timeline check`: prove a timeline file against its sources.

Beyond what loading validates (schema, types, real dates, unique ids, end after
start), every quote must occur verbatim in its seed file, every figure must be
written inside its quote with the value the numbers module reads from it, and a
date (and clock time) the quote itself gives must be the event's: a quote that
names several days is fine when one of them is the event's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from timeline.cite import near_miss, read_seed, read_seed_bytes, refused_source, seed_path
from timeline.errors import NumberError, TimelineError
from timeline.extract import extract
from timeline.model import Event, Figure, Timeline
from timeline.query import completing_reference
from timeline.source.schema import Problem
from timeline.store.open import open_store
from timeline.text.numbers import parse_figure

__all__ = ["Tally", "check_file", "check_sources"]


@dataclass
class Tally:
    """What ``check`` says of a sound file, counted while its events stream by."""

    events: int = 0
    quotes: int = 0
    figures: int = 0
    unsourced: int = 0
    #: The ids of the first few events without a source.
    first_unsourced: list[str] = field(default_factory=list)

    def counting(self, events: Iterable[Event]) -> Iterator[Event]:
        """`events`, each counted as it passes."""
        for event in events:
            self.add(event)
            yield event

    def add(self, event: Event) -> None:
        self.events += 1
        self.quotes += len(event.sources)
        self.figures += len(event.figures)
        if not event.sources:
            self.unsourced += 1
            if len(self.first_unsourced) < 3:
                self.first_unsourced.append(event.id)


def check_file(path: str | None, tally: Tally | None = None) -> tuple[Timeline, list[Problem]]:
    """Every problem in the file, schema first, then sources; empty list when sound.

    A file with a current cache loaded without a single problem when the cache was
    built (only such files are cached), so its events come from the cache and only
    the sources are checked: for 100,000 events a few seconds and a fraction of the
    memory of parsing the YAML again. Any other file is parsed in full, leniently,
    so that every problem is listed.

    With a `tally`, the events stream from the store one batch at a time (memory stays
    flat however many), are counted into it, and the timeline returned is the header
    alone (no events); without, it holds every event.
    """
    store = open_store(path, strict=False)
    if tally is None:
        timeline = store.full_timeline()
        return timeline, store.problems + check_sources(timeline)
    header, events = store.timeline, tally.counting(store.each())
    return header, store.problems + check_sources(header, events, store.reference)


def check_sources(
    timeline: Timeline, events: Iterable[Event] | None = None, reference: dt.date | None = None
) -> list[Problem]:
    """Quotes verbatim in their sources; figures inside their quotes with the right value;
    header hashes matching their files. A missing source file is one problem, naming the
    events that cite it.

    `events` (default: the timeline's) may stream; then `reference` is the date that
    completes year-less dates (the store's), else it is found from the timeline's events.
    """
    problems = _changed_sources(timeline)
    missing: dict[str, _Missing] = {}
    if events is None:
        events = timeline.events
        latest = max((e.last_day for e in timeline.events), default=None)
        reference = completing_reference(timeline, latest)
    for event in events:
        found = _event_problems(timeline, event, missing) + _quote_dates(event, reference)
        for message in found:
            problems.append(Problem(timeline.path, event.line, 1, f"event '{event.id}': {message}"))
    for file, citing in missing.items():
        names = ", ".join(f"'{i}'" for i in citing.ids) + (", …" if citing.count > 3 else "")
        where = seed_path(timeline, file)
        refused = refused_source(where)
        why = f"is refused: {refused}" if refused else f"not found (looked in {where})"
        message = (
            f"source file '{file}' {why}; "
            f"cited by {citing.count} event{'s' * (citing.count != 1)}: {names}"
        )
        problems.append(Problem(timeline.path, citing.line, 1, message))
    return problems


@dataclass
class _Missing:
    """The events citing a missing source file: how many, the first's line, the first ids."""

    line: int
    count: int = 0
    ids: list[str] = field(default_factory=list)
    last: Event | None = None  # the last event counted: one citing the file twice counts once

    def add(self, event: Event) -> None:
        if self.last is event:
            return
        self.last = event
        self.count += 1
        if len(self.ids) < 3:
            self.ids.append(event.id)


def _changed_sources(timeline: Timeline) -> list[Problem]:
    """A header `sha256` that no longer matches its file: the text changed since it was cited."""
    out = []
    for seed in timeline.sources:
        if not seed.sha256:
            continue
        data = read_seed_bytes(seed_path(timeline, seed.file))
        if data is not None and hashlib.sha256(data).hexdigest() != seed.sha256:
            message = f"source text changed since it was cited: {seed.file} (sha256 differs)"
            out.append(Problem(timeline.path, 0, 0, message))
    return out


def _event_problems(timeline: Timeline, event: Event, missing: dict[str, _Missing]) -> list[str]:
    out: list[str] = []
    several = len(event.sources) > 1
    for n, source in enumerate(event.sources, start=1):
        seed = read_seed(seed_path(timeline, source.file))
        if seed is None:
            missing.setdefault(source.file, _Missing(event.line)).add(event)
        elif source.quote not in seed:
            name = f"sources[{n}] ({source.file})" if several else source.file
            out.append(f"quote is not verbatim in {name}: {near_miss(source.quote, seed)}")
    for i, figure in enumerate(event.figures):
        out.extend(_figure_problems(event, i, figure))
    return out


def _figure_problems(event: Event, index: int, figure: Figure) -> list[str]:
    where = f"figures[{index}] '{figure.text}'"
    out = []
    if event.sources:
        source = event.sources[min(figure.source, len(event.sources)) - 1]
        if figure.text not in source.quote:
            which = (
                f"the quote of sources[{figure.source}]" if len(event.sources) > 1 else "the quote"
            )
            out.append(f"{where} does not occur in {which}")
    try:
        parsed = parse_figure(figure.text)
    except NumberError:
        return [*out, f"{where} cannot be read as a number"]
    if parsed.value != figure.value:
        out.append(f"{where} has value {figure.value}, but the text reads {parsed.value}")
    if parsed.approx != figure.approx:
        said, reads = str(figure.approx).lower(), str(parsed.approx).lower()
        out.append(f"{where} has approx {said}, but the text reads {reads}")
    return out


#: A quote naming a day of a month (3月20日, 三月二十日, 3月20号): the dates worth comparing.
_EXPLICIT = re.compile(r"月[0-9０-９零〇一二三四五六七八九十两]+[日号號]")


def _quote_dates(event: Event, reference: dt.date | None) -> list[str]:
    """The quote's own dates against the event's: each quote that names a day (3月20日,
    not 次日) must name one within the event's dates, and when that day has a clock time
    and the event has one, one of them must be the event's. Reports (filed at the
    report's date) quote the days they sum up, so they are not compared."""
    if event.date_kind == "report":
        return []
    out = []
    for source in event.sources:
        if not _EXPLICIT.search(source.quote):
            continue
        try:  # the same reader and year-less rule as `extract` and `on`
            mentions = extract(source.quote, reference or event.date)
        except TimelineError:
            continue
        days = [m for m in mentions if m.kind == "date" and m.date and _EXPLICIT.search(m.text)]
        within = [m for m in days if _overlaps(event, m.date or "", m.end)]
        if days and not within:
            said = "、".join(m.text for m in days[:3])
            out.append(f"quote says {said}; event is dated {event.written_date}")
        times = [m.time for m in within if m.time and m.time != "24:00"]
        if event.time and times and event.time not in times:
            out.append(f"quote says {within[0].text}; event's time is {event.time}")
    return out


def _overlaps(event: Event, date: str, end: str | None) -> bool:
    """Whether a mention's day (or month, or range) shares a day with the event's dates."""
    try:
        first = dt.date.fromisoformat(date if len(date) == 10 else f"{date[:7]}-01")
        last = dt.date.fromisoformat(end) if end and len(end) == 10 else first
    except ValueError:
        return True  # nothing comparable: not the check's to judge
    if len(date) != 10:  # a month: compare the whole of it
        return first.year == event.date.year and first.month in (
            event.date.month,
            event.last_day.month,
        )
    return first <= event.last_day and last >= event.date
