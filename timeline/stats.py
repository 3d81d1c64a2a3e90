"""Numbers about a selection of events: every figure as a row, and summary counts.

Pure functions over `Event`s (no rich, no typer, no output): the plain-text writers of
`timeline figures` and `timeline stats` live in output/summaries.py, the terminal views in
output/render.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from timeline.model import Event
from timeline.query import tag_counts

__all__ = [
    "FIGURE_COLUMNS",
    "FIGURE_FORMATS",
    "FIGURE_SORTS",
    "STATS_FORMATS",
    "FigureRow",
    "Stats",
    "figure_rows",
    "sort_rows",
    "timeline_stats",
]

#: Field order of a figure row in every format (JSON keys, TSV and CSV columns).
FIGURE_COLUMNS = ("event", "date", "label", "text", "value", "unit", "approx")
FIGURE_FORMATS = ("table", "tsv", "json", "jsonl", "csv")
FIGURE_SORTS = ("date", "value")
STATS_FORMATS = ("table", "tsv", "json")


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One figure with the event it belongs to."""

    event: str
    date: dt.date
    label: str
    text: str
    value: int | Decimal | None
    unit: str
    approx: bool

    def record(self) -> dict[str, Any]:
        """The JSON shape: exactly FIGURE_COLUMNS, the date in ISO form."""
        return {
            "event": self.event,
            "date": self.date.isoformat(),
            "label": self.label,
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "approx": self.approx,
        }

    def cells(self) -> list[str]:
        """Text cells for TSV/CSV: no value is an empty cell, approx is true/false."""
        value = "" if self.value is None else str(self.value)
        approx = "true" if self.approx else "false"
        return [self.event, self.date.isoformat(), self.label, self.text, value, self.unit, approx]


def figure_rows(events: Iterable[Event]) -> list[FigureRow]:
    """Every figure of `events`, in event order and then the order the event lists them."""
    return [
        FigureRow(e.id, e.date, f.label, f.text, f.value, f.unit, f.approx)
        for e in events
        for f in e.figures
    ]


def sort_rows(rows: Sequence[FigureRow], by: str = "date") -> list[FigureRow]:
    """Rows by date (stable: event order kept within a day) or by value, largest first.

    Figures without a value go last when sorting by value; ties keep date order.

    >>> rows = [FigureRow("a", dt.date(2022, 3, 1), "", "数万名", None, "名", True),
    ...         FigureRow("b", dt.date(2022, 3, 2), "", "18家", 18, "家", False),
    ...         FigureRow("c", dt.date(2022, 3, 3), "", "680名", 680, "名", False)]
    >>> [r.event for r in sort_rows(rows, "value")]
    ['c', 'b', 'a']
    """
    if by == "value":
        return sorted(rows, key=lambda r: (r.value is None, -(r.value or 0)))
    if by == "date":
        return sorted(rows, key=lambda r: r.date)
    raise ValueError(f"unknown sort '{by}'")


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts over a selection of events."""

    events: int
    figures: int
    first: dt.date | None
    last: dt.date | None
    per_day: tuple[tuple[dt.date, int], ...]
    per_tag: tuple[tuple[str, int], ...]

    def record(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "figures": self.figures,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "per_day": [{"date": d.isoformat(), "events": n} for d, n in self.per_day],
            "per_tag": [{"tag": t, "events": n} for t, n in self.per_tag],
        }


def timeline_stats(events: Sequence[Event]) -> Stats:
    """Counts of events and figures, the dates covered, events per day and per tag.

    `first` is the earliest date and `last` the latest day covered (a span's end
    counts). `per_day` lists every day from first to last, days without events
    included (a gap in the chart is a gap in time); an event counts on the day it
    starts, so the per-day counts add up to `events`. `per_tag` is most used first.

    >>> s = timeline_stats([Event("a", dt.date(2022, 3, 1), "t", tags=("x",)),
    ...                     Event("b", dt.date(2022, 3, 3), "t", tags=("x", "y"))])
    >>> s.events, [n for _, n in s.per_day], s.per_tag
    (2, [1, 0, 1], (('x', 2), ('y', 1)))
    """
    if not events:
        return Stats(0, 0, None, None, (), ())
    first = min(e.date for e in events)
    last = max(e.last_day for e in events)
    counts: dict[dt.date, int] = {}
    for event in events:
        counts[event.date] = counts.get(event.date, 0) + 1
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return Stats(
        events=len(events),
        figures=sum(len(e.figures) for e in events),
        first=first,
        last=last,
        per_day=tuple((d, counts.get(d, 0)) for d in days),
        per_tag=tuple(tag_counts(events)),
    )
