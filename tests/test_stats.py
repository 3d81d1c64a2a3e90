"""`timeline figures` and `timeline stats`: the pure numbers, every format, and the views.

Goldens live in tests/golden/; regenerate them with `UPDATE_GOLDEN=1 pytest tests/test_stats.py`
and read the diff (CJK columns must line up) before committing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import golden, invoke_at_80, run_cli
from timeline import stats
from timeline.cli import app
from timeline.model import Event, Figure
from timeline.output import render
from timeline.output.records import OutputContext
from timeline.store.open import load

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data" / "exports"
SAMPLE = DATA / "sample.yaml"
HOSTILE = DATA / "hostile.yaml"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def invoke(*args: str, file: Path = SAMPLE) -> str:
    return invoke_at_80(file, *args)


# ---------------------------------------------------------------- pure functions


def test_figure_rows_follow_event_order() -> None:
    events = [
        Event("b", dt.date(2022, 3, 2), "t", figures=(Figure("1个", 1, "个", "x"),)),
        Event("a", dt.date(2022, 3, 1), "t", figures=(Figure("2名", 2), Figure("数万", None))),
        Event("c", dt.date(2022, 3, 3), "t"),
    ]
    rows = stats.figure_rows(events)
    assert [(r.event, r.text) for r in rows] == [("b", "1个"), ("a", "2名"), ("a", "数万")]
    assert [r.event for r in stats.sort_rows(rows, "date")] == ["a", "a", "b"]
    assert [r.text for r in stats.sort_rows(rows, "value")] == ["2名", "1个", "数万"]


def test_sort_by_value_is_descending_with_none_last() -> None:
    rows = stats.figure_rows(load(SAMPLE).events)
    values = [r.value for r in stats.sort_rows(rows, "value")]
    assert values == [169000, 59000, 5390, 630, 2, None]


def test_sort_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError, match="unknown sort"):
        stats.sort_rows([], "size")


def test_stats_numbers() -> None:
    numbers = stats.timeline_stats(load(SAMPLE).events)
    assert numbers.record() == {
        "events": 6,
        "figures": 6,
        "first": "2022-03-19",
        "last": "2022-03-25",
        "per_day": [
            {"date": "2022-03-19", "events": 1, "happenings": 1, "reports": 0},
            {"date": "2022-03-20", "events": 2, "happenings": 2, "reports": 0},
            {"date": "2022-03-21", "events": 0, "happenings": 0, "reports": 0},
            {"date": "2022-03-22", "events": 1, "happenings": 1, "reports": 0},
            {"date": "2022-03-23", "events": 0, "happenings": 0, "reports": 0},
            {"date": "2022-03-24", "events": 0, "happenings": 0, "reports": 0},
            {"date": "2022-03-25", "events": 2, "happenings": 2, "reports": 0},
        ],
        "per_tag": [
            {"tag": "社区", "events": 2},
            {"tag": "会议", "events": 1},
            {"tag": "党员干部", "events": 1},
            {"tag": "志愿者", "events": 1},
            {"tag": "病例", "events": 1},
            {"tag": "组织部", "events": 1},
            {"tag": "通知", "events": 1},
        ],
        "uncertain": 0,
    }


def test_stats_last_day_includes_a_span_end() -> None:
    numbers = stats.timeline_stats([Event("s", dt.date(2022, 3, 1), "t", end=dt.date(2022, 3, 4))])
    assert (numbers.first, numbers.last) == (dt.date(2022, 3, 1), dt.date(2022, 3, 4))
    assert [n for _, n, _ in numbers.per_day] == [1, 0, 0, 0]  # counted on the day it starts


def test_stats_of_nothing() -> None:
    assert stats.timeline_stats([]).record() == {
        "events": 0,
        "figures": 0,
        "first": None,
        "last": None,
        "per_day": [],
        "per_tag": [],
        "uncertain": 0,
    }


# ---------------------------------------------------------------- figures command

COLUMNS = ["event", "date", "label", "text", "value", "unit", "approx"]


def test_figures_tsv_is_the_piped_default() -> None:
    lines = invoke("figures").splitlines()
    assert lines == [
        "first-cases\t2022-03-19\t新增确诊病例\t2例\t2\t例\tfalse",
        "urgent-notice\t2022-03-20\t下沉一线的党员干部\t5.9万名\t59000\t名\tfalse",
        "urgent-notice\t2022-03-20\t下沉党员干部\t数万名\t\t名\ttrue",
        "deployment\t2022-03-20\t覆盖的农村\t5390个\t5390\t个\tfalse",
        "deployment\t2022-03-20\t覆盖的社区\t630个\t630\t个\tfalse",
        "volunteers\t2022-03-25\t投身疫情防控的志愿者\t16.9万余名\t169000\t名\ttrue",
    ]
    assert all(line.count("\t") == 6 for line in lines)


def test_figures_json_rows_carry_exactly_the_columns() -> None:
    rows = json.loads(invoke("figures", "-F", "json", "--sort", "value"))
    assert all(list(r) == COLUMNS for r in rows)
    assert rows[0] == {
        "event": "volunteers",
        "date": "2022-03-25",
        "label": "投身疫情防控的志愿者",
        "text": "16.9万余名",
        "value": 169000,
        "unit": "名",
        "approx": True,
    }
    assert rows[-1]["value"] is None
    assert rows[-1]["text"] == "数万名"


def test_figures_jsonl_csv_and_filters() -> None:
    lines = invoke("figures", "-F", "jsonl", "--tag", "社区").splitlines()
    assert [json.loads(x)["text"] for x in lines] == ["5390个", "630个", "16.9万余名"]
    table = list(csv.reader(io.StringIO(invoke("figures", "-F", "csv", "--from", "3月21日"))))
    assert table[0] == COLUMNS
    assert table[1:] == [
        ["deployment", "2022-03-20", "覆盖的农村", "5390个", "5390", "个", "false"],
        ["deployment", "2022-03-20", "覆盖的社区", "630个", "630", "个", "false"],
        ["volunteers", "2022-03-25", "投身疫情防控的志愿者", "16.9万余名", "169000", "名", "true"],
    ]  # the 3月20日-22日 span overlaps --from 3月21日


def test_figures_hostile_text_one_record_per_line() -> None:
    tsv = invoke("figures", file=HOSTILE)
    assert tsv == "hostile\t2022-03-20\t[i]党员[/i][1m label line\t5.9万名\t59000\t名\tfalse\n"
    jsonl = invoke("figures", "-F", "jsonl", file=HOSTILE)
    assert jsonl.count("\n") == 1
    assert json.loads(jsonl)["label"] == "[i]党员[/i]\x1b[1m\tlabel\nline"  # data kept, escaped
    assert not RAW_CONTROL.search(jsonl.replace("\n", ""))
    table = invoke("figures", "-F", "table", file=HOSTILE)
    assert "[i]党员[/i][1m label line" in table
    assert not RAW_CONTROL.search(table.replace("\n", ""))


def test_figures_table_golden() -> None:
    golden("figures-table.txt", invoke("figures", "-F", "table"))


def test_figures_table_by_value_golden() -> None:
    golden("figures-table-by-value.txt", invoke("figures", "-F", "table", "--sort", "value"))


def test_figures_view_aligns_values_right() -> None:
    from rich.cells import cell_len

    rows = stats.figure_rows(load(SAMPLE).events)
    out = io.StringIO()
    render.print_to(out, OutputContext(load(SAMPLE), width=80), render.figures_view(rows))
    lines = out.getvalue().splitlines()
    header = lines[0]
    right = cell_len(header[: header.index("Value") + len("Value")])
    shown = {
        "新增确诊病例": "2",
        "下沉一线的党员干部": "59,000",
        "下沉党员干部": "—",
        "覆盖的农村": "5,390",
        "覆盖的社区": "630",
        "投身疫情防控的志愿者": "169,000",
    }
    for label, value in shown.items():
        line = next(x for x in lines if x.startswith(f"  {label} "))
        assert cell_len(line[: line.rindex(value) + len(value)]) == right, line
    assert max(cell_len(line) for line in lines) <= 80


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["figures", "--sort", "size"], "unknown sort 'size'"),
        (["figures", "-F", "markdown"], "unknown format 'markdown' for figures"),
        (["stats", "-F", "markdown"], "unknown format 'markdown' for stats"),
    ],
)
def test_bad_choices_are_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["--file", str(SAMPLE), *args])
    assert message in str(result.exception)
    assert getattr(result.exception, "exit_code", None) == 2


# ---------------------------------------------------------------- stats command


def test_stats_tsv_is_a_line_per_day() -> None:
    assert invoke("stats") == (
        "2022-03-19\t1\t1\t0\n2022-03-20\t2\t2\t0\n2022-03-21\t0\t0\t0\n"
        "2022-03-22\t1\t1\t0\n2022-03-23\t0\t0\t0\n2022-03-24\t0\t0\t0\n"
        "2022-03-25\t2\t2\t0\n"
    )


def test_stats_json_is_the_same_numbers() -> None:
    data = json.loads(invoke("stats", "-F", "json", "--tag", "社区"))
    assert (
        data == stats.timeline_stats([e for e in load(SAMPLE).events if "社区" in e.tags]).record()
    )
    assert (data["events"], data["figures"], data["first"], data["last"]) == (
        2,
        3,
        "2022-03-20",
        "2022-03-25",
    )


def test_stats_json_of_an_empty_selection_is_still_an_object() -> None:
    data = json.loads(invoke("stats", "-F", "json", "--tag", "无此标签"))
    assert data["events"] == 0
    assert data["per_day"] == []
    assert invoke("stats", "--tag", "无此标签") == ""


def test_stats_table_golden() -> None:
    golden("stats-table.txt", invoke("stats", "-F", "table"))


def test_stats_bars_scale_to_the_width() -> None:
    numbers = stats.timeline_stats(load(SAMPLE).events)
    for width in (60, 100):
        out = io.StringIO()
        ctx = OutputContext(load(SAMPLE), width=width)
        render.print_to(out, ctx, render.stats_view(numbers))
        lines = out.getvalue().splitlines()
        assert max(len(x.rstrip()) for x in lines) == width
        longest = max(x.count("█") for x in lines)
        assert longest > width // 2


def test_new_commands_have_help_with_examples() -> None:
    for command in ("figures", "stats"):
        result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "100"})
        assert result.exit_code == 0
        assert "Examples:" in result.stdout
        assert f"timeline {command}" in result.stdout


def test_rollups_over_a_huge_span_leave_long_empty_runs_out(tmp_path: Path) -> None:
    """Three events from year 1 to year 9999: every roll-up lists the periods holding them,
    not millions of empty ones; short empty runs between events stay listed."""
    path = tmp_path / "span.yaml"
    path.write_text(
        "events:\n  - {id: a, date: 0001-01-01, title: t}\n  - {id: b, date: 9999-12-31, title: t}\n"
        "  - {id: c, date: 2022-03-20, title: t}\n  - {id: d, date: 2022-03-23, title: t}\n",
        encoding="utf-8",
    )
    for by in ("day", "week", "month", "year"):
        result = run_cli("--file", str(path), "stats", "--by", by, "-F", "json")
        assert result.returncode == 0, result.stderr
        periods = json.loads(result.stdout)["per_period"]
        assert sum(p["events"] for p in periods) == 4
        assert len(periods) < 40, by
    days = json.loads(run_cli("--file", str(path), "stats", "--by", "day", "-F", "json").stdout)
    march = [p["start"] for p in days["per_period"] if p["start"].startswith("2022-03")]
    assert march == ["2022-03-20", "2022-03-21", "2022-03-22", "2022-03-23"]
