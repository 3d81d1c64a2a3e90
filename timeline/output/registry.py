"""The one output registry: format name -> where its writer lives, its help and extensions.

It is the bottom of the output layer: it holds names only and imports a writer's
module when that format is asked for, so `-F tsv` never loads rich or icalendar.
Every listing command shares it; the `-F` help text and the `-o` extension table
are generated from it. A new format is one writer plus one entry below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from timeline.model import Event

if TYPE_CHECKING:
    from timeline.output.records import OutputContext

__all__ = [
    "FORMATS",
    "Format",
    "Writer",
    "extensions_for",
    "format_for_extension",
    "format_help",
]

#: A writer takes any iterable; streaming formats write as they go, documents list it first.
Writer = Callable[[Iterable[Event], TextIO, "OutputContext"], None]


@dataclass(frozen=True)
class Format:
    """A format's name, the module and function that write it, and what it is for."""

    name: str
    module: str
    function: str
    help: str
    extensions: tuple[str, ...] = ()
    uses_rich: bool = False
    streams: bool = False

    @property
    def writer(self) -> Writer:
        """The writer, its module imported now (the first time this format is used)."""
        module = importlib.import_module(f"timeline.output.{self.module}")
        writer: Writer = getattr(module, self.function)
        return writer


_ENTRIES = (
    Format("timeline", "render.events", "write_timeline",
           "events grouped by day (default on a terminal)", uses_rich=True),
    Format("table", "render.events", "write_table", "a table, one row per event", uses_rich=True),
    Format("tsv", "plain", "write_tsv",
           "tab-separated, one event per line, no header (default when piped)",
           (".tsv",), streams=True),
    Format("csv", "plain", "write_csv", "comma-separated with a header row", (".csv",),
           streams=True),
    Format("json", "plain", "write_json", "a JSON array of event records", (".json",),
           streams=True),
    Format("jsonl", "plain", "write_jsonl", "one JSON record per line", (".jsonl",),
           streams=True),
    Format("markdown", "markdown", "write_markdown",
           "a Markdown chronology: a heading per day, an item per event", (".md", ".markdown"),
           streams=True),
    Format("ics", "documents", "write_ics", "an RFC 5545 calendar (iCalendar), for calendar apps",
           (".ics",)),
    Format("timelinejs", "documents", "write_timelinejs",
           "TimelineJS3 JSON, for an interactive web timeline"),
    Format("html", "html", "write_html",
           "one self-contained HTML page: search, facets, permalinks; works offline",
           (".html", ".htm")),
)  # fmt: skip

FORMATS: dict[str, Format] = {f.name: f for f in _ENTRIES}


def format_for_extension(path: str) -> str | None:
    """The format an output file's extension names (case-insensitive), or None.

    >>> format_for_extension("days.MD"), format_for_extension("x.txt")
    ('markdown', None)
    """
    dot = path.rfind(".")
    suffix = path[dot:].lower() if dot > path.rfind("/") else ""
    return next((f.name for f in _ENTRIES if suffix and suffix in f.extensions), None)


def extensions_for(names: Iterable[str]) -> list[str]:
    """The -o extensions that pick one of `names`, for the message of an unknown one.

    >>> extensions_for(["table", "json", "markdown"])
    ['.json', '.md', '.markdown']
    """
    return [ext for name in names if name in FORMATS for ext in FORMATS[name].extensions]


def format_help() -> str:
    """The `-F` help text, from the registry itself."""
    names = ", ".join(FORMATS)
    return f"Output format: {names}. Default: timeline on a terminal, tsv when piped."
