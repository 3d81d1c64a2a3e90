"""An event as a row of the cache's events table, and back; the header as stored JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from timeline.gcpause import paused_gc
from timeline.model import Event, Figure, SeedSource, Source, Timeline

__all__ = ["COLUMNS", "Row", "decode_events", "encode_event", "header_record", "stored_header"]

#: The stored columns of an event, as every query selects them (see encode_event).
COLUMNS = "record, title, summary, quote"
Row = tuple[str, str, str, "str | None"]


def encode_event(event: Event) -> Row:
    """An event as stored: its short fields as a compact JSON array (Event's order, the
    long texts left out), then title, summary and quote (None without a source) as
    columns of their own. Decoding JSON is slow for Chinese text; SQLite hands a column
    over as a string at once, so the long texts stay out of the JSON."""
    record = json.dumps(
        [
            event.id,
            event.date.isoformat(),
            event.time,
            event.end.isoformat() if event.end else None,
            event.tags,
            event.people,
            event.orgs,
            event.places,
            [
                [f.text, _exact(f.value), f.unit, f.label, f.approx, f.source, _exact(f.high)]
                for f in event.figures
            ],
            event.sources[0].file if event.sources else None,
            event.date_kind,
            event.date_note,
            event.line,
            [[s.file, s.quote] for s in event.sources[1:]],  # rare: most events have one
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    first_quote = event.sources[0].quote if event.sources else None
    return record, event.title, event.summary, first_quote


def decode_events(rows: Sequence[Row]) -> list[Event]:
    """The inverse of :func:`encode_event`, for many at once (one JSON parse, no GC passes).

    Tests round-trip every field of every shipped and generated event.
    """
    date = dt.date.fromisoformat
    with paused_gc():
        fields = json.loads("[" + ",".join([row[0] for row in rows]) + "]")
        return [
            Event(
                f[0],
                date(f[1]),
                title,
                f[2],
                date(f[3]) if f[3] else None,
                summary,
                tuple(f[4]),
                tuple(f[5]),
                tuple(f[6]),
                tuple(f[7]),
                tuple([_figure(x) for x in f[8]]) if f[8] else (),
                _sources(f[9], quote, f[13]),
                f[10],
                f[11],
                f[12],
            )
            for f, (_, title, summary, quote) in zip(fields, rows, strict=True)
        ]


def _exact(value: int | Decimal | None) -> int | str | None:
    """A figure value as stored: an int as itself, a Decimal as its text (exact)."""
    return str(value) if isinstance(value, Decimal) else value


def _number(value: int | str | None) -> int | Decimal | None:
    return Decimal(value) if isinstance(value, str) else value


def _figure(x: list[Any]) -> Figure:
    return Figure(x[0], _number(x[1]), x[2], x[3], x[4], x[5], _number(x[6]))


def _sources(file: str | None, quote: str | None, more: list[list[str]]) -> tuple[Source, ...]:
    if file is None or quote is None:
        return ()
    first = Source(file, quote)
    return (first, *(Source(f, q) for f, q in more)) if more else (first,)


def header_record(timeline: Timeline) -> dict[str, Any]:
    """The header as stored in the cache's meta table."""
    return {
        "title": timeline.title,
        "timezone": timeline.timezone,
        "reference": timeline.reference.isoformat() if timeline.reference else None,
        "sources": [
            [s.file, s.title, s.publisher, s.dateline.isoformat() if s.dateline else None,
             list(s.articles), s.url, s.sha256,
             s.retrieved.isoformat() if s.retrieved else None]
            for s in timeline.sources
        ],
    }  # fmt: skip


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def stored_header(record: dict[str, Any], path: str, events: tuple[Event, ...] = ()) -> Timeline:
    """The inverse of :func:`header_record`: the header exactly as the file gives it."""
    sources = tuple(
        SeedSource(file=s[0], title=s[1], publisher=s[2], dateline=_day(s[3]),
                   articles=tuple(s[4]), url=s[5], sha256=s[6], retrieved=_day(s[7]))
        for s in record["sources"]
    )  # fmt: skip
    return Timeline(
        path=path,
        events=events,
        title=record["title"],
        timezone=record["timezone"],
        reference=_day(record["reference"]),
        sources=sources,
        base_dir=str(Path(path).resolve().parent),
    )
