"""Streamed answers equal collected ones (issue #19).

`search`, `list` and `on` stream from the cache in date-time order (the search text is
kept in that order); the MemoryStore collects and sorts. Both must give the same
events in the same order, for every format, in-process and in real processes, on
generated data with hostile text, uncertain dates and ties on the same day.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_schema import NAME, timelines
from typer.testing import CliRunner

from helpers import run_cli
from timeline import query
from timeline.cli import app
from timeline.model import Timeline
from timeline.source.load import load_file
from timeline.source.write import dump_timeline
from timeline.store.cache import CacheStore
from timeline.store.memory import MemoryStore
from timeline.store.open import open_store
from timeline.store.searchtext import SEGMENT

PARTS = ["上旬", "中旬", "下旬", "月初", "月底"]
WORDS = ["社区", "志愿者", "网格", "Ｖｏｌｕｎｔｅｅｒ", "a.b", "磐石", "😀", "\u202e反转", "&<b>"]


def write_events(path: Path, count: int, seed: int = 19) -> Path:
    """Events out of file order, many on one day (timed, untimed, dated to a part of the
    month), hostile text (bidi controls, Markdown and HTML syntax, astral characters)."""
    rng = random.Random(seed)
    lines = ["timeline:", "  title: 流式", "events:"]
    for i in range(count):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(120))
        words = rng.sample(WORDS, 3)
        lines.append(f"  - id: ev-{rng.randrange(10**6):06d}-{i}")
        if i % 13 == 0:
            lines.append(f"    date: {day.year}-{day.month:02d} {rng.choice(PARTS)}")
        elif i % 29 == 0:
            lines.append(f"    date: {day.year}-{day.month:02d}")
        else:
            lines.append(f"    date: {day.isoformat()}")
            if i % 3:
                lines.append(f'    time: "{rng.randrange(24):02d}:{rng.randrange(60):02d}"')
            if i % 17 == 0:
                lines.append(
                    f"    end: {(day + dt.timedelta(days=rng.randrange(1, 40))).isoformat()}"
                )
        lines.append(f'    title: "{words[0]}第{i}次 # *{words[1]}*"')
        lines.append(f'    summary: "{words[2]}：' + "长文本" * rng.randrange(1, 30) + '"')
        lines.append(f"    tags: [{json.dumps(words[1], ensure_ascii=False)}, 防控]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough events for several segments of search text: streams cross segment bounds."""
    path = write_events(tmp_path_factory.mktemp("stream") / "events.yaml", 4000)
    assert path.stat().st_size > 3 * SEGMENT
    return path


def both(path: Path) -> tuple[CacheStore, MemoryStore]:
    cached = open_store(str(path))
    assert isinstance(cached, CacheStore)
    return cached, MemoryStore(load_file(str(path)))


SEARCHES = [
    (["社区"], False),
    (["社区", "志愿者"], False),
    (["磐石", "网格"], True),
    (["volunteer"], False),
    (["第1"], False),
    (["不存在"], False),
    (["长文本长文本长文本"], False),
    (["😀", "a.b"], True),
]


@pytest.mark.parametrize(("terms", "any_term"), SEARCHES)
@pytest.mark.parametrize("reverse", [False, True])
def test_found_streams_what_memory_collects(
    big_file: Path, terms: list[str], any_term: bool, reverse: bool
) -> None:
    cached, memory = both(big_file)
    for regex in (False, True):
        patterns = query.compile_search(terms, regex=regex)
        expected = list(memory.found(patterns, any_term, reverse))
        assert list(cached.found(patterns, any_term, reverse)) == expected
        assert cached.search(patterns, any_term) == memory.search(patterns, any_term)
    cached.close()


def test_ordered_and_each_stream_what_memory_holds(big_file: Path) -> None:
    cached, memory = both(big_file)
    assert list(cached.each()) == list(memory.timeline.events)
    for start, end in [(None, None), (dt.date(2021, 2, 1), dt.date(2021, 3, 15))]:
        for reverse in (False, True):
            assert list(cached.ordered(start, end, reverse)) == list(
                memory.ordered(start, end, reverse)
            )
    cached.close()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(timelines(), st.lists(NAME, min_size=1, max_size=3), st.booleans(), st.data())
def test_generated_timelines_stream_the_same(
    tmp_path_factory: pytest.TempPathFactory,
    timeline: Timeline,
    terms: list[str],
    any_term: bool,
    data: st.DataObject,
) -> None:
    path = tmp_path_factory.mktemp("gen") / "generated.yaml"
    path.write_text(dump_timeline(timeline), encoding="utf-8")
    cached, memory = both(path)
    texts = [query.search_text(e) for e in timeline.events]
    if texts:  # a piece of an event's own text, so that something is found
        text = data.draw(st.sampled_from(texts))
        at = data.draw(st.integers(0, len(text)))
        piece = text[at : at + data.draw(st.integers(1, 4))]
        terms += [piece] if piece.strip() else []
    patterns = query.compile_search(terms)
    for reverse in (False, True):
        expected = list(memory.found(patterns, any_term, reverse))
        assert list(cached.found(patterns, any_term, reverse)) == expected
        assert list(cached.ordered(None, None, reverse)) == list(
            memory.ordered(None, None, reverse)
        )
    assert list(cached.each()) == list(memory.timeline.events)
    cached.close()


COMMANDS = [
    ("search", "社区"),
    ("search", "社区", "志愿者", "-r", "-n", "50"),
    ("search", "磐石", "网格", "--any", "--from", "2021-02-01", "--to", "2021-03"),
    ("search", "-E", "第[0-9]+次", "--tag", "防控", "-n", "7"),
    ("list",),
    ("list", "-r", "--from", "2021-03-01"),
    ("on", "2021-02-01..2021-03-31"),
    ("on", "2021-03-15", "-r"),
    ("on", "2021-03", "--certain"),
    ("on", "2021-02-01..2021-03-31", "-n", "40"),
]
FORMATS = ["tsv", "jsonl", "csv", "json", "markdown"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_streaming_format_prints_what_the_file_gives(
    big_file: Path, args: tuple[str, ...], fmt: str
) -> None:
    runner = CliRunner()
    command = ["--file", str(big_file), *args, "-F", fmt]
    plain = runner.invoke(app, command, env={"TIMELINE_NO_CACHE": "1"})
    assert plain.exit_code == 0, plain.output
    for _ in range(2):  # built, then warm
        cached = runner.invoke(app, command)
        assert (cached.exit_code, cached.stdout) == (0, plain.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ("search", "社区", "-F", "jsonl"),
        ("on", "2021-02-01..2021-03-31"),
        ("list", "-F", "markdown"),
    ],
)
def test_separate_processes_stream_the_same(big_file: Path, args: tuple[str, ...]) -> None:
    plain = run_cli("--file", str(big_file), *args, env={"TIMELINE_NO_CACHE": "1"})
    assert plain.returncode == 0, plain.stderr
    for _ in range(2):
        cached = run_cli("--file", str(big_file), *args)
        assert (cached.returncode, cached.stdout, cached.stderr) == (0, plain.stdout, "")


@pytest.mark.parametrize("which", ["shipped", "missing seeds", "generated"])
def test_check_streamed_with_a_tally_finds_what_check_of_the_whole_finds(
    tmp_path: Path, big_file: Path, which: str
) -> None:
    from test_cache import write_timeline

    from helpers import ROOT
    from timeline.check import Tally, check_file

    path = {
        "shipped": ROOT / "events.yaml",
        "missing seeds": write_timeline(tmp_path / "cites.yaml"),  # seeds/x.txt is missing
        "generated": big_file,
    }[which]
    check_file(str(path))  # builds the cache: both below answer from it
    timeline, problems = check_file(str(path))
    tally = Tally()
    header, streamed = check_file(str(path), tally)
    assert streamed == problems
    assert (header.events, header.title, header.sources) == ((), timeline.title, timeline.sources)
    events = timeline.events
    unsourced = [e.id for e in events if not e.sources]
    assert (tally.events, tally.quotes, tally.figures, tally.unsourced) == (
        len(events),
        sum(len(e.sources) for e in events),
        sum(len(e.figures) for e in events),
        len(unsourced),
    )
    assert tally.first_unsourced == unsourced[:3]
    if which == "missing seeds":
        assert any("seeds/x.txt" in p.message for p in problems)
