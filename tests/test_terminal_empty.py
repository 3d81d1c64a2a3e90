"""Empty results: every format's valid empty document on stdout, a note naming the search
on a terminal's stderr, exit 0 (issue #16)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from terminal_helpers import clean_env, run_tty

from helpers import MINI, run_cli
from timeline.output.plain import CSV_COLUMNS
from timeline.output.registry import FORMATS

NOTHING = ("--file", str(MINI), "search", "不存在的词")


def test_every_registered_format_has_a_check_here() -> None:
    assert set(FORMATS) <= set(EMPTY) | {"timeline", "table", "html"}


def _json(text: str) -> None:
    assert json.loads(text) == []


def _csv(text: str) -> None:
    assert list(csv.reader(io.StringIO(text))) == [CSV_COLUMNS]


def _nothing(text: str) -> None:
    assert text == ""


def _markdown(text: str) -> None:
    assert text == "# Mini timeline\n\n*no events*\n"


def _ics(text: str) -> None:
    import icalendar

    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.name == "VCALENDAR"
    assert calendar.walk("VEVENT") == []
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")


def _timelinejs(text: str) -> None:
    document = json.loads(text)
    assert document["events"] == []
    assert document["title"]["text"] == {"headline": "Mini timeline", "text": "<p>no events</p>"}


EMPTY = {
    "json": _json,
    "jsonl": _nothing,
    "tsv": _nothing,
    "csv": _csv,
    "markdown": _markdown,
    "ics": _ics,
    "timelinejs": _timelinejs,
}


@pytest.mark.parametrize("fmt", sorted(EMPTY))
def test_empty_result_is_the_formats_empty_document(fmt: str) -> None:
    result = run_cli(*NOTHING, "-F", fmt)
    assert (result.returncode, result.stderr) == (0, "")
    EMPTY[fmt](result.stdout)


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_empty_result_to_a_file_is_the_same_document(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    assert run_cli(*NOTHING, "-F", fmt, "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == run_cli(*NOTHING, "-F", fmt).stdout


def test_jq_length_of_an_empty_search_is_zero() -> None:
    assert json.loads(run_cli(*NOTHING, "-F", "json").stdout) == []


@pytest.mark.parametrize(
    ("args", "out"),
    [
        (["figures", "--tag", "无此标签", "-F", "json"], "[]\n"),
        (
            ["figures", "--tag", "无此标签", "-F", "csv"],
            "event,date,label,text,value,unit,approx\n",
        ),
        (["figures", "--tag", "无此标签", "-F", "tsv"], ""),
        (["tags", "--from", "2023-01-01", "-F", "json"], "[]\n"),
        (["tags", "--from", "2023-01-01", "-F", "csv"], "tag,count\n"),
        (["people", "--tag", "会议", "-F", "json"], "[]\n"),
        (["stats", "--tag", "无此标签", "-F", "csv"], "period,start,end,events,reports\n"),
        (["stats", "--tag", "无此标签", "-F", "jsonl"], ""),
    ],
)
def test_empty_counts_are_empty_documents_too(args: list[str], out: str) -> None:
    result = run_cli("--file", str(MINI), *args)
    assert (result.returncode, result.stdout) == (0, out)


def test_a_terminal_gets_a_note_naming_what_was_searched() -> None:
    env = clean_env(COLUMNS="100")
    run = run_tty(*NOTHING, "--tag", "病例", "-F", "json", env=env, tty_out=False)
    assert run.code == 0
    assert run.stdout == "[]\n"
    assert run.terminal.strip() == (
        f"timeline: no events match search 不存在的词 --tag 病例 in {MINI}"
    )


def test_the_note_of_the_timeline_view_and_of_counts() -> None:
    env = clean_env(COLUMNS="100")
    run = run_tty("on", "2021-01-01", env=env)
    assert (run.code, run.terminal.strip()) == (
        0, "timeline: no events match on 2021-01-01 in the embedded timeline (searched 2021-01-01 周五)"
    )  # fmt: skip
    run = run_tty("--file", str(MINI), "people", "--tag", "会议", env=env)
    assert run.terminal.strip() == f"timeline: no people match people --tag 会议 in {MINI}"


def test_quiet_and_pipes_get_no_note() -> None:
    env = clean_env()
    assert run_tty(*NOTHING, "--quiet", env=env, tty_out=False).terminal == ""
    assert run_tty("-q", *NOTHING, env=env, tty_out=False).terminal == ""
    assert run_cli(*NOTHING).stderr == ""
