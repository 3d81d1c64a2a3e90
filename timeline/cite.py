"""Finding an event's quote in its seed text: the proof behind every event.

Seed paths are relative to the timeline file's folder (``seeds/x.txt``), so the
embedded timeline and a user's own file resolve their sources the same way.

A timeline received from someone else must not read out other files: a source must
resolve, after symbolic links, inside the timeline's folder or a folder the user
allows (``TIMELINE_ALLOW_SOURCES``, folders separated by ``:``, or ``ALLOWED_SOURCES``
set by a caller). Only regular files of at most ``MAX_SOURCE`` bytes are read; anything else
(``/etc/shadow``, ``../../.ssh/id_rsa``, a device, a FIFO, a folder) is never opened
for its text, and :func:`refused_source` says why.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from timeline.model import Event, Source, Timeline

__all__ = [
    "CitedQuote",
    "QuoteContext",
    "cited_quotes",
    "locate",
    "near_miss",
    "quote_context",
    "read_seed",
    "read_seed_bytes",
    "refused_source",
    "seed_path",
]

#: Folders a timeline may cite files from besides its own (set by a caller, such as a
#: command-line option; the environment variable below adds to them).
ALLOWED_SOURCES: list[str] = []
#: The environment variable naming more such folders, separated by os.pathsep.
ALLOW_ENV = "TIMELINE_ALLOW_SOURCES"
#: The largest source text read, in bytes (the longest shipped seed is about 20 kB).
MAX_SOURCE = 32 << 20
#: Why a source path is not read (seed_path and the reading fill it in).
_REFUSED: dict[Path, str] = {}

_SENTENCE_END = re.compile(r"[。！？!?]|\n\s*\n")


@dataclass(frozen=True, slots=True)
class QuoteContext:
    """A quote as found in its seed: file, 1-based line, and the sentence around it."""

    file: str
    line: int
    before: str
    quote: str
    after: str


@dataclass(frozen=True, slots=True)
class CitedQuote:
    """One source of an event as `show` presents it: where the quote is (file:line, or the
    file and why not), what the source is (title, publisher, dateline), and the sentence."""

    where: str
    about: str
    before: str
    quote: str
    after: str


def cited_quotes(timeline: Timeline, event: Event) -> list[CitedQuote]:
    """Each source's quote inside its sentence, labelled from the header's source list."""
    header = {s.file: s for s in timeline.sources}
    out = []
    for source in event.sources:
        seed = header.get(source.file)
        parts = [seed.title, seed.publisher, str(seed.dateline or "")] if seed else []
        about = "  ".join(p for p in parts if p)
        found = locate(timeline, source)
        if found is None:
            where = f"{source.file} (quote not found in the source)"
            out.append(CitedQuote(where, about, "", source.quote, ""))
        else:
            where = f"{found.file}:{found.line}"
            out.append(CitedQuote(where, about, found.before, found.quote, found.after))
    return out


def seed_path(timeline: Timeline, file: str) -> Path:
    """Where a source file is: relative to the timeline's folder. A path that leads out of
    that folder and of every allowed one (after symbolic links) is refused: read_seed and
    read_seed_bytes will not open it, and refused_source says why."""
    base = Path(timeline.base_dir or ".")
    path = base / file
    allowed = (*ALLOWED_SOURCES, os.environ.get(ALLOW_ENV, ""))
    if path not in _REFUSED and not _inside(path, base, allowed):
        _REFUSED[path] = (
            f"it is outside the timeline's folder {base}; allow its folder in {ALLOW_ENV}"
        )
    return path


@functools.lru_cache(maxsize=256)
def _inside(path: Path, base: Path, allowed: tuple[str, ...]) -> bool:
    """Whether `path`, after symbolic links, is in `base` or a folder of `allowed` (the
    allowed folders, then the environment variable's value). Asked once a path and run:
    every event citing a file asks again."""
    folders = [*allowed[:-1], *allowed[-1].split(os.pathsep)]
    try:
        real = path.resolve()
        roots = [root.resolve() for root in (base, *(Path(d) for d in folders if d))]
    except (OSError, RuntimeError):  # a symlink loop
        return False
    return any(real == root or root in real.parents for root in roots)


def refused_source(path: Path) -> str | None:
    """Why the source at `path` (from seed_path) is not read, or None."""
    return _REFUSED.get(path)


def _source_bytes(path: Path) -> bytes | None:
    """The bytes of an allowed, regular source file of at most MAX_SOURCE bytes."""
    if path in _REFUSED:
        return None
    try:  # O_NONBLOCK: a FIFO opens without waiting for a writer (then it is refused)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            _REFUSED[path] = "it is not a regular file"
            return None
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read(MAX_SOURCE + 1)
        if len(data) > MAX_SOURCE:
            _REFUSED[path] = f"it is larger than {MAX_SOURCE:,} bytes"
            return None
        return data
    except OSError:
        return None
    finally:
        os.close(fd)


@functools.lru_cache(maxsize=32)
def read_seed(path: Path) -> str | None:
    """The seed's text, or None when it is missing, unreadable or refused (check reports it).

    Decoded from read_seed_bytes, so a source whose sha256 `check` verifies is read once."""
    data = read_seed_bytes(path)
    try:
        text = None if data is None else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # Universal newlines, as a file opened in text mode reads them.
    return None if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


@functools.lru_cache(maxsize=32)
def read_seed_bytes(path: Path) -> bytes | None:
    """The source file's bytes (for its sha256), or None when it cannot be read or is refused."""
    return _source_bytes(path)


def quote_context(timeline: Timeline, event: Event, index: int = 0) -> QuoteContext | None:
    """Locate the event's quote (its first source, or source `index`) within its sentence."""
    if index >= len(event.sources):
        return None
    return locate(timeline, event.sources[index])


def locate(timeline: Timeline, source: Source) -> QuoteContext | None:
    """Find a source's quote in its file and widen it to its whole sentence(s)."""
    if not source.quote:
        return None
    text = read_seed(seed_path(timeline, source.file))
    if text is None:
        return None
    start = text.find(source.quote)
    if start < 0:
        return None
    end = start + len(source.quote)
    ends_before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    left = ends_before[-1] if ends_before else 0
    after = _SENTENCE_END.search(text, end)
    right = after.end() if after else len(text)
    if text[end - 1 : end] in "。！？!?":
        right = end
    line = text.count("\n", 0, start) + 1
    return QuoteContext(
        file=source.file,
        line=line,
        before=text[left:start].lstrip(),
        quote=source.quote,
        after=text[end:right].rstrip(),
    )


def _matching_prefix(quote: str, text: str) -> int:
    """The length of the longest start of `quote` found in `text` (binary search: every
    shorter start of a start that occurs occurs too)."""
    low, high = 0, len(quote)
    while low < high:
        mid = (low + high + 1) // 2
        if quote[:mid] in text:
            low = mid
        else:
            high = mid - 1
    return low


def _char(text: str) -> str:
    return f"'{text}' (U+{ord(text):04X})" if text else "the end"


def near_miss(quote: str, text: str) -> str:
    r"""Where a quote that is not verbatim parts from its source, in one line.

    >>> print(near_miss("3月20日，唐山", "x\n3月20日,唐山"))
    the first 5 characters match at line 2, column 1; then the quote has '，' (U+FF0C) where the source has ',' (U+002C)
    """  # noqa: E501
    size = _matching_prefix(quote, text)
    if size == 0:
        return f"not even its first character {_char(quote[:1])} occurs in the source"
    at = text.find(quote[:size])
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    differs = text[at + size : at + size + 1]
    return (
        f"the first {size} characters match at line {line}, column {column}; then the quote "
        f"has {_char(quote[size : size + 1])} where the source has {_char(differs)}"
    )
