"""The Markdown chronology: a heading per day (or per part of a month), an item per event,
its figures and its quotes; every piece of text escaped to stay literal. It streams: a
day's group is written before the next is read."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from timeline.model import Event, Timeline
from timeline.output.documents import figure_line
from timeline.output.records import DATE_KIND_LABELS, OutputContext, day_group, day_heading
from timeline.output.safety import clean_line

__all__ = ["markdown_escape", "markdown_lines", "write_markdown"]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
# A list, setext or thematic-break marker where a line could start ("16.9万" is not one).
_MD_BLOCK_START = re.compile(r"^([-+=]|\d+[.)](?=\s|$))")


def markdown_escape(value: str) -> str:
    """One line of literal Markdown text: controls and breaks gone, syntax escaped.

    Characters that make emphasis, code, links, HTML, entities, tables or headings
    get a backslash, and so does a leading list or setext marker.

    >>> print(markdown_escape("# *[x]* <b>\\n- y"))
    \\# \\*\\[x\\]\\* \\<b\\> - y
    >>> print(markdown_escape("1. first"))
    1\\. first
    """
    text = _MD_SPECIAL.sub(r"\\\1", clean_line(value).strip())
    return _MD_BLOCK_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)


def _cite_file(file: str, timeline: Timeline) -> bool:
    """Name the source file after a quote unless the header declares it as the only source."""
    return [s.file for s in timeline.sources] != [file]


def markdown_lines(events: Iterable[Event], timeline: Timeline) -> list[str]:
    """A chronology: the title, its sources, then a heading per day and an item per event."""
    lines = list(_lines(events, timeline))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _lines(events: Iterable[Event], timeline: Timeline) -> Iterator[str]:
    """The lines of :func:`markdown_lines`, a day's group at a time (trailing blanks kept)."""
    title = timeline.title or Path(timeline.path).stem or "Timeline"
    yield from (f"# {markdown_escape(title)}", "")
    for source in timeline.sources:
        about = "，".join(x for x in (source.title, source.publisher) if x.strip())
        where = f"{about}（{source.file}）" if about else source.file
        yield f"来源：{markdown_escape(where)}"
    if timeline.sources:
        yield ""
    empty = True
    for _, grouped in itertools.groupby(events, key=day_group):
        group = list(grouped)
        empty = False
        yield from (f"## {day_heading(group[0])}", "")
        for event in group:
            yield from _item(event, timeline)
    if empty:
        yield "*no events*"


def _item(event: Event, timeline: Timeline) -> Iterator[str]:
    head = f"**{event.time}** " if event.time else ""
    span = f"（至 {event.end.isoformat()}）" if event.end else ""
    kind = DATE_KIND_LABELS.get(event.date_kind)
    marker = f"［{kind}］" if kind else ""
    yield from (f"- {head}{marker}{markdown_escape(event.title)}{span}", "")
    if event.summary.strip() and event.summary.strip() != event.title.strip():
        yield from (f"  {markdown_escape(event.summary)}", "")
    if event.figures:
        figures = " · ".join(markdown_escape(figure_line(f)) for f in event.figures)
        yield from (f"  {figures}", "")
    for cited in event.sources:
        cite = f" —— {markdown_escape(cited.file)}" if _cite_file(cited.file, timeline) else ""
        yield from (f"  > {markdown_escape(cited.quote)}{cite}", "")


def write_markdown(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    """The chronology, written a day's group at a time: only one group is ever held."""
    parts: list[str] = []
    written = False  # every line after the first starts on a new line
    blanks = 0  # blank lines held back: the document ends without them
    for line in _lines(events, ctx.timeline):
        if not line:
            blanks += 1
            continue
        parts.append("\n" * (blanks + written) + line)
        written, blanks = True, 0
        if len(parts) >= 512:
            out.write("".join(parts))
            parts.clear()
    out.write("".join(parts) + "\n")
