"""Whatever the input: sources stay home, extreme dates are data, work and time are bounded.

Other people's timelines may cite any path, date anything from 0001 to 9999, carry a
catastrophic regular expression's favourite text, or never end. Each is a one-line
problem or an answer, never a crash, a hang or a private file read out.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import ROOT, run_cli
from timeline.cli import app
from timeline.output.registry import FORMATS

# ---------------------------------------------------------------- sources stay home

SECRET = "root-password-hash-42"


def citing(folder: Path, *files: str) -> Path:
    """A timeline whose events each cite one of `files`, quoting SECRET."""
    rows = "".join(
        f"  - id: e{i}\n    date: 2022-03-0{i + 1}\n    title: t{i}\n"
        f"    source: {{file: '{file}', quote: '{SECRET}'}}\n"
        for i, file in enumerate(files)
    )
    path = folder / "t.yaml"
    path.write_text("events:\n" + rows, encoding="utf-8")
    return path


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """A private file outside the timeline's folder, and the folder the timeline lives in."""
    (tmp_path / "home").mkdir()
    secret = tmp_path / "home" / "secret.txt"
    secret.write_text(f"before. {SECRET} after.\n", encoding="utf-8")
    (tmp_path / "work" / "seeds").mkdir(parents=True)
    return secret


def test_a_source_outside_the_timelines_folder_is_never_read(tmp_path: Path, private: Path) -> None:
    work = tmp_path / "work"
    (work / "seeds" / "link.txt").symlink_to(private)  # inside by name, outside after links
    data = citing(work, str(private), "../home/secret.txt", "seeds/link.txt")
    check = run_cli("--file", str(data), "check")
    assert check.returncode == 1
    assert SECRET not in check.stdout + check.stderr
    # none was opened, so none was "verified"; each says why it was not
    assert check.stdout.count("' is refused: it is outside the timeline's folder") == 3
    for event in ("e0", "e1", "e2"):
        shown = run_cli("--file", str(data), "show", event, env={"COLUMNS": "200"})
        assert "before." not in shown.stdout
        assert "after." not in shown.stdout
    html = run_cli("--file", str(data), "list", "-F", "html")
    assert "before." not in html.stdout


def test_folders_the_user_allows_may_be_cited(tmp_path: Path, private: Path) -> None:
    data = citing(tmp_path / "work", str(private), "../home/secret.txt")
    allowed = run_cli(
        "--file", str(data), "check", env={"TIMELINE_ALLOW_SOURCES": f"/nowhere:{private.parent}"}
    )
    assert (allowed.returncode, allowed.stderr) == (0, "")
    assert "2 quotes verified" in allowed.stdout


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_only_regular_files_are_read_as_sources(tmp_path: Path, kind: str) -> None:
    """/dev/zero would exhaust memory and a FIFO would hang: each is one problem."""
    work = tmp_path / "work"
    (work / "seeds").mkdir(parents=True)
    if kind == "device":
        (work / "seeds" / "x").symlink_to("/dev/zero")
        allow = {"TIMELINE_ALLOW_SOURCES": "/dev"}
    elif kind == "fifo":
        os.mkfifo(work / "seeds" / "x")
        allow = {}
    else:
        (work / "seeds" / "x").mkdir()
        allow = {}
    data = citing(work, "seeds/x")
    for args in (("check",), ("show", "e0")):
        result = run_cli("--file", str(data), *args, env=allow)
        assert "Traceback" not in result.stderr
        assert result.returncode == (1 if args == ("check",) else 0)


def test_a_source_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    from timeline import cite

    work = tmp_path / "work"
    (work / "seeds").mkdir(parents=True)
    big = work / "seeds" / "big.txt"
    with open(big, "wb") as stream:
        stream.write(f"{SECRET}\n".encode())
        stream.truncate(cite.MAX_SOURCE + 1)  # sparse: no disk used
    data = citing(work, "seeds/big.txt")
    result = run_cli("--file", str(data), "check")
    assert result.returncode == 1
    assert "seeds/big.txt" in result.stdout


# ---------------------------------------------------------------- extreme dates

EXTREMES = """\
events:
  - {id: first, date: 0001-01-01, time: "00:00", title: 最早}
  - {id: first-span, date: 0001-01-01, end: 0001-01-03, title: 最早区间}
  - {id: last, date: 9999-12-31, title: 最晚}
  - {id: last-timed, date: 9999-12-31, time: "23:59", title: 最晚定时}
  - {id: last-span, date: 9999-12-30, end: 9999-12-31, title: 最晚区间}
  - {id: last-timed-span, date: 9999-12-30, time: "12:00", end: 9999-12-31, title: 最晚定时区间}
"""


@pytest.fixture
def extremes(tmp_path: Path) -> Path:
    path = tmp_path / "extremes.yaml"
    path.write_text(EXTREMES, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_writes_dates_from_0001_to_9999(extremes: Path, fmt: str) -> None:
    result = CliRunner().invoke(app, ["--file", str(extremes), "list", "-F", fmt])
    assert result.exception is None, result.output
    assert result.exit_code == 0
    assert "最晚定时区间" in result.stdout or fmt in ("ics", "timelinejs", "html")


def test_the_calendar_ends_the_last_possible_day_by_duration(extremes: Path) -> None:
    import icalendar

    result = CliRunner().invoke(app, ["--file", str(extremes), "list", "-F", "ics"])
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(result.stdout)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert events["first-span@timeline"].decoded("dtend").isoformat() == "0001-01-04"
    assert "dtend" not in events["last@timeline"]  # an all-day DTSTART lasts one day
    assert events["last-span@timeline"].decoded("duration").days == 2
    timed = events["last-timed-span@timeline"].decoded("duration")
    assert timed.total_seconds() == 36 * 3600  # 12:00 on the 30th to the midnight after the 31st


def test_timelinejs_ends_a_span_at_the_midnight_after_9999_12_31(extremes: Path) -> None:
    result = CliRunner().invoke(app, ["--file", str(extremes), "list", "-F", "timelinejs"])
    assert result.exit_code == 0, result.output
    slides = {s["unique_id"]: s for s in json.loads(result.stdout)["events"]}
    end = {"year": 10000, "month": 1, "day": 1, "hour": 0, "minute": 0}
    assert slides["last-span"]["end_date"] == end
    assert slides["first-span"]["end_date"] == {**end, "year": 1, "day": 4}


@pytest.mark.parametrize("fmt", ["tsv", "json", "table"])
def test_stats_over_ten_thousand_years_stays_small(extremes: Path, fmt: str) -> None:
    """Days without events over 31 in a row are one gap: a few lines, not 3.65 million."""
    result = run_cli("--file", str(extremes), "stats", "-F", fmt, env={"COLUMNS": "100"})
    assert (result.returncode, result.stderr) == (0, "")
    assert len(result.stdout) < 3000
    if fmt == "json":
        record = json.loads(result.stdout)
        # An event counts on the day it starts: the span's other days are empty too.
        assert record["gaps"] == [{"from": "0001-01-02", "to": "9999-12-29", "days": 3652056}]
        assert sum(d["events"] for d in record["per_day"]) == 6
    if fmt == "table":
        assert "0001-01-02..9999-12-29 (3,652,056 days)" in result.stdout


# ---------------------------------------------------------------- regular expressions

SLOW = "events:\n  - {id: a, date: 2022-03-01, title: " + "a" * 60 + "!}\n"


def test_a_catastrophic_regex_stops_at_the_time_limit_with_one_line(tmp_path: Path) -> None:
    data = tmp_path / "slow.yaml"
    data.write_text(SLOW, encoding="utf-8")
    result = run_cli("--file", str(data), "search", "-E", "(a|aa)+$")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "timeline: error: regular expression '(a|aa)+$' takes too long (over 10 s in all); "
        "make it simpler, e.g. without nested repeats\n"
    )


def test_the_time_limit_holds_outside_the_main_thread_too(tmp_path: Path) -> None:
    """No alarm there: each match gets the time left as its own timeout."""
    from timeline.errors import UsageError
    from timeline.query import compile_search, search
    from timeline.store.open import load

    data = tmp_path / "slow.yaml"
    data.write_text(SLOW, encoding="utf-8")
    events = load(data).events
    caught: list[BaseException] = []

    def run() -> None:
        try:
            search(events, compile_search(["(a|aa)+$"], regex=True))
        except UsageError as exc:
            caught.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=60)
    assert len(caught) == 1
    assert "takes too long" in str(caught[0])


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # re on [[a]
def test_regex_search_finds_what_re_finds(tmp_path: Path) -> None:
    """The `regex` package, in its version 0, reads patterns as `re` does."""
    import re

    from timeline.query import compile_search, search_text
    from timeline.store.open import load

    events = load(None).events
    for pattern in [r"\d+万", "唐山|志愿", "(?i)VOLUNTEER", r"^\w{2}市", "[[a]", r"核酸.{0,3}检测"]:
        found = [e.id for e in events if compile_search([pattern], regex=True)[0].search(
            search_text(e))]  # fmt: skip
        with_re = [e.id for e in events if re.search(pattern, search_text(e), re.IGNORECASE)]
        assert found == with_re, pattern


# ---------------------------------------------------------------- endless and odd input


def limit_memory(size: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("/dev/zero", "/dev/zero:1:1: invalid YAML: control character U+0000 is not allowed"),
        ("endless", "<stdin>: larger than 1,024 MiB"),
    ],
)
def test_endless_input_stops_with_one_line_under_a_memory_limit(source: str, message: str) -> None:
    """Within 1.4 GB of address space: the 1 GiB limit is met before memory runs out."""
    args = [sys.executable, "-m", "timeline", "--file", source if source != "endless" else "-"]
    feeder = None
    if source == "endless":
        feeder = subprocess.Popen(["yes", "x" * 60], stdout=subprocess.PIPE)
    proc = subprocess.run(
        [*args, "list"], stdin=feeder.stdout if feeder else subprocess.DEVNULL,
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        preexec_fn=lambda: limit_memory(1400 << 20), check=False,
    )  # fmt: skip
    if feeder:
        feeder.kill()
        feeder.wait()
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith(f"timeline: error: {message}")
    assert proc.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("encoding", "called"),
    [("utf-16", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)"),
     ("utf-32", "UTF-32 (little-endian)"), ("utf-32-be", "UTF-32 (big-endian)")],
)  # fmt: skip
def test_utf16_and_utf32_files_are_named_as_such(
    tmp_path: Path, encoding: str, called: str
) -> None:
    data = tmp_path / "t.yaml"
    text = "events:\n  - {id: 事件, date: 2022-03-01, title: 唐山}\n"
    data.write_bytes(("\ufeff" if encoding.endswith("-be") else "") .encode(encoding)
                     + text.encode(encoding))  # fmt: skip
    for args in (("--file", str(data), "list"), ("--file", "-", "list")):
        result = run_cli(*args, stdin=data.read_bytes() if "-" in args else None)
        assert result.returncode == 1
        assert f"the file is {called}, not UTF-8" in result.stderr
        assert f"iconv -f {encoding.split('-')[0].upper()}-{encoding.split('-')[1]}" in (
            result.stderr
        )


# ---------------------------------------------------------------- bad input, told right

BAD = """\
events:
  - id: a
    date: 2022-03-01
    title: x
    time: 8:00
    tags: 医疗, 救治
    figures: [{text: 5名, value: 5, vlaue: 1}]
    source: {file: a.txt, quote: b, qoute: c}
  - {id: b, date: 2022-03-01, title: y, time: 1:02:03, tittle: z}
  - {id: c, date: 2022-03-01, title: y, time: 25:00}
"""


def test_bad_input_is_told_right(tmp_path: Path) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text(BAD, encoding="utf-8")
    result = run_cli("--file", str(data), "check")
    assert result.returncode == 1
    lines = result.stdout
    for expected in [
        ":5:11: event 'a': time 8:00 must be quoted, as time: \"08:00\" (unquoted, YAML reads",
        ":6:11: event 'a': 'tags' must be a list, as tags: [医疗, 救治]",
        "figures[0]: unknown field 'vlaue'; did you mean 'value'?",
        "source: unknown field 'qoute'; did you mean 'quote'?",
        "event 'b': time 1:02:03 must be quoted, as time: \"01:02\"",
        "event 'b': unknown field 'tittle'; did you mean 'title'?",
        "event 'c': time 25:00 must be quoted, as time: \"HH:MM\"",
    ]:
        assert expected in lines, expected
    fixed = BAD.replace("8:00", '"08:00"').replace("医疗, 救治", "[医疗, 救治]")
    data.write_text(fixed, encoding="utf-8")
    again = run_cli("--file", str(data), "check").stdout
    assert "event 'a': time" not in again
    assert "'tags' must be" not in again
