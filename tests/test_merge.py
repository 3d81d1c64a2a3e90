"""`timeline merge`: timelines of the same days from different papers become one that passes
`check`, with no event and no source lost; the same happening becomes one event citing
every source, its other ids kept as aliases. Real files, the real CLI, real rapidfuzz."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import DATA, run_cli
from timeline.store.open import load

HARBOR = DATA / "sources" / "harbor"


@pytest.fixture
def harbor(tmp_path: Path) -> Path:
    """A private copy of the harbour timelines and their texts; merged files are written
    beside its folder, so their sources lie inside their own folder (as `check` wants)."""
    shutil.copytree(HARBOR, tmp_path / "harbor")
    return tmp_path / "harbor"


def merge(*args: str, cwd: Path | None = None) -> str:
    result = run_cli("merge", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def checked(path: Path) -> str:
    result = run_cli("--file", str(path), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def quotes(path: Path) -> set[tuple[str, str]]:
    """Every (source file, quote) of a timeline, the file as a real absolute path."""
    timeline = load(path)
    return {
        (os.path.realpath(os.path.join(timeline.base_dir, s.file)), s.quote)
        for e in timeline.events
        for s in e.sources
    }


def groups(path: Path) -> set[frozenset[str]]:
    """Each event as the set of its id and aliases."""
    return {frozenset((e.id, *e.aliases)) for e in load(path).events}


def test_two_papers_merge_into_one_checked_timeline_losing_nothing(harbor: Path) -> None:
    out = harbor.parent / "typhoon.yaml"
    inputs = [harbor / "port.yaml", harbor / "coast.yaml"]
    said = merge(*map(str, inputs), "-o", str(out))
    assert said == f"{out}: 8 events from 10 (2 merged into others), 10 quotes, 2 sources\n"
    assert "ok: 8 events, 10 quotes verified in their sources, 9 figures checked" in checked(out)
    # no event lost: every id of every input is an id or an alias of the output
    ids = {e.id for path in inputs for e in load(path).events}
    assert set().union(*groups(out)) == ids
    # no source lost: every quote of every input, in the same file
    assert quotes(out) == quotes(inputs[0]) | quotes(inputs[1])
    assert {frozenset({"typhoon-warning", "orange-warning-issued"}),
            frozenset({"residents-evacuated", "evacuation-tally"})} <= groups(out)  # fmt: skip


def test_the_merged_event_cites_both_sources_and_renumbers_their_figures(harbor: Path) -> None:
    out = harbor.parent / "typhoon.yaml"
    merge(str(harbor / "port.yaml"), str(harbor / "coast.yaml"), "-o", str(out))
    event = next(e for e in load(out).events if e.id == "residents-evacuated")
    assert event.aliases == ("evacuation-tally",)
    assert [s.file for s in event.sources] == [
        "harbor/texts/port-daily.txt",
        "harbor/texts/coast-evening.txt",
    ]
    assert [(f.text, f.source) for f in event.figures] == [("3200余人", 1), ("约3300人", 2)]
    header = load(out)
    assert [s.title for s in header.sources] == ["港城日报", "海滨晚报"]
    assert header.sources[0].sha256.startswith("0eccbff0")


def test_show_finds_an_event_by_an_alias_from_the_file_and_from_the_cache(harbor: Path) -> None:
    out = harbor.parent / "typhoon.yaml"
    merge(str(harbor / "port.yaml"), str(harbor / "coast.yaml"), "-o", str(out))
    for _ in range(2):  # the second run answers from the cache the first one built
        shown = run_cli("--file", str(out), "show", "orange-warning-issued", "-F", "json")
        assert shown.returncode == 0, shown.stderr
        record = json.loads(shown.stdout)
        assert (record["id"], record["aliases"]) == ("typhoon-warning", ["orange-warning-issued"])


def test_dry_run_lists_the_pairs_with_scores_and_why_and_writes_nothing(harbor: Path) -> None:
    out = harbor.parent / "never.yaml"
    said = merge(str(harbor / "port.yaml"), str(harbor / "coast.yaml"), "--dry-run",
                 "-o", str(out), cwd=harbor)  # fmt: skip
    assert not out.exists()
    rows = [line.split("\t") for line in said.splitlines()]
    assert [(r[0], r[5], r[7]) for r in rows] == [
        ("merge", "residents-evacuated", "evacuation-tally"),
        ("apart", "boats-in-harbour", "fishing-boats-back"),
        ("merge", "typhoon-warning", "orange-warning-issued"),
    ]
    assert rows[1][9] == "figures disagree: 回港渔船 1200余艘 [1200, 1300) vs 1300余艘 [1300, 1400)"
    assert rows[0][9] == "same date 2022-04-11; title 86, quote 84; figures agree"
    assert all(float(r[1]) >= 50 for r in rows)
    records = json.loads(merge("port.yaml", "coast.yaml", "--dry-run", "-F", "json", cwd=harbor))
    assert records[0]["first_file"] == "port.yaml"
    assert records[0]["score"] == pytest.approx(84.9, abs=0.1)


def test_threshold_tunes_what_merges(harbor: Path) -> None:
    strict = merge("port.yaml", "coast.yaml", "--dry-run", "--threshold", "80", cwd=harbor)
    merged = [line.split("\t")[5] for line in strict.splitlines() if line.startswith("merge")]
    assert merged == ["residents-evacuated"]
    assert "score 70.9 is below the threshold 80" in strict
    for bad in ("101", "-1", "many"):
        result = run_cli("merge", "port.yaml", "coast.yaml", "--dry-run", "--threshold", bad,
                         cwd=harbor)  # fmt: skip
        assert result.returncode == 2
        assert f"'{bad}' is not a score from 0 to 100" in result.stderr


def test_merging_is_order_independent_but_for_the_primary_ids(harbor: Path) -> None:
    out = harbor.parent
    files = [str(harbor / name) for name in ("port.yaml", "coast.yaml", "express.yaml")]
    merge(*files, "-o", str(out / "abc.yaml"))
    merge(*reversed(files), "-o", str(out / "cba.yaml"))
    assert groups(out / "abc.yaml") == groups(out / "cba.yaml")
    assert quotes(out / "abc.yaml") == quotes(out / "cba.yaml")

    def by_group(path: Path) -> dict[frozenset[str], Any]:
        return {frozenset((e.id, *e.aliases)): (e.date, len(e.sources)) for e in load(path).events}

    assert by_group(out / "abc.yaml") == by_group(out / "cba.yaml")
    warning = {frozenset({"typhoon-warning", "orange-warning-issued", "warning-2022-04-10"})}
    assert warning <= groups(out / "abc.yaml")
    primaries = {e.id for e in load(out / "cba.yaml").events}
    assert "warning-2022-04-10" in primaries  # express.yaml came first
    checked(out / "cba.yaml")


def test_a_file_merged_with_itself_gives_its_events_back_unchanged(harbor: Path) -> None:
    out = harbor / "self.yaml"  # the same folder: source paths stay as written
    merge("port.yaml", "port.yaml", "-o", str(out), cwd=harbor)
    original, merged = load(harbor / "port.yaml"), load(out)
    assert merged.events == original.events
    assert merged.sources == original.sources
    assert (merged.title, merged.reference) == (original.title, original.reference)


def test_an_id_taken_by_another_event_is_renamed_and_reported(harbor: Path) -> None:
    text = (harbor / "coast.yaml").read_text(encoding="utf-8")
    (harbor / "coast.yaml").write_text(text.replace("id: schools-closed", "id: power-restored"),
                                       encoding="utf-8")  # fmt: skip
    out = harbor.parent / "m.yaml"
    said = merge(str(harbor / "port.yaml"), str(harbor / "coast.yaml"), "-o", str(out))
    assert said.splitlines()[0] == (
        f"renamed power-restored to power-restored-2: the id is taken ({harbor / 'coast.yaml'})"
    )
    titles = {e.id: e.title for e in load(out).events}
    assert (titles["power-restored"], titles["power-restored-2"]) == ("9.6万户恢复供电",
                                                                       "全市中小学停课一天")  # fmt: skip
    checked(out)


def test_differing_reference_or_timezone_is_an_error_naming_both_files(harbor: Path) -> None:
    coast = harbor / "coast.yaml"
    coast.write_text(coast.read_text(encoding="utf-8").replace("reference: 2022-04-12",
                     "reference: 2022-04-13"), encoding="utf-8")  # fmt: skip
    result = run_cli("merge", "port.yaml", "coast.yaml", "-o", "m.yaml", cwd=harbor)
    assert result.returncode == 1
    assert result.stderr == (
        "timeline: error: cannot merge: port.yaml has reference 2022-04-12 "
        "but coast.yaml has reference 2022-04-13\n"
    )
    express = harbor / "express.yaml"
    express.write_text(express.read_text(encoding="utf-8").replace(
        "timeline:\n", "timeline:\n  timezone: Asia/Tokyo\n"), encoding="utf-8")  # fmt: skip
    zone = run_cli("merge", "port.yaml", "express.yaml", "-o", "m.yaml", cwd=harbor)
    assert zone.returncode == 1
    assert "port.yaml has timezone Asia/Shanghai but express.yaml has timezone Asia/Tokyo" in (
        zone.stderr
    )
    assert not (harbor / "m.yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["port.yaml"], "merge needs two or more timeline files"),
        (["port.yaml", "coast.yaml"], "merge needs -o OUT.yaml (or --dry-run)"),
        (["port.yaml", "coast.yaml", "-o", "./coast.yaml"], "is one of the files being merged"),
        (["port.yaml", "coast.yaml", "-o", "m.yaml", "-F", "json"], "-F is for --dry-run"),
    ],
)
def test_usage_errors_exit_2(harbor: Path, args: list[str], message: str) -> None:
    before = (harbor / "coast.yaml").read_bytes()
    result = run_cli("merge", *args, cwd=harbor)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert (harbor / "coast.yaml").read_bytes() == before


def test_a_broken_input_is_a_data_error_and_nothing_is_written(harbor: Path) -> None:
    (harbor / "bad.yaml").write_text("events:\n  - id: x\n    date: 2022-02-30\n    title: t\n")
    result = run_cli("merge", "port.yaml", "bad.yaml", "-o", "m.yaml", cwd=harbor)
    assert result.returncode == 1
    assert "date '2022-02-30' is not a real date" in result.stderr
    assert not (harbor / "m.yaml").exists()


def test_o_dash_writes_the_timeline_to_stdout_and_the_summary_to_stderr(harbor: Path) -> None:
    result = run_cli("merge", "port.yaml", "coast.yaml", "-o", "-", cwd=harbor)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("timeline:\n")
    assert "file: texts/port-daily.txt" in result.stdout
    assert result.stderr == "-: 8 events from 10 (2 merged into others), 10 quotes, 2 sources\n"


def test_the_shipped_timeline_merged_with_itself_is_unchanged(tmp_path: Path) -> None:
    from helpers import ROOT

    shutil.copy(ROOT / "events.yaml", tmp_path / "events.yaml")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    said = merge("events.yaml", "events.yaml", "-o", "self.yaml", cwd=tmp_path)
    original, merged = load(tmp_path / "events.yaml"), load(tmp_path / "self.yaml")
    count = len(original.events)
    assert said.startswith(f"self.yaml: {count} events from {2 * count} ({count} merged")
    assert merged.events == original.events
    assert merged.sources == original.sources
    # alike events of one day (the two photo captions of 3月27日) stay two events
    pairs = merge("events.yaml", "events.yaml", "--dry-run", cwd=tmp_path).splitlines()
    apart = [line.split("\t") for line in pairs if line.startswith("apart")]
    captions = ("leting-volunteers-call-residents-2022-03-27",
                "leting-volunteers-carry-supplies-2022-03-27")  # fmt: skip
    assert captions in {(row[5], row[7]) for row in apart}
    assert all("is below the threshold 70" in row[9] for row in apart)


def test_dry_run_on_a_terminal_shows_each_pair_and_why(harbor: Path) -> None:
    from typer.testing import CliRunner

    from timeline.cli import app

    args = ["merge", str(harbor / "port.yaml"), str(harbor / "coast.yaml"), "--dry-run"]
    result = CliRunner().invoke(app, [*args, "-F", "table"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert [line[:5] for line in lines[::3]] == ["merge", "apart", "merge"]
    assert lines[3:6] == [
        f"apart   76.6  2022-04-11  boats-in-harbour ({harbor / 'port.yaml'})",
        f"       + fishing-boats-back ({harbor / 'coast.yaml'})",
        "       figures disagree: 回港渔船 1200余艘 [1200, 1300) vs 1300余艘 [1300, 1400)",
    ]


def test_sources_outside_the_output_folder_are_warned_about(harbor: Path) -> None:
    (harbor.parent / "elsewhere").mkdir()
    out = harbor.parent / "elsewhere" / "m.yaml"
    result = run_cli("merge", "port.yaml", "coast.yaml", "-o", str(out), cwd=harbor)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "timeline: warning: ../harbor/texts/coast-evening.txt and 1 more lie outside the "
        f"folder of {out}; timeline check reads sources inside a timeline's folder (or a "
        "folder allowed in TIMELINE_ALLOW_SOURCES): write the merged file in a folder that "
        "holds them\n"
    )
    assert load(out).events[0].sources[0].file == "../harbor/texts/port-daily.txt"
