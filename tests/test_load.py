"""The loader: real YAML files, real PyYAML, errors located at file:line:column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import DATA, MINI
from timeline.errors import DataError
from timeline.source.files import embedded_path
from timeline.source.load import parse_timeline
from timeline.store.open import load

BAD = DATA / "bad"


def test_good_file_loads_every_field() -> None:
    tl = load(MINI)
    assert tl.title == "Mini timeline"
    assert tl.reference == dt.date(2022, 3, 31)
    by_id = {e.id: e for e in tl.events}
    assert by_id["notice"].time == "02:30"
    assert by_id["deploy"].end == dt.date(2022, 3, 22)
    assert by_id["volunteers"].date_kind == "report"
    fig = by_id["volunteers"].figures[0]
    assert (fig.text, fig.value, fig.unit, fig.approx) == ("16.9万余名", 169000, "名", True)
    assert by_id["notice"].line == 5


def test_minimal_user_file_needs_only_id_date_title(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("events:\n  - {id: a, date: 2024-01-02, title: Hello}\n", encoding="utf-8")
    (event,) = load(path).events
    assert (event.id, event.date, event.title, event.tags) == (
        "a",
        dt.date(2024, 1, 2),
        "Hello",
        (),
    )


def test_a_bare_list_of_events_is_accepted() -> None:
    tl, problems = parse_timeline("- {id: a, date: 2024-01-02, title: x}\n", "list.yaml")
    assert problems == []
    assert [e.id for e in tl.events] == ["a"]


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "win.yaml"
    text = "events:\r\n  - id: a\r\n    date: 2024-01-02\r\n    title: 你好\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load(path).events[0].title == "你好"


def test_embedded_timeline_is_found_and_loads() -> None:
    assert embedded_path().is_file()
    assert len(load().events) > 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unquoted-time.yaml", "unquoted-time.yaml:4:11: event 'a': time 11:45 must be quoted"),
        (
            "impossible-date.yaml",
            "impossible-date.yaml:3:11: event 'feb30': date '2022-02-30' is not a real date",
        ),
        (
            "duplicate-id.yaml",
            "duplicate-id.yaml:5:1: event 'same': duplicate id (first at line 2)",
        ),
        (
            "end-before-date.yaml",
            "end-before-date.yaml:4:10: event 'backwards': end 2022-03-01 is before date 2022-03-05",
        ),
        ("missing-title.yaml", "missing-title.yaml:2:5: event 'untitled': 'title' is required"),
        ("wrong-shape.yaml", "wrong-shape.yaml: a timeline file must be a mapping"),
        ("syntax.yaml", "syntax.yaml:5:1: invalid YAML"),
        ("python-tag.yaml", "tag '!!python/object/apply:os.system' is not allowed"),
        (
            "bad-time.yaml",
            "bad-time.yaml:4:11: event 'late': time '25:00' is not a real HH:MM time",
        ),
        ("unknown-field.yaml", "unknown-field.yaml:4:13: event 'typo': unknown field 'tittle'"),
        (
            "figure-value.yaml",
            "event 'fig': figures[0]: value must be a number such as 1528 or 48.6",
        ),
        ("alias.yaml", "YAML aliases (*name) are not supported"),
        ("gbk.yaml", "gbk.yaml:4: not UTF-8 (byte 0xcc)"),
    ],
)
def test_bad_files_name_file_line_event_and_field(name: str, expected: str) -> None:
    with pytest.raises(DataError) as info:
        load(BAD / name)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message


def test_unquoted_time_never_shows_as_705() -> None:
    with pytest.raises(DataError) as info:
        load(BAD / "unquoted-time.yaml")
    assert '"11:45"' in str(info.value)
    assert "705" in str(info.value)
    # 705 only appears in the explanation, never as if it were the time.
    assert "time 705" not in str(info.value)


def test_every_problem_is_collected_not_just_the_first() -> None:
    text = "events:\n  - {id: a, date: 2022-02-30, title: x}\n  - {id: b, date: 2022-03-01}\n"
    _, problems = parse_timeline(text, "two.yaml")
    assert [p.line for p in problems] == [2, 3]


def test_missing_file_and_directory_are_clear(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(DataError, match="is a directory"):
        load(tmp_path)
