"""The project's own news corpus (tests/data/news/): every key mention read exactly.

The texts are written by the team in the style of real reports, each with a hand-made
answer key NAME.key.yaml (bench/extract_score.py scores the same corpus against jionlp).
The held-*.txt texts were written after the extractor was frozen and are scored by the
bench only, never tuned on here; the round trip (extract -> check) covers every text.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import DATA, run_cli
from timeline.extract import Mention, extract

NEWS = DATA / "news"
#: held-*, held2-*, held3-*: the held-out sets, scored by the bench (and the round trip) only.
DEVELOPED = sorted(p for p in NEWS.glob("*.key.yaml") if not p.name.startswith("held"))
EVERY_TEXT = sorted(p for p in NEWS.glob("*.txt"))


def text_and_key(key_file: Path) -> tuple[str, dict[str, Any]]:
    name = key_file.name.removesuffix(".key.yaml")
    text = (NEWS / f"{name}.txt").read_text(encoding="utf-8")
    return text, yaml.safe_load(key_file.read_text(encoding="utf-8"))


def located(text: str, entries: list[list[Any]]) -> list[tuple[int, list[Any]]]:
    out, cursor = [], 0
    for entry in entries:
        at = text.find(str(entry[0]), cursor)
        assert at >= 0, entry
        out.append((at, entry))
        cursor = at + len(str(entry[0]))
    return out


def at(mentions: list[Mention], start: int, written: str, kinds: tuple[str, ...]) -> Mention:
    hits = [m for m in mentions if m.kind in kinds and m.offset < start + len(written)
            and start < m.offset + len(m.text)]  # fmt: skip
    assert hits, (written, kinds)
    return hits[0]


def iso(value: Any) -> str | None:
    return None if value is None else str(value)


def mentions_of(text: str, key: dict[str, Any]) -> list[Mention]:
    ref = key.get("reference")
    return extract(text, ref if isinstance(ref, dt.date) else None)


@pytest.mark.parametrize("key_file", DEVELOPED, ids=lambda p: p.name)
def test_every_key_date_and_time_is_read_exactly(key_file: Path) -> None:
    text, key = text_and_key(key_file)
    mentions = mentions_of(text, key)
    for start, (written, date, clock, qualifier, end, end_time) in located(text, key["dates"]):
        m = at(mentions, start, str(written), ("date",))
        assert (m.date_text, m.time, m.qualifier) == (iso(date), clock, qualifier), written
        if end is not None:
            assert (m.end, m.end_time) == (iso(end), end_time), written
    for start, (written, clock, end_time) in located(text, key.get("times") or []):
        m = at(mentions, start, str(written), ("time", "date"))
        assert (m.time, m.end_time) == (clock, end_time), written


@pytest.mark.parametrize("key_file", DEVELOPED, ids=lambda p: p.name)
def test_every_key_figure_has_its_exact_value_and_unit(key_file: Path) -> None:
    text, key = text_and_key(key_file)
    mentions = mentions_of(text, key)
    for start, entry in located(text, key["figures"]):
        m = at(mentions, start, str(entry[0]), ("figure",))
        high = Decimal(str(entry[3])) if len(entry) > 3 else None
        assert (m.value, m.unit, m.high) == (Decimal(str(entry[1])), entry[2], high), entry
    for start, entry in located(text, key.get("durations") or []):
        m = at(mentions, start, str(entry[0]), ("duration",))
        assert (m.value, m.unit) == (entry[1], entry[2]), entry


@pytest.mark.parametrize("key_file", DEVELOPED, ids=lambda p: p.name)
def test_no_lookalike_is_reported_and_nothing_beyond_the_key(key_file: Path) -> None:
    text, key = text_and_key(key_file)
    mentions = mentions_of(text, key)
    spans = [(m.offset, m.offset + len(m.text)) for m in mentions]
    for word in key.get("lookalikes") or []:
        start = text.index(str(word))
        assert not [s for s in spans if s[0] < start + len(str(word)) and start < s[1]], word
    keyed = [(a, a + len(str(e[0]))) for kind in ("dates", "times", "figures")
             for a, e in located(text, key.get(kind) or [])]  # fmt: skip
    for m in mentions:
        if m.kind in ("date", "figure"):
            mine = (m.offset, m.offset + len(m.text))
            assert any(a < mine[1] and mine[0] < b for a, b in keyed), (m.kind, m.text)


def test_traditional_texts_read_as_their_simplified_originals() -> None:
    converted = [t for t in sorted(NEWS.glob("trad-*.txt")) if (NEWS / t.name[5:]).exists()]
    assert len(converted) >= 3  # the others (trad-tw-…, trad-mo-…) were written so
    for trad in converted:
        original = NEWS / trad.name.removeprefix("trad-")
        _, key = text_and_key(NEWS / f"{trad.stem}.key.yaml")
        a = mentions_of(trad.read_text(encoding="utf-8"), key)
        b = mentions_of(original.read_text(encoding="utf-8"), key)
        assert [(m.offset, m.kind, m.date, m.time, m.value) for m in a] == [
            (m.offset, m.kind, m.date, m.time, m.value) for m in b
        ], trad.name
        text = trad.read_text(encoding="utf-8")
        assert all(text[m.offset : m.offset + len(m.text)] == m.text for m in a)
        assert all(m.sentence in text for m in a)  # quotes stay as the text has them


@pytest.mark.parametrize("article", EVERY_TEXT, ids=lambda p: p.name)
def test_round_trip_extract_then_check_passes_on_every_text(article: Path, tmp_path: Path) -> None:
    shutil.copy(article, tmp_path / article.name)
    key_file = NEWS / f"{article.stem}.key.yaml"
    key = yaml.safe_load(key_file.read_text(encoding="utf-8")) if key_file.exists() else {}
    ref = ["--reference", str(key["reference"])] if key.get("reference") else []
    made = run_cli("extract", article.name, *ref, "-o", "new.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    checked = run_cli("--file", "new.yaml", "check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
