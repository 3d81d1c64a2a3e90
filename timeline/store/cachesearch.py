"""Which events of a cache hold the search terms: the search text, narrowed by the rare index.

A plain term is found in the folded text with exactly the substring test of
timeline.query (among the events of its rarest character when the index has
one); any other pattern is tried on each event's text with the same predicates,
so answers never differ from a plain scan, whatever the term. The search text
holds the texts in date-time order, so the matches come out a segment at a time
in the order they are listed (or its reverse). The search text and the index rows
are verified as they are read (timeline.store.verified).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from timeline.model import Event
from timeline.store.searchtext import SearchText, from_little_endian
from timeline.store.verified import events_ranked, rare_rows

__all__ = ["found", "matching"]


def found(
    db: sqlite3.Connection,
    text: SearchText,
    meta: dict[str, Any],
    patterns: Sequence[re.Pattern[str]],
    any_term: bool,
    reverse: bool = False,
    batch: int = 2000,
) -> Iterator[tuple[int, Event]]:
    """(number in the file, event) of each match, in date-time order (or its reverse),
    fetched and verified a batch at a time as the search text is read."""
    for ranks in matching(db, text, meta, patterns, any_term, reverse):
        for start in range(0, len(ranks), batch):
            yield from events_ranked(db, ranks[start : start + batch], meta["files"])


def matching(
    db: sqlite3.Connection,
    text: SearchText,
    meta: dict[str, Any],
    patterns: Sequence[re.Pattern[str]],
    any_term: bool,
    reverse: bool = False,
) -> Iterator[list[int]]:
    """The ranks of the events matching all patterns (or any), a part at a time, ascending
    (descending when `reverse`)."""
    literals = [_literal(p) for p in patterns]
    plain = [t for t in literals if t is not None]
    rest = [p for p, t in zip(patterns, literals, strict=True) if t is None]
    test: Callable[[str], bool] | None = None
    if any_term and rest:  # any pattern may match: each text is tried with all of them
        plain, rest = [], list(patterns)
        test = lambda t: any(p.search(t) for p in rest)  # noqa: E731
    elif rest:
        test = lambda t: all(p.search(t) for p in rest)  # noqa: E731
    among = _candidates(db, meta, plain, any_term) if plain else None
    if among is not None and not among:
        return  # a character no event holds
    yield from text.search(plain, any_term, test, among, reverse)


def _literal(pattern: re.Pattern[str]) -> str | None:
    """The text a pattern matches when it is a plain escaped string (query.compile_search)."""
    if pattern.flags & ~re.UNICODE:
        return None
    text = re.sub(r"\\(.)", r"\1", pattern.pattern, flags=re.DOTALL)
    return text if re.escape(text) == pattern.pattern else None


def _candidates(
    db: sqlite3.Connection, meta: dict[str, Any], terms: Sequence[str], any_term: bool
) -> Sequence[int] | None:
    """The only events that can hold the terms, by the rare-character index (ascending
    ranks), or None: every event. All terms: the events of the rarest character of any
    term. Any term: every term needs a rare character, and the union of their events."""
    common = meta.get("common")
    if common is None:
        return None
    lists = []
    for term in terms:
        rare = sorted(set(term) - set(common))
        if not rare:
            if any_term:
                return None  # this term must be looked for everywhere
            continue
        rows = rare_rows(db, rare, meta.get("indexed", ""))
        found = from_little_endian("I", min(rows, key=len)) if rows else []
        if not any_term and not found:
            return []
        lists.append(found)
    if not lists:
        return None
    if any_term:
        return sorted(set().union(*lists))
    return min(lists, key=len)
