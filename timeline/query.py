"""Pure functions over events: select by dates, tags and text; order; limit.

Each returns a new list and never mutates its input. Text search is a plain
NFKC-normalised, case-folded substring match (no tokenizer), so two-character
Chinese words such as 社区 match inside longer runs of Han characters.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from timeline.errors import UsageError
from timeline.model import DateSpan, Event, Timeline
from timeline.text.fold import fold
from timeline.text.shorten import shorten

__all__ = [
    "all_of",
    "between",
    "cites",
    "compile_search",
    "completing_reference",
    "has_kinds",
    "has_tags",
    "in_span",
    "search",
    "search_text",
    "sort_events",
    "source_count",
    "tag_counts",
    "with_tags",
]


def completing_reference(timeline: Timeline, latest: dt.date | None) -> dt.date | None:
    """The date that completes year-less input such as 3月20日: the header's reference,
    else its latest source dateline, else `latest` (the last day any event covers).

    The one rule, used by every store for every command.
    """
    if timeline.reference:
        return timeline.reference
    datelines = [s.dateline for s in timeline.sources if s.dateline]
    return max(datelines) if datelines else latest


def sort_events(events: Iterable[Event], reverse: bool = False) -> list[Event]:
    """Date-time order (untimed events first within a day), or newest first."""
    return sorted(events, key=lambda e: e.sort_key, reverse=reverse)


def in_span(events: Iterable[Event], span: DateSpan) -> list[Event]:
    """Events whose date (or date..end span) shares a day with `span`."""
    return [e for e in events if span.overlaps(e.date, e.last_day)]


def between(events: Iterable[Event], start: dt.date | None, end: dt.date | None) -> list[Event]:
    """Events overlapping [start, end]; either bound may be open."""
    low, high = start or dt.date.min, end or dt.date.max
    return in_span(events, DateSpan(low, high))


def with_tags(events: Iterable[Event], tags: Sequence[str]) -> list[Event]:
    """Events carrying every one of `tags` (case- and width-insensitive)."""
    return list(filter(has_tags(tags), events))


def has_tags(tags: Sequence[str]) -> Callable[[Event], bool]:
    """The test of :func:`with_tags` for one event, for filtering a stream lazily."""
    wanted = {fold(t) for t in tags}
    return lambda e: wanted <= {fold(t) for t in e.tags}


def has_kinds(kinds: Sequence[str]) -> Callable[[Event], bool]:
    """Events whose date is of one of `kinds` (event, as_of, since, report)."""
    wanted = set(kinds)
    return lambda e: e.date_kind in wanted


def source_count(event: Event) -> int:
    """How many distinct source files back the event: two quotes of one file count once."""
    return len({source.file for source in event.sources})


def cites(header: Timeline, texts: Sequence[str]) -> Callable[[Event], bool]:
    """Events citing a source whose file, or header title or publisher, contains any of
    `texts` (case- and width-insensitive)."""
    wanted = [fold(t) for t in texts]
    about = {s.file: fold(f"{s.file}\n{s.title}\n{s.publisher}") for s in header.sources}

    def test(event: Event) -> bool:
        named = [about.get(s.file, fold(s.file)) for s in event.sources]
        return any(w in text for w in wanted for text in named)

    return test


def all_of(tests: Sequence[Callable[[Event], bool]]) -> Callable[[Event], bool]:
    """One test passing when every one of `tests` passes."""
    return lambda e: all(test(e) for test in tests)


def search_text(event: Event) -> str:
    """Everything a search looks at, folded, one field per line."""
    parts = [event.title, event.summary, *event.tags, *event.people, *event.orgs, *event.places]
    parts.extend(source.quote for source in event.sources)
    return fold("\n".join(parts))


def compile_search(terms: Sequence[str], regex: bool = False) -> list[re.Pattern[str]]:
    """One pattern per term; a bad regular expression is a UsageError quoting it."""
    if not terms or any(not t.strip() for t in terms):
        raise UsageError("search needs a non-empty term, e.g. timeline search 志愿者")
    patterns = []
    for term in terms:
        if not regex:
            patterns.append(re.compile(re.escape(fold(term))))
            continue
        # Normalise width only: case-folding the pattern itself would turn \D into \d.
        try:
            patterns.append(re.compile(unicodedata.normalize("NFKC", term), re.IGNORECASE))
        except (re.error, OverflowError, RecursionError) as exc:
            reason = exc if isinstance(exc, re.error) else "too large to compile"
            raise UsageError(f"bad regular expression '{shorten(term)}': {reason}") from None
    return patterns


def search(
    events: Iterable[Event], patterns: Sequence[re.Pattern[str]], any_term: bool = False
) -> list[Event]:
    """Events matching all patterns (or any, with `any_term`)."""
    combine = any if any_term else all
    out = []
    for event in events:
        text = search_text(event)
        if combine(p.search(text) for p in patterns):
            out.append(event)
    return out


def tag_counts(events: Iterable[Event]) -> list[tuple[str, int]]:
    """Each tag with its number of events, most used first, then by name."""
    counts: dict[str, int] = {}
    for event in events:
        for tag in event.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
