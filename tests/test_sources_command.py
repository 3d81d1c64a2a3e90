"""`timeline sources`: one row per source with the events citing it, and with --uncovered the
days a source mentions that no event citing it covers; on real files, through the real CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import DATA, ROOT, run_cli
from timeline.cli import app

FLOOD = DATA / "sources" / "flood.yaml"
HARBOR = DATA / "sources" / "harbor"


def cli(file: Path | None, *args: str) -> str:
    where = ["--file", str(file)] if file else []
    result = run_cli(*where, "sources", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_one_row_per_source_with_the_events_citing_it() -> None:
    assert cli(FLOOD).splitlines() == [
        "texts/city-daily.txt\t青石日报\t青石日报社\t2022-04-03\t3\t2022-04-02\t2022-04-03\ttrue",
        "texts/evening-news.txt\t青石晚报\t青石晚报社\t2022-04-04\t2\t2022-04-02\t2022-04-03\ttrue",
    ]


def test_the_shipped_timeline_has_one_source_citing_every_event() -> None:
    (row,) = json.loads(cli(None, "-F", "json"))
    assert row == {
        "file": "seeds/hebei-daily-2022-03-31-tangshan.txt",
        "title": "河北日报唐山疫情防控报道（2022年3月31日）",
        "publisher": "河北日报",
        "dateline": "2022-03-31",
        "events": len(json.loads(run_cli("list", "-F", "json").stdout)),
        "first": "2022-03-01",  # 进入3月 (是月), dated to the month: its first day
        "last": "2022-03-31",
        "listed": True,
    }


def test_csv_has_a_header_and_jsonl_a_record_per_line() -> None:
    rows = list(csv.DictReader(io.StringIO(cli(FLOOD, "-F", "csv"))))
    assert [(r["file"], r["events"]) for r in rows] == [
        ("texts/city-daily.txt", "3"),
        ("texts/evening-news.txt", "2"),
    ]
    assert [json.loads(line)["title"] for line in cli(FLOOD, "-F", "jsonl").splitlines()] == [
        "青石日报",
        "青石晚报",
    ]


def test_a_cited_file_missing_from_the_header_comes_last(tmp_path: Path) -> None:
    shutil.copytree(HARBOR, tmp_path / "harbor")
    both = tmp_path / "harbor" / "both.yaml"
    text = both.read_text(encoding="utf-8")
    cut = text.index("    - file: texts/coast-evening.txt")
    both.write_text(text[:cut] + text[text.index("events:") :], encoding="utf-8")
    records = json.loads(cli(both, "-F", "json"))
    assert [(r["file"], r["events"], r["listed"]) for r in records] == [
        ("texts/port-daily.txt", 3, True),
        ("texts/coast-evening.txt", 3, False),
    ]
    assert records[1]["title"] == ""


def test_uncovered_lists_days_a_source_mentions_that_no_event_covers() -> None:
    assert cli(HARBOR / "port.yaml", "--uncovered").splitlines() == [
        "texts/port-daily.txt\t2022-04-13\t4月13日\t5\t159\t1"
    ]
    # the evening paper's dateline (4月4日) has no event; 4月2日 and 4月3日 have
    assert json.loads(cli(FLOOD, "--uncovered", "-F", "json")) == [
        {
            "file": "texts/evening-news.txt",
            "date": "2022-04-04",
            "text": "4月4日",
            "offset": 4,
            "line": 1,
            "mentions": 1,
        }
    ]


def test_every_day_the_seed_mentions_is_covered_by_the_shipped_events() -> None:
    assert cli(None, "--uncovered") == ""
    assert cli(None, "--uncovered", "-F", "json") == "[]\n"


def test_a_span_covers_its_days_and_a_repeated_day_counts_its_mentions(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "4月1日至4月3日，连续降雨。4月5日，天晴。4月5日晚，又下雨。\n", encoding="utf-8"
    )
    (tmp_path / "t.yaml").write_text(
        "timeline:\n  sources:\n    - {file: a.txt, dateline: 2022-04-06}\n"
        "events:\n  - id: rain\n    date: 2022-04-01\n    end: 2022-04-03\n    title: 降雨\n"
        "    source: {file: a.txt, quote: 连续降雨。}\n",
        encoding="utf-8",
    )
    rows = json.loads(cli(tmp_path / "t.yaml", "--uncovered", "-F", "json"))
    assert [(r["date"], r["text"], r["mentions"]) for r in rows] == [("2022-04-05", "4月5日", 2)]


def test_a_source_text_that_cannot_be_read_is_one_line_and_exit_1(tmp_path: Path) -> None:
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    (tmp_path / "sources" / "texts" / "evening-news.txt").unlink()
    result = run_cli("--file", str(tmp_path / "sources" / "flood.yaml"), "sources", "--uncovered")
    assert result.returncode == 1
    assert result.stderr.startswith("timeline: error: source 'texts/evening-news.txt' cannot be")
    assert result.stderr.count("\n") == 1
    assert cli(tmp_path / "sources" / "flood.yaml").count("\n") == 2  # the rows still list


def test_the_terminal_table_names_every_source() -> None:
    result = CliRunner().invoke(
        app, ["--file", str(FLOOD), "sources", "-F", "table"], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "Source                               Events   First        Last" in lines
    assert "texts/city-daily.txt                      3   2022-04-02   2022-04-03" in lines
    assert "青石日报 · 青石日报社 · 2022-04-03" in lines
    assert "texts/evening-news.txt                    2   2022-04-02   2022-04-03" in lines


def test_titles_are_printed_literally(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "t.yaml").write_text(
        'timeline:\n  sources:\n    - {file: a.txt, title: "[bold]报\\e]0;pwned\\a"}\nevents: []\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["--file", str(tmp_path / "t.yaml"), "sources", "-F", "table"],
        env={"COLUMNS": "100"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "[bold]报]0;pwned" in result.stdout
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert cli(tmp_path / "t.yaml") == "a.txt\t[bold]报]0;pwned\t\t\t0\t\t\ttrue\n"


@pytest.mark.parametrize(("name", "first"), [("rows.json", "["), ("rows.csv", "file,title")])
def test_o_writes_atomically_in_the_format_of_its_extension(
    tmp_path: Path, name: str, first: str
) -> None:
    target = tmp_path / name
    assert cli(FLOOD, "-o", str(target)) == ""
    assert target.read_text(encoding="utf-8").startswith(first)


def test_bad_formats_and_extensions_are_usage_errors(tmp_path: Path) -> None:
    bad = run_cli("--file", str(FLOOD), "sources", "-F", "ics")
    assert (bad.returncode, bad.stdout) == (2, "")
    assert "unknown format 'ics' for sources" in bad.stderr
    ext = run_cli("--file", str(FLOOD), "sources", "-o", str(tmp_path / "x.ics"))
    assert ext.returncode == 2
    assert "unknown extension" in ext.stderr
    assert not (tmp_path / "x.ics").exists()


def test_every_new_command_has_help_with_examples() -> None:
    for command in ("sources", "conflicts", "merge"):
        result = run_cli(command, "--help", cwd=ROOT)
        assert result.returncode == 0
        assert "Examples:" in result.stdout
        assert f"timeline {command}" in result.stdout or "timeline --file" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["sources", "-F", "tsv"],
        ["sources", "-F", "json"],
        ["conflicts", "-F", "json"],
        ["conflicts", "-F", "csv"],
    ],
)
def test_plain_reports_never_import_rich(args: list[str]) -> None:
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\n"
        "from timeline.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({['--file', str(HARBOR / 'both.yaml'), *args]!r})\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, exc.code\n"
        "print('rich' in sys.modules, 'rapidfuzz' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
