"""Building the cache: a file's events streamed into SQLite and the search-text file.

The data file is read a chunk at a time (:class:`Reading`: decoded as the full
loader decodes it, and hashed on the way), libyaml's parse events are turned into
the same values the full loader builds (timeline.source.stream), validated one
event at a time by the one validator, and each event goes to the database (its
folded text to a scratch file) before the next is read. Repeated ids and the
date-time order are found by SQLite (a temporary table with the id as its key,
sorted by SQLite's external sorter), then the order, the search text and the
rare-character index are written in that order (timeline.store.ranking). Memory
stays flat however large the file, and the garbage collector is paused meanwhile
(nothing built here forms cycles).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import os
import sqlite3
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from timeline.gcpause import paused_gc
from timeline.model import Event
from timeline.query import search_text
from timeline.store.key import FORMAT_VERSION, OPENSSL_FROM, sha256
from timeline.store.location import TEMPORARY, disabled, text_file
from timeline.store.ranking import ordered_check, rank, rare_check
from timeline.store.rare import Sample
from timeline.store.records import Files, Row, encode_event, header_record
from timeline.store.searchtext import Writer, encode
from timeline.store.tidy import signals_held

__all__ = ["Reading", "build", "meta_check", "ordered_check", "rare_check", "sort_text"]


_BATCH = 2000
_CHUNK = 1 << 20
#: Rows of about 800 bytes fill 16 KiB pages closely; a small file keeps SQLite's 4 KiB,
#: which a cache of a few events would otherwise leave mostly empty.
_LARGE_PAGE, _SMALL_PAGE, _SMALL_FILE = 16384, 4096, 1 << 20
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
CREATE TABLE rare (           -- timeline.store.rare; meta "common" lists the others
    char TEXT PRIMARY KEY,
    seqs BLOB NOT NULL,       -- the rank of every event holding it, ascending, u32 LE
    crc INTEGER NOT NULL      -- rare_check(char, seqs)
) WITHOUT ROWID;
CREATE TEMP TABLE pending (   -- while building: a repeated id fails its key
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,        -- sort_text(event): sorted, the date-time order
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    at INTEGER NOT NULL,      -- where its folded text is in the scratch file, and its size
    size INTEGER NOT NULL
) WITHOUT ROWID;
"""


def sort_text(event: Event) -> str:
    """Event.sort_key as text that sorts the same (SQLite compares text as memcmp of UTF-8,
    which is code-point order, as Python compares str): the ISO date (10 characters), a
    flag for a span, a flag for no time, the time (5 characters or none: the flag tells)
    and the id."""
    flags = ("1" if event.precision != "day" else "0") + ("1" if event.time is None else "0")
    return f"{event.date.isoformat()}{flags}{event.time or ''}{event.id}"


class Reading:
    """The data file as libyaml reads it: text a chunk at a time, decoded exactly as the
    full loader decodes the whole (UTF-8, a leading BOM dropped), hashed and counted."""

    def __init__(self, fd: int, size: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        self.stream = os.fdopen(os.dup(fd), "rb", buffering=0)
        self.digest = sha256(large=size >= OPENSSL_FROM)
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.size = 0

    def read(self, _size: int = -1) -> str:
        """The next chunk of text; "" at the end (libyaml's request size is ignored)."""
        while data := self.stream.read(_CHUNK):
            self.digest.update(data)
            self.size += len(data)
            if text := self.decoder.decode(data):
                return text
        return str(self.decoder.decode(b"", final=True))

    def close(self) -> None:
        self.stream.close()


def meta_check(rows: Iterable[tuple[str, str]]) -> int:
    """The checksum of every meta row but "check" itself, in key order (JSON text as stored)."""
    crc = 0
    for key, value in sorted(rows):
        if key != "check":
            crc = zlib.crc32(f"{len(key)}:{key}{len(value)}:{value}".encode(), crc)
    return crc


def build(where: Path, target: str, key: dict[str, Any], fd: int) -> bool:
    """Write the cache for the open data file `fd` atomically; False when it is not cacheable.

    ``key["sha256"]`` is set to the hash of the bytes read (the file changing size while
    read leaves it to the full loader). Both files are written under temporary names
    carrying our process id (so a later run can remove those of a process that died:
    location.remove_leftovers) and renamed into place, the search text first: a reader
    holding the old database then finds a search text with another token and rebuilds,
    never a mix of the two. Any failure, a read-only or full cache folder included,
    leaves the file to the full loader: the cache can make a run slower, never make it
    fail. Why it failed is kept for the note a person at a terminal sees
    (location.disabled).
    """
    made: list[str] = []
    try:
        with paused_gc():
            _write(where, target, key, fd, made)
        return True
    except OSError as exc:  # the folder or the disk: the cache is off for this run
        _unlink(*made)
        disabled(f"cannot write {where.parent}: {exc.strerror or exc}")
        return False
    except sqlite3.OperationalError as exc:  # SQLite's own words for a full or read-only disk
        _unlink(*made)
        disabled(f"cannot write {where.parent}: {exc}")
        return False
    except Exception:  # not streamable, YAML errors, a repeated id…: the full loader reports
        _unlink(*made)
        return False
    except BaseException:
        _unlink(*made)
        raise


def _write(where: Path, target: str, key: dict[str, Any], fd: int, made: list[str]) -> None:
    """Build both files under temporary names (listed in `made`), then rename them in."""
    prefix = f"{TEMPORARY}{os.getpid()}-"
    with signals_held():  # each temporary is in `made` before SIGTERM can interrupt
        db_fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".sqlite3", dir=where.parent)
        made.append(tmp)
        os.close(db_fd)
        text_fd, text_tmp = tempfile.mkstemp(prefix=prefix, suffix=".text", dir=where.parent)
        made.append(text_tmp)
    token = os.urandom(16)
    db = sqlite3.connect(tmp)
    try:
        # The scratch file of folded texts in file order: gone when closed, or if we die.
        with tempfile.TemporaryFile(dir=where.parent) as scratch:
            meta, sample = _fill(db, scratch, target, key, fd)
            with os.fdopen(text_fd, "wb") as stream:
                meta.update(rank(db, scratch.fileno(), Writer(stream, token), sample))
        meta["text_token"] = token.hex()
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


def _unlink(*paths: str) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _fill(
    db: sqlite3.Connection, scratch: IO[bytes], target: str, key: dict[str, Any], fd: int
) -> tuple[dict[str, Any], list[str]]:
    """Stream the events into the database, their folded texts into `scratch` (file
    order) and their sort keys into the pending table; the meta entries, and the texts
    of a sample of events (rare.Sample)."""
    from timeline.source.stream import StreamReader  # imports yaml: only a build needs it

    page = _LARGE_PAGE if key["size"] >= _SMALL_FILE else _SMALL_PAGE
    db.execute(f"PRAGMA page_size = {page}")
    db.executescript(_SCHEMA)
    reading = Reading(fd, key["size"])
    try:
        reader = StreamReader(reading, target, unique_ids=False)  # the pending table's key
        events: list[Row] = []
        pending: list[tuple[str, str, int, str, int, int]] = []
        latest: dt.date | None = None
        longest = at = count = 0
        sample = Sample()
        files = Files()
        for seq, event in enumerate(reader.events()):
            last = event.last_day
            latest = last if latest is None or last > latest else latest
            longest = max(longest, (last - event.date).days)
            text = search_text(event)
            data = encode(text)
            scratch.write(data)
            sample.offer(seq, text)
            events.append(encode_event(event, seq, files))
            day = event.date.isoformat()
            pending.append((event.id, sort_text(event), seq, day, at, len(data)))
            at += len(data)
            count = seq + 1
            if len(events) >= _BATCH:
                _insert(db, events, pending)
        _insert(db, events, pending)
        header = reader.header()
    finally:
        reading.close()
    if reading.size != key["size"]:
        raise ValueError("the file changed while it was read")  # the full loader reads it
    key["sha256"] = reading.digest.hexdigest()
    scratch.flush()
    meta = {
        **key,
        "format": FORMAT_VERSION,
        "header": header_record(header),
        "latest": latest.isoformat() if latest else None,
        "longest_days": longest,
        "count": count,
        "files": files.names,
    }
    return meta, [text for _, text in sample.texts]


def _insert(
    db: sqlite3.Connection, events: list[Row], pending: list[tuple[str, str, int, str, int, int]]
) -> None:
    db.executemany("INSERT INTO events VALUES (?, ?, ?)", events)
    db.executemany("INSERT INTO pending VALUES (?, ?, ?, ?, ?, ?)", pending)
    events.clear()
    pending.clear()
