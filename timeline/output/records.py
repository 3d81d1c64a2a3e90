"""What every writer shares: the context it writes in and the JSON shape of an event."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from timeline.model import Event, Figure, Source, Timeline

__all__ = [
    "DATE_KIND_LABELS",
    "OutputContext",
    "chinese_weekday",
    "day_group",
    "day_heading",
    "event_record",
    "figure_record",
]

#: How every view marks a date that is not simply when it happened: 截至 (a tally as of the
#: date), 以来 (since the date), 报道日 (filed at the report's date, undated in the text).
DATE_KIND_LABELS = {"as_of": "截至", "since": "以来", "report": "报道日"}


def chinese_weekday(day: dt.date) -> str:
    """周一 … 周日, as Chinese chronologies head their days.

    >>> chinese_weekday(dt.date(2022, 3, 20))
    '周日'
    """
    return "周" + "一二三四五六日"[day.weekday()]


@dataclass(frozen=True)
class OutputContext:
    """What a writer may need beyond the events: header, colour, width, highlights."""

    timeline: Timeline
    color: bool = False
    width: int | None = None
    highlight: Sequence[re.Pattern[str]] = field(default_factory=tuple)
    #: Whether views that may hide them show event ids (the timeline view; --no-ids).
    ids: bool = True
    #: Ids of events `on` lists as possible: dated to a wider span overlapping the day asked.
    possible: frozenset[str] = frozenset()


def day_heading(event: Event) -> str:
    """The heading a day-grouped view puts over an event: ``2022-03-20 周日``, or its span
    for an event dated only to a part of a month or year (``2022-03 中旬``)."""
    if event.uncertain:
        return event.written_date
    return f"{event.date.isoformat()} {chinese_weekday(event.date)}"


def day_group(event: Event) -> tuple[dt.date, str]:
    """What a day-grouped view groups by: the day, apart from the spans beginning on it."""
    return event.date, event.precision


def figure_record(figure: Figure) -> dict[str, Any]:
    return {
        "text": figure.text,
        "value": figure.value,
        "unit": figure.unit,
        "label": figure.label,
        "approx": figure.approx,
        "source": figure.source,
        "high": figure.high,
    }


def _source_record(source: Source) -> dict[str, str]:
    return {"file": source.file, "quote": source.quote}


def event_record(event: Event) -> dict[str, Any]:
    """The JSON shape of an event: the data file's own field names, in every command."""
    return {
        "id": event.id,
        "date": event.written_date,
        "time": event.time,
        # The last day it may cover: a span's end, or the end of a 中旬 (null for one day).
        "end": event.last_day.isoformat() if event.last_day != event.date else None,
        "date_kind": event.date_kind,
        "date_note": event.date_note or None,
        "title": event.title,
        "summary": event.summary,
        "tags": list(event.tags),
        "people": list(event.people),
        "orgs": list(event.orgs),
        "places": list(event.places),
        "figures": [figure_record(f) for f in event.figures],
        # `source` (the first) as before; `sources` lists every one of them.
        "source": _source_record(event.sources[0]) if event.sources else None,
        "sources": [_source_record(s) for s in event.sources],
        "aliases": list(event.aliases),
        "precision": event.precision,
        "start": event.date.isoformat(),
        "links": list(event.links),
    }
