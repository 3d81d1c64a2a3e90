"""Finding an event's quote in its seed text: the proof behind every event.

Seed paths are relative to the timeline file's folder (``seeds/x.txt``), so the
embedded timeline and a user's own file resolve their sources the same way.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from timeline.model import Event, Timeline

__all__ = ["QuoteContext", "quote_context", "read_seed", "seed_path"]

_SENTENCE_END = re.compile(r"[。！？!?]|\n\s*\n")


@dataclass(frozen=True, slots=True)
class QuoteContext:
    """A quote as found in its seed: file, 1-based line, and the sentence around it."""

    file: str
    line: int
    before: str
    quote: str
    after: str


def seed_path(timeline: Timeline, file: str) -> Path:
    return Path(timeline.base_dir or ".") / file


@functools.lru_cache(maxsize=32)
def read_seed(path: Path) -> str | None:
    """The seed's text, or None when it is missing or unreadable (check reports it)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def quote_context(timeline: Timeline, event: Event) -> QuoteContext | None:
    """Locate the event's quote and widen it to its whole sentence(s)."""
    if event.source is None or not event.source.quote:
        return None
    text = read_seed(seed_path(timeline, event.source.file))
    if text is None:
        return None
    start = text.find(event.source.quote)
    if start < 0:
        return None
    end = start + len(event.source.quote)
    ends_before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    left = ends_before[-1] if ends_before else 0
    after = _SENTENCE_END.search(text, end)
    right = after.end() if after else len(text)
    if text[end - 1 : end] in "。！？!?":
        right = end
    line = text.count("\n", 0, start) + 1
    return QuoteContext(
        file=event.source.file,
        line=line,
        before=text[left:start].lstrip(),
        quote=event.source.quote,
        after=text[end:right].rstrip(),
    )
