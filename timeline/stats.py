"""Numbers about a selection of events: every figure as a row, and summary counts.

Pure functions over `Event`s (no rich, no typer, no output): the plain-text writers of
`timeline figures` and `timeline stats` live in output/summaries.py, the terminal views in
output/render.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from timeline.model import Event, precision_span
from timeline.query import tag_counts

__all__ = [
    "FIGURE_COLUMNS",
    "FIGURE_FORMATS",
    "FIGURE_SORTS",
    "ROLLUPS",
    "STATS_FORMATS",
    "GAP_DAYS",
    "FigureRow",
    "Period",
    "Stats",
    "figure_rows",
    "is_report",
    "rollup",
    "sort_rows",
    "timeline_stats",
]

#: Field order of a figure row in every format (JSON keys, TSV and CSV columns).
FIGURE_COLUMNS = ("event", "date", "label", "text", "value", "unit", "approx")
FIGURE_FORMATS = ("table", "tsv", "json", "jsonl", "csv")
FIGURE_SORTS = ("date", "value")
STATS_FORMATS = ("table", "tsv", "csv", "json", "jsonl")
#: The periods `stats --by` counts events in; weeks are ISO weeks, Monday to Sunday.
ROLLUPS = ("day", "week", "month", "year")


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
    #: (day, events, of which reports): events starting that day, and how many of them
    #: are tallies (截至, 以来, 报道日) rather than happenings.
    per_day: tuple[tuple[dt.date, int, int], ...]
    per_tag: tuple[tuple[str, int], ...]
    #: Runs of more than GAP_DAYS days without events (first and last day), left out of
    #: per_day: the work and the output are bounded by the events, not by their span.
    gaps: tuple[tuple[dt.date, dt.date], ...] = ()
    #: Events dated only to a part of a month or year: on no one day, so not in per_day.
    uncertain: int = 0

    def record(self) -> dict[str, Any]:
        """The JSON shape; "gaps" is there only when days were left out of "per_day"."""
        record: dict[str, Any] = {
            "events": self.events,
            "figures": self.figures,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "per_day": [
                {"date": d.isoformat(), "events": n, "happenings": n - r, "reports": r}
                for d, n, r in self.per_day
            ],
            "per_tag": [{"tag": t, "events": n} for t, n in self.per_tag],
            "uncertain": self.uncertain,
        }
        if self.gaps:
            record["gaps"] = [
                {"from": a.isoformat(), "to": b.isoformat(), "days": (b - a).days + 1}
                for a, b in self.gaps
            ]
        return record


#: A run of days without events longer than this is one gap in `stats`, not a day each.
GAP_DAYS = 31


def timeline_stats(events: Sequence[Event]) -> Stats:
    """Counts of events and figures, the dates covered, events per day and per tag.

    `first` is the earliest date and `last` the latest day covered (a span's end
    counts). `per_day` lists the days from first to last, days without events
    included (a gap in the chart is a gap in time), except runs of more than
    GAP_DAYS empty days: each is one entry of `gaps` instead, so three events from
    0001 to 9999 give a few lines, not 3.65 million. An event counts on the day it
    starts, reports (tallies) apart from happenings; one dated only to a part of a month
    or year is on no day and counted in `uncertain`, so the per-day counts add up to
    `events` less `uncertain`. `per_tag` is most used first.

    >>> s = timeline_stats([Event("a", dt.date(2022, 3, 1), "t", tags=("x",)),
    ...                     Event("b", dt.date(2022, 3, 3), "t", tags=("x", "y"))])
    >>> s.events, [n for _, n, _ in s.per_day], s.per_tag
    (2, [1, 0, 1], (('x', 2), ('y', 1)))
    >>> s = timeline_stats([Event("a", dt.date(1, 1, 1), "t"), Event("b", dt.date.max, "t")])
    >>> len(s.per_day), [(a.isoformat(), b.isoformat()) for a, b in s.gaps]
    (2, [('0001-01-02', '9999-12-30')])
    """
    if not events:
        return Stats(0, 0, None, None, (), ())
    first = min(e.date for e in events)
    last = max(e.last_day for e in events)
    counts: dict[dt.date, list[int]] = {}
    uncertain = 0
    for event in events:
        if event.uncertain:
            uncertain += 1
            continue
        count = counts.setdefault(event.date, [0, 0])
        count[0] += 1
        count[1] += is_report(event)
    per_day, gaps = _days_and_gaps(counts, first, last)
    return Stats(
        events=len(events),
        figures=sum(len(e.figures) for e in events),
        first=first,
        last=last,
        per_day=per_day,
        per_tag=tuple(tag_counts(events)),
        gaps=gaps,
        uncertain=uncertain,
    )


def is_report(event: Event) -> bool:
    """A tally dated as of, since or at a report (截至, 以来, 报道日), not a happening."""
    return event.date_kind != "event"


def _days_and_gaps(
    counts: dict[dt.date, list[int]], first: dt.date, last: dt.date
) -> tuple[tuple[tuple[dt.date, int, int], ...], tuple[tuple[dt.date, dt.date], ...]]:
    """Every day from first to last with its counts, long empty runs as gaps instead."""
    days: list[tuple[dt.date, int, int]] = []
    gaps: list[tuple[dt.date, dt.date]] = []
    marks = sorted(counts) or [first]
    if marks[-1] != last:
        marks.append(last)  # a span's last day ends the chart
    previous: dt.date | None = None
    for day in marks:
        if previous is not None:
            empty = (day - previous).days - 1
            start = previous + dt.timedelta(days=1)
            if empty > GAP_DAYS:
                gaps.append((start, day - dt.timedelta(days=1)))
            else:
                days.extend((start + dt.timedelta(days=i), 0, 0) for i in range(empty))
        days.append((day, *counts.get(day, (0, 0))))
        previous = day
    return tuple(days), tuple(gaps)


# ---------------------------------------------------------------- roll-ups


@dataclass(frozen=True, slots=True)
class Period:
    """A day, ISO week, month or year, the number of events starting in it, and how many
    of those are reports (tallies) rather than happenings."""

    label: str
    start: dt.date
    end: dt.date
    events: int
    reports: int = 0

    def record(self) -> dict[str, Any]:
        return {
            "period": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "events": self.events,
            "reports": self.reports,
        }


def _period_start(day: dt.date, by: str) -> dt.date:
    if by == "week":
        return day - dt.timedelta(days=day.weekday())  # Monday, as ISO 8601 weeks start
    if by == "month":
        return day.replace(day=1)
    if by == "year":
        return day.replace(month=1, day=1)
    return day


def _next_start(start: dt.date, by: str) -> dt.date:
    """The first day of the period after the one starting on `start` (OverflowError past 9999)."""
    if by == "day":
        return start + dt.timedelta(days=1)
    if by == "week":
        return start + dt.timedelta(days=7)
    if by == "month":
        return (start + dt.timedelta(days=31)).replace(day=1)
    return start.replace(year=start.year + 1)


def _label(start: dt.date, by: str) -> str:
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if by == "year":
        return f"{start.year:04d}"
    return start.isoformat()


def rollup(events: Sequence[Event], by: str = "day") -> tuple[Period, ...]:
    """Events per day, ISO week (Monday to Sunday, labelled 2022-W11), month or year.

    Periods run from the first event's to the last day any event covers, empty ones
    included, like `timeline_stats`'s days, except runs of more than GAP_DAYS empty periods
    in a row, which are left out; an event counts in the period it starts in (reports
    counted apart too), except one dated only to a span wider than the period (a 3月中旬
    event is in March, but on no day and in no week), so the counts add up to the number
    of events that fit.

    >>> days = [dt.date(2022, 3, 13), dt.date(2022, 3, 14), dt.date(2022, 3, 27)]
    >>> weeks = rollup([Event(str(i), d, "t") for i, d in enumerate(days)], "week")
    >>> [(p.label, p.start.isoformat(), p.events) for p in weeks]
    [('2022-W10', '2022-03-07', 1), ('2022-W11', '2022-03-14', 1), ('2022-W12', '2022-03-21', 1)]
    """
    if by not in ROLLUPS:
        raise ValueError(f"unknown period '{by}'")
    if not events:
        return ()
    counts: dict[dt.date, tuple[int, int]] = {}
    for event in events:
        start = _period_start(event.date, by)
        if _period_start(precision_span(event.date, event.precision)[1], by) != start:
            continue  # dated to a span wider than the period: in none of them
        events_, reports = counts.get(start, (0, 0))
        counts[start] = (events_ + 1, reports + is_report(event))
    last = _period_start(max(e.last_day for e in events), by)
    starts = sorted({*counts, last})
    periods: list[Period] = []
    for here, there in itertools.pairwise(starts):
        periods.append(_period(here, by, counts.get(here, (0, 0))))
        periods.extend(_empty_between(here, there, by))
    periods.append(_period(starts[-1], by, counts.get(starts[-1], (0, 0))))
    return tuple(periods)


def _period(start: dt.date, by: str, count: tuple[int, int] = (0, 0)) -> Period:
    try:
        end = _next_start(start, by) - dt.timedelta(days=1)
    except (OverflowError, ValueError):  # the period holding 9999-12-31
        end = dt.date.max
    return Period(_label(start, by), start, end, *count)


def _empty_between(here: dt.date, there: dt.date, by: str) -> list[Period]:
    """The empty periods between two that hold events: all of them, unless there are more
    than GAP_DAYS in a row, which are left out (as `timeline_stats` leaves out long runs of
    empty days), so the work is bounded by the events, never by the span."""
    empty: list[Period] = []
    start = _next_start(here, by)
    while start < there:
        if len(empty) == GAP_DAYS:
            return []
        empty.append(_period(start, by))
        start = _next_start(start, by)
    return empty
