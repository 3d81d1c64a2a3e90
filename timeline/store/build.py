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
from pathlib import Path
from typing import Any

from timeline.gcpause import paused_gc
from timeline.query import search_text
from timeline.store.key import FORMAT_VERSION
from timeline.store.location import text_file
from timeline.store.records import encode_event, header_record
from timeline.store.searchtext import SearchText, Writer, little_endian, rare_characters

__all__ = ["build"]

_BATCH = 2000
_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,  -- position in the file
    date TEXT NOT NULL,       -- ISO first day
    last TEXT NOT NULL,       -- ISO last day (end, or date)
    record TEXT NOT NULL,     -- its short fields as a JSON array, see records.encode_event
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    quote TEXT                -- NULL without a source
);
CREATE TABLE ordered (
    rank INTEGER PRIMARY KEY, -- position in date-time order (Event.sort_key)
    seq INTEGER NOT NULL
);
CREATE TABLE rare (           -- searchtext.rare_characters; meta "common" lists the others
    char TEXT PRIMARY KEY,
    seqs BLOB NOT NULL        -- every event holding it, ascending, unsigned 32-bit LE
) WITHOUT ROWID;
"""


def build(where: Path, target: str, key: dict[str, Any], text: str) -> bool:
    """Write the cache for `text` atomically; False when the file is not cacheable.

    Both files are written under temporary names and renamed into place, the
    search text first: a reader holding the old database then finds a search
    text with another token and rebuilds, never a mix of the two. Any failure,
    a read-only or full cache folder included, leaves the file to the full
    loader: the cache can make a run slower, never make it fail.
    """
    made: list[str] = []
    try:
        with paused_gc():
            _write(where, target, key, text, made)
        return True
    except Exception:  # not streamable, YAML errors, a full disk…: the full loader reports
        _unlink(*made)
        return False
    except BaseException:
        _unlink(*made)
        raise


def _write(where: Path, target: str, key: dict[str, Any], text: str, made: list[str]) -> None:
    """Build both files under temporary names (listed in `made`), then rename them in."""
    fd, tmp = tempfile.mkstemp(prefix=".build-", suffix=".sqlite3", dir=where.parent)
    os.close(fd)
    made.append(tmp)
    text_fd, text_tmp = tempfile.mkstemp(prefix=".build-", suffix=".text", dir=where.parent)
    made.append(text_tmp)
    token = os.urandom(16)
    db = sqlite3.connect(tmp)
    try:
        with os.fdopen(text_fd, "wb") as stream:
            _fill(db, Writer(stream, token), target, {**key, "text_token": token.hex()}, text)
        _index(db, SearchText(Path(text_tmp), token))
        db.commit()
    finally:
        db.close()
    os.chmod(tmp, 0o600)
    os.chmod(text_tmp, 0o600)
    os.replace(text_tmp, text_file(where))
    os.replace(tmp, where)


def _index(db: sqlite3.Connection, texts: SearchText) -> None:
    """Store the rare-character index of the search text just written."""
    try:
        found = rare_characters(texts)
    finally:
        texts.close()
    common, index = found if found is not None else (None, {})
    db.execute("INSERT INTO meta VALUES ('common', ?)", (json.dumps(common, ensure_ascii=False),))
    rows = [(char, little_endian(seqs)) for char, seqs in index.items()]
    db.executemany("INSERT INTO rare VALUES (?, ?)", rows)


def _unlink(*paths: str) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _fill(
    db: sqlite3.Connection, texts: Writer, target: str, key: dict[str, Any], text: str
) -> None:
    from timeline.source.stream import StreamReader  # imports yaml: only a build needs it

    db.executescript(_SCHEMA)
    reader = StreamReader(text, target)
    events: list[tuple[Any, ...]] = []
    order: list[tuple[tuple[dt.date, bool, str, str], int]] = []
    latest: dt.date | None = None
    longest = 0
    for seq, event in enumerate(reader.events()):
        last = event.last_day
        latest = last if latest is None or last > latest else latest
        longest = max(longest, (last - event.date).days)
        texts.add(search_text(event))
        events.append((seq, event.date.isoformat(), last.isoformat(), *encode_event(event)))
        order.append((event.sort_key, seq))
        if len(events) >= _BATCH:
            db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", events)
            events.clear()
    db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", events)
    texts.finish()
    order.sort()
    db.executemany("INSERT INTO ordered VALUES (?, ?)", enumerate(seq for _, seq in order))
    db.execute("CREATE INDEX events_date ON events (date)")
    meta = {
        **key,
        "format": FORMAT_VERSION,
        "header": header_record(reader.header()),
        "latest": latest.isoformat() if latest else None,
        "longest_days": longest,
    }
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()],
    )
