"""Building the cache: a file's events streamed into SQLite and the search-text file.

libyaml's parse events are turned into the same values the full loader builds
(timeline.source.stream), validated one event at a time by the one validator,
and each event goes to the database (and its folded text to the search-text
file) before the next is read; the date-time ranks and the rare-character index
are added at the end. Memory stays nearly flat however large the file, and the
garbage collector is paused meanwhile (nothing built here forms cycles).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from timeline.gcpause import paused_gc
from timeline.query import search_text
from timeline.store.key import FORMAT_VERSION
from timeline.store.location import TEMPORARY, disabled, text_file
from timeline.store.records import Row, encode_event, header_record
from timeline.store.searchtext import SearchText, Writer, little_endian, rare_characters
from timeline.store.tidy import signals_held

__all__ = ["build", "meta_check", "ordered_check", "rare_check"]

_BATCH = 2000
_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);  -- "check": see meta_check
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,  -- position in the file
    data BLOB NOT NULL,       -- the event, packed by records.encode_event
    crc INTEGER NOT NULL      -- records.row_check(data, seq)
);
CREATE TABLE ordered (
    rank INTEGER PRIMARY KEY, -- position in date-time order (Event.sort_key)
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,       -- the event's first day (ISO): where a date query starts
    crc INTEGER NOT NULL      -- ordered_check(rank, seq, date)
);
CREATE TABLE rare (           -- searchtext.rare_characters; meta "common" lists the others
    char TEXT PRIMARY KEY,
    seqs BLOB NOT NULL,       -- every event holding it, ascending, unsigned 32-bit LE
    crc INTEGER NOT NULL      -- rare_check(char, seqs)
) WITHOUT ROWID;
"""


def ordered_check(rank: int, seq: int, date: str) -> int:
    """The checksum of a row of the date-time order."""
    return zlib.crc32(f"{rank} {seq} {date}".encode())


def rare_check(char: str, seqs: bytes) -> int:
    """The checksum of a row of the rare-character index."""
    return zlib.crc32(seqs, zlib.crc32(char.encode("utf-8", "surrogatepass")))


def meta_check(rows: Iterable[tuple[str, str]]) -> int:
    """The checksum of every meta row but "check" itself, in key order (JSON text as stored)."""
    crc = 0
    for key, value in sorted(rows):
        if key != "check":
            crc = zlib.crc32(f"{len(key)}:{key}{len(value)}:{value}".encode(), crc)
    return crc


def build(where: Path, target: str, key: dict[str, Any], text: str) -> bool:
    """Write the cache for `text` atomically; False when the file is not cacheable.

    Both files are written under temporary names carrying our process id (so a later
    run can remove those of a process that died: location.remove_leftovers) and renamed
    into place, the search text first: a reader holding the old database then finds a
    search text with another token and rebuilds, never a mix of the two. Any failure,
    a read-only or full cache folder included, leaves the file to the full loader: the
    cache can make a run slower, never make it fail. Why it failed is kept for the note
    a person at a terminal sees (location.disabled).
    """
    made: list[str] = []
    try:
        with paused_gc():
            _write(where, target, key, text, made)
        return True
    except OSError as exc:  # the folder or the disk: the cache is off for this run
        _unlink(*made)
        disabled(f"cannot write {where.parent}: {exc.strerror or exc}")
        return False
    except sqlite3.OperationalError as exc:  # SQLite's own words for a full or read-only disk
        _unlink(*made)
        disabled(f"cannot write {where.parent}: {exc}")
        return False
    except Exception:  # not streamable, YAML errors…: the full loader reports
        _unlink(*made)
        return False
    except BaseException:
        _unlink(*made)
        raise


def _write(where: Path, target: str, key: dict[str, Any], text: str, made: list[str]) -> None:
    """Build both files under temporary names (listed in `made`), then rename them in."""
    prefix = f"{TEMPORARY}{os.getpid()}-"
    with signals_held():  # each temporary is in `made` before SIGTERM can interrupt
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".sqlite3", dir=where.parent)
        made.append(tmp)
        os.close(fd)
        text_fd, text_tmp = tempfile.mkstemp(prefix=prefix, suffix=".text", dir=where.parent)
        made.append(text_tmp)
    token = os.urandom(16)
    db = sqlite3.connect(tmp)
    try:
        with os.fdopen(text_fd, "wb") as stream:
            meta = _fill(
                db, Writer(stream, token), target, {**key, "text_token": token.hex()}, text
            )
        meta.update(_index(db, SearchText(Path(text_tmp), token)))
        rows = [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()]
        rows.append(("check", str(meta_check(rows))))
        db.executemany("INSERT INTO meta VALUES (?, ?)", rows)
        db.commit()
    finally:
        db.close()
    os.chmod(tmp, 0o600)
    os.chmod(text_tmp, 0o600)
    os.replace(text_tmp, text_file(where))
    os.replace(tmp, where)


def _index(db: sqlite3.Connection, texts: SearchText) -> dict[str, Any]:
    """Store the rare-character index of the search text just written; its meta entries."""
    try:
        found = rare_characters(texts)
    finally:
        texts.close()
    common, index = found if found is not None else (None, {})
    rows = []
    for char, seqs in index.items():
        data = little_endian(seqs)
        rows.append((char, data, rare_check(char, data)))
    db.executemany("INSERT INTO rare VALUES (?, ?, ?)", rows)
    # Every indexed character, so that a row missing from a damaged index is not taken
    # for a character no event holds.
    return {"common": common, "indexed": "".join(sorted(index))}


def _unlink(*paths: str) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _fill(
    db: sqlite3.Connection, texts: Writer, target: str, key: dict[str, Any], text: str
) -> dict[str, Any]:
    """Stream the events into the database and the search text; the meta entries."""
    from timeline.source.stream import StreamReader  # imports yaml: only a build needs it

    db.executescript(_SCHEMA)
    reader = StreamReader(text, target)
    events: list[Row] = []
    order: list[tuple[tuple[dt.date, bool, bool, str, str], int]] = []
    latest: dt.date | None = None
    longest = 0
    for seq, event in enumerate(reader.events()):
        last = event.last_day
        latest = last if latest is None or last > latest else latest
        longest = max(longest, (last - event.date).days)
        texts.add(search_text(event))
        events.append(encode_event(event, seq))
        order.append((event.sort_key, seq))
        if len(events) >= _BATCH:
            db.executemany("INSERT INTO events VALUES (?, ?, ?)", events)
            events.clear()
    db.executemany("INSERT INTO events VALUES (?, ?, ?)", events)
    texts.finish()
    order.sort()
    ranks = []
    for rank, (sort_key, seq) in enumerate(order):
        day = sort_key[0].isoformat()
        ranks.append((rank, seq, day, ordered_check(rank, seq, day)))
    db.executemany("INSERT INTO ordered VALUES (?, ?, ?, ?)", ranks)
    db.execute("CREATE INDEX ordered_date ON ordered (date)")
    return {
        **key,
        "format": FORMAT_VERSION,
        "header": header_record(reader.header()),
        "latest": latest.isoformat() if latest else None,
        "longest_days": longest,
        "count": len(order),
    }
