"""Pure functions over events: select by dates, tags and text; order; limit.

Each returns a new list and never mutates its input. Text search is a plain
NFKC-normalised, case-folded substring match (no tokenizer), so two-character
Chinese words such as 社区 match inside longer runs of Han characters.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

from timeline.errors import UsageError
from timeline.model import DateSpan, Event, Timeline
from timeline.text.fold import fold
from timeline.text.shorten import shorten

__all__ = [
    "NAME_FIELDS",
    "all_of",
    "between",
    "cites",
    "compile_search",
    "completing_reference",
    "has_kinds",
    "has_orgs",
    "has_people",
    "has_places",
    "has_tags",
    "in_span",
    "name_counts",
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


def _names_test(field: str, names: Sequence[str]) -> Callable[[Event], bool]:
    wanted = {fold(n) for n in names}
    return lambda e: wanted <= {fold(n) for n in getattr(e, field)}


def has_people(names: Sequence[str]) -> Callable[[Event], bool]:
    """Events naming every one of `names` as people (case- and width-insensitive, whole names)."""
    return _names_test("people", names)


def has_orgs(names: Sequence[str]) -> Callable[[Event], bool]:
    """Events naming every one of `names` as organisations."""
    return _names_test("orgs", names)


def has_places(names: Sequence[str]) -> Callable[[Event], bool]:
    """Events naming every one of `names` as places."""
    return _names_test("places", names)


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


#: Seconds the regular expressions of one search may take together (matching and the
#: highlighting of what they found): a catastrophic pattern such as (a|aa)+$ is stopped.
REGEX_SECONDS = 10.0


class _TooSlow(Exception):
    """Raised by the alarm inside a match that ran past the deadline."""


class _Deadline:
    """One search's time limit, shared by its patterns and started at their first match.

    The `regex` package checks for signals while it matches, so in the main thread an
    alarm (SIGALRM, when nobody else uses it) interrupts a match that runs too long, at
    no cost to the others; elsewhere every match gets the time left as its own timeout
    (about 0.7 microseconds a call).
    """

    def __init__(self) -> None:
        self.end: float | None = None
        self.alarm = False  # the alarm is set: matches run without a timeout of their own
        self.inside = False  # a match is running: the alarm may interrupt it
        self.expired = False

    def start(self) -> None:
        import signal
        import threading
        import time

        self.end = time.monotonic() + REGEX_SECONDS
        current = signal.getsignal(signal.SIGALRM)
        free = current in (signal.SIG_DFL, None) or isinstance(
            getattr(current, "__self__", None), _Deadline
        )
        if free and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGALRM, self._ring)
            signal.setitimer(signal.ITIMER_REAL, REGEX_SECONDS)
            self.alarm = True
            _cancel_alarm_at_exit()

    def _ring(self, signum: int, frame: Any) -> None:
        self.expired = True
        if self.inside:
            raise _TooSlow

    def left(self) -> float:
        import time

        return max((self.end or 0.0) - time.monotonic(), 0.001)


_ALARM_CANCELLED_AT_EXIT: list[bool] = []


def _cancel_alarm_at_exit() -> None:
    """Cancel a pending alarm when Python exits: finalisation puts SIGALRM back to its
    default action, which would kill a process that outlived a quick search (exit 142),
    such as a test runner calling the app in-process."""
    if not _ALARM_CANCELLED_AT_EXIT:
        import atexit
        import signal

        atexit.register(signal.setitimer, signal.ITIMER_REAL, 0)
        _ALARM_CANCELLED_AT_EXIT.append(True)


class _TimedPattern:
    """A `regex` pattern (a well-kept drop-in for `re`) whose matches share one _Deadline;
    past it, a one-line UsageError (exit 2) names the pattern."""

    def __init__(self, compiled: Any, term: str, deadline: _Deadline) -> None:
        self._compiled = compiled
        self._term = term
        self._deadline = deadline
        self.pattern: str = compiled.pattern
        self.flags: int = compiled.flags

    def _too_slow(self) -> UsageError:
        return UsageError(
            f"regular expression '{shorten(self._term)}' takes too long (over "
            f"{REGEX_SECONDS:g} s in all); make it simpler, e.g. without nested repeats"
        )

    def _run(self, match: Callable[..., Any], *args: Any, timed: bool = True) -> Any:
        deadline = self._deadline
        if deadline.end is None:
            deadline.start()
        if deadline.expired:
            raise self._too_slow()
        try:
            if not deadline.alarm:
                return match(*args, timeout=deadline.left()) if timed else match(*args)
            deadline.inside = True
            try:
                return match(*args)
            finally:
                deadline.inside = False
        except (_TooSlow, TimeoutError):
            raise self._too_slow() from None

    def search(self, text: str, *args: Any) -> Any:
        return self._run(self._compiled.search, text, *args)

    def finditer(self, text: str, *args: Any) -> Iterator[Any]:
        found = self._run(self._compiled.finditer, text, *args)  # the timeout covers it all
        while (match := self._run(next, found, None, timed=False)) is not None:
            yield match


def compile_search(terms: Sequence[str], regex: bool = False) -> list[re.Pattern[str]]:
    """One pattern per term; a bad regular expression is a UsageError quoting it.

    Plain terms are escaped `re` patterns (a substring test, linear). Regular expressions
    are compiled by the `regex` package, with the same syntax and meaning as `re` (its
    version 0), so that they run under a time limit (REGEX_SECONDS for the whole search).
    """
    if not terms or any(not t.strip() for t in terms):
        raise UsageError("search needs a non-empty term, e.g. timeline search 志愿者")
    if not regex:
        return [re.compile(re.escape(fold(term))) for term in terms]
    import regex as regex_module  # type: ignore[import-untyped,unused-ignore]  # only --regex

    deadline = _Deadline()
    patterns = []
    for term in terms:
        # Normalise width only: case-folding the pattern itself would turn \D into \d.
        try:
            compiled = regex_module.compile(
                unicodedata.normalize("NFKC", term), regex_module.IGNORECASE | regex_module.V0
            )
        except (regex_module.error, OverflowError, RecursionError, ValueError) as exc:
            reason = exc if isinstance(exc, regex_module.error) else "too large to compile"
            raise UsageError(f"bad regular expression '{shorten(term)}': {reason}") from None
        # Typed as re.Pattern: it answers search, finditer, pattern and flags as one does.
        patterns.append(cast("re.Pattern[str]", _TimedPattern(compiled, term, deadline)))
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
    return name_counts(events, "tags")


#: The lists of names an event carries, as `name_counts` takes them.
NAME_FIELDS = ("tags", "people", "orgs", "places")


def name_counts(events: Iterable[Event], field: str) -> list[tuple[str, int]]:
    """Each name of `field` (tags, people, orgs or places) with its number of events, most
    named first, then by name; an event naming one twice counts once.

    >>> name_counts([Event("a", dt.date(2022, 3, 1), "t", places=("唐山市", "唐山市")),
    ...              Event("b", dt.date(2022, 3, 2), "t", places=("河北省", "唐山市"))], "places")
    [('唐山市', 2), ('河北省', 1)]
    """
    if field not in NAME_FIELDS:
        raise ValueError(f"not a list of names: '{field}'")
    counts: dict[str, int] = {}
    for event in events:
        for name in dict.fromkeys(getattr(event, field)):
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
