"""Every view tells a tally (截至), a since-date (以来) and a report-date filing (报道日)
from a happening, so no export presents a tally as a thing that happened that day."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import DATA, run_cli

KINDS = DATA / "kinds" / "kinds.yaml"
EXPECTED = {"happened": "event", "tally": "as_of", "since": "since", "undated": "report"}


def listing(*args: str) -> str:
    result = run_cli("--file", str(KINDS), *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_json_and_jsonl_carry_the_kind() -> None:
    records = json.loads(listing("list", "-F", "json"))
    assert {r["id"]: r["date_kind"] for r in records} == EXPECTED
    lines = [json.loads(line) for line in listing("list", "-F", "jsonl").splitlines()]
    assert {r["id"]: r["date_kind"] for r in lines} == EXPECTED


def test_tsv_and_csv_carry_the_kind_in_a_column() -> None:
    rows = [line.split("\t") for line in listing("list").splitlines()]
    assert {r[3]: r[6] for r in rows} == EXPECTED
    table = list(csv.DictReader(io.StringIO(listing("list", "-F", "csv"))))
    assert {r["id"]: r["date_kind"] for r in table} == EXPECTED


def test_markdown_marks_each_kind_before_the_title() -> None:
    text = listing("list", "-F", "markdown")
    assert "［截至］累计报名志愿者" in text
    assert "［以来］先后选派队伍支援" in text
    assert "［报道日］本轮疫情发生以来累计检测" in text
    assert "- **02:30** 发布紧急通知" in text


def test_timelinejs_display_dates_say_what_the_text_says() -> None:
    slides = json.loads(listing("list", "-F", "timelinejs"))["events"]
    shown = {s["unique_id"]: s["display_date"] for s in slides}
    assert shown == {
        "happened": "3月20日 凌晨2:30",
        "tally": "截至3月29日",
        "since": "3月19日以来",
        "undated": "3月31日报道",
    }


def test_ics_marks_the_summary_and_names_the_kind() -> None:
    import icalendar

    calendar = icalendar.Calendar.from_ical(listing("list", "-F", "ics"))
    items = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert str(items["tally"]["summary"]) == "[截至] 累计报名志愿者"
    assert str(items["undated"]["summary"]) == "[报道日] 本轮疫情发生以来累计检测"
    assert str(items["tally"]["x-timeline-date-kind"]) == "as_of"
    assert str(items["happened"]["summary"]) == "发布紧急通知"
    assert "x-timeline-date-kind" not in items["happened"]


@pytest.mark.parametrize("fmt", ["table", "timeline"])
def test_terminal_views_mark_the_kind(fmt: str, tmp_path: Path) -> None:
    text = run_cli("--file", str(KINDS), "list", "-F", fmt, env={"COLUMNS": "100"}).stdout
    for label in ("[截至]", "[以来]", "[报道日]"):
        assert label in text
