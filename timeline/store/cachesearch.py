"""Which events of a cache hold the search terms: the search text, narrowed by the rare index.

A plain term is found in the folded text with exactly the substring test of
timeline.query (among the events of its rarest character when the index has
one); any other pattern is tried on each event's text with the same predicates,
so answers never differ from a plain scan, whatever the term. The search text
and the index rows are verified as they are read (timeline.store.verified).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from timeline.store.searchtext import SearchText, from_little_endian
from timeline.store.verified import rare_rows

__all__ = ["matching"]


def matching(
    db: sqlite3.Connection,
    text: SearchText,
    meta: dict[str, Any],
    patterns: Sequence[re.Pattern[str]],
    any_term: bool,
) -> list[int]:
    """The numbers (file order, ascending) of the events matching all patterns (or any)."""
    literals = [_literal(p) for p in patterns]
    if any_term and None not in literals:
        # Plain terms: SearchText.find is the same substring test as query.search's
        # escaped patterns on the same folded text.
        return sorted(set().union(*(_find(db, text, meta, t) for t in literals if t is not None)))
    plain = [t for t in literals if t is not None]
    candidates: Sequence[int] | None = None  # every event
    rest = list(patterns)
    if plain and not any_term:  # narrow by the longest plain term (usually the rarest)
        narrow = max(plain, key=len)
        candidates = _find(db, text, meta, narrow)
        rest = [p for p, t in zip(patterns, literals, strict=True) if t != narrow]
    if not rest:
        return list(candidates if candidates is not None else range(len(text)))
    combine = any if any_term else all
    return [s for s, t in text.texts(among=candidates) if combine(p.search(t) for p in rest)]


def _literal(pattern: re.Pattern[str]) -> str | None:
    """The text a pattern matches when it is a plain escaped string (query.compile_search)."""
    if pattern.flags & ~re.UNICODE:
        return None
    text = re.sub(r"\\(.)", r"\1", pattern.pattern, flags=re.DOTALL)
    return text if re.escape(text) == pattern.pattern else None


def _find(db: sqlite3.Connection, text: SearchText, meta: dict[str, Any], term: str) -> list[int]:
    """Events whose text holds `term`: among the events of its rarest character when it
    has one the index keeps (searchtext.rare_characters), else by a scan of all."""
    common = meta.get("common")
    rare = sorted(set(term) - set(common)) if common is not None else []
    if not rare:
        return text.find(term)
    rows = rare_rows(db, rare, meta.get("indexed", ""))
    if not rows:
        return []  # a character no event holds
    candidates = from_little_endian("I", min(rows, key=len))
    return text.find(term, among=candidates)
