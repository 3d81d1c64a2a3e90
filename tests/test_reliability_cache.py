"""A cache that cannot lie: every damaged byte is seen before an answer is printed.

The cache is a copy of a file; a faulty disk, a stray write or a half-copied folder
can change any byte of it. These tests change bytes on purpose, every offset of a
small cache (the database and the search text) and chosen places of a larger one
(titles, dates, the date-time order, the rare-character index, the search text),
and ask the same questions each time: every answer must be exactly the file's.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from helpers import run_cli
from timeline.model import DateSpan
from timeline.query import compile_search
from timeline.source.load import load_file
from timeline.store import location
from timeline.store.cache import open_cache
from timeline.store.memory import EventStore, MemoryStore
from timeline.store.open import open_store

PLACES = ["路南区", "路北区", "古冶区"]


def small_timeline(path: Path, count: int = 60, seed: int = 3) -> Path:
    """`count` short events: spans, times, sources, figures, and a few rare characters
    (磐石, 张芳), so that the rare-character index has rows (it needs 51 events or more)."""
    rng = random.Random(seed)
    lines = ["timeline:", "  title: 小", "  reference: 2022-03-20", "events:"]
    day = dt.date(2022, 3, 1)
    for i in range(count):
        day += dt.timedelta(days=rng.choice([0, 1]))
        lines += [f"  - id: e{i}", f"    date: {day.isoformat()}"]
        if i % 3 == 0:
            lines.append(f'    time: "{rng.randrange(24):02d}:{rng.randrange(60):02d}"')
        if i % 9 == 0:
            lines.append(f"    end: {(day + dt.timedelta(days=2)).isoformat()}")
        rare = "磐石" if i == 17 else "张芳" if i == 41 else ""
        lines.append(f"    title: {rng.choice(PLACES)}社区{rare}")
        if i % 4 == 0:
            lines += ["    tags: [防控]", "    source: {file: seeds/x.txt, quote: 社区}"]
        if i % 7 == 0:
            lines.append("    figures: [{text: 18家, value: 18, unit: 家}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cache_files(data: Path) -> tuple[Path, Path]:
    where = location.cache_file(str(data))
    assert where is not None
    return where, location.text_file(where)


SPANS = [
    DateSpan(dt.date(2022, 3, 10), dt.date(2022, 3, 10)),
    DateSpan(dt.date(2022, 3, 1), dt.date(2022, 3, 31)),
    DateSpan(dt.date(2022, 3, 29), dt.date(2022, 4, 30)),
    DateSpan(dt.date(2023, 1, 1), dt.date(2023, 1, 1)),
]
SEARCHES: list[tuple[list[str], bool, bool]] = [
    (["社区"], False, False),
    (["磐石"], False, False),
    (["张芳", "磐石"], False, True),
    (["路.区", "社"], True, False),
    (["不存在"], False, False),
]


def answers(store: EventStore) -> list[Any]:
    """Every kind of answer a store gives: listings, date windows, searches, everything."""
    out: list[Any] = [store.reference, store.full_timeline().events]
    out += [store.in_span(span) for span in SPANS]
    out.append(list(store.ordered(None, None)))
    out.append(list(store.ordered(dt.date(2022, 3, 12), dt.date(2022, 3, 20), reverse=True)))
    out.append(list(store.ordered(dt.date(2022, 3, 25), None)))
    for terms, regex, any_term in SEARCHES:
        out.append(store.search(compile_search(terms, regex=regex), any_term))
    return out


class Sound(NamedTuple):
    """A timeline, its answers from the file, its sound cache's two files, and their folder."""

    data: Path
    expected: list[Any]
    db: bytes
    text: bytes
    home: str


def sound_cache(folder: Path, data: Path) -> Sound:
    home = str(folder / "cache")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", home)
        expected = answers(MemoryStore(load_file(str(data))))
        assert answers(open_store(data)) == expected
        db, text = cache_files(data)
        return Sound(data, expected, db.read_bytes(), text.read_bytes(), home)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Sound:
    folder = tmp_path_factory.mktemp("small")
    return sound_cache(folder, small_timeline(folder / "small.yaml"))


def restore(data: Path, db: bytes, text: bytes) -> tuple[Path, Path]:
    db_path, text_path = cache_files(data)
    for path, content in ((db_path, db), (text_path, text)):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as stream:
            stream.write(content)
    return db_path, text_path


def flipped(content: bytes, offset: int, mask: int) -> bytes:
    return content[:offset] + bytes([content[offset] ^ mask]) + content[offset + 1 :]


def quick_answers(store: EventStore) -> list[Any]:
    """One question of each kind, touching every table and the search text."""
    return [
        store.reference,
        store.full_timeline().events,
        store.in_span(SPANS[0]),
        list(store.ordered(dt.date(2022, 3, 12), dt.date(2022, 3, 20), reverse=True)),
        *(store.search(compile_search(t, regex=r), a) for t, r, a in SEARCHES[1:4]),
        store.search(compile_search(["社区"])),
    ]


@pytest.mark.parametrize(("which", "mask"), [("database", 0x01), ("search text", 0x01),
                                             ("search text", 0x80)])  # fmt: skip
def test_every_single_byte_change_of_a_small_cache_is_seen(
    small: Sound, monkeypatch: pytest.MonkeyPatch, which: str, mask: int
) -> None:
    """Exhaustive: one bit flipped (the lowest, turning a '5' into a '4', a 'b' into a 'c')
    at every offset of the database, and of the search text, in place. Each damaged cache
    answers one question of every kind exactly as the file does: it was refused, or
    dropped when the damage was seen, or the damage was harmless (free space).

    The store is opened by the one road's own open_cache, its fallback the file loaded
    once (open_store would load it again for every damaged byte)."""
    data, _, db, text, home = small
    monkeypatch.setenv("XDG_CACHE_HOME", home)
    from_file = MemoryStore(load_file(str(data)))
    expected = quick_answers(from_file)
    paths = restore(data, db, text)
    path, content = (paths[0], db) if which == "database" else (paths[1], text)
    sound = inodes(paths)
    wrong = []
    for offset in range(len(content)):
        with open(path, "r+b") as stream:
            stream.seek(offset)
            stream.write(bytes([content[offset] ^ mask]))
        store = open_cache(str(data), lambda: from_file)
        if quick_answers(store or from_file) != expected:
            wrong.append(offset)
        if store is not None:
            store.close()
        if inodes(paths) != sound:  # dropped, or rebuilt under the same names
            sound = inodes(restore(data, db, text))
        else:
            with open(path, "r+b") as stream:
                stream.seek(offset)
                stream.write(content[offset : offset + 1])
    assert wrong == []


def inodes(paths: tuple[Path, Path]) -> list[int | None]:
    return [p.stat().st_ino if p.exists() else None for p in paths]


# ---------------------------------------------------------------- targeted, on a larger cache


def large_timeline(path: Path) -> Path:
    return small_timeline(path, count=3000, seed=11)


Damage = Callable[[sqlite3.Connection, random.Random], None]


def _edit_blob(db: sqlite3.Connection, table: str, column: str, key: str, rng: random.Random,
               where: str = "") -> None:  # fmt: skip
    """Change one byte of one value of `column`, in place (same length)."""
    rows = db.execute(f"SELECT {key}, {column} FROM {table} {where}").fetchall()
    ident, value = rng.choice(rows)
    raw = bytearray(value.encode() if isinstance(value, str) else value)
    at = rng.randrange(len(raw))
    raw[at] = (raw[at] + 1) % 256 if raw[at] != 0x7F else 0x30
    new: Any = raw.decode(errors="surrogateescape") if isinstance(value, str) else bytes(raw)
    db.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (new, ident))


def damage_title_byte(db: sqlite3.Connection, rng: random.Random) -> None:
    _edit_blob(db, "events", "data", "seq", rng)


def damage_a_date(db: sqlite3.Connection, rng: random.Random) -> None:
    """A date inside a stored record: 2022-03-05 becomes 2022-03-04 (or 2022-03-15)."""
    seq, data = rng.choice(db.execute("SELECT seq, data FROM events").fetchall())
    found = re.search(rb"\d{4}-\d\d-\d\d", data)
    assert found is not None
    at = found.end() - rng.choice([1, 2])
    raw = bytearray(data)
    raw[at] = raw[at] - 1 if raw[at] > ord("0") else raw[at] + 1
    db.execute("UPDATE events SET data = ? WHERE seq = ?", (bytes(raw), seq))


def damage_order_date(db: sqlite3.Connection, rng: random.Random) -> None:
    _edit_blob(db, "ordered", "date", "rank", rng)


def damage_order_seq(db: sqlite3.Connection, rng: random.Random) -> None:
    rank = rng.randrange(db.execute("SELECT count(*) FROM ordered").fetchone()[0])
    db.execute("UPDATE ordered SET seq = seq + 1 WHERE rank = ?", (rank,))


def damage_order_row_gone(db: sqlite3.Connection, rng: random.Random) -> None:
    rank = rng.randrange(db.execute("SELECT count(*) FROM ordered").fetchone()[0])
    db.execute("DELETE FROM ordered WHERE rank = ?", (rank,))


def damage_event_row_gone(db: sqlite3.Connection, rng: random.Random) -> None:
    seq = rng.randrange(db.execute("SELECT count(*) FROM events").fetchone()[0])
    db.execute("DELETE FROM events WHERE seq = ?", (seq,))


def damage_rare_list(db: sqlite3.Connection, rng: random.Random) -> None:
    _edit_blob(db, "rare", "seqs", "char", rng, "WHERE char IN ('磐', '石', '张', '芳')")


def damage_rare_row_gone(db: sqlite3.Connection, rng: random.Random) -> None:
    db.execute("DELETE FROM rare WHERE char = ?", (rng.choice("磐石张芳"),))


def damage_meta_value(db: sqlite3.Connection, rng: random.Random) -> None:
    _edit_blob(db, "meta", "value", "key", rng, "WHERE key IN ('longest_days', 'common', 'count')")


DAMAGES = [
    damage_title_byte,
    damage_a_date,
    damage_order_date,
    damage_order_seq,
    damage_order_row_gone,
    damage_event_row_gone,
    damage_rare_list,
    damage_rare_row_gone,
    damage_meta_value,
]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Sound:
    folder = tmp_path_factory.mktemp("large")
    return sound_cache(folder, large_timeline(folder / "large.yaml"))


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.__name__.removeprefix("damage_"))
def test_targeted_damage_of_a_large_cache_is_seen(
    large: Sound, monkeypatch: pytest.MonkeyPatch, damage: Damage
) -> None:
    data, expected, db, text, home = large
    monkeypatch.setenv("XDG_CACHE_HOME", home)
    rng = random.Random(damage.__name__)
    for _ in range(8):
        db_path, _ = restore(data, db, text)
        with sqlite3.connect(db_path) as conn:
            damage(conn, rng)
        os.chmod(db_path, 0o600)
        assert answers(open_store(data)) == expected


def test_targeted_damage_of_the_search_text_is_seen(
    large: Sound, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytes of the texts (a match invented or hidden), of the offsets and of the checksums."""
    data, expected, db, text, home = large
    monkeypatch.setenv("XDG_CACHE_HOME", home)
    rng = random.Random(5)
    needle = "磐石".encode("utf-16-le")
    places = [text.index(needle), text.index(needle) + 1, 40, len(text) - 30, len(text) - 3]
    places += [rng.randrange(32, len(text)) for _ in range(40)]
    for at in places:
        restore(data, db, flipped(text, at, 1 << rng.randrange(8)))
        assert answers(open_store(data)) == expected, at


def test_a_damaged_cache_answers_from_the_file_in_a_real_process(tmp_path: Path) -> None:
    """Through the CLI: the damaged cache is dropped, the answer is the file's, exit 0."""
    data = small_timeline(tmp_path / "t.yaml")
    first = run_cli("--file", str(data), "search", "社区")
    db_path, _ = cache_files(data)
    with sqlite3.connect(db_path) as conn:
        damage_title_byte(conn, random.Random(1))
    again = run_cli("--file", str(data), "search", "社区")
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, "")
    plain = run_cli("--file", str(data), "search", "社区", env={"TIMELINE_NO_CACHE": "1"})
    assert again.stdout == plain.stdout
