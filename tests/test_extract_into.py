"""`extract --into FILE`: only new candidates are added, the file's own text kept byte for byte.

Real CLI in a real process on real files: a hand-written timeline with comments, a CRLF
file, a file without a header, and the refusals that leave the file untouched.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from helpers import DATA, run_cli

BULLETIN = DATA / "news" / "bulletin-01.txt"
CURATED = """\
# my curated file
timeline:
  title: 云岭县汛情   # a comment
  reference: 2023-07-12

events:
  - id: rain-2023-07-11
    date: 2023-07-11
    time: "03:30"
    title: 启动Ⅲ级应急响应
    source:
      file: bulletin-01.txt
      quote: 县防汛抗旱指挥部启动防汛Ⅲ级应急响应

# trailing comment
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(BULLETIN, tmp_path / "bulletin-01.txt")
    (tmp_path / "mine.yaml").write_text(CURATED, encoding="utf-8")
    return tmp_path


def only_added(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if any line of `before` changed or moved."""
    diff = list(difflib.ndiff(before.splitlines(True), after.splitlines(True)))
    assert not [line for line in diff if line.startswith("- ")]
    return [line[2:] for line in diff if line.startswith("+ ")]


def test_into_adds_the_new_candidates_and_keeps_every_byte(folder: Path) -> None:
    result = run_cli("extract", "bulletin-01.txt", "--into", "mine.yaml", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "added event-2023-07-12-1  2023-07-12  全县普降大到暴雨",
        "added event-2023-07-12-2  2023-07-12  全县共投入抢险人员2300余名",
        "added event-2023-07-10-1  2023-07-10  县消防救援大队已救助被困群众128人",
        "added event-2023-07-20-1  2023-07-20  受损的3座桥梁预计于7月20日前完成修复",
        "mine.yaml: 4 events added, 1 already there",  # 11日凌晨3时30分 is rain-2023-07-11
    ]
    after = (folder / "mine.yaml").read_text(encoding="utf-8")
    added = only_added(CURATED, after)
    assert added[:2] == ["  sources:\n", "  - file: bulletin-01.txt\n"]
    assert "  - id: event-2023-07-12-1\n" in added
    assert after.endswith("\n# trailing comment\n")
    checked = run_cli("--file", "mine.yaml", "check", cwd=folder)
    assert checked.returncode == 0, checked.stdout
    assert "ok: 5 events, 5 quotes verified" in checked.stdout


def test_into_twice_adds_nothing_and_does_not_touch_the_file(folder: Path) -> None:
    assert run_cli("extract", "bulletin-01.txt", "--into", "mine.yaml", cwd=folder).returncode == 0
    once = (folder / "mine.yaml").stat()
    again = run_cli("extract", "bulletin-01.txt", "--into", "mine.yaml", cwd=folder)
    assert again.returncode == 0
    assert again.stdout == "mine.yaml: 0 events added, 5 already there\n"
    assert (folder / "mine.yaml").stat().st_mtime_ns == once.st_mtime_ns


def test_into_a_crlf_file_without_header_from_another_folder(folder: Path) -> None:
    (folder / "out").mkdir()
    target = folder / "out" / "list.yaml"
    target.write_bytes(b"events:\r\n- id: a\r\n  date: 2023-07-01\r\n  title: x\r\n")
    result = run_cli("extract", str(folder / "bulletin-01.txt"), "--into", str(target))
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")  # every new line is CRLF too
    assert data.startswith(b"timeline:\r\n  sources:\r\n  - file: ../bulletin-01.txt\r\n")
    assert b"events:\r\n- id: a\r\n  date: 2023-07-01\r\n  title: x\r\n- id: event-" in data
    allow = {"TIMELINE_ALLOW_SOURCES": str(folder)}  # check reads only inside out/ else
    assert run_cli("--file", str(target), "check", env=allow).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.yaml"], "--into adds to its file in place; it takes neither -o nor -F"),
        (["-F", "json"], "--into adds to its file in place; it takes neither -o nor -F"),
    ],
)
def test_into_refuses_other_outputs(folder: Path, args: list[str], message: str) -> None:
    result = run_cli("extract", "bulletin-01.txt", "--into", "mine.yaml", *args, cwd=folder)
    assert (result.returncode, result.stderr) == (2, f"timeline: error: {message}\n")
    assert (folder / "mine.yaml").read_text(encoding="utf-8") == CURATED


def test_into_from_stdin_is_refused(folder: Path) -> None:
    result = run_cli("extract", "-", "--into", "mine.yaml", stdin=BULLETIN.read_bytes(), cwd=folder)
    assert result.returncode == 2
    assert result.stderr == "timeline: error: extract --into needs a file: its quotes cite it\n"


def test_into_a_broken_or_missing_file_is_a_one_line_error(folder: Path) -> None:
    (folder / "bad.yaml").write_text("events:\n- id: a\n  date: 2023-02-30\n  title: x\n")
    result = run_cli("extract", "bulletin-01.txt", "--into", "bad.yaml", cwd=folder)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "is not a real date (fix the file before adding to it)" in result.stderr
    assert (folder / "bad.yaml").read_text() == "events:\n- id: a\n  date: 2023-02-30\n  title: x\n"
    missing = run_cli("extract", "bulletin-01.txt", "--into", "none.yaml", cwd=folder)
    assert missing.returncode == 1
    assert missing.stderr == (
        "timeline: error: none.yaml: no such file (--into adds to an existing timeline)\n"
    )
