"""An event as a row of the cache's events table, and back; the header as stored JSON.

A row is (seq, data, crc): `data` packs the event's short fields as a compact JSON
array and its long texts as UTF-8, or as UTF-16 when that is shorter (Chinese text:
two bytes a character instead of three), and `crc` is the CRC-32 of `data` started
from `seq`, so a changed byte, or a sound row found under another number, is seen
when the row is decoded (:class:`Damaged`) and never printed. The file of the first
source, the same in most events, is stored as its number in a list of the files
(`files`, kept in the cache's meta) when it is in that list.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
import zlib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from timeline.gcpause import paused_gc
from timeline.model import Event, Figure, SeedSource, Source, Timeline

__all__ = [
    "COLUMNS",
    "Damaged",
    "Files",
    "Row",
    "decode_events",
    "encode_event",
    "header_record",
    "row_check",
    "stored_header",
]

#: The stored columns of an event, as every query selects them (see encode_event).
COLUMNS = "seq, data, crc"
Row = tuple[int, bytes, int]
#: Byte lengths of the JSON record, title, summary and quote (_NO_QUOTE: no source); a
#: text's length has _WIDE set when it is stored as UTF-16.
_LENGTHS = struct.Struct("<4I")
_NO_QUOTE = 0xFFFFFFFF
_WIDE = 1 << 31
#: At most this many files are numbered (Files); any other is stored as its name.
_MAX_FILES = 4096


class Files:
    """The source files rows name by number, numbered as they are first met."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, file: str) -> int | str:
        found = self.numbers.get(file)
        if found is None and len(self.numbers) < _MAX_FILES:
            found = self.numbers[file] = len(self.numbers)
        return file if found is None else found

    @property
    def names(self) -> list[str]:
        """The list `decode_events` is given: each number's file."""
        return list(self.numbers)


def _text(text: str) -> tuple[bytes, int]:
    """A text as stored, and its length word: UTF-8, or UTF-16 when that is shorter."""
    narrow = text.encode()
    if len(narrow) == len(text):  # ASCII
        return narrow, len(narrow)
    wide = text.encode("utf-16-le")
    return (wide, len(wide) | _WIDE) if len(wide) < len(narrow) else (narrow, len(narrow))


class Damaged(ValueError):
    """The cache does not hold what its checksums say: drop it, answer from the file."""


def row_check(data: bytes, number: int) -> int:
    """The checksum of a stored row: CRC-32 of `data` started from the row's `number`.

    Different starting values give different checksums for the same bytes (each step
    of the CRC is invertible), so a row moved under another number fails too.
    """
    return zlib.crc32(data, number & 0xFFFFFFFF)


def encode_event(event: Event, seq: int = 0, files: Files | None = None) -> Row:
    """An event as stored: its short fields as a compact JSON array (Event's order, the
    long texts left out), then title, summary and quote (none without a source), each
    as UTF-8 or UTF-16 after a header of their lengths. Decoding JSON is slow for Chinese
    text; the long texts stay out of it and are decoded from their bytes at once. With
    `files`, the first source's file is stored by its number there."""
    file = event.sources[0].file if event.sources else None
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
            file if file is None or files is None else files.number(file),
            event.date_kind,
            event.date_note,
            event.line,
            [[s.file, s.quote] for s in event.sources[1:]],  # rare: most events have one
            event.aliases,
            event.precision,
            event.links,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    (title, t), (summary, s) = _text(event.title), _text(event.summary)
    quote, q = _text(event.sources[0].quote) if event.sources else (b"", _NO_QUOTE)
    lengths = (len(record), t, s, q)
    data = b"".join((_LENGTHS.pack(*lengths), record, title, summary, quote))
    return seq, data, row_check(data, seq)


def _unpacked(rows: Sequence[Row]) -> list[tuple[bytes, str, str, str | None]]:
    """Each row's JSON record and texts, its checksum verified first."""
    out = []
    head = _LENGTHS.size
    for seq, data, crc in rows:
        if row_check(data, seq) != crc:
            raise Damaged(f"cache: event row {seq} fails its checksum")
        rec, title, summary, quote = _LENGTHS.unpack_from(data)
        t = head + rec
        s = t + (title & ~_WIDE)
        q = s + (summary & ~_WIDE)
        end = q + (0 if quote == _NO_QUOTE else quote & ~_WIDE)
        if end != len(data):
            raise Damaged(f"cache: event row {seq} is malformed")
        text = _decoded(data[q:end], quote) if quote != _NO_QUOTE else None
        out.append((data[head:t], _decoded(data[t:s], title), _decoded(data[s:q], summary), text))
    return out


def _decoded(data: bytes, length: int) -> str:
    return data.decode("utf-16-le" if length & _WIDE else "utf-8")


def decode_events(rows: Sequence[Row], files: Sequence[str] = ()) -> list[Event]:
    """The inverse of :func:`encode_event`, for many at once (one JSON parse, no GC passes).

    `files` are the files numbered when the rows were encoded (Files.names). Every row's
    checksum is verified first: a damaged row raises :class:`Damaged`.
    Tests round-trip every field of every shipped and generated event.
    """
    date = dt.date.fromisoformat
    with paused_gc():
        parts = _unpacked(rows)
        fields = json.loads(b"[" + b",".join([p[0] for p in parts]) + b"]")
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
                _sources(files[f[9]] if type(f[9]) is int else f[9], quote, f[13]),
                f[10],
                f[11],
                tuple(f[14]),
                f[15],
                tuple(f[16]),
                f[12],
            )
            for f, (_, title, summary, quote) in zip(fields, parts, strict=True)
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
