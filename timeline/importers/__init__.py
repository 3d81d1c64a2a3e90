"""Timelines from other tools, as timeline files ``check`` accepts: ``timeline import``.

Four formats, one module each: TimelineJS's Google Sheets template as CSV
(:mod:`.sheet`) and its JSON (:mod:`.timelinejs`, which maps a slide for both), tables
with a header row and our own CSV/TSV exports (:mod:`.table`), and markwhen text
(:mod:`.markwhen`). Each reads its format into drafts; :mod:`.common` gives the ids
and limits; the result is written by the one writer,
:func:`timeline.source.write.dump_timeline`, and read back by the one loader before it
is returned, so what an import hands over always loads.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from dataclasses import dataclass

from timeline.errors import DataError, UsageError
from timeline.importers.common import Draft, Notes, finish
from timeline.model import Timeline
from timeline.text.shorten import shorten

__all__ = ["FORMATS", "Imported", "guess_format", "import_text"]

FORMATS = ("timelinejs-csv", "timelinejs-json", "csv", "markwhen")
_TABLE_EXTENSIONS = (".csv", ".tsv", ".tab")
_MARKWHEN_EXTENSIONS = (".mw", ".markwhen")


@dataclass(frozen=True)
class Imported:
    """An import's timeline, its YAML text, the notes on what was not kept, its format."""

    timeline: Timeline
    yaml: str
    notes: tuple[str, ...]
    format: str


def _first_row(text: str) -> list[str]:
    line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if line.count("\t") > line.count(",") else ","
    return next(csv.reader([line], delimiter=delimiter), [])


def guess_format(name: str, text: str) -> tuple[str, str]:
    """The format of a file by its content, then its extension, and why (said on stderr).

    >>> guess_format("x.txt", "Year,Month,Day,Headline\\n2022,3,20,x")
    ('timelinejs-csv', 'its header has Year and Headline')
    """
    from timeline.importers.markwhen import looks_like_markwhen
    from timeline.importers.sheet import is_sheet_header

    extension = os.path.splitext(name)[1].lower()
    if text.lstrip().startswith("{"):
        return "timelinejs-json", "it is a JSON object"
    first = _first_row(text)
    if is_sheet_header(first):
        return "timelinejs-csv", "its header has Year and Headline"
    if extension in _MARKWHEN_EXTENSIONS:
        return "markwhen", f"its extension is {extension}"
    if text.lstrip().startswith("---") or looks_like_markwhen(text):
        return "markwhen", "it has markwhen event lines (2022-03-20: title)"
    if extension in _TABLE_EXTENSIONS:
        return "csv", f"its extension is {extension}"
    if extension == ".json":
        return "timelinejs-json", "its extension is .json"
    if len(first) > 1:
        return "csv", "its first line has separated columns"
    raise UsageError(f"cannot tell the format of {shorten(name)}; give --from {'|'.join(FORMATS)}")


def _delimiter(name: str, text: str) -> str:
    if name.lower().endswith((".tsv", ".tab")):
        return "\t"
    line = next((line for line in text.splitlines() if line.strip()), "")
    return "\t" if line.count("\t") > line.count(",") else ","


def _drafts(
    text: str, notes: Notes, fmt: str, mapping: Mapping[str, str]
) -> tuple[list[Draft], str]:
    if mapping and fmt != "csv":
        raise UsageError(f"--map names columns of a table (--from csv), not of {fmt}")
    if fmt == "timelinejs-json":
        from timeline.importers.timelinejs import read_json

        slides = read_json(text, notes)
        return slides.drafts, slides.title
    if fmt == "timelinejs-csv":
        from timeline.importers.sheet import read_sheet

        slides = read_sheet(text, notes)
        return slides.drafts, slides.title
    if fmt == "csv":
        from timeline.importers.table import read_table

        return read_table(text, notes, mapping, _delimiter(notes.name, text)), ""
    from timeline.importers.markwhen import read_markwhen

    reader = read_markwhen(text, notes)
    return reader.drafts, reader.title


def import_text(
    text: str,
    name: str,
    fmt: str,
    mapping: Mapping[str, str] | None = None,
    base: str = "",
) -> Imported:
    """Read `text` (from the file `name`, as shown in messages) in format `fmt`.

    `mapping` is ``--map`` (field -> column name, tables only); `base` is the folder the
    timeline will be written in, where quotes' source files are looked for. Raises
    DataError (file:line) for input that cannot be read, UsageError for bad options.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{shorten(fmt)}'; choose from {', '.join(FORMATS)}")
    from timeline.source.load import parse_timeline
    from timeline.source.write import dump_timeline

    notes = Notes(name)
    drafts, title = _drafts(text, notes, fmt, dict(mapping or {}))
    if not drafts:
        raise notes.error(0, f"no events found (read as {fmt})")
    timeline = finish(drafts, notes, title, base)
    yaml_text = dump_timeline(timeline)
    _, problems = parse_timeline(yaml_text, name, base)
    if problems:  # never expected: the importers build only what the schema holds
        raise DataError(f"{name}: the imported timeline does not load: {problems[0].message}")
    return Imported(timeline, yaml_text, tuple(notes.lines), fmt)
