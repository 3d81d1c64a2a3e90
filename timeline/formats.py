"""The one output registry: format name -> writer(events, stream, context).

Every listing command shares it, so a new format is one writer plus one
`register` call. Plain-text writers live here and never import rich; the
terminal views (`timeline`, `table`) import `timeline.render` only when chosen.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from timeline.model import Event, Figure, Timeline

__all__ = [
    "FORMATS",
    "Format",
    "OutputContext",
    "chinese_weekday",
    "clean_line",
    "clean_text",
    "event_record",
    "figure_record",
    "format_names",
    "json_dumps",
    "register",
    "visible",
    "write_lines",
]

# C0 and C1 control characters (ESC, BEL, CSI, OSC …) and DEL: never let data drive a terminal.
# Also the bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069, the "Trojan
# Source" set): one unbalanced U+202E in a title would reverse the rest of the line, other
# columns included. Bidi marks (U+200E, U+200F, U+061C) cannot leak and stay.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")
# Characters json.dumps(ensure_ascii=False) leaves raw but a terminal could act on.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What a one-line message must not carry raw: controls, breaks and bidi controls.
_MESSAGE_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    r"""Multi-line text made safe: CRLF, CR and Unicode separators become LF; controls and
    bidi overrides go; tabs stay.

    >>> clean_text("a\r\nb\u2028c\x07\u202e")
    'a\nb\nc'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text.replace("\u2028", "\n").replace("\u2029", "\n"))


def chinese_weekday(day: dt.date) -> str:
    """周一 … 周日, as Chinese chronologies head their days.

    >>> chinese_weekday(dt.date(2022, 3, 20))
    '周日'
    """
    return "周" + "一二三四五六日"[day.weekday()]


def clean_line(text: str) -> str:
    """Text made safe for one line of output: breaks become spaces, controls go.

    >>> clean_line("a\\tb\\nc\\x1b[31m")
    'a b c[31m'
    >>> clean_line("\\u202eexe.txt")
    'exe.txt'
    """
    if text.isprintable():  # the common case, and no character below is printable
        return text
    return _CONTROLS.sub("", _BREAKS.sub(" ", text))


def visible(text: str) -> str:
    """A message made safe for one line of stderr, with every unsafe character shown as an
    escape rather than dropped, so the user sees what is in the file or argument.

    >>> print(visible("event 'a\\x1b]0;x\\x07': bad\\ndate"))
    event 'a\\x1b]0;x\\x07': bad\\ndate
    """
    return _MESSAGE_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def json_dumps(value: Any, indent: int | None = None) -> str:
    """JSON with real Unicode (readable Chinese) but every control char escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class OutputContext:
    """What a writer may need beyond the events: header, colour, width, highlights."""

    timeline: Timeline
    color: bool = False
    width: int | None = None
    highlight: Sequence[re.Pattern[str]] = field(default_factory=tuple)


#: Writers take any iterable and write as they go where the format allows (tsv, csv, json,
#: jsonl), so a large listing streams; the terminal views and exports take a list first.
Writer = Callable[[Iterable[Event], TextIO, OutputContext], None]


@dataclass(frozen=True)
class Format:
    name: str
    writer: Writer
    help: str
    uses_rich: bool = False


FORMATS: dict[str, Format] = {}


def register(name: str, help: str, uses_rich: bool = False) -> Callable[[Writer], Writer]:
    """Decorator adding a writer to the registry under `name`."""

    def add(writer: Writer) -> Writer:
        FORMATS[name] = Format(name, writer, help, uses_rich)
        return writer

    return add


def format_names() -> list[str]:
    return list(FORMATS)


def figure_record(figure: Figure) -> dict[str, Any]:
    return {
        "text": figure.text,
        "value": figure.value,
        "unit": figure.unit,
        "label": figure.label,
        "approx": figure.approx,
    }


def event_record(event: Event) -> dict[str, Any]:
    """The JSON shape of an event: the data file's own field names, in every command."""
    return {
        "id": event.id,
        "date": event.date.isoformat(),
        "time": event.time,
        "end": event.end.isoformat() if event.end else None,
        "date_kind": event.date_kind,
        "date_note": event.date_note or None,
        "title": event.title,
        "summary": event.summary,
        "tags": list(event.tags),
        "people": list(event.people),
        "orgs": list(event.orgs),
        "places": list(event.places),
        "figures": [figure_record(f) for f in event.figures],
        "source": {"file": event.source.file, "quote": event.source.quote}
        if event.source
        else None,
    }


@register("json", "a JSON array of event records")
def write_json(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    separator = "[\n  "
    for event in events:
        out.write(separator)
        out.write(json_dumps(event_record(event)))
        separator = ",\n  "
    out.write("[]\n" if separator.startswith("[") else "\n]\n")


def write_lines(lines: Iterable[str], out: TextIO, batch: int = 512) -> None:
    """Write lines in batches: one write per line costs more than the formatting at 100k.

    Output still streams: a reader sees each batch as soon as it is ready.
    """
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= batch:
            out.write("".join(chunk))
            chunk.clear()
    if chunk:
        out.write("".join(chunk))


@register("jsonl", "one JSON record per line")
def write_jsonl(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    write_lines((json_dumps(event_record(event)) + "\n" for event in events), out)


TSV_COLUMNS = ("date", "time", "end", "id", "title", "tags")


def _tsv_line(e: Event) -> str:
    cells = (
        e.date.isoformat(),
        e.time or "",
        e.end.isoformat() if e.end else "",
        e.id,
        e.title,
        ",".join(e.tags),
    )
    if "".join(cells).isprintable():  # the common case: nothing to clean in any cell
        return "\t".join(cells) + "\n"
    return "\t".join([clean_line(c) for c in cells]) + "\n"


@register("tsv", "tab-separated, one event per line, no header (default when piped)")
def write_tsv(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    write_lines(map(_tsv_line, events), out)


CSV_COLUMNS = [
    "id",
    "date",
    "time",
    "end",
    "date_kind",
    "title",
    "summary",
    "tags",
    "people",
    "orgs",
    "places",
    "figures",
    "source_file",
    "quote",
]


@register("csv", "comma-separated with a header row")
def write_csv(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in events:
        row = [
            e.id,
            e.date.isoformat(),
            e.time or "",
            e.end.isoformat() if e.end else "",
            e.date_kind,
            e.title,
            e.summary,
            ";".join(e.tags),
            ";".join(e.people),
            ";".join(e.orgs),
            ";".join(e.places),
            ";".join(f.text for f in e.figures),
            e.source.file if e.source else "",
            e.source.quote if e.source else "",
        ]
        writer.writerow([clean_line(c) for c in row])


@register("timeline", "events grouped by day (default on a terminal)", uses_rich=True)
def write_timeline(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    from timeline import render

    render.print_to(out, ctx, render.timeline_view(list(events), ctx.highlight))


@register("table", "a table, one row per event", uses_rich=True)
def write_table(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    from timeline import render

    render.print_to(
        out, ctx, render.table_view(list(events), ctx.highlight), min_width=render.TABLE_MIN_WIDTH
    )


def _export(name: str) -> Writer:
    """A writer from timeline.exports, imported only when that format is asked for."""

    def write(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
        from timeline import exports

        getattr(exports, name)(list(events), out, ctx)

    return write


register("ics", "an RFC 5545 calendar (iCalendar), for calendar apps")(_export("write_ics"))
register("timelinejs", "TimelineJS3 JSON, for an interactive web timeline")(
    _export("write_timelinejs")
)
register("markdown", "a Markdown chronology: a heading per day, an item per event")(
    _export("write_markdown")
)
