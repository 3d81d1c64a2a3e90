"""The one road to a timeline: `open_store(path)` chooses the cache or the file.

The CLI, `check` and the tests get every timeline here. A regular file is
answered from the per-user cache when it can be (timeline.store.cache, built on
first use); standard input, ``TIMELINE_NO_CACHE=1``, a file with problems, or a
cache that cannot be trusted or written are answered from the file, loaded in
full by timeline.source.load. Either way the answers are the same.
"""

from __future__ import annotations

import os

from timeline.model import Timeline
from timeline.source.files import STDIN, embedded_path
from timeline.store.cache import open_cache
from timeline.store.memory import EventStore, MemoryStore

__all__ = ["load", "open_store", "target_path"]


def target_path(path: str | os.PathLike[str] | None) -> str:
    """The file a command reads: `path`, ``-`` for standard input, or the embedded timeline."""
    return os.fspath(path) if path is not None else str(embedded_path())


def open_store(path: str | os.PathLike[str] | None, *, strict: bool = True) -> EventStore:
    """The timeline at `path` (``-`` stdin, None embedded) as a store.

    `strict` (every command but ``check``): a file with problems raises DataError
    naming the first. Not strict: the store holds the file's events and its
    ``problems``, every one of them, for ``check`` to report.
    """
    target = target_path(path)

    def from_file() -> MemoryStore:
        from timeline.source.load import load_file  # PyYAML: a warm cache never needs it

        return MemoryStore(load_file(target))

    if target != STDIN:
        cached = open_cache(target, from_file)
        if cached is not None:
            return cached
    if strict:
        return from_file()
    from timeline.source.load import read_timeline

    timeline, problems = read_timeline(target)
    return MemoryStore(timeline, problems)


def load(path: str | os.PathLike[str] | None = None) -> Timeline:
    """Every event of the timeline at `path`, with its header: open_store(path).full_timeline()."""
    return open_store(path).full_timeline()
