"""A derived SQLite copy of a validated timeline, so repeated runs skip YAML.

Why: parsing YAML dominates every run on a real file (100,000 events take
PyYAML's C loader over a minute and gigabytes), while an indexed SQLite file
answers a date query in milliseconds. The cache is only ever a copy:

* It lives in ``$XDG_CACHE_HOME/timeline/`` (default ``~/.cache/timeline``),
  one file per data file, named by a hash of the data file's absolute path.
  Without a usable home or with an unwritable folder, nothing is cached.
* Its key, stored inside, is the data file's absolute path, size, mtime_ns and
  the SHA-256 of its bytes, plus the format version and a fingerprint of the
  code that built it. Size and mtime alone are not trusted: when they match,
  the content hash is checked too, unless the file's device, inode and ctime
  are also those recorded at build time (ctime moves on every write and on any
  utime() that restores an mtime; the clock cannot be set back by a user), so
  an edit that restores size and mtime is still seen. When size or mtime
  differ the cache is simply rebuilt.
* It is trusted only when the folder and the file belong to the current user
  and nobody else may write them (folder 0700, file 0600), because whoever can
  write the cache decides what we print. It holds JSON text only, never pickles.
* A corrupt, stale or foreign cache is ignored and rebuilt; a new one is
  written to a temporary file and renamed into place, so readers never see a
  half-written cache.
* Only files without problems are cached; any problem, any YAML feature beyond
  plain mappings, lists and scalars (anchors, aliases, merge keys, tags other
  than the plain scalar types), and any error falls back to the full loader in
  :mod:`timeline.load`, which reports exactly as before. ``TIMELINE_NO_CACHE=1`` turns it all off;
  standard input is never cached.

Building streams: libyaml's parse events are turned into the same values the
full loader builds (PyYAML's own resolver and the loader's constructors decide
every type), validated one event at a time by the loader's own validator, and
each event goes to the database (and its folded text to the search-text file)
before the next is read; the date-time ranks and the rare-character index are
added at the end. Memory stays nearly flat however large the file, and the
garbage collector is paused meanwhile (nothing built here forms cycles).
Queries (:class:`CacheStore`) fetch only the rows a date span can touch (an
index on the start date), stream a listing in date-time order (a table of
ranks), or scan the pre-folded search text, kept beside the database as one
memory-mapped file (:mod:`timeline.searchtext`): a plain term is found there
with exactly the substring test of :mod:`timeline.query` (among the events of
its rarest character when the index has one), and any other pattern is tried on
each event's text with the same predicates, so answers never differ from a
plain scan, whatever the length of the term. Dates and listings are re-checked
in Python likewise.

Importing this module is cheap (no YAML): a warm run never loads PyYAML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import json
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from timeline import embedded_path
from timeline.model import DateSpan, Event, Figure, SeedSource, Source, Timeline
from timeline.store.searchtext import (
    SearchText,
    Writer,
    from_little_endian,
    little_endian,
    rare_characters,
)

__all__ = [
    "CACHE_ENV",
    "FORMAT_VERSION",
    "CacheStore",
    "EventStore",
    "MemoryStore",
    "cache_dir",
    "cache_file",
    "cached_timeline",
    "load",
    "open_store",
]

#: Set to anything but "" or "0" to neither read nor write the cache.
CACHE_ENV = "TIMELINE_NO_CACHE"
#: Bump when the layout or the meaning of a stored value changes.
FORMAT_VERSION = 2
_STDIN = "-"
_T = TypeVar("_T")
_BATCH = 2000
#: Files at least this large are hashed on a second thread while the query runs.
_HASH_IN_BACKGROUND = 4 << 20
#: From this size on, OpenSSL's SHA-256 (worth loading) rather than Python's own.
_OPENSSL_FROM = 1 << 20
_CHUNK = 1 << 20
#: What reading a damaged cache can raise; such a cache is dropped, never trusted.
_BROKEN = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError)
_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,  -- position in the file
    date TEXT NOT NULL,       -- ISO first day
    last TEXT NOT NULL,       -- ISO last day (end, or date)
    record TEXT NOT NULL,     -- its short fields as a JSON array, see _row
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


class EventStore(Protocol):
    """What the query commands need: the header, two selections, and everything.

    ``timeline`` is the file's header; its ``events`` may be empty when the
    store answers from the cache, and then its ``reference`` is already
    completed the way the CLI completes it (header, else latest dateline,
    else the latest day any event covers).
    """

    @property
    def timeline(self) -> Timeline: ...

    def in_span(self, span: DateSpan) -> list[Event]: ...

    def ordered(
        self, start: dt.date | None, end: dt.date | None, reverse: bool = False
    ) -> Iterator[Event]: ...

    def search(
        self, patterns: Sequence[re.Pattern[str]], any_term: bool = False
    ) -> list[Event]: ...

    def full_timeline(self) -> Timeline: ...


class MemoryStore:
    """A timeline loaded in full: queries are the plain scans of timeline.query."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline

    def in_span(self, span: DateSpan) -> list[Event]:
        from timeline import query

        return query.in_span(self.timeline.events, span)

    def ordered(
        self, start: dt.date | None, end: dt.date | None, reverse: bool = False
    ) -> Iterator[Event]:
        from timeline import query

        return iter(query.sort_events(query.between(self.timeline.events, start, end), reverse))

    def search(self, patterns: Sequence[re.Pattern[str]], any_term: bool = False) -> list[Event]:
        from timeline import query

        return query.search(self.timeline.events, patterns, any_term)

    def full_timeline(self) -> Timeline:
        return self.timeline


def open_store(path: str | None) -> EventStore:
    """The timeline at `path` (embedded when None) as a store, from the cache when possible."""
    target = path if path is not None else str(embedded_path())
    return _open_cache(target) or _from_file(target)


def load(path: str | None) -> Timeline:
    """Like timeline.load.load_timeline, without importing YAML when the cache answers."""
    return open_store(path).full_timeline()


def cached_timeline(path: str) -> Timeline | None:
    """The whole timeline from the cache (built first if needed), or None to load it plainly."""
    cache = _open_cache(path)
    return cache.full_timeline() if cache is not None else None


def _from_file(target: str) -> MemoryStore:
    from timeline.load import load_timeline

    return MemoryStore(load_timeline(target, use_cache=False))


def _drop(store: CacheStore) -> None:
    """Close and delete a cache found damaged while reading it."""
    store.close()
    where = cache_file(store.target)
    if where is not None:
        for path in (where, _text_file(where)):
            with contextlib.suppress(OSError):
                path.unlink()


# ---------------------------------------------------------------- where, and whether to trust it


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/timeline`` or ``~/.cache/timeline``; None without a usable home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec says relative paths are to be ignored
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "timeline"


def cache_file(data_path: str) -> Path | None:
    """The cache file for a data file, named by a hash of its absolute path."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = _sha256(os.path.abspath(data_path).encode("utf-8", "surrogateescape"))
    return folder / f"{str(digest.hexdigest())[:32]}.sqlite3"


def _text_file(cache: Path) -> Path:
    """The search text beside a cache database (see timeline.searchtext)."""
    return cache.with_suffix(".text")


def _enabled() -> bool:
    return os.environ.get(CACHE_ENV, "") in ("", "0")


def _private(st: os.stat_result, kind: int) -> bool:
    """Ours, of the right kind, and nobody else may write (or read) it."""
    return stat.S_IFMT(st.st_mode) == kind and st.st_uid == os.getuid() and not st.st_mode & 0o077


def _ready_dir(folder: Path, create: bool) -> bool:
    """True when `folder` is a private directory of ours (made 0700 if `create`)."""
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            st = os.lstat(folder)
            if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077:
                os.chmod(folder, 0o700)  # our own folder, opened up by hand
        return _private(os.lstat(folder), stat.S_IFDIR)
    except OSError:
        return False


# ---------------------------------------------------------------- key


def _code_fingerprint() -> str:
    """Changes whenever the code that decides what a cached event is changes.

    That is our loaders (full and streaming), model and search folding (their
    source), Python's minor version (its Unicode tables fold the search text) and
    PyYAML's version (found without importing it: a warm run never loads PyYAML).
    """
    from importlib.machinery import PathFinder

    digest = _sha256(f"{FORMAT_VERSION}:{sys.version_info[:2]}".encode())
    here = Path(__file__).resolve().parent
    yaml_spec = PathFinder.find_spec("yaml")
    sources = [here / n for n in ("cache.py", "stream.py", "load.py", "model.py", "query.py")]
    sources.append(Path(yaml_spec.origin) if yaml_spec and yaml_spec.origin else here / "-")
    for source in sources:
        try:
            digest.update(source.read_bytes())
        except OSError:
            from timeline import __version__

            digest.update(f"{source.name}:{__version__}".encode())
    return str(digest.hexdigest())


def _sha256(data: bytes = b"", large: bool = False) -> Any:
    """hashlib.sha256, but small inputs skip loading OpenSSL (about 4 ms of every start-up).

    Python's own SHA-256 (the module hashlib falls back to) is slower per byte,
    so OpenSSL's is still used for large files.
    """
    global _builtin_sha256
    if not large:
        if _builtin_sha256 is None:
            try:
                from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]  # >= 3.12
            except ImportError:
                try:
                    from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
                except ImportError:
                    from hashlib import sha256
            _builtin_sha256 = sha256
        return _builtin_sha256(data)
    import hashlib

    return hashlib.sha256(data)


_builtin_sha256: Any = None


def _file_sha256(fd: int, size: int) -> str:
    """SHA-256 of an open file from its start, read in chunks into one buffer."""
    digest = _sha256(large=size >= _OPENSSL_FROM)
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    os.lseek(fd, 0, os.SEEK_SET)
    with os.fdopen(os.dup(fd), "rb", buffering=0) as stream:
        while size := stream.readinto(buffer):
            digest.update(view[:size])
    return str(digest.hexdigest())


# ---------------------------------------------------------------- opening


def _open_cache(target: str, fresh: bool = False) -> CacheStore | None:
    """A trusted, current cache for `target`, building it when missing or stale (or `fresh`)."""
    if target == _STDIN or not _enabled() or not hasattr(os, "getuid"):
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
        if not stat.S_ISREG(st.st_mode):
            return None
        key = {
            "path": os.path.abspath(target),
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
            "code": _code_fingerprint(),
            # Any write, and any utime() that restores an mtime, moves ctime; a copy is a new
            # inode. While these match the bytes cannot have changed, so no hash is needed.
            "stamp": [st.st_dev, st.st_ino, st.st_ctime_ns],
        }
        store = None if fresh else _try_open(where, target, key, fd)
        if store is not None:
            return store
        if not _ready_dir(where.parent, create=True):
            return None
        os.lseek(fd, 0, os.SEEK_SET)
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read()
        if len(data) != st.st_size:
            return None  # changed while we read: leave it to the plain loader
        key["sha256"] = _sha256(data, large=len(data) >= _OPENSSL_FROM).hexdigest()
        try:  # exactly as load.read_source decodes, so libyaml sees the same text
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        del data
        if not _build(where, target, key, text):
            return None
        del text
        return _try_open(where, target, key, None)
    finally:
        os.close(fd)


def _try_open(where: Path, target: str, key: dict[str, Any], fd: int | None) -> CacheStore | None:
    """Open the cache file if it is ours, intact, and keyed to this file and code.

    The content hash is checked last, only when everything else matches and the
    file's inode or ctime differ from when the cache was built (a copy, or an edit
    that restored size and mtime): it is the one cost of a warm run that grows
    with the file. A large file is
    hashed on a second thread while the query runs; nothing is answered from
    the cache before the hash matched (see CacheStore._settle). With `fd`
    None the cache was just built from bytes whose hash is ``key["sha256"]``.
    """
    if not _ready_dir(where.parent, create=False):
        return None
    try:
        cache_fd = os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(cache_fd)
        if not _private(st, stat.S_IFREG):
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
        store = CacheStore(db, target, _text_file(where))
        stored = store.meta
        if stored.get("format") != FORMAT_VERSION or any(
            stored.get(name) != value for name, value in key.items() if name != "stamp"
        ):
            raise LookupError("stale")
        if fd is not None and stored.get("stamp") != key["stamp"]:
            if key["size"] < _HASH_IN_BACKGROUND:
                if stored.get("sha256") != _file_sha256(fd, key["size"]):
                    raise LookupError("content changed")
            else:
                store._hasher = _Hasher(fd, key["size"])
        return store
    except (*_BROKEN, LookupError):
        db.close()
        return None


class _Hasher:
    """SHA-256 of a data file, computed on a second thread (hashlib and reads drop the GIL)."""

    def __init__(self, fd: int, size: int) -> None:
        import threading

        self.fd = os.dup(fd)
        self.size = size
        self.sha: str | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.sha = _file_sha256(self.fd, self.size)
        except OSError:
            self.sha = None
        finally:
            os.close(self.fd)

    def wait(self) -> str | None:
        self.thread.join()
        return self.sha


# ---------------------------------------------------------------- records


#: The stored columns of an event, as every query selects them (see _row and _events).
_COLUMNS = "record, title, summary, quote"
_Row = tuple[str, str, str, "str | None"]


def _row(event: Event) -> _Row:
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
            [[f.text, f.value, f.unit, f.label, f.approx] for f in event.figures],
            event.source.file if event.source else None,
            event.date_kind,
            event.date_note,
            event.line,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return record, event.title, event.summary, event.source.quote if event.source else None


def _events(rows: Sequence[_Row]) -> list[Event]:
    """The inverse of :func:`_row`, for many at once (one JSON parse, no GC passes).

    Tests round-trip every field of every shipped and generated event.
    """
    date = dt.date.fromisoformat
    paused = gc.isenabled()
    gc.disable()
    try:
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
                tuple([Figure(*x) for x in f[8]]) if f[8] else (),
                Source(f[9], quote) if f[9] is not None and quote is not None else None,
                f[10],
                f[11],
                f[12],
            )
            for f, (_, title, summary, quote) in zip(fields, rows, strict=True)
        ]
    finally:
        if paused:
            gc.enable()


def _header(timeline: Timeline) -> dict[str, Any]:
    return {
        "title": timeline.title,
        "timezone": timeline.timezone,
        "reference": timeline.reference.isoformat() if timeline.reference else None,
        "sources": [
            [s.file, s.title, s.publisher, s.dateline.isoformat() if s.dateline else None,
             list(s.articles)]
            for s in timeline.sources
        ],
    }  # fmt: skip


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _literal(pattern: re.Pattern[str]) -> str | None:
    """The text a pattern matches when it is a plain escaped string (query.compile_search)."""
    if pattern.flags & ~re.UNICODE:
        return None
    text = re.sub(r"\\(.)", r"\1", pattern.pattern, flags=re.DOTALL)
    return text if re.escape(text) == pattern.pattern else None


class CacheStore:
    """Answers from a cache file: an indexed date table and pre-folded search text.

    Each answer is computed while the data file's hash may still be running,
    then handed out only once the hash matched; if it did not, the file
    changed without changing size or mtime, and the answer comes from a
    rebuilt cache (or the file) instead. A damaged cache is dropped likewise.
    """

    def __init__(self, db: sqlite3.Connection, target: str, text_file: Path) -> None:
        self.db = db
        self.target = target
        rows = db.execute("SELECT key, value FROM meta").fetchall()
        self.meta: dict[str, Any] = {k: json.loads(v) for k, v in rows}
        self._header = self._timeline(complete_reference=True)
        self._hasher: _Hasher | None = None
        self._instead: EventStore | None = None
        self.text = SearchText(text_file, bytes.fromhex(self.meta["text_token"]))

    def close(self) -> None:
        self.db.close()
        self.text.close()

    @property
    def timeline(self) -> Timeline:
        other = self._settle()
        return other.timeline if other is not None else self._header

    def _timeline(self, complete_reference: bool, events: tuple[Event, ...] = ()) -> Timeline:
        header = self.meta["header"]
        sources = tuple(
            SeedSource(file=s[0], title=s[1], publisher=s[2], dateline=_day(s[3]),
                       articles=tuple(s[4]))
            for s in header["sources"]
        )  # fmt: skip
        reference = _day(header["reference"])
        if complete_reference and reference is None and not any(s.dateline for s in sources):
            reference = _day(self.meta["latest"])
        return Timeline(
            path=self.target,
            events=events,
            title=header["title"],
            timezone=header["timezone"],
            reference=reference,
            sources=sources,
            base_dir=str(Path(self.target).resolve().parent),
        )

    def _settle(self) -> EventStore | None:
        """Wait for a pending content check; None while this cache is the one to use."""
        if self._hasher is not None:
            hasher, self._hasher = self._hasher, None
            if hasher.wait() != self.meta.get("sha256"):
                self.close()
                self._instead = _open_cache(self.target, fresh=True) or _from_file(self.target)
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
                self._instead = _from_file(self.target)
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
        """Events overlapping [start, end] in date-time order, streamed a batch at a time.

        Nothing is printed before the data file's content check settled. Should a
        record turn out damaged part-way, the cache is dropped and the rest comes
        from the file: the order is total (ids are unique), so the events already
        handed out are exactly the first ones of the file's own order, and skipped.
        """
        sent = 0
        if self._instead is None and self._settle() is None:
            try:
                for event in self._ordered(start, end, reverse):
                    yield event
                    sent += 1
                return
            except _BROKEN:
                _drop(self)  # the next run rebuilds it
                self._instead = _from_file(self.target)
        assert self._instead is not None
        yield from itertools.islice(self._instead.ordered(start, end, reverse), sent, None)

    def search(self, patterns: Sequence[re.Pattern[str]], any_term: bool = False) -> list[Event]:
        """query.search's test over the same folded text, kept in the search-text file."""
        return self._answer(
            lambda: self._search(patterns, any_term),
            lambda other: other.search(patterns, any_term),
        )

    def _full_timeline(self) -> Timeline:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM events ORDER BY seq").fetchall()
        events = tuple(_events(rows))
        return self._timeline(complete_reference=False, events=events)

    def _in_span(self, span: DateSpan) -> list[Event]:
        try:
            low = span.start - dt.timedelta(days=self.meta["longest_days"])
        except OverflowError:
            low = dt.date.min
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM events WHERE date BETWEEN ? AND ? AND last >= ? ORDER BY seq",
            (low.isoformat(), span.end.isoformat(), span.start.isoformat()),
        ).fetchall()
        return [e for e in _events(rows) if span.overlaps(e.date, e.last_day)]

    def _ordered(
        self, start: dt.date | None, end: dt.date | None, reverse: bool
    ) -> Iterator[Event]:
        span = DateSpan(start or dt.date.min, end or dt.date.max)
        # CROSS JOIN keeps SQLite walking `ordered` by rank, so rows come out in order with
        # no sort step and the first ones are ready at once (`| head -1` reads no more).
        cursor = self.db.execute(
            f"SELECT {_COLUMNS} FROM ordered CROSS JOIN events ON events.seq = ordered.seq"
            " WHERE date <= ? AND last >= ? ORDER BY rank" + (" DESC" if reverse else ""),
            (span.end.isoformat(), span.start.isoformat()),
        )
        while rows := cursor.fetchmany(_BATCH):
            for event in _events(rows):
                if span.overlaps(event.date, event.last_day):
                    yield event

    def _search(self, patterns: Sequence[re.Pattern[str]], any_term: bool) -> list[Event]:
        text = self.text
        literals = [_literal(p) for p in patterns]
        if any_term and None not in literals:
            # Plain terms: SearchText.find is the same substring test as query.search's
            # escaped patterns on the same folded text.
            found = sorted(set().union(*(self._find(t) for t in literals if t is not None)))
            return self._records(found)
        plain = [t for t in literals if t is not None]
        if any_term or not plain:
            candidates: Sequence[int] = range(len(text))
            rest = list(patterns)
        else:  # narrow by the longest plain term (usually the rarest), test the others
            narrow = max(plain, key=len)
            candidates = self._find(narrow)
            rest = [p for p, t in zip(patterns, literals, strict=True) if t != narrow]
        if rest:
            combine = any if any_term else all
            candidates = [s for s in candidates if combine(p.search(text.text(s)) for p in rest)]
        return self._records(candidates)

    def _find(self, term: str) -> list[int]:
        """Events whose text holds `term`: among the events of its rarest character when it
        has one the index keeps (searchtext.rare_characters), else by a scan of all."""
        common = self.meta.get("common")
        rare = sorted(set(term) - set(common)) if common is not None else []
        if not rare:
            return self.text.find(term)
        marks = ",".join("?" * len(rare))
        rows = self.db.execute(f"SELECT seqs FROM rare WHERE char IN ({marks})", rare).fetchall()
        if len(rows) < len(rare):
            return []  # a character no event holds
        candidates = from_little_endian("I", min((r for (r,) in rows), key=len))
        return self.text.find(term, among=candidates)

    def _records(self, seqs: Sequence[int]) -> list[Event]:
        """The events numbered `seqs` (ascending), from the events table."""
        records: list[_Row] = []
        for start in range(0, len(seqs), 500):
            part = seqs[start : start + 500]
            marks = ",".join("?" * len(part))
            query = f"SELECT {_COLUMNS} FROM events WHERE seq IN ({marks}) ORDER BY seq"
            records.extend(self.db.execute(query, list(part)))
        if len(records) != len(seqs):
            raise sqlite3.DatabaseError("search text and events disagree")
        return _events(records)


# ---------------------------------------------------------------- building


def _build(where: Path, target: str, key: dict[str, Any], text: str) -> bool:
    """Write the cache for `text` atomically; False when the file is not cacheable.

    Both files are written under temporary names and renamed into place, the
    search text first: a reader holding the old database then finds a search
    text with another token and rebuilds, never a mix of the two.
    """
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".build-", suffix=".sqlite3", dir=where.parent)
    os.close(fd)
    text_fd, text_tmp = tempfile.mkstemp(prefix=".build-", suffix=".text", dir=where.parent)
    paused = gc.isenabled()
    gc.disable()
    try:
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
        os.replace(text_tmp, _text_file(where))
        os.replace(tmp, where)
        return True
    except Exception:  # not streamable, YAML errors, a full disk…: the full loader reports
        _unlink(tmp, text_tmp)
        return False
    except BaseException:
        _unlink(tmp, text_tmp)
        raise
    finally:
        if paused:
            gc.enable()


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
    from timeline.query import search_text
    from timeline.stream import StreamReader

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
        events.append((seq, event.date.isoformat(), last.isoformat(), *_row(event)))
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
        "header": _header(reader.header()),
        "latest": latest.isoformat() if latest else None,
        "longest_days": longest,
    }
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()],
    )
