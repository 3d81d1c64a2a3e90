"""The timeline file's schema, in one place: field names, limits, and the shape written back.

Reading (:mod:`timeline.source.validate`, used by both the full loader and the
streaming reader) and writing (:mod:`timeline.source.write`, used by every command
that produces timeline YAML, such as ``extract -F yaml``) take their field names
from here, so the two cannot drift: what is written is exactly what is read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from timeline.model import (
    DATE_KINDS,
    MONTH_PARTS,
    YEAR_PARTS,
    Event,
    Figure,
    SeedSource,
    Source,
    Timeline,
    date_text,
    precision_start,
)
from timeline.text.shorten import shorten

__all__ = [
    "DATE_KINDS",
    "DEFAULT_TIMEZONE",
    "EVENT_FIELDS",
    "FIGURE_FIELDS",
    "HEADER_FIELDS",
    "MAX_TEXT",
    "SEED_FIELDS",
    "SOURCE_FIELDS",
    "TIME",
    "TOP_LEVEL",
    "Problem",
    "event_fields",
    "header_fields",
    "read_event_date",
]

#: Longest text one field may hold. A long quote is a few hundred characters; a title of
#: megabytes is a broken or hostile file, and would take minutes to lay out on a terminal.
MAX_TEXT = 100_000
#: A wall-clock time, always quoted in YAML ("02:30"): unquoted, YAML reads 11:45 as 705.
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
TOP_LEVEL = ("timeline", "events")
HEADER_FIELDS = ("title", "timezone", "reference", "sources")
SEED_FIELDS = ("file", "title", "publisher", "dateline", "articles", "url", "sha256", "retrieved")
#: In the order they are written; only id, date and title are required.
EVENT_FIELDS = (
    "id", "aliases", "date", "time", "end", "date_kind", "date_note", "title", "summary",
    "tags", "people", "orgs", "places", "figures", "source", "sources", "links",
)  # fmt: skip
FIGURE_FIELDS = ("text", "value", "high", "unit", "label", "approx", "source")
SOURCE_FIELDS = ("file", "quote")
DEFAULT_TIMEZONE = "Asia/Shanghai"
#: An event's date: a day, a month, a year, or a part of a month or a year (2022-03 中旬).
_EVENT_DATE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?"
    r"(?:\s*(?P<part>年[初中底]|月[初中底]|[^\s\d:：年月日号.,/-]\S*))?"  # 2022-03 中旬, 2022 年底
)
_DATE_FORMS = "YYYY-MM-DD, or YYYY-MM, YYYY, 2022-03 中旬, 2022 年底"


def read_event_date(text: str) -> tuple[dt.date, str]:
    """An event's `date` as written: its first possible day and its precision.

    >>> read_event_date("2022-03 中旬")
    (datetime.date(2022, 3, 11), '中旬')

    Raises ValueError with the message the user sees (after ``date``).
    """
    match = _EVENT_DATE.fullmatch(text)
    shown = shorten(text)
    if not match:
        raise ValueError(f"'{shown}' is not an ISO date ({_DATE_FORMS})")
    year, month, day, part = (int(match["y"]), match["m"], match["d"], match["part"])
    if day is not None and part:
        raise ValueError(f"'{shown}' names a day; a part such as {shorten(part)} follows a month")
    parts = YEAR_PARTS if month is None else MONTH_PARTS
    if part is not None and part not in parts:
        raise ValueError(f"'{shown}': '{shorten(part)}' is not one of {'、'.join(parts)}")
    try:
        if day is not None:
            return dt.date(year, int(month), int(day)), "day"
        precision = part or ("year" if month is None else "month")
        return precision_start(year, int(month) if month else None, precision), precision
    except ValueError as exc:
        raise ValueError(f"'{shown}' is not a real date") from exc


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a timeline file, located for the user."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        return f"{where}: {self.message}"


def _figure_fields(figure: Figure) -> dict[str, Any]:
    out: dict[str, Any] = {"text": figure.text}
    if figure.value is not None:
        out["value"] = figure.value
    if figure.high is not None:
        out["high"] = figure.high
    if figure.unit:
        out["unit"] = figure.unit
    if figure.label:
        out["label"] = figure.label
    if figure.approx:
        out["approx"] = True
    if figure.source != 1:
        out["source"] = figure.source
    return out


def _source_fields(source: Source) -> dict[str, Any]:
    return {"file": source.file, "quote": source.quote}


def event_fields(event: Event) -> dict[str, Any]:
    """An event as the plain data a timeline file holds, defaults left out, in file order."""
    values: dict[str, Any] = {
        "id": event.id,
        "aliases": list(event.aliases),
        "date": date_text(event.date, event.precision),
        "time": event.time,
        "end": event.end.isoformat() if event.end else None,
        "date_kind": event.date_kind if event.date_kind != "event" else None,
        "date_note": event.date_note,
        "title": event.title,
        "summary": event.summary,
        "tags": list(event.tags),
        "people": list(event.people),
        "orgs": list(event.orgs),
        "places": list(event.places),
        "figures": [_figure_fields(f) for f in event.figures],
        # One source is written as `source:`, as people write it; several as `sources:`.
        "source": _source_fields(event.sources[0]) if len(event.sources) == 1 else None,
        "sources": [_source_fields(s) for s in event.sources] if len(event.sources) > 1 else None,
        "links": list(event.links),
    }
    return {key: values[key] for key in EVENT_FIELDS if values[key] not in (None, "", [])}


def _seed_fields(seed: SeedSource) -> dict[str, Any]:
    values: dict[str, Any] = {
        "file": seed.file,
        "title": seed.title,
        "publisher": seed.publisher,
        "dateline": seed.dateline.isoformat() if seed.dateline else None,
        "articles": list(seed.articles),
        "url": seed.url,
        "sha256": seed.sha256,
        "retrieved": seed.retrieved.isoformat() if seed.retrieved else None,
    }
    return {key: values[key] for key in SEED_FIELDS if values[key] not in (None, "", [])}


def header_fields(timeline: Timeline) -> dict[str, Any]:
    """The `timeline:` header as plain data, defaults left out."""
    values: dict[str, Any] = {
        "title": timeline.title,
        "timezone": timeline.timezone if timeline.timezone != DEFAULT_TIMEZONE else None,
        "reference": timeline.reference.isoformat() if timeline.reference else None,
        "sources": [_seed_fields(s) for s in timeline.sources],
    }
    return {key: values[key] for key in HEADER_FIELDS if values[key] not in (None, "", [])}
