"""The second half of a build: the date-time order, the search text and the rare index.

The events are in the database and their folded texts in a scratch file, both in
file order, and each event's sort key in the pending table (timeline.store.build).
SQLite sorts the keys (its external sorter spills to disk, so memory stays flat);
walking that order, each event gets its rank, a checksummed row of the ordered
table, and its text is copied to the search-text file, which therefore holds the
texts in date-time order: a search finds matches in the order they are listed. The
rare-character index (timeline.store.rare) is fed the same texts, its lists handed
over in parts to a temporary table and joined per character at the end.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from array import array
from typing import Any

from timeline.store.rare import RareIndex, common_characters
from timeline.store.searchtext import Writer, little_endian

__all__ = ["ordered_check", "rank", "rare_check"]

_BATCH = 2000
_WINDOW = 4 << 20


def ordered_check(rank: int, seq: int, date: str) -> int:
    """The checksum of a row of the date-time order."""
    return zlib.crc32(f"{rank} {seq} {date}".encode())


def rare_check(char: str, seqs: bytes) -> int:
    """The checksum of a row of the rare-character index."""
    return zlib.crc32(seqs, zlib.crc32(char.encode("utf-8", "surrogatepass")))


class _Scratch:
    """Reads texts from the scratch file through a window (in order when the file was)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.start = 0
        self.data = b""

    def read(self, at: int, size: int) -> bytes:
        offset = at - self.start
        if offset < 0 or offset + size > len(self.data):
            self.data = os.pread(self.fd, max(size, _WINDOW), at)
            self.start, offset = at, 0
            if len(self.data) < size:
                raise ValueError("scratch file cut short")
        return self.data[offset : offset + size]


class _Parts:
    """The rare index's lists, handed over in parts to a temporary table."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.part = 0
        db.execute("CREATE TEMP TABLE rare_parts (char TEXT, part INTEGER, seqs BLOB)")

    def add(self, lists: dict[str, array[int]]) -> None:
        self.db.executemany(
            "INSERT INTO rare_parts VALUES (?, ?, ?)",
            [(char, self.part, little_endian(seqs)) for char, seqs in lists.items()],
        )
        self.part += 1

    def store(self, index: RareIndex) -> dict[str, Any]:
        """Join each character's parts into its row of the rare table; the meta entries."""
        if index.over:
            self.db.execute("DROP TABLE rare_parts")
            return {"common": None, "indexed": ""}
        rows: list[tuple[str, bytes, int]] = []
        char, pieces = None, []
        cursor = self.db.execute("SELECT char, seqs FROM rare_parts ORDER BY char, part")
        for name, seqs in (*cursor, (None, b"")):
            if name != char and char is not None:
                data = b"".join(pieces)
                rows.append((char, data, rare_check(char, data)))
                pieces = []
                if len(rows) >= _BATCH:
                    self._insert(rows)
            char = name
            pieces.append(seqs)
        self._insert(rows)
        self.db.execute("DROP TABLE rare_parts")
        # Every indexed character, so that a row missing from a damaged index is not taken
        # for a character no event holds.
        return {"common": index.common, "indexed": "".join(sorted(index.chars))}

    def _insert(self, rows: list[tuple[str, bytes, int]]) -> None:
        self.db.executemany("INSERT INTO rare VALUES (?, ?, ?)", rows)
        rows.clear()


def rank(db: sqlite3.Connection, scratch: int, writer: Writer, sample: list[str]) -> dict[str, Any]:
    """Write the ordered table, the search text (through `writer`) and the rare index in
    date-time order; the meta entries of the rare index."""
    parts = _Parts(db)
    index = RareIndex(common_characters(sample), spill=parts.add)
    texts = _Scratch(scratch)
    cursor = db.execute("SELECT seq, date, at, size FROM pending ORDER BY key")
    number = 0
    while rows := cursor.fetchmany(_BATCH):
        ranks = []
        for seq, day, at, size in rows:
            data = texts.read(at, size)
            writer.add_encoded(data)
            index.add(number, data.decode("utf-16-le"))
            ranks.append((number, seq, day, ordered_check(number, seq, day)))
            number += 1
        db.executemany("INSERT INTO ordered VALUES (?, ?, ?, ?)", ranks)
    writer.finish()
    index.finish()
    db.execute("DROP TABLE pending")
    db.execute("CREATE INDEX ordered_date ON ordered (date)")
    return parts.store(index)
