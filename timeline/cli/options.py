"""What every command shares: global state, option types, validators, and writing results.

Dates typed by the user are completed with the store's `reference` (the one rule
of timeline.query.completing_reference); results go through the one output
registry, to stdout or atomically to `-o FILE`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from timeline import query
from timeline.errors import UsageError
from timeline.model import DATE_KINDS, DateSpan, Event, Timeline
from timeline.output.records import OutputContext
from timeline.output.registry import FORMATS, format_for_extension, format_help
from timeline.text.shorten import shorten

if TYPE_CHECKING:
    from timeline.store.memory import EventStore


class State:
    """Global options, given before the command."""

    file: str | None = None
    color: bool = True


STATE = State()


def not_empty(value: Any) -> Any:
    """Option callback: an empty path or tag is a mistake, never "use the default"."""
    items = value if isinstance(value, list) else [value]
    if any(isinstance(item, str) and not item.strip() for item in items):
        raise typer.BadParameter("must not be empty")
    return value


def same_file(path: str, source: str) -> bool:
    """Whether `path` names the existing file `source` (through links, ./ and the like)."""
    with contextlib.suppress(OSError):  # either does not exist (yet): nothing to lose
        return source != "-" and os.path.samefile(path, source)
    return False


def output_file(value: str | None) -> str | None:
    """-o FILE: not empty, and never the timeline being read, which it would replace."""
    not_empty(value)
    if value is not None:
        from timeline.store.open import target_path

        if same_file(value, target_path(STATE.file)):
            raise typer.BadParameter(f"'{shorten(value)}' is the timeline being read")
    return value


# ---------------------------------------------------------------- helpers


def open_timeline() -> EventStore:
    """The timeline of this run (--file, TIMELINE_FILE, or the embedded one), by the one road."""
    from timeline.store.open import open_store

    return open_store(STATE.file)


def day_span(text: str, reference: dt.date | None) -> DateSpan:
    """The days a DATE argument names, year-less input completed with `reference`."""
    from timeline.text.dates import parse_span

    return parse_span(text, reference=reference, today=dt.date.today())


def _bound(text: str | None, reference: dt.date | None, end: bool) -> dt.date | None:
    if text is None:
        return None
    from timeline.text.dates import parse_bound

    return parse_bound(text, reference=reference, today=dt.date.today(), end=end)


def use_color(stream: TextIO) -> bool:
    if not STATE.color or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def choose_format(fmt: str | None, output: str | None, names: Sequence[str]) -> str:
    if fmt is None and output:
        fmt = format_for_extension(output) or "tsv"
    if fmt is None:
        fmt = "timeline" if sys.stdout.isatty() else "tsv"
    if fmt not in names:
        raise UsageError(f"unknown format '{shorten(fmt)}'; choose from {', '.join(names)}")
    return fmt


def note(message: str) -> None:
    """A short note for a person at a terminal; silent in scripts."""
    if sys.stderr.isatty():
        print(f"timeline: {message}", file=sys.stderr)


def emit(
    events: Iterable[Event],
    timeline: Timeline,
    fmt: str | None,
    output: str | None,
    highlight: Sequence[Any] = (),
) -> None:
    """Write events once, through the format registry, to stdout or atomically to a file."""
    name = choose_format(fmt, output, list(FORMATS))
    stream = iter(events)
    first = next(stream, None)
    if first is None and not output:
        note("no events match")
        return
    events = stream if first is None else itertools.chain([first], stream)
    writer = FORMATS[name].writer
    if output:
        from timeline.output.atomic import atomic_write

        ctx = OutputContext(timeline, color=False, width=None, highlight=())
        atomic_write(output, lambda stream: writer(events, stream, ctx))
        return
    ctx = OutputContext(timeline, color=use_color(sys.stdout), highlight=highlight)
    writer(events, sys.stdout, ctx)


def finish(events: list[Event], limit: int | None, reverse: bool) -> list[Event]:
    events = query.sort_events(events, reverse=reverse)
    return events[:limit] if limit is not None else events


# ---------------------------------------------------------------- options

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-F",
        metavar="FORMAT",
        help=format_help(),
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout.",
        callback=output_file,
    ),
]
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
    ),
]


def limit_number(text: str) -> int:
    """--limit N: a whole number of events, 0 or more, quoted back when it is not."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise typer.BadParameter(f"'{shorten(text)}' is not a whole number of events (0 or more)")
    return value


LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", parser=limit_number, metavar="N", help="Show at most N events."),
]
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]


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


def event_test(
    header: Timeline,
    tags: list[str] | None = None,
    kinds: list[str] | None = None,
    sources: list[str] | None = None,
    min_sources: int | None = None,
) -> Callable[[Event], bool] | None:
    """One test for --tag, --kind, --source and --min-sources together (None: keep all)."""
    tests = []
    if tags:
        tests.append(query.has_tags(tags))
    if kinds:
        tests.append(query.has_kinds(kinds))
    if sources:
        tests.append(query.cites(header, sources))
    if min_sources:
        tests.append(lambda e: query.source_count(e) >= min_sources)
    return query.all_of(tests) if tests else None


def select(
    events: Iterable[Event],
    reference: dt.date | None,
    since: str | None,
    until: str | None,
    keep: Callable[[Event], bool] | None,
) -> list[Event]:
    """The events within --from/--to that pass `keep` (event_test)."""
    selected = query.between(events, *bounds(reference, since, until))
    return list(filter(keep, selected)) if keep else selected


# ---------------------------------------------------------------- commands


def pick_format(fmt: str | None, names: Sequence[str], command: str) -> str:
    """The -F of a command with its own formats: table on a terminal, tsv when piped."""
    name = fmt if fmt is not None else ("table" if sys.stdout.isatty() else "tsv")
    if name not in names:
        raise UsageError(
            f"unknown format '{shorten(name)}' for {command}; choose from {', '.join(names)}"
        )
    return name
