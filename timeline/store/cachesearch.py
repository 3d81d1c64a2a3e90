"""Which events of a cache hold the search terms: the search text, narrowed by the rare index.

A plain term is found in the memory-mapped folded text with exactly the substring
test of timeline.query (among the events of its rarest character when the index
has one); any other pattern is tried on each event's text with the same
predicates, so answers never differ from a plain scan, whatever the term.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from timeline.store.searchtext import SearchText, from_little_endian

__all__ = ["matching"]


def matching(
    db: sqlite3.Connection,
    text: SearchText,
    common: Any,
    patterns: Sequence[re.Pattern[str]],
    any_term: bool,
) -> list[int]:
    """The numbers (file order, ascending) of the events matching all patterns (or any)."""
    literals = [_literal(p) for p in patterns]
    if any_term and None not in literals:
        # Plain terms: SearchText.find is the same substring test as query.search's
        # escaped patterns on the same folded text.
        return sorted(set().union(*(_find(db, text, common, t) for t in literals if t is not None)))
    plain = [t for t in literals if t is not None]
    if any_term or not plain:
        candidates: Sequence[int] = range(len(text))
        rest = list(patterns)
    else:  # narrow by the longest plain term (usually the rarest), test the others
        narrow = max(plain, key=len)
        candidates = _find(db, text, common, narrow)
        rest = [p for p, t in zip(patterns, literals, strict=True) if t != narrow]
    if rest:
        combine = any if any_term else all
        candidates = [s for s in candidates if combine(p.search(text.text(s)) for p in rest)]
    return list(candidates)


def _literal(pattern: re.Pattern[str]) -> str | None:
    """The text a pattern matches when it is a plain escaped string (query.compile_search)."""
    if pattern.flags & ~re.UNICODE:
        return None
    text = re.sub(r"\\(.)", r"\1", pattern.pattern, flags=re.DOTALL)
    return text if re.escape(text) == pattern.pattern else None


def _find(db: sqlite3.Connection, text: SearchText, common: Any, term: str) -> list[int]:
    """Events whose text holds `term`: among the events of its rarest character when it
    has one the index keeps (searchtext.rare_characters), else by a scan of all."""
    rare = sorted(set(term) - set(common)) if common is not None else []
    if not rare:
        return text.find(term)
    marks = ",".join("?" * len(rare))
    rows = db.execute(f"SELECT seqs FROM rare WHERE char IN ({marks})", rare).fetchall()
    if len(rows) < len(rare):
        return []  # a character no event holds
    candidates = from_little_endian("I", min((r for (r,) in rows), key=len))
    return text.find(term, among=candidates)
