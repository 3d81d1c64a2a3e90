"""Several sources per event, on a timeline built from two texts written for these tests:
every quote proven, changes and near misses located, sources shown and filtered."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import DATA, run_cli

FLOOD = DATA / "sources" / "flood.yaml"


@pytest.fixture
def flood(tmp_path: Path) -> Path:
    """A private copy of the timeline and its texts, free to damage."""
    shutil.copytree(FLOOD.parent, tmp_path / "sources")
    return tmp_path / "sources" / "flood.yaml"


def check(path: Path) -> tuple[int, str]:
    result = run_cli("--file", str(path), "check")
    return result.returncode, result.stdout


def test_every_quote_of_every_source_is_proven() -> None:
    code, out = check(FLOOD)
    assert code == 0
    assert "3 events, 5 quotes verified in their sources, 2 figures checked" in out


def test_a_changed_quote_in_the_second_source_is_named_and_located(flood: Path) -> None:
    text = flood.parent / "texts" / "evening-news.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("约1.3万人", "约1.4万人"), "utf-8")
    code, out = check(flood)
    assert code == 1
    (line,) = [line for line in out.splitlines() if "not verbatim" in line]
    assert "event 'evacuated': quote is not verbatim in sources[2] (texts/evening-news.txt)" in line
    assert "the first 22 characters match at line 2, column 1" in line
    assert "the quote has '3' (U+0033) where the source has '4' (U+0034)" in line


def test_a_source_text_changed_since_it_was_cited_is_a_problem(flood: Path) -> None:
    text = flood.parent / "texts" / "city-daily.txt"
    text.write_text(text.read_text(encoding="utf-8") + "（完）\n", encoding="utf-8")
    code, out = check(flood)
    assert code == 1
    assert "source text changed since it was cited: texts/city-daily.txt (sha256 differs)" in out


def test_a_figure_is_looked_for_in_the_quote_of_its_own_source(flood: Path) -> None:
    flood.write_text(
        flood.read_text(encoding="utf-8").replace("approx: true, source: 2}", "approx: true}"),
        encoding="utf-8",
    )
    code, out = check(flood)
    assert code == 1
    assert "figures[1] '约1.3万人' does not occur in the quote of sources[1]" in out


def test_source_and_sources_together_are_refused(flood: Path) -> None:
    text = flood.read_text(encoding="utf-8").replace(
        "    source:\n      file: texts/city-daily.txt",
        "    sources: []\n    source:\n      file: texts/city-daily.txt",
    )
    flood.write_text(text, encoding="utf-8")
    result = run_cli("--file", str(flood), "list")
    assert result.returncode == 1
    assert "event 'river-level': give 'source' or 'sources', not both" in result.stderr


def ids(*args: str) -> list[str]:
    result = run_cli("--file", str(FLOOD), *args)
    assert result.returncode == 0, result.stderr
    return [line.split("\t")[3] for line in result.stdout.splitlines()]


def test_min_sources_keeps_corroborated_events() -> None:
    assert ids("list", "--min-sources", "2") == ["emergency-meeting", "evacuated"]
    assert ids("list", "--min-sources", "3") == []
    assert len(ids("list", "--min-sources", "1")) == 3


def test_source_filters_by_file_title_or_publisher() -> None:
    assert ids("list", "--source", "晚报") == ["emergency-meeting", "evacuated"]
    assert ids("list", "--source", "CITY-DAILY") == [
        "emergency-meeting",
        "evacuated",
        "river-level",
    ]
    assert ids("on", "2022-04-03", "--source", "晚报社", "--source", "nothing") == ["evacuated"]


def test_kind_filters_every_listing_command() -> None:
    assert ids("list", "--kind", "as_of") == ["evacuated"]
    assert ids("search", "水位", "--kind", "event") == ["river-level"]
    result = run_cli("--file", str(FLOOD), "list", "--kind", "tally")
    assert result.returncode == 2
    assert "'tally' is not one of event, as_of, since, report" in result.stderr


def test_json_lists_every_source_and_tsv_counts_them() -> None:
    records = json.loads(run_cli("--file", str(FLOOD), "list", "-F", "json").stdout)
    meeting = records[0]
    assert [s["file"] for s in meeting["sources"]] == [
        "texts/city-daily.txt",
        "texts/evening-news.txt",
    ]
    assert meeting["source"] == meeting["sources"][0]
    assert records[1]["figures"][1]["source"] == 2
    lines = run_cli("--file", str(FLOOD), "list").stdout.splitlines()
    assert [line.split("\t")[7] for line in lines] == ["2", "2", "1"]  # the sources column


def test_show_prints_each_quote_in_its_sentence_labelled_with_its_source() -> None:
    from rich.console import Console

    from timeline.cite import cited_quotes
    from timeline.output import render
    from timeline.store.open import load

    timeline = load(FLOOD)
    event = next(e for e in timeline.events if e.id == "emergency-meeting")
    console = Console(record=True, width=100, color_system=None)
    console.print(render.detail_view(event, cited_quotes(timeline, event)))
    text = console.export_text()
    assert "texts/city-daily.txt:1" in text
    assert "texts/evening-news.txt:1" in text
    assert "青石日报  青石日报社  2022-04-03" in text
    assert "青石晚报  青石晚报社  2022-04-04" in text
    assert "本报讯（记者 林晓）" in text  # the sentence around the first quote
