"""The cache never changes an answer, is rebuilt when stale or damaged, and trusts only its owner.

Each CLI comparison runs the same command three ways: cold (the cache is
built), warm (answered from it) and with TIMELINE_NO_CACHE=1 (plain YAML).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import DATA, MINI, ROOT, run_cli
from timeline import query
from timeline.cli import app
from timeline.errors import TimelineError
from timeline.model import DateSpan
from timeline.source.files import embedded_path
from timeline.source.load import load_file
from timeline.store import cache, location, records
from timeline.store.open import load, open_store, target_path

PLACES = ["路南区", "路北区", "古冶区", "开平区", "丰南区", "曹妃甸区"]
WORDS = [
    "社区",
    "唐山",
    "志愿者",
    "核酸检测",
    "网格员",
    "物资",
    "Ｖｏｌｕｎｔｅｅｒ",
    "(括号)",
    "a.b",
]


def write_timeline(path: Path, count: int = 300, seed: int = 7, reference: bool = False) -> Path:
    """A timeline in every YAML style the schema allows: flow and block lists, block
    scalars, quoted and plain text, spans, times, figures, full-width letters."""
    rng = random.Random(seed)
    lines = ["# generated for tests/test_cache.py", "timeline:", "  title: 测试时间线"]
    if reference:
        lines.append("  reference: 2021-06-30")
    lines.append("events:")
    day = dt.date(2021, 3, 1)
    for i in range(count):
        day += dt.timedelta(days=rng.choice([0, 0, 1]))
        words = rng.sample(WORDS, 3)
        lines += [f"  - id: ev-{i:04d}", f"    date: {day.isoformat()}"]
        if i % 3:
            lines.append(f'    time: "{rng.randrange(24):02d}:{rng.randrange(60):02d}"')
        if i % 17 == 0:
            lines.append(f"    end: {(day + dt.timedelta(days=rng.randrange(1, 9))).isoformat()}")
        lines.append(f"    title: {rng.choice(PLACES)}{words[0]}第{i}次会议")
        if i % 2:
            lines += ["    summary: |", f"      {words[1]}，{rng.choice(PLACES)}。", "      第二行"]
        else:
            lines.append(f'    summary: "{words[1]}：{words[2]}\\t完成"')
        if i % 4:
            lines.append(f"    tags: [{words[2]}, 防控]")
        else:
            lines += ["    tags:", f"      - {words[2]}", "      - 防控"]
        lines.append(f"    places: [{rng.choice(PLACES)}]")
        if i % 5 == 0:
            n = rng.randrange(1, 500)
            lines += ["    figures:", f"      - {{text: {n}名, value: {n}, unit: 名, label: 人员}}"]
        if i % 7 == 0:
            lines += ["    source:", "      file: seeds/x.txt", f"      quote: 共{i}名{words[0]}"]
        if i % 11 == 0:
            lines.append("    date_kind: report")
        if i % 97 == 0:  # characters four events of 300 hold: the rare-character index
            lines.append("    people: [张芳, 磐石村民]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    return write_timeline(tmp_path / "generated.yaml")


def cache_path(file: Path) -> Path:
    where = location.cache_file(str(file))
    assert where is not None
    return where


def three_ways(*args: str) -> str:
    """Cold cache, warm cache and no cache must print the same; returns that output.

    In-process (CliRunner) for speed; test_separate_processes_agree runs real processes.
    """
    runner = CliRunner()
    cold = runner.invoke(app, list(args))
    warm = runner.invoke(app, list(args))
    plain = runner.invoke(app, list(args), env={"TIMELINE_NO_CACHE": "1"})
    assert plain.exit_code == 0, plain.output
    assert (cold.exit_code, cold.stdout) == (0, plain.stdout)
    assert (warm.exit_code, warm.stdout) == (0, plain.stdout)
    return plain.stdout


QUERIES = [
    ("list",),
    ("list", "-F", "json"),
    ("list", "--from", "2021-03-20", "--to", "2021-04", "--tag", "防控", "-r", "-n", "7"),
    ("on", "2021-03-15"),
    ("on", "2021-04"),
    ("on", "2021-03-10..2021-03-12", "-F", "jsonl"),
    ("on", "3月15日"),
    ("search", "社区"),
    ("search", "唐山", "志愿者"),
    ("search", "网格员", "物资", "--any"),
    ("search", "volunteer"),
    ("search", "(括号)"),
    ("search", "-E", "a.b|第1\\d次"),
    ("search", "-E", "第[0-9]+次", "社区"),
    ("search", "社", "--from", "2021-04-01", "-F", "csv"),
    ("search", "不存在的词"),
    ("search", "磐石"),
    ("search", "张芳", "会议", "--any"),
    ("tags",),
]


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: " ".join(a))
def test_cached_and_plain_answers_are_identical(data_file: Path, args: tuple[str, ...]) -> None:
    out = three_ways("--file", str(data_file), *args)
    if args[0] != "search" or args[1] != "不存在的词":
        assert out
    assert cache_path(data_file).is_file(), "the cache was built and used"


@pytest.mark.parametrize("args", [("list",), ("on", "3月15日"), ("search", "社区", "-F", "json")])
def test_separate_processes_agree(data_file: Path, args: tuple[str, ...]) -> None:
    """A real cold run builds the cache, a real warm run reads it, both print the plain answer."""
    cold = run_cli("--file", str(data_file), *args)
    assert cache_path(data_file).is_file()
    warm = run_cli("--file", str(data_file), *args)
    plain = run_cli("--file", str(data_file), *args, env={"TIMELINE_NO_CACHE": "1"})
    assert plain.returncode == 0
    assert plain.stdout
    assert (cold.returncode, cold.stdout, cold.stderr) == (0, plain.stdout, plain.stderr)
    assert (warm.returncode, warm.stdout, warm.stderr) == (0, plain.stdout, plain.stderr)


def test_year_less_dates_complete_the_same_way_from_a_header_reference(tmp_path: Path) -> None:
    file = write_timeline(tmp_path / "ref.yaml", count=60, reference=True)
    assert three_ways("--file", str(file), "on", "3月15日") == three_ways(
        "--file", str(file), "on", "2021-03-15"
    )


def test_embedded_timeline_answers_the_same(tmp_path: Path) -> None:
    for args in (("list",), ("on", "3月20日"), ("search", "社区"), ("list", "-F", "json")):
        three_ways(*args)


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(data_file: Path) -> None:
    before = three_ways("--file", str(data_file), "search", "第12次会议")
    st = data_file.stat()
    text = data_file.read_text(encoding="utf-8")
    assert "第12次会议" in text
    data_file.write_text(text.replace("第12次会议", "第12次集会"), encoding="utf-8")
    os.utime(data_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert data_file.stat().st_size == st.st_size
    assert data_file.stat().st_mtime_ns == st.st_mtime_ns
    after = three_ways("--file", str(data_file), "search", "第12次集会")
    assert after
    assert before.replace("第12次会议", "第12次集会") == after
    assert run_cli("--file", str(data_file), "search", "第12次会议").stdout == ""


def test_a_large_file_hashed_in_the_background_is_checked_before_any_answer(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_HASH_IN_BACKGROUND", 0)  # every file counts as large
    pattern = query.compile_search(["第12次"])
    first = open_store(str(data_file))
    assert isinstance(first, cache.CacheStore)
    expected = [e.id for e in first.search(pattern)]
    st = data_file.stat()
    data_file.write_text(
        data_file.read_text(encoding="utf-8").replace("第12次", "第21次"), encoding="utf-8"
    )
    os.utime(data_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    stale = open_store(str(data_file))
    assert isinstance(stale, cache.CacheStore)  # size and mtime match: it looks current
    assert stale.search(pattern) == []
    assert expected == ["ev-0012"]
    span = DateSpan(dt.date(2021, 3, 1), dt.date(2021, 12, 31))
    assert stale.in_span(span) == list(load_file(str(data_file)).events)
    assert [e.id for e in open_store(str(data_file)).search(query.compile_search(["第21次"]))]


def test_the_stream_builds_exactly_what_the_full_loader_builds(tmp_path: Path) -> None:
    for file in (write_timeline(tmp_path / "a.yaml", reference=True), MINI, ROOT / "events.yaml"):
        store = open_store(str(file))
        assert isinstance(store, cache.CacheStore)
        cached = store.full_timeline()
        plain = load_file(str(file))
        assert cached == plain
        assert [e.line for e in cached.events] == [e.line for e in plain.events]


@pytest.mark.parametrize(
    ("text", "cached"),
    [
        ("events:\n  - &a {id: x, date: 2021-01-01, title: t}\n", False),  # anchor: loader's
        ("events:\n  - {id: x, date: 2021-01-01, title: t, <<: {summary: s}}\n", False),
        ("events:\n  - {id: x, date: !!str 2021-01-01, title: t}\n", True),  # same constructor
        ("events:\n  - {id: x, date: 2021-01-01, title: !!binary aGk=}\n", False),
        ("events:\n  - {id: x, date: 2021-01-01, title: t}\n---\nevents: []\n", False),
        ("events:\n  - {id: x, date: 2021-01-01, title: t, title: u}\n", False),
        (
            "events:\n  - {id: x, date: 2021-01-01, title: t}\n  - {id: x, date: 2021-01-02, title: u}\n",
            False,
        ),
        ("timeline:\nevents:\n", False),
        ("", False),
        ("- {id: 1, date: 2021-01-01, title: 2}\n- {id: y, date: 2021-01-02, title: 三}\n", True),
        ("events: []\n", True),
        ("timeline: {title: 空}\n", True),
        ("\ufeffevents:\n  - {id: x, date: 2021-01-01, title: 带BOM}\n", True),
        ("events:\n  - {id: x, date: 2021-01-01, title: t, summary: 1.5, tags: [1, 二]}\n", True),
    ],
)
def test_unusual_files_load_the_same_either_way(tmp_path: Path, text: str, cached: bool) -> None:
    file = tmp_path / "odd.yaml"
    file.write_text(text, encoding="utf-8")
    outcomes = []
    for loader in (
        lambda: load_file(str(file)),
        lambda: load(file),
        lambda: open_store(str(file)).full_timeline(),
    ):
        try:
            outcomes.append(("ok", loader()))
        except TimelineError as exc:
            outcomes.append(("error", str(exc)))
    assert outcomes[0] == outcomes[1] == outcomes[2]
    assert cache_path(file).exists() == cached  # only plain, valid files are cached


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "bad").glob("*.yaml")))
def test_files_with_problems_are_never_cached(name: str) -> None:
    file = DATA / "bad" / name
    cached = run_cli("--file", str(file), "list")
    plain = run_cli("--file", str(file), "list", env={"TIMELINE_NO_CACHE": "1"})
    assert (cached.returncode, cached.stdout, cached.stderr) == (
        plain.returncode,
        plain.stdout,
        plain.stderr,
    )
    assert not cache_path(file).exists()


def damage_garbage(where: Path) -> None:
    where.write_bytes(os.urandom(where.stat().st_size))


def damage_truncated(where: Path) -> None:
    where.write_bytes(where.read_bytes()[: where.stat().st_size // 2])


def damage_empty(where: Path) -> None:
    where.write_bytes(b"")


def damage_version(where: Path) -> None:
    with sqlite3.connect(where) as db:
        db.execute("UPDATE meta SET value = '999' WHERE key = 'format'")


def damage_record(where: Path) -> None:
    with sqlite3.connect(where) as db:
        db.execute("UPDATE events SET data = substr(data, 1, 20) WHERE seq % 3 = 0")


def damage_text_missing(where: Path) -> None:
    where.with_suffix(".text").unlink()


def damage_text_truncated(where: Path) -> None:
    text = where.with_suffix(".text")
    text.write_bytes(text.read_bytes()[:-100])


def damage_text_garbage(where: Path) -> None:
    text = where.with_suffix(".text")
    data = text.read_bytes()
    text.write_bytes(data[:32] + os.urandom(len(data) - 32))


def damage_text_foreign(where: Path) -> None:
    """The search text of another build (its token differs) beside this database."""
    text = where.with_suffix(".text")
    data = bytearray(text.read_bytes())
    data[16:32] = bytes(16)
    text.write_bytes(bytes(data))


def damage_text_shared(where: Path) -> None:
    where.with_suffix(".text").chmod(0o644)


def damage_order(where: Path) -> None:
    with sqlite3.connect(where) as db:
        db.execute("DROP TABLE ordered")


def damage_meta(where: Path) -> None:
    with sqlite3.connect(where) as db:
        db.execute("UPDATE meta SET value = '{' WHERE key = 'header'")


DAMAGES = [
    damage_garbage,
    damage_truncated,
    damage_empty,
    damage_version,
    damage_record,
    damage_text_missing,
    damage_text_truncated,
    damage_text_garbage,
    damage_text_foreign,
    damage_text_shared,
    damage_order,
    damage_meta,
]


COMMANDS = [("list",), ("on", "2021-03-15"), ("search", "社区")]


@pytest.mark.parametrize(
    ("damage", "args"),
    [(d, args) for d in DAMAGES for args in COMMANDS],
    ids=lambda x: x.__name__.removeprefix("damage_") if callable(x) else " ".join(x),
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    data_file: Path, damage: object, args: tuple[str, ...]
) -> None:
    expected = three_ways("--file", str(data_file), *args)
    where = cache_path(data_file)
    damage(where)  # type: ignore[operator]
    os.chmod(where, 0o600)
    result = run_cli("--file", str(data_file), *args)
    assert (result.returncode, result.stdout, result.stderr) == (0, expected, "")
    rebuilt = run_cli("--file", str(data_file), *args)
    assert (rebuilt.returncode, rebuilt.stdout) == (0, expected)
    with sqlite3.connect(where) as db:  # a sound cache again
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 300
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_listing_damaged_part_way_is_finished_from_the_file(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`list` streams a batch at a time: when a later batch is damaged, the events already
    written are not written again, the rest come from the file, and the cache is dropped."""
    expected = three_ways("--file", str(data_file), "list", "-F", "jsonl")
    where = cache_path(data_file)
    with sqlite3.connect(where) as db:
        db.execute(
            "UPDATE events SET data = x'00' WHERE seq IN (SELECT seq FROM ordered WHERE rank >= 120)"
        )
    monkeypatch.setattr(cache, "_BATCH", 50)  # two good batches are written first
    result = CliRunner().invoke(app, ["--file", str(data_file), "list", "-F", "jsonl"])
    assert (result.exit_code, result.stdout) == (0, expected)
    assert not where.exists()
    assert not where.with_suffix(".text").exists()


def poison(where: Path) -> None:
    """Rewrite every cached title, checksums included (a forgery by whoever can write the
    cache, not damage): a cache that is used from now on prints POISON."""
    with sqlite3.connect(where) as db:
        rows = db.execute("SELECT seq, data, crc FROM events").fetchall()
        files = json.loads(db.execute("SELECT value FROM meta WHERE key = 'files'").fetchone()[0])
        forged = [
            records.encode_event(dataclasses.replace(event, title="POISON"), seq)
            for (seq, _, _), event in zip(rows, records.decode_events(rows, files), strict=True)
        ]
        db.executemany("UPDATE events SET data = ?, crc = ? WHERE seq = ?",
                       [(data, crc, seq) for seq, data, crc in forged])  # fmt: skip


def test_the_poison_probe_works(data_file: Path) -> None:
    """Without a permission problem a poisoned cache is used: the probes below mean something."""
    three_ways("--file", str(data_file), "list")
    poison(cache_path(data_file))
    assert "POISON" in run_cli("--file", str(data_file), "list").stdout


@pytest.mark.parametrize("mode", [0o644, 0o660, 0o606, 0o666])
def test_a_cache_others_may_read_or_write_is_not_trusted(data_file: Path, mode: int) -> None:
    expected = three_ways("--file", str(data_file), "list")
    where = cache_path(data_file)
    poison(where)
    os.chmod(where, mode)
    assert run_cli("--file", str(data_file), "list").stdout == expected
    assert where.stat().st_mode & 0o777 == 0o600  # rebuilt as a private file


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_cache_owned_by_someone_else_is_not_trusted(data_file: Path) -> None:
    expected = three_ways("--file", str(data_file), "list")
    where = cache_path(data_file)
    poison(where)
    os.chown(where, 65534, 65534)
    assert run_cli("--file", str(data_file), "list").stdout == expected
    assert where.stat().st_uid == os.getuid()


def test_a_symlink_in_place_of_the_cache_is_not_followed(data_file: Path, tmp_path: Path) -> None:
    expected = three_ways("--file", str(data_file), "list")
    where = cache_path(data_file)
    elsewhere = tmp_path / "elsewhere.sqlite3"
    where.rename(elsewhere)
    poison(elsewhere)
    where.symlink_to(elsewhere)
    assert run_cli("--file", str(data_file), "list").stdout == expected


def test_a_shared_cache_folder_is_made_private_before_use(data_file: Path) -> None:
    expected = three_ways("--file", str(data_file), "list")
    folder = cache_path(data_file).parent
    os.chmod(folder, 0o777)
    assert run_cli("--file", str(data_file), "list").stdout == expected
    assert folder.stat().st_mode & 0o777 == 0o700
    assert oct(cache_path(data_file).stat().st_mode & 0o777) == oct(0o600)


def test_standard_input_is_never_cached(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    cached = run_cli("--file", "-", "list", stdin=text)
    plain = run_cli("--file", "-", "list", stdin=text, env={"TIMELINE_NO_CACHE": "1"})
    assert cached.returncode == 0
    assert cached.stdout == plain.stdout
    folder = location.cache_dir()
    assert folder is not None
    assert not folder.exists() or not any(folder.iterdir())


def test_no_cache_env_writes_nothing(data_file: Path) -> None:
    run_cli("--file", str(data_file), "list", env={"TIMELINE_NO_CACHE": "1"})
    assert not cache_path(data_file).exists()


def test_without_a_home_or_a_writable_folder_nothing_is_cached(
    data_file: Path, tmp_path: Path
) -> None:
    expected = run_cli("--file", str(data_file), "list", env={"TIMELINE_NO_CACHE": "1"}).stdout
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    env["TIMELINE_FILE"] = str(data_file)
    import subprocess
    import sys

    homeless = subprocess.run(
        [sys.executable, "-m", "timeline", "list"], capture_output=True, text=True, env=env,
        cwd=ROOT, check=False,
    )  # fmt: skip
    assert (homeless.returncode, homeless.stdout) == (0, expected)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    result = run_cli("--file", str(data_file), "list", env={"XDG_CACHE_HOME": str(blocked)})
    assert (result.returncode, result.stdout, result.stderr) == (0, expected, "")


def test_the_cache_is_named_by_path_and_lives_under_xdg_cache_home(
    data_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_path(data_file).parent == tmp_path / "xdg" / "timeline"
    assert cache_path(data_file) == location.cache_file(os.path.relpath(data_file))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_path(data_file).parent == tmp_path / "home" / ".cache" / "timeline"
    monkeypatch.delenv("HOME")
    assert location.cache_file(str(data_file)) is None


def test_records_round_trip_every_field(data_file: Path) -> None:
    timeline = load_file(str(data_file))
    events = list(load_file(str(MINI)).events) + list(timeline.events)
    back = records.decode_events([records.encode_event(e) for e in events])
    assert back == events
    assert [e.line for e in back] == [e.line for e in events]
    files = records.Files()  # the first source's file by its number, as the cache stores it
    numbered = records.decode_events([records.encode_event(e, 0, files) for e in events],
                                     files.names)  # fmt: skip
    assert numbered == events
    assert files.names  # the generated events cite a file


def test_the_embedded_timeline_is_the_default_of_the_one_road() -> None:
    assert target_path(None) == str(embedded_path())


@pytest.mark.parametrize(
    "term", ["社区", "区", "志愿者", "ｖｏｌｕｎ", "VOLUN", "(括", "a.b", "\\"]
)
def test_search_of_any_length_matches_a_plain_scan(data_file: Path, term: str) -> None:
    """No tokenizer: one- and two-character Chinese terms find what a substring scan finds."""
    events = load_file(str(data_file)).events
    store = open_store(str(data_file))
    assert isinstance(store, cache.CacheStore)
    for any_term in (False, True):
        for terms in ([term], [term, "防控"]):
            patterns = query.compile_search(terms)
            assert store.search(patterns, any_term) == query.search(events, patterns, any_term)


def test_rare_words_are_found_through_the_index_exactly(data_file: Path) -> None:
    """Terms with a character few events hold are looked for among those events only:
    the answers are a plain scan's, for every rare character and for random substrings."""
    events = load_file(str(data_file)).events
    store = open_store(str(data_file))
    assert isinstance(store, cache.CacheStore)
    texts = [query.search_text(e) for e in events]
    rare = sorted({c for t in texts for c in t} - set(store.meta["common"]))
    assert {"张", "芳", "磐", "石"} <= set(rare)  # so the index is what answers below
    rng = random.Random(11)
    pieces = [t[i : i + n] for t in rng.sample(texts, 60) for n in (1, 2, 3)
              for i in [rng.randrange(max(1, len(t) - n))] if t[i : i + n].strip()]  # fmt: skip
    for term in [*rare, "张芳", "磐石村", "磐石不存在", "芳张", "\u9fff", *pieces]:
        for any_term in (False, True):
            patterns = query.compile_search([term, "会议"] if any_term else [term])
            assert store.search(patterns, any_term) == query.search(events, patterns, any_term)


def test_a_copy_with_the_same_size_and_mtime_is_checked_by_content(tmp_path: Path) -> None:
    """A new inode (cp -p) skips nothing: the content hash decides, and answers stay right."""
    import shutil

    source = tmp_path / "a.yaml"
    source.write_text("events:\n  - {id: a, date: 2022-03-01, title: 甲}\n", encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = run_cli("--file", str(source), "list", env=env)
    moved = tmp_path / "b.yaml"
    shutil.copy2(source, moved)
    source.unlink()
    moved.rename(source)  # same path, size and mtime; new inode and ctime
    again = run_cli("--file", str(source), "list", env=env)
    assert first.stdout == again.stdout
    assert again.returncode == 0
    # Same size and mtime but other bytes on a new inode: the hash must catch it.
    other = tmp_path / "c.yaml"
    other.write_text("events:\n  - {id: a, date: 2022-03-01, title: 乙}\n", encoding="utf-8")
    stat = source.stat()
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    other.replace(source)
    changed = run_cli("--file", str(source), "list", env=env)
    assert "乙" in changed.stdout
    assert "甲" not in changed.stdout
