"""The TimelineJS Google Sheets template, saved as CSV: one slide per row.

Columns (any order, case and spaces around names ignored): Year, Month, Day, Time,
End Year, End Month, End Day, End Time, Display Date, Headline, Text, Media,
Media Credit, Media Caption, Media Thumbnail, Type, Group, Background. The mapping of
a slide is :mod:`timeline.importers.timelinejs`'s, shared with the JSON form.
"""

from __future__ import annotations

from timeline.importers.common import Notes, csv_rows
from timeline.importers.slides import Slide, Slides

__all__ = ["COLUMNS", "is_sheet_header", "read_sheet"]

COLUMNS = (
    "year", "month", "day", "time", "end year", "end month", "end day", "end time",
    "display date", "headline", "text", "media", "media credit", "media caption",
    "media thumbnail", "type", "group", "background",
)  # fmt: skip
_START = {"year": "year", "month": "month", "day": "day", "time": "time"}
_END = {"end year": "year", "end month": "month", "end day": "day", "end time": "time"}


def _name(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).lower()


def is_sheet_header(cells: list[str]) -> bool:
    """Whether a header row is the TimelineJS template's (it has Year and Headline)."""
    names = {_name(c) for c in cells}
    return {"year", "headline"} <= names


def _slide(line: int, values: dict[str, str]) -> Slide:
    slide = Slide(
        line,
        start={part: values.get(column, "") for column, part in _START.items()},
        end={part: values.get(column, "") for column, part in _END.items()},
        display=values.get("display date", ""),
        headline=values.get("headline", ""),
        text=values.get("text", ""),
        media=values.get("media", ""),
        group=values.get("group", ""),
        kind=values.get("type", "").strip().lower(),
    )
    slide.unkept = [
        name
        for name in ("media credit", "media caption", "media thumbnail", "background")
        if values.get(name, "").strip()
    ]
    return slide


def read_sheet(text: str, notes: Notes) -> Slides:
    """The slides of a TimelineJS sheet; a header row naming its columns is required."""
    rows = csv_rows(text, notes)
    first = next(rows, None)
    if first is None:
        raise notes.error(1, "empty: a header row (Year, Month, Day, …, Headline) is expected")
    line, header = first
    names = [_name(c) for c in header]
    if not is_sheet_header(header):
        raise notes.error(line, "not a TimelineJS sheet: its header has no Year and Headline")
    unknown = [c.strip() for c, n in zip(header, names, strict=True) if n and n not in COLUMNS]
    if unknown:
        notes.add(
            line, f"columns not imported: {', '.join(unknown)} (not in the TimelineJS template)"
        )
    slides = Slides(notes)
    for line, row in rows:
        values = {n: cell for n, cell in zip(names, row, strict=False) if n in COLUMNS}
        if len(row) > len(names) and any(c.strip() for c in row[len(names) :]):
            notes.add(line, f"{len(row) - len(names)} cells beyond the header are not imported")
        slides.add(_slide(line, values))
    slides.finish()
    return slides
