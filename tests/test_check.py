"""`timeline check` proves the shipped data and catches each kind of corruption."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, run_cli
from timeline.check import check_file
from timeline.cite import cited_quotes, quote_context
from timeline.store.location import cache_file
from timeline.store.open import load

EVENTS = ROOT / "events.yaml"
NOTICE = "org-dept-urgent-notice-2022-03-20"
BRANCHES = "temporary-party-branches-2022-03-29"


def test_shipped_file_passes() -> None:
    timeline, problems = check_file(str(EVENTS))
    assert problems == []
    result = run_cli("check")
    assert result.returncode == 0
    assert f"ok: {len(timeline.events)} events" in result.stdout


def corrupt(tmp_path: Path, change: Callable[[str], str], seeds: bool = True) -> Path:
    """A copy of the shipped file (and its seeds) with one textual change."""
    if seeds:
        shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    text = EVENTS.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, "the corruption must change the file"
    target = tmp_path / "events.yaml"
    target.write_text(changed, encoding="utf-8")
    return target


def first_event_with(text: str, ident: str) -> tuple[int, int]:
    start = text.index(f"- id: {ident}")
    end = text.find("\n  - id:", start + 1)
    return start, end if end > 0 else len(text)


def in_event(ident: str, old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        start, end = first_event_with(text, ident)
        block = text[start:end]
        assert old in block
        return text[:start] + block.replace(old, new, 1) + text[end:]

    return change


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        (
            "altered quote",
            in_event(NOTICE, "发布紧急通知,要求", "发布紧急通告,要求"),
            f"event '{NOTICE}': quote is not verbatim",
        ),
        (
            "wrong figure value",
            in_event(BRANCHES, "value: 1528", "value: 1582"),
            f"event '{BRANCHES}': figures[0] '1528个' has value 1582, but the text reads 1528",
        ),
        (
            "figure not in quote",
            in_event(BRANCHES, 'text: "1528个"', 'text: "1529个"'),
            "'1529个' does not occur in the quote",
        ),
        (
            "wrong approx",
            in_event("volunteers-on-frontline-2022-03-31", "approx: true", "approx: false"),
            "has approx false",
        ),
        (
            "duplicate id",
            lambda t: t.replace(f"id: {BRANCHES}", f"id: {NOTICE}", 1),
            f"event '{NOTICE}': duplicate id",
        ),
        (
            "impossible date",
            in_event(NOTICE, "date: 2022-03-20", "date: 2022-02-30"),
            f"event '{NOTICE}': date '2022-02-30' is not a real date",
        ),
        ("unquoted time", in_event(NOTICE, 'time: "02:30"', "time: 11:45"), "must be quoted"),
        (
            "end before date",
            in_event(
                "cadres-deployed-to-villages-communities-2022-03-20",
                "end: 2022-03-22",
                "end: 2022-03-01",
            ),
            "end 2022-03-01 is before date 2022-03-20",
        ),
    ],
)
def test_each_corruption_fails_naming_the_event(
    tmp_path: Path, name: str, change: Callable[[str], str], expected: str
) -> None:
    path = corrupt(tmp_path, change)
    result = run_cli("check", "--file", str(path))
    assert result.returncode == 1, name
    assert expected in result.stdout
    assert result.stdout.startswith(str(path) + ":") or "events.yaml:" in result.stdout
    assert "problem" in result.stderr


def test_a_missing_source_file_is_one_problem_naming_the_events_citing_it(tmp_path: Path) -> None:
    path = corrupt(tmp_path, lambda t: t + "\n", seeds=False)
    result = run_cli("check", "--file", str(path))
    assert result.returncode == 1
    assert "source file 'seeds/hebei-daily-2022-03-31-tangshan.txt' not found" in result.stdout
    events = yaml.safe_load(EVENTS.read_text(encoding="utf-8"))["events"]
    assert result.stdout.count("not found") == 1
    assert f"cited by {len(events)} events: '{events[0]['id']}'" in result.stdout


def test_problem_lines_carry_the_event_line_number(tmp_path: Path) -> None:
    path = corrupt(tmp_path, in_event(NOTICE, "发布紧急通知,要求", "发布紧急通告,要求"))
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(f"- id: {NOTICE}")].count("\n") + 1
    assert f"events.yaml:{line}:1: event '{NOTICE}'" in run_cli("check", "--file", str(path)).stdout


def test_quote_context_finds_the_sentence_and_line() -> None:
    timeline = load(EVENTS)
    event = next(e for e in timeline.events if e.id == BRANCHES)
    found = quote_context(timeline, event)
    assert found is not None
    seed = (ROOT / event.source.file).read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert seed.splitlines()[found.line - 1].find(found.quote[:10]) >= 0
    assert found.before + found.quote + found.after in seed


def test_every_shipped_quote_is_located() -> None:
    timeline = load(EVENTS)
    for event in timeline.events:
        assert quote_context(timeline, event) is not None, event.id


def test_show_prints_the_quote_with_file_and_line_on_a_terminal() -> None:
    from rich.console import Console

    from timeline.output import render

    timeline = load(EVENTS)
    event = next(e for e in timeline.events if e.id == NOTICE)
    found = quote_context(timeline, event)
    assert found is not None
    console = Console(record=True, width=100, color_system=None)
    console.print(render.detail_view(event, cited_quotes(timeline, event)))
    text = console.export_text()
    assert f"seeds/hebei-daily-2022-03-31-tangshan.txt:{found.line}" in text
    assert "02:30" in text
    assert "20日凌晨2时30分" in text


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t + "\n",
        in_event(NOTICE, "发布紧急通知,要求", "发布紧急通告,要求"),
        in_event(BRANCHES, "value: 1528", "value: 1582"),
        in_event(NOTICE, "date: 2022-03-20", "date: 2022-02-30"),
    ],
    ids=["sound", "altered quote", "wrong figure", "impossible date"],
)
def test_check_says_the_same_from_the_cache(tmp_path: Path, change: Callable[[str], str]) -> None:
    """A cached file skips the YAML; its report is the one a full parse gives."""
    path = corrupt(tmp_path, change)
    plain = run_cli("check", "--file", str(path), env={"TIMELINE_NO_CACHE": "1"})
    cold = run_cli("check", "--file", str(path))
    warm = run_cli("check", "--file", str(path))
    where = cache_file(str(path))
    assert where is not None
    assert where.exists() == ("2022-02-30" not in path.read_text("utf-8"))
    for result in (cold, warm):
        assert (result.returncode, result.stdout, result.stderr) == (
            plain.returncode,
            plain.stdout,
            plain.stderr,
        )
