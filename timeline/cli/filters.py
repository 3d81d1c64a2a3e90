"""The filters every listing command shares: dates, tags, kinds, sources, people,
organisations and places, turned into one test of an event (`event_test`).

Dates typed by the user are completed with the store's `reference` (the one rule of
timeline.query.completing_reference).
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated

import typer

from timeline import query
from timeline.cli.complete import complete_names, complete_tags
from timeline.cli.options import limit_number, not_empty
from timeline.errors import UsageError
from timeline.model import DATE_KINDS, DateSpan, Event, Timeline
from timeline.text.shorten import shorten

FromOpt = Annotated[
    str | None, typer.Option("--from", metavar="DATE", help="Only events on or after DATE.")
]
ToOpt = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Only events on or before DATE.")
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="Only events with this tag (repeatable).",
        callback=not_empty,
        autocompletion=complete_tags,
    ),
]


def _bound(text: str | None, reference: dt.date | None, end: bool) -> dt.date | None:
    if text is None:
        return None
    from timeline.text.dates import parse_bound

    return parse_bound(text, reference=reference, today=dt.date.today(), end=end)


def bounds(
    reference: dt.date | None, since: str | None, until: str | None
) -> tuple[dt.date | None, dt.date | None]:
    """--from and --to as days (the end fills its period); --from after --to is refused."""
    start, end = _bound(since, reference, end=False), _bound(until, reference, end=True)
    if start and end and end < start:
        raise UsageError(f"--from '{since}' is after --to '{until}'")
    return start, end


def kinds_ok(value: list[str] | None) -> list[str] | None:
    """--kind: one of the date kinds, quoted back with the choices when it is not."""
    for kind in value or ():
        if kind not in DATE_KINDS:
            raise typer.BadParameter(f"'{shorten(kind)}' is not one of {', '.join(DATE_KINDS)}")
    return value


KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help="Only events dated as KIND: event, as_of (截至), since (以来) or report "
        "(报道日); repeatable.",
        callback=kinds_ok,
    ),
]
SourceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        metavar="TEXT",
        help="Only events citing a source whose file, title or publisher contains TEXT "
        "(repeatable: any of them).",
        callback=not_empty,
    ),
]
MinSourcesOpt = Annotated[
    int | None,
    typer.Option(
        "--min-sources",
        metavar="N",
        parser=limit_number,
        help="Only events backed by at least N distinct source files (corroborated).",
    ),
]
PersonOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--person",
        metavar="NAME",
        help="Only events naming this person (repeatable: all of them; see 'timeline people').",
        callback=not_empty,
        autocompletion=complete_names("people"),
    ),
]
OrgOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--org",
        metavar="NAME",
        help="Only events naming this organisation (repeatable; see 'timeline orgs').",
        callback=not_empty,
        autocompletion=complete_names("orgs"),
    ),
]
PlaceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--place",
        metavar="NAME",
        help="Only events naming this place (repeatable; see 'timeline places').",
        callback=not_empty,
        autocompletion=complete_names("places"),
    ),
]


def event_test(
    header: Timeline,
    tags: list[str] | None = None,
    kinds: list[str] | None = None,
    sources: list[str] | None = None,
    min_sources: int | None = None,
    people: list[str] | None = None,
    orgs: list[str] | None = None,
    places: list[str] | None = None,
) -> Callable[[Event], bool] | None:
    """One test for --tag, --kind, --source, --min-sources, --person, --org and --place
    together (None: keep all)."""
    tests = []
    if tags:
        tests.append(query.has_tags(tags))
    if kinds:
        tests.append(query.has_kinds(kinds))
    if sources:
        tests.append(query.cites(header, sources))
    if min_sources:
        tests.append(lambda e: query.source_count(e) >= min_sources)
    for names, has in ((people, query.has_people), (orgs, query.has_orgs),
                       (places, query.has_places)):  # fmt: skip
        if names:
            tests.append(has(names))
    return query.all_of(tests) if tests else None


def select(
    events: Iterable[Event],
    reference: dt.date | None,
    since: str | None,
    until: str | None,
    keep: Callable[[Event], bool] | None,
) -> list[Event]:
    """The events within --from/--to that pass `keep` (event_test)."""
    return list(selecting(events, reference, since, until, keep))


def selecting(
    events: Iterable[Event],
    reference: dt.date | None,
    since: str | None,
    until: str | None,
    keep: Callable[[Event], bool] | None,
) -> Iterator[Event]:
    """:func:`select` one event at a time, in the order given (the dates are read first)."""
    start, end = bounds(reference, since, until)
    if start is not None or end is not None:
        span = DateSpan(start or dt.date.min, end or dt.date.max)
        events = (e for e in events if span.overlaps(e.date, e.last_day))
    return filter(keep, events) if keep else iter(events)


def surely_within(event: Event, span: DateSpan) -> bool:
    """Whether `event` certainly falls within `span`: a day's event overlapping it (as `on`
    has always counted spans), or one dated to a part of a month or year held whole by it."""
    return not event.uncertain or span.start <= event.date <= event.last_day <= span.end


def certain_first(
    events: Iterable[Event], span: DateSpan, keep: Callable[[Event], bool] | None, certain: bool
) -> Iterator[Event]:
    """`on`'s answer from the events overlapping `span` in date-time order (or its reverse):
    those certainly within it, streamed, then (unless `certain`) those dated only to a wider
    span that overlaps it, held until the end (they are few), in the same order."""
    possible = []
    for event in filter(keep, events) if keep else events:
        if surely_within(event, span):
            yield event
        elif not certain:
            possible.append(event)
    yield from possible


def first(events: Iterable[Event], limit: int | None) -> Iterator[Event]:
    """The first `limit` of a stream (all without one), still streamed."""
    stream = iter(events)
    return stream if limit is None else itertools.islice(stream, min(limit, sys.maxsize))
