"""The output registry: every format, fed ordinary and hostile data."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from helpers import DATA, MINI
from timeline.output.plain import TSV_COLUMNS
from timeline.output.records import OutputContext, event_record
from timeline.output.registry import FORMATS
from timeline.output.safety import clean_line
from timeline.store.open import load

HOSTILE = load(DATA / "good" / "hostile.yaml")
GOOD = load(MINI)
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def render(name: str, timeline=GOOD, color: bool = False, width: int = 80) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    ctx = OutputContext(timeline, color=color, width=width)
    FORMATS[name].writer(list(timeline.events), out, ctx)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_shows_every_event(name: str) -> None:
    text = render(name)
    for event in GOOD.events:
        assert event.title in text or event.id in text or name == "ics"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_hostile_text_never_reaches_the_terminal_raw(name: str) -> None:
    text = render(name, HOSTILE, width=400)
    # No escape, bell or C1 control survives in any format (JSON escapes them).
    assert not RAW_CONTROL.search(text.replace("\n", "").replace("\t", "").replace("\r", ""))
    # Markup from data is literal where the format shows titles as text.
    if name in ("timeline", "table", "tsv", "csv", "jsonl", "json"):
        assert "[bold red]not markup[/]" in text or "[bold red]not markup[/]" in json.dumps(text)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_colour_off_means_no_ansi(name: str) -> None:
    assert "\x1b[" not in render(name, GOOD, color=False)


def test_rich_views_colour_on_request() -> None:
    assert "\x1b[" in render("timeline", GOOD, color=True)


def test_tsv_is_one_line_per_event_with_fixed_columns() -> None:
    lines = render("tsv", HOSTILE).splitlines()
    assert len(lines) == len(HOSTILE.events)
    assert all(line.count("\t") == len(TSV_COLUMNS) - 1 for line in lines)
    assert lines[0].split("\t")[:4] == ["2022-03-20", "02:30", "", "hostile"]
    # Columns added later go at the end: date_kind, the number of sources, the precision.
    assert [line.split("\t")[6:] for line in lines] == [
        [e.date_kind, str(len(e.sources)), e.precision] for e in HOSTILE.events
    ]


def test_jsonl_round_trips_exact_records() -> None:
    lines = render("jsonl", HOSTILE).splitlines()
    assert len(lines) == len(HOSTILE.events)
    first = json.loads(lines[0])
    assert first == event_record(HOSTILE.events[0])
    assert "\x1b[31mred" in first["title"]  # the data itself is preserved, only escaped


def test_json_is_an_array_of_the_data_fields() -> None:
    records = json.loads(render("json"))
    assert [r["id"] for r in records] == [e.id for e in GOOD.events]
    assert set(records[0]) == {
        "id", "date", "time", "end", "date_kind", "date_note", "title", "summary",
        "tags", "people", "orgs", "places", "figures", "source", "sources", "aliases",
        "precision", "start", "links",
    }  # fmt: skip


def test_empty_json_is_an_empty_array() -> None:
    out = io.StringIO()
    FORMATS["json"].writer([], out, OutputContext(GOOD))
    assert json.loads(out.getvalue()) == []


def test_csv_has_header_and_parses_back() -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv", HOSTILE))))
    assert len(rows) == 2
    assert rows[0]["id"] == "hostile"
    assert rows[0]["figures"] == "5.9万名"


def test_clean_line_removes_controls_and_breaks() -> None:
    assert clean_line("a\tb\nc\x1b[31m\x07\x9b") == "a b c[31m"


def test_timeline_view_groups_by_day_with_weekday() -> None:
    text = render("timeline", GOOD, width=80)
    assert "2022-03-20 周日" in text
    assert "2022-03-12 周六" in text
    assert text.index("02:30") < text.index("3天内数万名下沉党员干部部署到位")
