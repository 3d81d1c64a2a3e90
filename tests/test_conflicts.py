"""`timeline conflicts`: each figure read as an interval; figures of one thing from different
source files whose intervals are disjoint are reported, in every table format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import DATA, run_cli
from timeline.cli import app
from timeline.corroborate import MARKER_RULES, Interval, find_conflicts, read_figure
from timeline.model import Event, Figure, Source
from timeline.text.numbers import APPROX_PREFIXES, APPROX_SUFFIXES

HARBOR = DATA / "sources" / "harbor"
BOTH = HARBOR / "both.yaml"
FLOOD = DATA / "sources" / "flood.yaml"


@pytest.mark.parametrize(
    ("text", "low", "high", "open_high"),
    [
        ("1528个", "1528", "1528", False),
        ("16.9万余名", "169000", "170000", True),
        ("1528余个", "1528", "1529", True),
        ("十余家", "10", "20", True),
        ("超千人", "1000", "2000", True),
        ("逾千人", "1000", "2000", True),
        ("1500余人", "1500", "1600", True),
        ("1800多个", "1800", "1900", True),
        ("十几个", "10", "20", True),
        ("70%以上", "70", "80", True),
        ("1700余万元", "17000000", "18000000", True),
        ("1700餘萬個", "17000000", "18000000", True),
        ("近4000人次", "3600", "4000", False),
        ("将近100%", "90", "100", False),
        ("不到100人", "90", "100", True),
        ("不足50人", "45", "50", True),
        ("约1.3万人", "11700", "14300", False),
        ("1000人左右", "900", "1100", False),
        ("数万名", "20000", "100000", True),
        ("数百人", "200", "1000", True),
        ("数十万人", "200000", "1000000", True),
        ("3至5人", "3", "5", False),
        ("约3至5人", "2.7", "5.5", False),
        ("48.6米", "48.6", "48.6", False),
    ],
)
def test_a_figure_reads_as_the_interval_its_wording_allows(
    text: str, low: str, high: str, open_high: bool
) -> None:
    reading = read_figure(Figure(text))
    assert reading is not None
    assert reading.interval == Interval(Decimal(low), Decimal(high), open_high)


def test_every_marker_of_the_number_reader_has_a_meaning() -> None:
    assert set(APPROX_PREFIXES) | set(APPROX_SUFFIXES) <= set(MARKER_RULES)


def test_an_unreadable_figure_keeps_its_stored_value_and_none_is_left_out() -> None:
    stored = read_figure(Figure("几十人", 30, "人", approx=True))
    assert stored is not None
    assert str(stored.interval) == "[27, 33]"
    assert read_figure(Figure("几十人")) is None


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ("超千人", "1050人", True),  # the issue's own example
        ("1.2万余人", "约1.3万人", True),
        ("1200余艘", "1300余艘", False),  # [1200, 1300) ends where [1300, 1400) starts
        ("近4000人", "4000人", True),
        ("不到4000人", "4000人", False),
        ("58个", "62个", False),
        ("数万名", "5.9万名", True),
        ("数万名", "10万名", False),
    ],
)
def test_overlapping_readings_agree_and_disjoint_ones_conflict(
    first: str, second: str, agree: bool
) -> None:
    a, b = read_figure(Figure(first)), read_figure(Figure(second))
    assert a is not None
    assert b is not None
    assert a.interval.overlaps(b.interval) is agree
    assert b.interval.overlaps(a.interval) is agree


def _event(ident: str, *figures: Figure, files: tuple[str, ...] = ("a.txt", "b.txt")) -> Event:
    import datetime as dt

    sources = tuple(Source(f, f"quote {i}") for i, f in enumerate(files))
    return Event(ident, dt.date(2022, 4, 11), "t", figures=figures, sources=sources)


def test_only_figures_of_one_thing_from_different_files_are_compared() -> None:
    two_files = _event(
        "x", Figure("58个", 58, "个", "安置点"), Figure("62个", 62, "个", "安置点", source=2)
    )
    one_file = _event("y", Figure("5个", 5, "个", "车"), Figure("6个", 6, "个", "车", source=2),
                      files=("a.txt", "./a.txt"))  # fmt: skip
    other_labels = _event("z", Figure("7个", 7, "个", "甲"), Figure("8个", 8, "个", "乙", source=2))
    unlabelled = [_event(n, Figure(t, v, "个"), files=(f,)) for n, t, v, f in
                  (("u", "1个", 1, "a.txt"), ("v", "2个", 2, "b.txt"))]  # fmt: skip
    found = find_conflicts([two_files, one_file, other_labels, *unlabelled])
    assert [(c.first.figure.text, c.second.figure.text) for c in found] == [("58个", "62个")]
    assert found[0].same_event


def cli(*args: str, file: Path = BOTH) -> str:
    result = run_cli("--file", str(file), "conflicts", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_tsv_lists_both_figures_sources_and_quotes() -> None:
    lines = [line.split("\t") for line in cli().splitlines()]
    assert lines == [
        ["2022-04-11", "回港渔船", "艘", "true",
         "boats-in-harbour", "1200余艘", "[1200, 1300)", "余: up to next 100",
         "texts/port-daily.txt", "4月11日晚，渔港内1200余艘渔船全部回港避风。",
         "boats-in-harbour", "1300余艘", "[1300, 1400)", "余: up to next 100",
         "texts/coast-evening.txt", "11日晚，港城渔港1300余艘渔船已全部回港。"],
        ["2022-04-11", "安置点", "个", "false",
         "shelters-opened", "58个", "[58, 58]", "exact",
         "texts/port-daily.txt", "全市共开放避险安置点58个。",
         "shelters-staffed", "62个", "[62, 62]", "exact",
         "texts/coast-evening.txt", "全市已开放安置点62个，每个安置点都有医护人员值守。"],
    ]  # fmt: skip


def test_json_jsonl_and_csv_carry_the_same_conflicts() -> None:
    records = json.loads(cli("-F", "json"))
    assert [r["label"] for r in records] == ["回港渔船", "安置点"]
    boats = records[0]
    assert boats["same_event"] is True
    assert boats["first"]["reading"] == {
        "low": 1200, "high": 1300, "open_high": True, "text": "[1200, 1300)",
        "rule": "余: up to next 100",
    }  # fmt: skip
    assert boats["second"]["source"] == {
        "file": "texts/coast-evening.txt",
        "quote": "11日晚，港城渔港1300余艘渔船已全部回港。",
    }
    assert [json.loads(line) for line in cli("-F", "jsonl").splitlines()] == records
    rows = list(csv.DictReader(io.StringIO(cli("-F", "csv"))))
    assert [(r["first_figure"], r["second_figure"]) for r in rows] == [
        ("1200余艘", "1300余艘"),
        ("58个", "62个"),
    ]


def test_agreeing_sources_are_no_conflict_and_an_empty_report_is_a_valid_document() -> None:
    assert cli(file=FLOOD) == ""  # 1.2万余人 and 约1.3万人 overlap
    assert cli("-F", "json", file=FLOOD) == "[]\n"
    assert cli("-F", "csv", file=FLOOD).splitlines()[0].startswith("date,label,unit,same_event")


def test_fail_exits_1_on_a_conflict_and_0_without() -> None:
    failed = run_cli("--file", str(BOTH), "conflicts", "--fail")
    assert failed.returncode == 1
    assert failed.stderr == (
        f"timeline: error: {BOTH}: 2 conflicts between figures of different sources\n"
    )
    assert failed.stdout.count("\n") == 2  # the report is still written
    assert run_cli("--file", str(FLOOD), "conflicts", "--fail").returncode == 0


def test_the_table_shows_each_side_with_its_quote() -> None:
    result = CliRunner().invoke(
        app, ["--file", str(BOTH), "conflicts", "-F", "table"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2022-04-11 周一  回港渔船 (艘)  one event, two sources" in out
    assert "2022-04-11 周一  安置点 (个)  two events of one day" in out
    assert "[1300, 1400)" in out
    assert "全市共开放避险安置点58个。" in out


def test_text_from_data_is_printed_literally(tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("[bold]a 5个。b 9个。\n", encoding="utf-8")
    other = tmp_path / "u.txt"
    other.write_text("c 9个。\n", encoding="utf-8")
    (tmp_path / "t.yaml").write_text(
        "events:\n"
        "  - id: e\n    date: 2022-04-11\n    title: t\n"
        "    figures:\n"
        '      - {text: 5个, value: 5, unit: 个, label: "[red]车\\e[31m"}\n'
        '      - {text: 9个, value: 9, unit: 个, label: "[red]车\\e[31m", source: 2}\n'
        "    sources:\n"
        '      - {file: t.txt, quote: "[bold]a 5个。"}\n'
        "      - {file: u.txt, quote: c 9个。}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["--file", str(tmp_path / "t.yaml"), "conflicts", "-F", "table"],
        env={"COLUMNS": "120"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "[red]车[31m" in result.stdout
    assert "[bold]a 5个。" in result.stdout
    assert "\x1b" not in result.stdout
    tsv = run_cli("--file", str(tmp_path / "t.yaml"), "conflicts").stdout
    assert "\x1b" not in tsv
    assert tsv.count("\n") == 1


def test_an_unknown_format_is_a_usage_error() -> None:
    result = run_cli("--file", str(BOTH), "conflicts", "-F", "ics")
    assert result.returncode == 2
    assert "unknown format 'ics' for conflicts; choose from table, tsv, csv, json, jsonl" in (
        result.stderr
    )
