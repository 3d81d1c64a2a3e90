"""The command-line app, the only module that imports typer.

It parses options, calls the library, writes once, and maps every
`TimelineError` to a one-line message and an exit code (1 data, 2 usage,
130 Ctrl-C). A reader closing the pipe early (`| head -1`) ends quietly.
"""

import contextlib
import datetime as dt
import errno
import gc
import io
import itertools
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import typer

# typer >= 0.26 vendors click as typer._click and raises its exceptions even when the click
# package is installed too (for another tool), so the vendored copy is tried first.
try:
    from typer._click import exceptions as click_errors  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_errors  # type: ignore[no-redef,import-not-found,unused-ignore]

from timeline import __version__, query
from timeline.errors import DataError, TimelineError, UsageError
from timeline.model import DateSpan, Event, Timeline
from timeline.output.records import OutputContext
from timeline.output.registry import FORMATS, format_for_extension, format_help
from timeline.output.safety import visible

if TYPE_CHECKING:
    from timeline.cache import EventStore

app = typer.Typer(
    name="timeline",
    help="Explore curated, source-cited timelines of events.\n\n"
    "The default data is the embedded Tangshan COVID-19 timeline of March 2022; "
    "use --file PATH or TIMELINE_FILE for your own.",
    epilog="\b\nExamples:\n  timeline list\n  timeline on 3月20日\n  timeline search 志愿者\n"
    "  timeline list -F json | jq '.[0]'\n  timeline --file my-events.yaml check",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    """Global options, given before the command."""

    file: str | None = None
    color: bool = True


STATE = State()


def _version(value: bool) -> None:
    if value:
        print(f"timeline {__version__}")
        raise typer.Exit()


def _not_empty(value: Any) -> Any:
    """Option callback: an empty path or tag is a mistake, never "use the default"."""
    items = value if isinstance(value, list) else [value]
    if any(isinstance(item, str) and not item.strip() for item in items):
        raise typer.BadParameter("must not be empty")
    return value


def _same_file(path: str, source: str) -> bool:
    """Whether `path` names the existing file `source` (through links, ./ and the like)."""
    with contextlib.suppress(OSError):  # either does not exist (yet): nothing to lose
        return source != "-" and os.path.samefile(path, source)
    return False


def _output_file(value: str | None) -> str | None:
    """-o FILE: not empty, and never the timeline being read, which it would replace."""
    _not_empty(value)
    if value is not None:
        from timeline import embedded_path

        if _same_file(value, STATE.file or str(embedded_path())):
            raise typer.BadParameter(f"'{_shorten(value)}' is the timeline being read")
    return value


@app.callback()
def main_options(
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            envvar="TIMELINE_FILE",
            metavar="PATH",
            help="Timeline YAML file ('-' reads standard input). Default: the embedded timeline.",
            show_envvar=True,
            callback=_not_empty,
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (also when NO_COLOR is set).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    STATE.file = file or None
    STATE.color = not no_color


# ---------------------------------------------------------------- helpers


def _load() -> Timeline:
    """The whole timeline; a warm cache answers without importing YAML (timeline.cache)."""
    from timeline.cache import load

    return load(STATE.file)


def _store() -> "EventStore":
    """The timeline for date and text queries: answered from the cache when it can be."""
    from timeline.cache import open_store

    return open_store(STATE.file)


def _reference(timeline: Timeline) -> dt.date | None:
    """The date that completes year-less input: header reference, else the last event."""
    if timeline.reference:
        return timeline.reference
    datelines = [s.dateline for s in timeline.sources if s.dateline]
    if datelines:
        return max(datelines)
    return max((e.last_day for e in timeline.events), default=None)


def _span(text: str, timeline: Timeline) -> DateSpan:
    from timeline.text.dates import parse_span

    return parse_span(text, reference=_reference(timeline), today=dt.date.today())


def _bound(text: str | None, timeline: Timeline, end: bool) -> dt.date | None:
    if text is None:
        return None
    from timeline.text.dates import parse_bound

    return parse_bound(text, reference=_reference(timeline), today=dt.date.today(), end=end)


def _use_color(stream: TextIO) -> bool:
    if not STATE.color or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def _choose_format(fmt: str | None, output: str | None, names: Sequence[str]) -> str:
    if fmt is None and output:
        fmt = format_for_extension(output) or "tsv"
    if fmt is None:
        fmt = "timeline" if sys.stdout.isatty() else "tsv"
    if fmt not in names:
        raise UsageError(f"unknown format '{_shorten(fmt)}'; choose from {', '.join(names)}")
    return fmt


def _shorten(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size] + "…"


def _note(message: str) -> None:
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
    name = _choose_format(fmt, output, list(FORMATS))
    stream = iter(events)
    first = next(stream, None)
    if first is None and not output:
        _note("no events match")
        return
    events = stream if first is None else itertools.chain([first], stream)
    writer = FORMATS[name].writer
    if output:
        from timeline.output.atomic import atomic_write

        ctx = OutputContext(timeline, color=False, width=None, highlight=())
        atomic_write(output, lambda stream: writer(events, stream, ctx))
        return
    ctx = OutputContext(timeline, color=_use_color(sys.stdout), highlight=highlight)
    writer(events, sys.stdout, ctx)


def _finish(events: list[Event], limit: int | None, reverse: bool) -> list[Event]:
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
        callback=_output_file,
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
        callback=_not_empty,
    ),
]


def _limit(text: str) -> int:
    """--limit N: a whole number of events, 0 or more, quoted back when it is not."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise typer.BadParameter(f"'{_shorten(text)}' is not a whole number of events (0 or more)")
    return value


LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", parser=_limit, metavar="N", help="Show at most N events."),
]
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]


def _bounds(
    timeline: Timeline, since: str | None, until: str | None
) -> tuple[dt.date | None, dt.date | None]:
    start, end = _bound(since, timeline, end=False), _bound(until, timeline, end=True)
    if start and end and end < start:
        raise UsageError(f"--from '{since}' is after --to '{until}'")
    return start, end


def _filter(
    events: Sequence[Event],
    timeline: Timeline,
    since: str | None,
    until: str | None,
    tags: list[str] | None,
) -> list[Event]:
    selected = query.between(events, *_bounds(timeline, since, until))
    return query.with_tags(selected, tags) if tags else selected


# ---------------------------------------------------------------- commands


@app.command("list")
def list_events(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """List events in date-time order.

    \b
    Examples:
      timeline list
      timeline list --from 3月20日 --to 2022-03-29 --tag 志愿者
      timeline list -F json | jq -r '.[].title'
    """
    store = _store()
    timeline = store.timeline
    events: Iterable[Event] = store.ordered(*_bounds(timeline, since, until), reverse=reverse)
    if tag:
        events = filter(query.has_tags(tag), events)
    if limit is not None:
        events = itertools.islice(events, min(limit, sys.maxsize))
    emit(events, timeline, fmt, output)  # streamed from the cache


@app.command("on")
def on_date(
    date: Annotated[str, typer.Argument(metavar="DATE", help="A day, month or range A..B.")],
    tag: TagOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Events on a day, in a month, or in an inclusive range (spans that overlap count).

    \b
    Examples:
      timeline on 2022-03-20
      timeline on 三月二十日
      timeline on 3月19日..3月21日 -F tsv
    """
    store = _store()
    timeline = store.timeline
    events = store.in_span(_span(date, timeline))
    if tag:
        events = query.with_tags(events, tag)
    emit(_finish(events, limit, reverse), timeline, fmt, output)


@app.command("search")
def search_events(
    terms: Annotated[list[str], typer.Argument(metavar="TERM...", help="Text to look for.")],
    any_term: Annotated[bool, typer.Option("--any", help="Match any term, not all.")] = False,
    regex: Annotated[
        bool, typer.Option("--regex", "-E", help="Terms are regular expressions.")
    ] = False,
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Find events whose title, summary, tags, names or quote contain every TERM.

    Matching ignores case and full-/half-width differences; Chinese matches
    any substring (社区 finds 益民园社区).

    \b
    Examples:
      timeline search 志愿者
      timeline search 党员 社区 --from 3月25日
      timeline search --regex '\\d+万' --any -F jsonl
    """
    store = _store()
    patterns = query.compile_search(terms, regex=regex)
    found = store.search(patterns, any_term)  # asked before .timeline: overlaps the file's hash
    timeline = store.timeline
    events = _filter(found, timeline, since, until, tag)
    emit(_finish(events, limit, reverse), timeline, fmt, output, _highlights(terms, regex))


def _highlights(terms: Sequence[str], regex: bool) -> list[Any]:
    import re

    flags = re.IGNORECASE
    return [re.compile(t if regex else re.escape(t), flags) for t in terms]


def _find(timeline: Timeline, ident: str) -> Event:
    for event in timeline.events:
        if event.id == ident:
            return event
    import difflib  # deferred: only a mistyped id needs it

    close = difflib.get_close_matches(ident, [e.id for e in timeline.events], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "; 'timeline list' shows the ids"
    raise UsageError(f"no event with id '{_shorten(ident)}'{hint}")


@app.command("show")
def show_event(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Show one event in full: figures, and its quote inside the source sentence.

    \b
    Examples:
      timeline show org-dept-urgent-notice-2022-03-20
      timeline show org-dept-urgent-notice-2022-03-20 -F json | jq .figures
    """
    timeline = _load()
    event = _find(timeline, ident)
    if fmt == "json":
        from timeline.output.atomic import write_text
        from timeline.output.records import event_record
        from timeline.output.safety import json_dumps

        write_text(json_dumps(event_record(event), indent=2) + "\n", output)
        return
    if fmt is None and output is None and sys.stdout.isatty():
        from timeline.cite import quote_context
        from timeline.output import render

        found = quote_context(timeline, event)
        context = (
            (found.file, found.line, found.before, found.quote, found.after) if found else None
        )
        ctx = OutputContext(timeline, color=_use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.detail_view(event, context))
        return
    emit([event], timeline, fmt, output)


@app.command("tags")
def list_tags(
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-F", metavar="FORMAT", help="table, tsv or json."),
    ] = None,
) -> None:
    """Each tag with the number of events carrying it, most used first.

    \b
    Examples:
      timeline tags
      timeline tags -F json | jq '.[0]'
    """
    counts = query.tag_counts(_load().events)
    name = _pick(fmt, ("table", "tsv", "json"), "tags")
    if name == "json":
        from timeline.output.safety import json_dumps

        sys.stdout.write(json_dumps([{"tag": t, "count": c} for t, c in counts], indent=2) + "\n")
    elif name == "tsv":
        from timeline.output.safety import clean_line

        sys.stdout.write("".join(f"{clean_line(t)}\t{c}\n" for t, c in counts))
    else:
        from timeline.output import render

        ctx = OutputContext(Timeline("", ()), color=_use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.tags_view(counts))


@app.command("check")
def check_command(
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help="File to check (default: as for every command).",
            callback=_not_empty,
        ),
    ] = None,
) -> None:
    """Prove a timeline file: schema, dates, unique ids, quotes verbatim in their sources,
    figures inside their quotes with the right values. Exit 1 if anything is wrong.

    \b
    Examples:
      timeline check
      timeline check --file my-events.yaml
    """
    from timeline.check import check_file
    from timeline.load import embedded_path

    target = file or STATE.file or str(embedded_path())
    timeline, problems = check_file(target)
    for problem in problems:
        print(visible(str(problem)))
    if problems:
        raise DataError(f"{len(problems)} problem{'s' * (len(problems) != 1)} in {timeline.path}")
    quotes = sum(1 for e in timeline.events if e.source)
    figures = sum(len(e.figures) for e in timeline.events)
    print(
        visible(
            f"{timeline.path}: ok: {len(timeline.events)} events, {quotes} quotes verified "
            f"in their sources, {figures} figures checked"
        )
    )


@app.command("extract")
def extract_command(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A UTF-8 text file, or - for stdin.")],
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference",
            metavar="DATE",
            help="Publication date completing year-less dates (default: the text's dateline).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help="table (terminal default), tsv (piped default), json, jsonl, or yaml "
            "(candidate events in the events.yaml schema, ready to edit).",
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Find the dates, times, durations and counted figures in a Chinese news text.

    \b
    Examples:
      timeline extract seeds/hebei-daily-2022-03-31-tangshan.txt --reference 2022-03-31
      timeline extract article.txt --reference 2022-03-31 -F yaml >> my-events.yaml
      timeline extract - --reference 2022-03-31 -F jsonl < article.txt | jq -r .date
    """
    from timeline import extract
    from timeline.load import read_source
    from timeline.output.atomic import write_text
    from timeline.text.dates import parse_span

    name = _pick(fmt, ("table", "tsv", "json", "jsonl", "yaml"), "extract")
    ref = parse_span(reference, today=dt.date.today()).start if reference else None
    if output and _same_file(output, file):
        raise UsageError(f"-o '{_shorten(output)}' is the text being read; choose another file")
    shown, text = read_source(file)
    mentions = extract.extract(text, ref, name=shown)
    if name == "table" and not output:
        from timeline.output import render

        ctx = OutputContext(Timeline("", ()), color=_use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.mentions_view(mentions))
        return
    if name == "yaml":
        body = extract.candidates_yaml(mentions, "seeds/" + Path(shown).name)
    elif name == "tsv":
        body = "".join(_mention_tsv(m) for m in mentions)
    else:
        from timeline.output.safety import json_dumps

        records = [extract.mention_record(m) for m in mentions]
        if name == "json":
            body = json_dumps(records, indent=2) + "\n"
        else:
            body = "".join(json_dumps(r) + "\n" for r in records)
    write_text(body, output)


def _mention_tsv(m: Any) -> str:
    """kind, offset, text, normalised value, notes, sentence: one line each."""
    from timeline.extract import mention_reading
    from timeline.output.safety import clean_line

    value, notes = mention_reading(m, grouping=False)
    extra = ",".join(notes)
    cells = (m.kind, str(m.offset), m.text, value, extra, m.sentence)
    return "\t".join(clean_line(c) for c in cells) + "\n"


def _pick(fmt: str | None, names: Sequence[str], command: str) -> str:
    """The -F of a command with its own formats: table on a terminal, tsv when piped."""
    name = fmt if fmt is not None else ("table" if sys.stdout.isatty() else "tsv")
    if name not in names:
        raise UsageError(
            f"unknown format '{_shorten(name)}' for {command}; choose from {', '.join(names)}"
        )
    return name


@app.command("figures")
def list_figures(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="date|value",
            help="date (default), or value: largest first, which is the useful way to "
            "rank them; figures without a value go last.",
        ),
    ] = "date",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help="table (default on a terminal), tsv (default when piped; no header, "
            "approx as true/false), csv (with a header), json or jsonl.",
        ),
    ] = None,
) -> None:
    """Every figure the selected events report: event id, date, what it counts, the text
    as written, its value, unit, and whether it is approximate.

    \b
    Examples:
      timeline figures --sort value
      timeline figures --from 3月20日 --tag 志愿者
      timeline figures -F json | jq '.[] | select(.approx)'
    """
    from timeline import stats
    from timeline.output import summaries

    if sort not in stats.FIGURE_SORTS:
        raise UsageError(f"unknown sort '{_shorten(sort)}'; choose from date, value")
    name = _pick(fmt, stats.FIGURE_FORMATS, "figures")
    timeline = _load()
    events = query.sort_events(_filter(timeline.events, timeline, since, until, tag))
    rows = stats.sort_rows(stats.figure_rows(events), sort)
    if not rows:
        _note("no figures match")
        return
    if name == "table":
        from timeline.output import render

        ctx = OutputContext(timeline, color=_use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.figures_view(rows), render.TABLE_MIN_WIDTH)
    else:
        summaries.write_figures(rows, name, sys.stdout)


@app.command("stats")
def show_stats(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help="table (default on a terminal: totals and bar charts), tsv (default when "
            "piped: one 'date<TAB>events' line per day, empty days included) or json (every "
            "number, also when nothing matches).",
        ),
    ] = None,
) -> None:
    """Counts: events and figures, first and last date, events per day (an event counts
    on the day it starts) and per tag.

    \b
    Examples:
      timeline stats
      timeline stats --tag 志愿者 -F json | jq .per_day
      timeline stats --from 3月19日 | sort -k2 -n -r | head -3
    """
    from timeline import stats
    from timeline.output import summaries

    name = _pick(fmt, stats.STATS_FORMATS, "stats")
    timeline = _load()
    numbers = stats.timeline_stats(_filter(timeline.events, timeline, since, until, tag))
    if name == "json":
        summaries.write_stats(numbers, name, sys.stdout)
    elif not numbers.events:
        _note("no events match")
    elif name == "table":
        from timeline.output import render

        ctx = OutputContext(timeline, color=_use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.stats_view(numbers), render.TABLE_MIN_WIDTH)
    else:
        summaries.write_stats(numbers, name, sys.stdout)


# ---------------------------------------------------------------- entry point


def _fail(message: str, code: int) -> NoReturn:
    # Messages quote file names, arguments and data: escape what could drive the terminal.
    print(f"timeline: error: {visible(message)}", file=sys.stderr)
    raise SystemExit(code)


class _ClosedStream(io.TextIOBase):
    """Stands in for a standard stream closed by the caller (`>&-`): writing fails clearly."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _standard_streams() -> None:
    """UTF-8 output whatever the locale (as git, ripgrep and jq write), and a clear error,
    not a crash, when stdout was closed; with stderr closed, errors go nowhere but the
    exit code still tells."""
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in UTF8_NAMES:
            stream.reconfigure(encoding="utf-8", errors=errors)


UTF8_NAMES = ("utf-8", "utf8")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the app, turn errors into one line and a code."""
    # A run is short and builds no cycles worth collecting (events are frozen records of
    # strings); the collector's full passes over tens of thousands of live events cost
    # 15-25% of a large search or list while freeing nothing (peak memory measured equal).
    gc.disable()
    _standard_streams()
    try:
        code = app(args=argv, prog_name="timeline", standalone_mode=False)
        sys.stdout.flush()
    except TimelineError as exc:
        _fail(str(exc), exc.exit_code)
    except click_errors.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
        raise SystemExit(2) from None
    except click_errors.UsageError as exc:
        hint = f" (see 'timeline {exc.ctx.info_name} --help')" if exc.ctx and exc.ctx.parent else ""
        _fail(exc.format_message().replace("\n", " ") + hint, 2)
    except click_errors.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        raise SystemExit(130) from None
    except SystemExit as exc:
        # click turns a closed pipe inside a command into exit 1; a reader leaving early
        # is no failure (`set -o pipefail; timeline list | head -1` must succeed).
        if isinstance(exc.__context__, BrokenPipeError):
            _reader_left()
        raise
    except BrokenPipeError:
        _reader_left()
    except OSError as exc:
        _fail(f"cannot write output: {exc.strerror or exc}", 1)
    raise SystemExit(code if isinstance(code, int) else 0)


def _reader_left() -> NoReturn:
    """The reader left (`| head -1`): stop quietly, and keep Python from complaining
    when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(0) from None
