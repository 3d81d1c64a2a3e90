"""Reading the cache so that damage is seen before anything is printed.

Every row the cache answers with carries a checksum (timeline.store.build): an event
row the CRC-32 of its bytes started from its number, a row of the date-time order
that of its rank, number and date, a row of the rare-character index that of its
character and list, and the meta table one checksum over all its rows. A changed
byte fails its row's checksum; a row SQLite no longer finds (a damaged page, index
or pointer) is seen as a gap: ranks are walked one after the other and must all be
there, a date window must be closed on both sides by a row outside it (or the
first or last rank), and a list of numbers asked for must come back whole. Any of
these raises :class:`Damaged`; the cache store then drops the cache and answers
from the file. SQLite's own hints (the date index) only choose where to start: a
hint that is wrong makes the walk fail, never the answer.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from timeline.model import Event
from timeline.store.build import meta_check
from timeline.store.ranking import ordered_check, rare_check
from timeline.store.records import COLUMNS, Damaged, Row, decode_events

__all__ = [
    "Damaged",
    "all_events",
    "each_event",
    "events_numbered",
    "events_ranked",
    "read_meta",
    "rare_rows",
    "walk",
]


def read_meta(db: sqlite3.Connection) -> dict[str, Any]:
    """The meta table as values, after its checksum matched."""
    rows = db.execute("SELECT key, value FROM meta").fetchall()
    stored = dict(rows)
    if stored.get("check") != str(meta_check(rows)):
        raise Damaged("cache: meta fails its checksum")
    return {k: json.loads(v) for k, v in rows if k != "check"}


def all_events(db: sqlite3.Connection, count: int, files: Sequence[str]) -> list[Event]:
    """Every event in file order: numbers 0 to count - 1, each once."""
    rows: list[Row] = db.execute(f"SELECT {COLUMNS} FROM events ORDER BY seq").fetchall()
    if [row[0] for row in rows] != list(range(count)):
        raise Damaged("cache: events are missing or repeated")
    return decode_events(rows, files)


def each_event(
    db: sqlite3.Connection, count: int, files: Sequence[str], batch: int = 2000
) -> Iterator[Event]:
    """Every event in file order, a batch at a time: numbers 0 to count - 1, each once."""
    cursor = db.execute(f"SELECT {COLUMNS} FROM events ORDER BY seq")
    expected = 0
    while rows := cursor.fetchmany(batch):
        if [row[0] for row in rows] != list(range(expected, expected + len(rows))):
            raise Damaged("cache: events are missing or repeated")
        expected += len(rows)
        yield from decode_events(rows, files)
    if expected != count:
        raise Damaged("cache: events are missing")


def events_ranked(
    db: sqlite3.Connection, ranks: Sequence[int], files: Sequence[str]
) -> list[tuple[int, Event]]:
    """(number, event) of the events of `ranks` (ascending or descending), every one of them,
    in that order."""
    rows: list[Any] = []
    for start in range(0, len(ranks), 500):
        part = ranks[start : start + 500]
        marks = ",".join("?" * len(part))
        rows.extend(
            db.execute(
                "SELECT o.rank, o.seq, o.date, o.crc, e.seq, e.data, e.crc"
                " FROM ordered o CROSS JOIN events e ON e.seq = o.seq"
                f" WHERE o.rank IN ({marks})",
                list(part),
            )
        )
    rows.sort(reverse=len(ranks) > 1 and ranks[0] > ranks[1])
    if [r[0] for r in rows] != list(ranks) or any(
        ordered_check(rank, seq, day) != crc for rank, seq, day, crc, *_ in rows
    ):
        raise Damaged("cache: search text and events disagree")
    events = decode_events([r[4:] for r in rows], files)
    return list(zip([r[1] for r in rows], events, strict=True))


def events_numbered(
    db: sqlite3.Connection, seqs: Sequence[int], files: Sequence[str]
) -> list[Event]:
    """The events numbered `seqs` (ascending), every one of them."""
    rows: list[Row] = []
    for start in range(0, len(seqs), 500):
        part = seqs[start : start + 500]
        marks = ",".join("?" * len(part))
        query = f"SELECT {COLUMNS} FROM events WHERE seq IN ({marks}) ORDER BY seq"
        rows.extend(db.execute(query, list(part)))
    if [row[0] for row in rows] != list(seqs):
        raise Damaged("cache: search text and events disagree")
    return decode_events(rows, files)


def rare_rows(db: sqlite3.Connection, chars: Sequence[str], indexed: str) -> list[bytes]:
    """The event lists of `chars` in the rare-character index, [] when no event holds one.

    A character of the index (`indexed`, from the verified meta) that has no row is damage,
    not a character no event holds.
    """
    marks = ",".join("?" * len(chars))
    rows = db.execute(f"SELECT char, seqs, crc FROM rare WHERE char IN ({marks})", chars)
    found = {}
    for char, seqs, crc in rows:
        if rare_check(char, seqs) != crc:
            raise Damaged("cache: rare-character index fails its checksum")
        found[char] = seqs
    for char in chars:
        if char not in found and char in indexed:
            raise Damaged("cache: rare-character index is missing a row")
    return list(found.values()) if len(found) == len(chars) else []


def _hint(db: sqlite3.Connection, day: dt.date | None, count: int, first: bool) -> int:
    """Where SQLite's date index says the window starts (first) or ends; checked by walk."""
    if day is None:
        return 0 if first else count - 1
    if first:
        sql = "SELECT rank FROM ordered WHERE date >= ? ORDER BY date, rank LIMIT 1"
    else:
        sql = "SELECT rank FROM ordered WHERE date <= ? ORDER BY date DESC, rank DESC LIMIT 1"
    row = db.execute(sql, (day.isoformat(),)).fetchone()
    if row is None:
        return count if first else -1
    return int(row[0])


def walk(
    db: sqlite3.Connection,
    count: int,
    files: Sequence[str],
    low: dt.date | None,
    high: dt.date | None,
    reverse: bool = False,
    batch: int = 2000,
) -> Iterator[tuple[int, Event]]:
    """(number, event) of every event whose first day is in [low, high], in date-time order
    (or its reverse), streamed a batch at a time and proved complete as it goes.

    The ranks walked must come one after the other, each row sound, and the window
    must be closed on both sides: by a row whose day is outside it, or by the first or
    last rank. A missing or extra row raises Damaged, after the events before it.
    """
    if count <= 0:
        return
    start = max(_hint(db, low, count, first=True) - 1, 0)
    stop = max(min(_hint(db, high, count, first=False) + 1, count - 1), start)
    cursor = db.execute(
        "SELECT o.rank, o.seq, o.date, o.crc, e.seq, e.data, e.crc"
        " FROM ordered o CROSS JOIN events e ON e.seq = o.seq"
        " WHERE o.rank BETWEEN ? AND ? ORDER BY o.rank" + (" DESC" if reverse else ""),
        (start, stop),
    )
    step = -1 if reverse else 1
    expected, last = (stop, 0) if reverse else (start, count - 1)
    window = _Window(low, high, reverse, opened=expected == (count - 1 if reverse else 0))
    everything = low is None and high is None  # every row is inside: nothing to place
    while rows := cursor.fetchmany(batch):
        ranks = range(expected, expected + step * len(rows), step)
        if [r[0] for r in rows] != list(ranks) or [
            ordered_check(rank, seq, day) for rank, seq, day, *_ in rows
        ] != [r[3] for r in rows]:
            raise Damaged("cache: the date-time order is damaged")
        expected += step * len(rows)
        events = decode_events([r[4:] for r in rows], files)
        if everything:
            yield from zip([r[1] for r in rows], events, strict=True)
            continue
        for row, event in zip(rows, events, strict=True):
            if window.past(event):
                return
            if window.inside:
                yield row[1], event
    if expected - step != last:  # the rows ran out before the window was closed
        raise Damaged("cache: the end of a date window is missing")


class _Window:
    """Follows a walk through the ranks: before the window, inside it, past it."""

    def __init__(
        self, low: dt.date | None, high: dt.date | None, reverse: bool, opened: bool
    ) -> None:
        self.low, self.high, self.reverse = low, high, reverse
        self.inside = False
        #: A row before the window was seen, or the walk began at the first rank.
        self.opened = opened

    def past(self, event: Event) -> bool:
        """Place the next row; True once past the window (the walk ends, complete)."""
        before = self.low is not None and event.date < self.low
        after = self.high is not None and event.date > self.high
        if self.reverse:
            before, after = after, before
        if before:
            if self.inside:
                raise Damaged("cache: the date-time order is out of order")
            self.opened = True
            return False
        if not self.opened:
            raise Damaged("cache: the start of a date window is missing")
        self.inside = not after
        return after
