"""A derived SQLite copy of a validated timeline, so repeated runs skip YAML.

Why: parsing YAML dominates every run on a real file (100,000 events take
PyYAML's C loader over a minute and gigabytes), while an indexed SQLite file
answers a date query in milliseconds. The cache is only ever a copy:

* Its key, stored inside, is the data file's absolute path, size, mtime_ns and
  the SHA-256 of its bytes, plus the format version and a fingerprint of the code
  that built it (timeline.store.key). When size and mtime match, the content hash
  is checked too, unless the file's device, inode and ctime are those recorded at
  build time (ctime moves on every write and on any utime() that restores an
  mtime). When size or mtime differ the cache is simply rebuilt.
* It is trusted only when its folder and file are private to the current user
  (timeline.store.location). It holds JSON and text only, never pickles.
* A corrupt, stale or foreign cache is ignored and rebuilt (timeline.store.build
  writes under temporary names and renames into place). Every row and segment of
  search text has a checksum, verified before its answer is printed, and a row gone
  missing is seen as a gap (timeline.store.verified): the damaged cache is dropped.
* When it cannot be written (a read-only or full disk), the run answers from the
  file, exit 0, with one note at a terminal (timeline.store.location.disabled).
* Only files without problems are cached; anything else is answered from the
  fallback this module is given (the file loaded in full by timeline.source.load),
  so it never imports the loader. ``TIMELINE_NO_CACHE=1`` turns it all off;
  standard input is never cached.

Queries (:class:`CacheStore`) walk the table of date-time ranks from where an
index on the start date says a span begins, or search the folded text, kept in
the same order (timeline.store.cachesearch); listings and searches stream a batch
at a time. Dates are re-checked in Python, so answers never differ from a plain
scan. Importing this module is cheap (no YAML): a warm run never loads PyYAML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import re
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from timeline import query
from timeline.model import DateSpan, Event, Timeline
from timeline.source.files import MAX_INPUT, STDIN
from timeline.source.schema import Problem
from timeline.store.build import build
from timeline.store.cachesearch import found
from timeline.store.key import FORMAT_VERSION, Hasher, code_fingerprint, file_sha256
from timeline.store.location import cache_file, disabled, enabled, private, ready_dir, text_file
from timeline.store.memory import EventStore
from timeline.store.records import stored_header
from timeline.store.searchtext import SearchText
from timeline.store.tidy import tidy
from timeline.store.verified import all_events, each_event, read_meta, walk

__all__ = ["CacheStore", "open_cache"]

_T = TypeVar("_T")
_BATCH = 2000
#: The largest file cached: the build streams, so far above what the full loader reads.
_LARGEST = MAX_INPUT << 6
#: Files at least this large are hashed on a second thread while the query runs.
_HASH_IN_BACKGROUND = 4 << 20
#: What reading a damaged cache can raise (verified.Damaged is a ValueError); such a cache
#: is dropped, never trusted.
_BROKEN = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError)
#: A cache file in use has its mtime moved forward at most this often (tidy's "unused").
_TOUCH_EVERY = 24 * 3600
#: What the cache answers with when it cannot: the file itself, loaded in full.
Fallback = Callable[[], EventStore]


def _drop(store: CacheStore) -> None:
    """Close and delete a cache found damaged while reading it."""
    store.close()
    where = cache_file(store.target)
    if where is not None:
        for path in (where, text_file(where)):
            with contextlib.suppress(OSError):
                path.unlink()


def open_cache(target: str, fallback: Fallback, fresh: bool = False) -> CacheStore | None:
    """A trusted, current cache for `target`, building it when missing or stale (or `fresh`).

    `fallback` loads the file in full; the store answers from it should the cache turn
    out damaged or the file changed under it. None: use the file (no cache here).
    """
    if target == STDIN or not enabled() or not hasattr(os, "getuid"):
        return None  # no owner to check (Windows): never trust a cache file
    where = cache_file(target)
    if where is None:
        return None
    try:
        fd = os.open(target, os.O_RDONLY)
    except OSError:
        return None  # the plain loader reports a missing or unreadable file
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _LARGEST:
            return None  # the plain loader reads it, or says why not
        key = {
            "path": os.path.abspath(target),
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
            "code": code_fingerprint(),
            # Any write, and any utime() that restores an mtime, moves ctime; a copy is a new
            # inode. While these match the bytes cannot have changed, so no hash is needed.
            "stamp": [st.st_dev, st.st_ino, st.st_ctime_ns],
        }
        store = None if fresh else _try_open(where, target, key, fd, fallback)
        if store is not None or not ready_dir(where.parent, create=True):
            return store
        tidy(where)  # a new entry: first remove what dead runs and deleted files left
        if not build(where, target, key, fd):  # sets key["sha256"]: the bytes it read
            return None
        return _try_open(where, target, key, None, fallback)
    except OSError as exc:  # reading the file, or the folder: the plain loader decides
        disabled(f"{exc.strerror or exc}")
        return None
    finally:
        os.close(fd)


def _try_open(
    where: Path, target: str, key: dict[str, Any], fd: int | None, fallback: Fallback
) -> CacheStore | None:
    """Open the cache file if it is ours, intact, and keyed to this file and code.

    The content hash is checked last, only when everything else matches and the
    file's inode or ctime differ from when the cache was built (a copy, or an edit
    that restored size and mtime): it is the one cost of a warm run that grows with
    the file. A large file is hashed on a second thread while the query runs; nothing
    is answered from the cache before the hash matched (see CacheStore._settle). With
    `fd` None the cache was just built from bytes whose hash is ``key["sha256"]``.
    """
    if not ready_dir(where.parent, create=False):
        return None
    try:
        cache_fd = os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(cache_fd)
        if not private(st, stat.S_IFREG):
            return None
        uri = str(where).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
        db = sqlite3.connect(f"file:{uri}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return None
    finally:
        os.close(cache_fd)
    try:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        if not pages or pages * page_size != st.st_size:
            raise sqlite3.DatabaseError("cache file truncated or padded")
        store = CacheStore(db, target, text_file(where), fallback)
        stored = store.meta
        if time.time() - st.st_mtime > _TOUCH_EVERY:  # in use: not one for tidy to remove
            with contextlib.suppress(OSError):
                os.utime(where)
        if stored.get("format") != FORMAT_VERSION or any(
            stored.get(name) != value for name, value in key.items() if name != "stamp"
        ):
            raise LookupError("stale")
        if fd is not None and stored.get("stamp") != key["stamp"]:
            if key["size"] < _HASH_IN_BACKGROUND:
                if stored.get("sha256") != file_sha256(fd, key["size"]):
                    raise LookupError("content changed")
            else:
                store._hasher = Hasher(fd, key["size"])
        return store
    except (*_BROKEN, LookupError):
        db.close()
        return None


class CacheStore:
    """Answers from a cache file: an indexed date table and pre-folded search text.

    An answer is handed out only once the data file's hash (maybe still running)
    matched; else it comes from a rebuilt cache (or the file). A damaged cache is
    dropped likewise."""

    def __init__(
        self, db: sqlite3.Connection, target: str, text_path: Path, fallback: Fallback
    ) -> None:
        self.db = db
        self.target = target
        self.fallback = fallback
        self.problems: list[Problem] = []  # only files without problems are cached
        self.meta: dict[str, Any] = read_meta(db)
        self.count: int = self.meta["count"]
        self.files: list[str] = self.meta["files"]
        self._header = stored_header(self.meta["header"], target)
        self._hasher: Hasher | None = None
        self._instead: EventStore | None = None
        self.text = SearchText(text_path, bytes.fromhex(self.meta["text_token"]))

    def close(self) -> None:
        self.db.close()
        self.text.close()

    @property
    def timeline(self) -> Timeline:
        """The header exactly as the file gives it (no events: ask for a selection)."""
        other = self._settle()
        return other.timeline if other is not None else self._header

    @property
    def reference(self) -> dt.date | None:
        """The date that completes year-less input (query.completing_reference)."""
        other = self._settle()
        if other is not None:
            return other.reference
        latest = self.meta["latest"]
        return query.completing_reference(
            self._header, dt.date.fromisoformat(latest) if latest else None
        )

    def _settle(self) -> EventStore | None:
        """Wait for a pending content check; None while this cache is the one to use."""
        if self._hasher is not None:
            hasher, self._hasher = self._hasher, None
            if hasher.wait() != self.meta.get("sha256"):
                self.close()
                self._instead = (
                    open_cache(self.target, self.fallback, fresh=True) or self.fallback()
                )
        return self._instead

    def _answer(self, here: Callable[[], _T], there: Callable[[EventStore], _T]) -> _T:
        """`here()` from this cache if it is current and intact, else `there(replacement)`."""
        if self._instead is None:
            try:
                result, broken = here(), False
            except _BROKEN:
                result, broken = None, True
            if self._settle() is None:
                if not broken:
                    return result  # type: ignore[return-value]
                _drop(self)  # the next run rebuilds it
                self._instead = self.fallback()
        assert self._instead is not None
        return there(self._instead)

    def full_timeline(self) -> Timeline:
        """Every event, in file order, with the header exactly as the file gives it."""
        return self._answer(self._full_timeline, lambda other: other.full_timeline())

    def in_span(self, span: DateSpan) -> list[Event]:
        """Events overlapping `span`: the index narrows, Event's own test decides."""
        return self._answer(lambda: self._in_span(span), lambda other: other.in_span(span))

    def ordered(
        self, start: dt.date | None, end: dt.date | None, reverse: bool = False
    ) -> Iterator[Event]:
        """Events overlapping [start, end] in date-time order, streamed a batch at a time."""
        return self._stream(
            lambda: self._ordered(start, end, reverse),
            lambda other: other.ordered(start, end, reverse),
        )

    def found(
        self, patterns: Sequence[re.Pattern[str]], any_term: bool = False, reverse: bool = False
    ) -> Iterator[Event]:
        """What :meth:`search` finds, in date-time order (or its reverse), streamed: the
        search text is in that order, so each segment's matches go out as it is read."""
        here = found(self.db, self.text, self.meta, patterns, any_term, reverse, _BATCH)
        return self._stream(
            lambda: (event for _, event in here),
            lambda other: other.found(patterns, any_term, reverse),
        )

    def each(self) -> Iterator[Event]:
        """Every event in file order, streamed a batch at a time (``check`` reads them so)."""
        return self._stream(
            lambda: each_event(self.db, self.count, self.files), lambda other: other.each()
        )

    def _stream(
        self, here: Callable[[], Iterator[Event]], there: Callable[[EventStore], Iterator[Event]]
    ) -> Iterator[Event]:
        """`here()` streamed from this cache (once the content check settled), else
        `there(replacement)`. A record damaged part-way drops the cache and the rest comes
        from the file: every order streamed is total (ids are unique), so the events already
        handed out are exactly the first ones of the file's own answer, and skipped."""
        sent = 0
        if self._instead is None and self._settle() is None:
            try:
                for event in here():
                    yield event
                    sent += 1
                return
            except _BROKEN:
                _drop(self)  # the next run rebuilds it
                self._instead = self.fallback()
        assert self._instead is not None
        yield from itertools.islice(there(self._instead), sent, None)

    def search(self, patterns: Sequence[re.Pattern[str]], any_term: bool = False) -> list[Event]:
        """query.search's test over the same folded text, kept in the search-text file;
        the events in file order, as a plain scan gives them."""
        return self._answer(
            lambda: self._search(patterns, any_term),
            lambda other: other.search(patterns, any_term),
        )

    def _full_timeline(self) -> Timeline:
        events = tuple(all_events(self.db, self.count, self.files))
        return stored_header(self.meta["header"], self.target, events)

    def _low(self, start: dt.date) -> dt.date:
        """The earliest first day of an event that can still cover `start`."""
        try:
            return start - dt.timedelta(days=self.meta["longest_days"])
        except OverflowError:
            return dt.date.min

    def _in_span(self, span: DateSpan) -> list[Event]:
        found = [
            (seq, e)
            for seq, e in walk(self.db, self.count, self.files, self._low(span.start), span.end)
            if span.overlaps(e.date, e.last_day)
        ]
        found.sort(key=lambda pair: pair[0])  # file order, as a plain scan gives
        return [e for _, e in found]

    def _ordered(
        self, start: dt.date | None, end: dt.date | None, reverse: bool
    ) -> Iterator[Event]:
        span = DateSpan(start or dt.date.min, end or dt.date.max)
        low = self._low(start) if start else None
        for _, event in walk(self.db, self.count, self.files, low, end, reverse, _BATCH):
            if span.overlaps(event.date, event.last_day):
                yield event

    def _search(self, patterns: Sequence[re.Pattern[str]], any_term: bool) -> list[Event]:
        answer = sorted(found(self.db, self.text, self.meta, patterns, any_term), key=_first)
        return [event for _, event in answer]


def _first(pair: tuple[int, Event]) -> int:
    return pair[0]
