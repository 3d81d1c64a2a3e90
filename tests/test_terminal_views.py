"""Ids you can reach, the quote marked without colour, roll-ups and dates as typed (#16)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from terminal_helpers import clean_env, facets_file, run_tty
from typer.testing import CliRunner

from helpers import MINI, ROOT, run_cli
from timeline.cli import app
from timeline.store.open import load

runner = CliRunner()
EVENTS = load(ROOT / "events.yaml").events


def at(width: int, *args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


# ---------------------------------------------------------------- ids


@pytest.mark.parametrize("width", [60, 80, 120])
def test_timeline_view_shows_every_id_whole(width: int) -> None:
    text = at(width, "list", "-F", "timeline")
    for event in EVENTS:
        assert event.id in text, event.id  # never broken across lines
    assert sum(event.id in text for event in EVENTS) == len(EVENTS)


def test_no_ids_hides_them() -> None:
    text = at(100, "list", "-F", "timeline", "--no-ids")
    assert not any(event.id in text for event in EVENTS)
    assert EVENTS[0].title[:8] in text


def test_ids_are_dim_in_colour() -> None:
    run = run_tty("--file", str(MINI), "list", env=clean_env(COLUMNS="100"))
    dim_ids = re.findall(r"\x1b\[2m([a-z-]+)\x1b\[0m", run.terminal)
    assert dim_ids == ["teleconference", "first-cases", "notice", "deploy", "volunteers"]


@pytest.mark.parametrize("width", [80, 100])
def test_table_never_wraps_an_id(width: int) -> None:
    text = at(width, "list", "-F", "table")
    for event in EVENTS:
        assert event.id in text, event.id


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("notice", "notice"),  # the whole id
        ("vol", "volunteers"),  # a unique beginning
        ("conf", "teleconference"),  # a unique part
        ("-case", "first-cases"),
    ],
)
def test_show_finds_an_id_by_a_unique_part(typed: str, found: str) -> None:
    record = json.loads(at(80, "--file", str(MINI), "show", "-F", "json", "--", typed))
    assert record["id"] == found


def test_show_prefers_a_beginning_over_a_part(tmp_path: Path) -> None:
    path = facets_file(tmp_path)
    record = json.loads(at(80, "--file", str(path), "show", "notice", "-F", "json"))
    assert record["id"] == "notice-2022-03-20"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("e", "id 'e' is ambiguous: 5 events match (notice, first-cases, deploy, volunteers, "
              "teleconference); type more of it"),
        ("-2022-03-2", "id '-2022-03-2' is ambiguous: 3 events match (notice-2022-03-20, "
                       "volunteers-2022-03-21, briefing-2022-03-28); type more of it"),
        ("notcie", "no event with id 'notcie'; did you mean 'notice'?"),
    ],
)  # fmt: skip
def test_ambiguous_or_unknown_ids_exit_2_naming_them(
    typed: str, message: str, tmp_path: Path
) -> None:
    path = facets_file(tmp_path) if typed.startswith("-2022") else MINI
    result = run_cli("--file", str(path), "show", "--", typed)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"timeline: error: {message}\n"


def test_ambiguous_lists_five_and_counts_the_rest() -> None:
    result = run_cli("show", "2022")
    assert result.returncode == 2
    assert re.search(
        r"is ambiguous: \d+ events match \(([^,]+, ){4}[^,]+ and \d+ more\)", result.stderr
    )


# ---------------------------------------------------------------- show without colour


def test_show_without_colour_marks_the_quote_in_its_sentence() -> None:
    event = next(e for e in EVENTS if e.sources and len(e.sources[0].quote) > 10)
    env = clean_env(COLUMNS="400")
    plain = run_tty("show", event.id, "--no-color", "--no-pager", env=env)
    assert plain.code == 0
    text = "".join(plain.terminal.split())  # the panel's borders and wrapping aside
    assert "【" + "".join(event.sources[0].quote.split())[:10] in text
    assert "\x1b[" not in plain.terminal
    assert plain.terminal.count("【") == plain.terminal.count("】") == len(event.sources)
    coloured = run_tty("show", event.id, "--no-pager", env=env)
    assert "【" not in coloured.terminal
    assert "\x1b[" in coloured.terminal
    no_color_env = run_tty("show", event.id, "--no-pager", env=clean_env(NO_COLOR="1"))
    assert "【" in no_color_env.terminal


# ---------------------------------------------------------------- stats --by


def test_stats_by_week_month_year_as_tsv(tmp_path: Path) -> None:
    path = str(facets_file(tmp_path))
    # 03-20 is a Sunday (week 11), 03-21 a Monday (12), 03-28 week 13, 04-02 week 13.
    assert at(80, "--file", path, "stats", "--by", "week") == (
        "2022-W11\t1\t1\t0\n2022-W12\t1\t1\t0\n2022-W13\t2\t2\t0\n"
    )
    assert (
        at(80, "--file", path, "stats", "--by", "month") == "2022-03\t3\t3\t0\n2022-04\t1\t1\t0\n"
    )
    assert at(80, "--file", path, "stats", "--by", "year") == "2022\t4\t4\t0\n"
    days = at(80, "--file", path, "stats", "--by", "day").splitlines()
    assert days[:2] == ["2022-03-20\t1\t1\t0", "2022-03-21\t1\t1\t0"]
    assert len(days) == 14
    assert at(80, "--file", path, "stats") == at(80, "--file", path, "stats", "--by", "day")


def test_stats_by_week_in_csv_json_and_jsonl(tmp_path: Path) -> None:
    path = str(facets_file(tmp_path))
    assert at(80, "--file", path, "stats", "--by", "week", "-F", "csv").splitlines() == [
        "period,start,end,events,reports",
        "2022-W11,2022-03-14,2022-03-20,1,0",
        "2022-W12,2022-03-21,2022-03-27,1,0",
        "2022-W13,2022-03-28,2022-04-03,2,0",
    ]
    data = json.loads(at(80, "--file", path, "stats", "--by", "month", "-F", "json"))
    assert data["by"] == "month"
    assert data["per_period"] == [
        {
            "period": "2022-03",
            "start": "2022-03-01",
            "end": "2022-03-31",
            "events": 3,
            "reports": 0,
        },
        {
            "period": "2022-04",
            "start": "2022-04-01",
            "end": "2022-04-30",
            "events": 1,
            "reports": 0,
        },
    ]
    assert data["events"] == 4
    assert len(data["per_day"]) == 14
    lines = at(80, "--file", path, "stats", "--by", "year", "-F", "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"period": "2022", "start": "2022-01-01", "end": "2022-12-31", "events": 4, "reports": 0}
    ]


def test_stats_by_week_chart(tmp_path: Path) -> None:
    text = at(80, "--file", str(facets_file(tmp_path)), "stats", "--by", "week", "-F", "table")
    assert "Week (from Monday)" in text
    rows = [line.split()[:3] for line in text.splitlines() if "-W1" in line]
    assert rows == [
        ["2022-W11", "2022-03-14", "1"],
        ["2022-W12", "2022-03-21", "1"],
        ["2022-W13", "2022-03-28", "2"],
    ]


def test_stats_by_something_else_is_a_usage_error() -> None:
    result = run_cli("--file", str(MINI), "stats", "--by", "fortnight")
    assert result.returncode == 2
    assert result.stderr == (
        "timeline: error: unknown period 'fortnight'; choose from day, week, month, year\n"
    )


# ---------------------------------------------------------------- dates as typed


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3.20", ["notice", "deploy"]),
        ("3/20", ["notice", "deploy"]),
        ("3月20", ["notice", "deploy"]),
        ("3月19至20日", ["first-cases", "notice", "deploy"]),
        ("3月19日—20日", ["first-cases", "notice", "deploy"]),
        ("3月12日——19日", ["teleconference", "first-cases"]),
        ("3.21..3.22", ["deploy"]),
    ],
)
def test_on_reads_the_dates_people_type(typed: str, expected: list[str]) -> None:
    out = at(80, "--file", str(MINI), "on", typed, "-F", "jsonl")
    assert [json.loads(line)["id"] for line in out.splitlines()] == expected


@pytest.mark.parametrize(
    ("typed", "missing"),
    [
        ("0320", "month and day need a year, e.g. 20220320 or 3月20日"),
        ("320", "3 digits are no date: a full one is 8, YYYYMMDD (e.g. 20220320)"),
        ("202203", "6 digits are no date: a full one is 8, YYYYMMDD (e.g. 20220320)"),
        ("20", "a day needs its month, e.g. 3月20日"),
        ("20日", "a day needs its month, e.g. 3月20日"),
        ("20/3", "month and day are written month first, e.g. 3/20 or 3.20"),
    ],
)
def test_dates_that_lack_something_say_what(typed: str, missing: str) -> None:
    result = run_cli("--file", str(MINI), "on", typed)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"timeline: error: cannot read date '{typed}': {missing}; "
        "try 2022-03-20, 3月20日, Mar 20 or a range A..B\n"
    )
