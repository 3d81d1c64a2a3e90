"""Selecting and ordering events: pure functions over the real loaded data."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers import MINI
from timeline import query
from timeline.errors import UsageError
from timeline.model import DateSpan
from timeline.store.open import load
from timeline.text.fold import fold

EVENTS = load(MINI).events


def ids(events: list) -> list[str]:  # type: ignore[type-arg]
    return [e.id for e in events]


def test_sort_is_date_then_timed_then_untimed() -> None:
    assert ids(query.sort_events(EVENTS)) == [
        "teleconference",
        "first-cases",
        "notice",
        "deploy",
        "volunteers",
    ]
    assert ids(query.sort_events(EVENTS, reverse=True))[0] == "volunteers"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2022, 3, 20), (2022, 3, 20), {"notice", "deploy"}),
        ((2022, 3, 21), (2022, 3, 21), {"deploy"}),  # inside the 20..22 span
        ((2022, 3, 23), (2022, 3, 30), set()),
        (
            (2022, 3, 1),
            (2022, 3, 31),
            {"teleconference", "first-cases", "notice", "deploy", "volunteers"},
        ),
    ],
)
def test_in_span_counts_overlapping_spans(start: tuple, end: tuple, expected: set) -> None:  # type: ignore[type-arg]
    span = DateSpan(dt.date(*start), dt.date(*end))
    assert set(ids(query.in_span(EVENTS, span))) == expected


def test_between_with_open_bounds() -> None:
    assert set(ids(query.between(EVENTS, dt.date(2022, 3, 22), None))) == {"deploy", "volunteers"}
    assert set(ids(query.between(EVENTS, None, dt.date(2022, 3, 12)))) == {"teleconference"}


def test_tags_must_all_match() -> None:
    assert ids(query.with_tags(EVENTS, ["社区"])) == ["deploy"]
    assert query.with_tags(EVENTS, ["社区", "病例"]) == []


@pytest.mark.parametrize(
    ("terms", "any_term", "regex", "expected"),
    [
        (["志愿者"], False, False, {"volunteers"}),
        (["社区"], False, False, {"deploy"}),  # two-character word inside a Han run (summary)
        (["volunteers"], False, False, {"volunteers"}),  # full-width title, half-width query
        (["VOLUNTEERS"], False, False, {"volunteers"}),
        (["组织部", "动员"], False, False, {"notice"}),
        (["会议", "病例"], False, False, set()),
        (["会议", "病例"], True, False, {"teleconference", "first-cases"}),
        (["许东"], False, False, {"volunteers"}),  # people are searched
        ([r"\d+万"], False, True, {"volunteers"}),
        ([r"\d{4}个"], False, True, {"deploy"}),
    ],
)
def test_search(terms: list[str], any_term: bool, regex: bool, expected: set[str]) -> None:
    patterns = query.compile_search(terms, regex=regex)
    assert set(ids(query.search(EVENTS, patterns, any_term))) == expected


@pytest.mark.parametrize("bad", [["("], ["[a-"], ["*"]])
def test_bad_regex_is_a_usage_error_quoting_it(bad: list[str]) -> None:
    with pytest.raises(UsageError, match="bad regular expression"):
        query.compile_search(bad, regex=True)


@pytest.mark.parametrize("empty", [[], [""], ["  "]])
def test_empty_search_is_a_usage_error(empty: list[str]) -> None:
    with pytest.raises(UsageError):
        query.compile_search(empty)


def test_tag_counts_most_used_first() -> None:
    counts = query.tag_counts(EVENTS)
    assert counts[0][1] >= counts[-1][1]
    assert dict(counts)["组织部"] == 1


# Full-width forms next to what composes with them (combining marks, a half-width katakana
# voicing mark), the ideographic space, Han text and characters NFKC changes in other ways.
FOLD_ALPHABET = "ＡＺａ０，：（）！\u3000\u0301\u0308\u3099ｶﾞ社区唐山aZ ﬁ①…é"


@settings(max_examples=500, deadline=None)
@given(st.text(FOLD_ALPHABET, max_size=16) | st.text(max_size=16))
@example("Ａ\u0301")  # a full-width letter whose narrow form composes with the accent: Á
@example("，\u0301")
def test_fold_is_nfkc_then_casefold(text: str) -> None:
    assert fold(text) == unicodedata.normalize("NFKC", text).casefold()


def test_a_regex_search_leaves_no_alarm_to_kill_the_process_at_exit() -> None:
    """The regex time limit uses SIGALRM; Python's exit puts SIGALRM back to its default
    action (terminate), so an alarm still pending then would kill a process that called the
    app in-process (a test runner: exit 142). It is cancelled at exit."""
    import subprocess
    import sys

    code = (
        "import atexit, signal\n"
        "from typer.testing import CliRunner\n"
        "from timeline.cli import app\n"
        "result = CliRunner().invoke(app, ['search', '--regex', '志.者'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # the search's alarm is pending\n"
        "atexit._run_exitfuncs()\n"
        "print(signal.getitimer(signal.ITIMER_REAL))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "(0.0, 0.0)"
