"""What every command shares: global state, option types, validators, and writing results.

Results go through the one output registry, to stdout or atomically to `-o FILE`; an
empty result is the format's empty document. The filters (dates, tags, names) are in
timeline.cli.filters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from timeline.cli.complete import complete_choices, complete_formats
from timeline.cli.state import STATE as STATE  # re-exported: the commands import it here
from timeline.errors import UsageError
from timeline.model import DateSpan, Event, Timeline
from timeline.output.records import OutputContext
from timeline.output.registry import FORMATS, extensions_for, format_for_extension, format_help
from timeline.text.shorten import shorten

if TYPE_CHECKING:
    from timeline.store.memory import EventStore


def not_empty(value: Any) -> Any:
    """Option callback: an empty path or tag is a mistake, never "use the default"."""
    items = value if isinstance(value, list) else [value]
    if any(isinstance(item, str) and not item.strip() for item in items):
        raise typer.BadParameter("must not be empty")
    return value


def same_file(path: str, source: str) -> bool:
    """Whether `path` names the existing file `source` (through links, ./ and the like).

    For ``-`` that is the file standard input reads: the same device and inode, as with
    ``< X``. A pipe (``cat X |``) is a file of its own: what feeds it cannot be known.
    """
    # Either does not exist (yet), or stdin is not a file: nothing to lose.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if source != "-":
            return os.path.samefile(path, source)
        stdin = os.fstat(sys.stdin.fileno())
        target = os.stat(path)
        return stat.S_ISREG(stdin.st_mode) and os.path.samestat(stdin, target)
    return False


def output_file(value: str | None) -> str | None:
    """-o FILE: not empty, and never the timeline being read, which it would replace."""
    not_empty(value)
    if value is not None:
        from timeline.store.open import target_path

        source = target_path(STATE.file)
        if same_file(value, source):
            what = "standard input, " if source == "-" else ""
            raise typer.BadParameter(f"'{shorten(value)}' is {what}the timeline being read")
    return value


# ---------------------------------------------------------------- helpers


def reading() -> contextlib.AbstractContextManager[None]:
    """Progress on a terminal's stderr when what it wraps takes over a second (building
    the cache, loading a large file; timeline.cli.progress); never piped or with --quiet."""
    from timeline.cli.progress import slow_notice

    return slow_notice(STATE.file, quiet=STATE.quiet)


def open_timeline() -> EventStore:
    """The timeline of this run (--file, TIMELINE_FILE, or the embedded one), by the one road."""
    from timeline.store.open import open_store

    with reading():
        return open_store(STATE.file)


def day_span(text: str, reference: dt.date | None) -> DateSpan:
    """The days a DATE argument names, year-less input completed with `reference`."""
    from timeline.text.dates import parse_span

    return parse_span(text, reference=reference, today=dt.date.today())


def use_color(stream: TextIO) -> bool:
    if not STATE.color or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def format_of_output(output: str, names: Sequence[str]) -> str:
    """The format an -o file's extension names among `names`; an unknown one is an error
    listing the extensions this command knows (give -F to write any name). A name without
    an extension (`-o /dev/stdout`, `-o >(gzip)`, a FIFO) gets tsv, as a pipe would."""
    fmt = format_for_extension(output)
    if fmt is not None and fmt in names:
        return fmt
    if not os.path.splitext(output)[1] and "tsv" in names:
        return "tsv"
    known = ", ".join(extensions_for(names))
    raise UsageError(
        f"-o '{shorten(output)}': unknown extension; use one of {known}, or give -F FORMAT"
    )


def choose_format(fmt: str | None, output: str | None, names: Sequence[str]) -> str:
    if fmt is None and output:
        fmt = format_of_output(output, names)
    if fmt is None:
        fmt = "timeline" if sys.stdout.isatty() else "tsv"
    if fmt not in names:
        raise UsageError(f"unknown format '{shorten(fmt)}'; choose from {', '.join(names)}")
    return fmt


def note(message: str) -> None:
    """A short note for a person at a terminal; silent in scripts and with --quiet."""
    if sys.stderr.isatty() and not STATE.quiet:
        from timeline.output.safety import visible

        print(f"timeline: {visible(message)}", file=sys.stderr)


def nothing_found(what: str = "events") -> None:
    """The terminal note of an empty result, naming what was asked (stdout still gets the
    format's empty document: `[]`, a CSV header, an empty calendar)."""
    if not sys.stderr.isatty() or STATE.quiet:
        return
    from timeline.cli.asked import asked

    where = STATE.file if STATE.file else "the embedded timeline"
    dates = f" (searched {STATE.searched})" if STATE.searched else ""
    note(f"no {what} match {asked()} in {where}{dates}")


def searched(start: dt.date | None, end: dt.date | None) -> None:
    """Remember the days a command searched, as the note of an empty result names them:
    ``2021-12-20 周一``, or ``2021-12-20 周一 – 2022-01-05 周三``."""
    from timeline.output.records import chinese_weekday

    def day(value: dt.date) -> str:
        return f"{value.isoformat()} {chinese_weekday(value)}"

    if start is None and end is None:
        return
    if start == end:
        STATE.searched = day(start) if start else ""
    else:
        low = day(start) if start else "the beginning"
        STATE.searched = f"{low} – {day(end) if end else 'the end'}"


def write_to(output: str | None, fill: Callable[[TextIO], object]) -> None:
    """Write with `fill` to stdout, or atomically to the -o file."""
    if output:
        from timeline.output.atomic import atomic_write

        atomic_write(output, fill)
    else:
        fill(sys.stdout)


def emit(
    events: Iterable[Event],
    timeline: Timeline,
    fmt: str | None,
    output: str | None,
    highlight: Sequence[Any] = (),
    ids: bool = True,
    possible: frozenset[str] = frozenset(),
) -> None:
    """Write events once, through the format registry, to stdout or atomically to a file.

    An empty selection still writes the format's empty document, and a note on a terminal.
    """
    name = choose_format(fmt, output, list(FORMATS))
    stream = iter(events)
    first = next(stream, None)
    if first is None:
        nothing_found()
    events = stream if first is None else itertools.chain([first], stream)
    writer = FORMATS[name].writer
    if output:
        ctx = OutputContext(timeline, color=False, highlight=(), ids=ids, possible=possible)
    else:
        color = use_color(sys.stdout)
        ctx = OutputContext(timeline, color, None, highlight, ids=ids, possible=possible)
    write_to(output, lambda out: writer(events, out, ctx))


# ---------------------------------------------------------------- options

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-F",
        metavar="FORMAT",
        help=format_help(),
        autocompletion=complete_formats,
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout; the format follows the "
        "extension unless -F is given.",
        callback=output_file,
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
NoIdsOpt = Annotated[
    bool, typer.Option("--no-ids", help="Hide the event ids in the timeline view.")
]


def format_option(names: Sequence[str], text: str) -> Any:
    """The -F option of a command with its own formats, completing them."""
    return typer.Option(
        "--format", "-F", metavar="FORMAT", help=text, autocompletion=complete_choices(names)
    )


# ---------------------------------------------------------------- commands


def pick_format(
    fmt: str | None, names: Sequence[str], command: str, output: str | None = None
) -> str:
    """The -F of a command with its own formats: from -o's extension, else table on a
    terminal and tsv when piped."""
    if fmt is None and output:
        fmt = format_of_output(output, names)
    name = fmt if fmt is not None else ("table" if sys.stdout.isatty() else "tsv")
    if name not in names:
        raise UsageError(
            f"unknown format '{shorten(name)}' for {command}; choose from {', '.join(names)}"
        )
    return name
