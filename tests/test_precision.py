"""Honest dates: events known only to a part of a month or year, one year-less rule, the
`on` command's possible events, and `check` comparing a quote's own date with the event's.

Every test runs the real CLI on real files written here.
"""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from helpers import invoke_at_80, run_cli
from timeline.cli import app

#: A chronicle across a new year, with events dated to a day, a part of a month, a month
#: and a part of a year; reference 2022-01-10.
CHRONICLE = """\
timeline:
  title: 年终纪事
  reference: 2022-01-10
events:
  - id: day-dec-20
    date: 2021-12-20
    title: 十二月二十日的会议
  - id: mid-dec
    date: 2021-12 中旬
    title: 十二月中旬开展排查
    tags: [排查]
  - id: whole-dec
    date: 2021-12
    title: 是月，完成改造
  - id: dec-1
    date: 2021-12-01
    time: "09:00"
    title: 十二月一日上午的通知
  - id: late-year
    date: 2021 年底
    title: 年底前完成验收
    links: [https://example.org/report]
  - id: jan-5
    date: 2022-01-05
    title: 一月五日的通报
    date_kind: as_of
"""


@pytest.fixture
def chronicle(tmp_path: Path) -> Path:
    path = tmp_path / "chronicle.yaml"
    path.write_text(CHRONICLE, encoding="utf-8")
    return path


def cli(path: Path, *args: str) -> str:
    return invoke_at_80(path, *args)


def ids(path: Path, *args: str) -> list[str]:
    return [json.loads(line)["id"] for line in cli(path, *args, "-F", "jsonl").splitlines()]


# ---------------------------------------------------------------- schema and order


def test_partial_dates_load_check_and_sort_after_the_days_of_their_first_day(
    chronicle: Path,
) -> None:
    assert "ok: 6 events" in cli(chronicle, "check")
    # 2021 年底 starts on 11-01; 2021-12 after the timed and untimed events of 12-01.
    assert ids(chronicle, "list") == [
        "late-year", "dec-1", "whole-dec", "mid-dec", "day-dec-20", "jan-5",
    ]  # fmt: skip


def test_json_gives_the_written_date_its_precision_and_its_span(chronicle: Path) -> None:
    records = {r["id"]: r for r in json.loads(cli(chronicle, "list", "-F", "json"))}
    mid = records["mid-dec"]
    assert (mid["date"], mid["precision"], mid["start"], mid["end"]) == (
        "2021-12 中旬", "中旬", "2021-12-11", "2021-12-20",
    )  # fmt: skip
    late = records["late-year"]
    assert (late["date"], late["start"], late["end"], late["links"]) == (
        "2021 年底", "2021-11-01", "2021-12-31", ["https://example.org/report"],
    )  # fmt: skip
    day = records["day-dec-20"]
    assert (day["date"], day["precision"], day["end"]) == ("2021-12-20", "day", None)


def test_tsv_and_csv_keep_their_columns_and_add_precision_at_the_end(chronicle: Path) -> None:
    rows = [line.split("\t") for line in cli(chronicle, "list", "-F", "tsv").splitlines()]
    mid = next(r for r in rows if r[3] == "mid-dec")
    assert (mid[0], mid[-1]) == ("2021-12 中旬", "中旬")
    header, *lines = cli(chronicle, "list", "-F", "csv").splitlines()
    assert header.endswith(",sources,precision,links")
    assert any(line.startswith("late-year,2021 年底,") for line in lines)


def test_views_show_the_span_as_the_heading(chronicle: Path) -> None:
    view = cli(chronicle, "list", "-F", "timeline")
    assert "2021-12 中旬 ─" in view
    assert "2021 年底 ─" in view
    assert "2021-12-20 周一" in view
    markdown = cli(chronicle, "list", "-F", "markdown")
    assert "## 2021-12 中旬" in markdown
    assert "## 2021-12-01 周三" in markdown


def test_ics_gives_an_all_day_span_and_the_precision(chronicle: Path) -> None:
    calendar = icalendar.Calendar.from_ical(cli(chronicle, "list", "-F", "ics"))
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    mid = events["mid-dec@timeline"]
    assert mid.decoded("dtstart").isoformat() == "2021-12-11"
    assert mid.decoded("dtend").isoformat() == "2021-12-21"  # exclusive
    assert str(mid["x-timeline-precision"]) == "中旬"


def test_timelinejs_gives_only_the_known_part_of_the_date(chronicle: Path) -> None:
    slides = {
        s["unique_id"]: s for s in json.loads(cli(chronicle, "list", "-F", "timelinejs"))["events"]
    }
    assert slides["mid-dec"]["start_date"] == {"year": 2021, "month": 12}
    assert slides["mid-dec"]["display_date"] == "2021年12月中旬"
    assert slides["late-year"]["start_date"] == {"year": 2021}
    assert slides["late-year"]["display_date"] == "2021年底"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2021-12 中", "'中' is not one of 上旬"),
        ("2021 中旬", "'中旬' is not one of 年初、年中、年底"),
        ("2021-12-20 中旬", "names a day"),
        ("2021-13", "is not a real date"),
        ("2021-12 <b>旬</b>", "is not one of"),
    ],
)
def test_a_wrong_partial_date_is_one_line_naming_the_place(
    tmp_path: Path, written: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"events:\n  - id: x\n    date: {written}\n    title: t\n", encoding="utf-8")
    result = run_cli("--file", str(path), "list")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{path}:3:" in result.stderr
    assert message in result.stderr


def test_a_time_needs_a_day(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = 'events:\n  - id: x\n    date: 2021-12 中旬\n    time: "08:00"\n    title: t\n'
    path.write_text(text, encoding="utf-8")
    result = run_cli("--file", str(path), "check")
    assert result.returncode == 1
    assert "a time needs a day, but the date is only a 中旬" in result.stdout


def test_partial_dates_survive_the_cache(chronicle: Path) -> None:
    first = run_cli("--file", str(chronicle), "list", "-F", "json").stdout
    second = run_cli("--file", str(chronicle), "list", "-F", "json").stdout  # from the cache
    assert first == second
    assert '"precision": "中旬"' in first


# ---------------------------------------------------------------- on: certain, then possible


def test_on_lists_certain_events_then_possible_ones(chronicle: Path) -> None:
    assert ids(chronicle, "on", "12月15日") == ["late-year", "whole-dec", "mid-dec"]
    assert ids(chronicle, "on", "12月20日") == ["day-dec-20", "late-year", "whole-dec", "mid-dec"]
    assert ids(chronicle, "on", "12月20日", "--certain") == ["day-dec-20"]


def test_on_a_part_of_a_month_holds_the_events_within_it(chronicle: Path) -> None:
    assert ids(chronicle, "on", "12月中旬", "--certain") == ["mid-dec", "day-dec-20"]
    assert ids(chronicle, "on", "2021年12月", "--certain") == [
        "dec-1", "whole-dec", "mid-dec", "day-dec-20",
    ]  # fmt: skip


def test_possible_events_are_marked_in_the_terminal_views(chronicle: Path) -> None:
    view = cli(chronicle, "on", "12月15日", "-F", "timeline")
    assert view.count("[可能]") == 3
    table = cli(chronicle, "on", "12月20日", "-F", "table")
    assert table.count("[可能]") == 3


# ---------------------------------------------------------------- the year-less rule


def test_a_yearless_day_is_the_latest_on_or_before_the_reference(chronicle: Path) -> None:
    assert ids(chronicle, "on", "12月20日", "--certain") == ["day-dec-20"]
    assert ids(chronicle, "on", "Dec 20", "--certain") == ["day-dec-20"]
    assert ids(chronicle, "on", "1月5日") == ["jan-5"]


def test_a_yearless_range_crosses_the_new_year(chronicle: Path) -> None:
    assert ids(chronicle, "on", "12月20日..1月5日", "--certain") == ["day-dec-20", "jan-5"]
    # list keeps what overlaps, as always: the spans reaching into 12-20 too
    assert ids(chronicle, "list", "--from", "12月20日", "--to", "1月5日") == [
        "late-year", "whole-dec", "mid-dec", "day-dec-20", "jan-5",
    ]  # fmt: skip


def test_extract_resolves_by_the_same_rule(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("12月20日，召开会议。1月5日，发布通报。\n", encoding="utf-8")
    result = run_cli("extract", str(article), "--reference", "2022-01-10", "-F", "jsonl")
    dates = [json.loads(line)["date"] for line in result.stdout.splitlines()]
    assert "2021-12-20" in dates
    assert "2022-01-05" in dates


def test_an_empty_answer_names_the_dates_it_searched(chronicle: Path) -> None:
    from terminal_helpers import clean_env, run_tty

    run = run_tty("--file", str(chronicle), "on", "12月24日", "--certain", env=clean_env())
    assert "(searched 2021-12-24 周五)" in run.terminal


# ---------------------------------------------------------------- stats apart


def test_stats_counts_reports_apart_and_leaves_spans_off_the_days(chronicle: Path) -> None:
    data = json.loads(cli(chronicle, "stats", "-F", "json"))
    assert data["uncertain"] == 3
    jan5 = next(d for d in data["per_day"] if d["date"] == "2022-01-05")
    assert (jan5["events"], jan5["happenings"], jan5["reports"]) == (1, 0, 1)
    assert sum(d["events"] for d in data["per_day"]) == data["events"] - data["uncertain"]
    months = json.loads(cli(chronicle, "stats", "--by", "month", "-F", "json"))["per_period"]
    december = next(p for p in months if p["period"] == "2021-12")
    assert december["events"] == 4  # the 1st, the 20th, 中旬 and 是月; 年底 is in no month


def test_the_shipped_stats_chart_shows_the_report_day_as_reports() -> None:
    rows = [line.split("\t") for line in run_cli("stats").stdout.splitlines()]
    march31 = next(r for r in rows if r[0] == "2022-03-31")
    events, happenings, reports = map(int, march31[1:])
    assert reports > happenings
    assert events == happenings + reports


# ---------------------------------------------------------------- check, stricter


QUOTE_TEXT = "7月30日上午8时，暴雨预警升级为红色。7月31日，转移群众3000人。\n"


def quoted_file(tmp_path: Path, date: str, time: str | None, quote: str) -> Path:
    (tmp_path / "src.txt").write_text(QUOTE_TEXT, encoding="utf-8")
    when = f'\n    time: "{time}"' if time else ""
    path = tmp_path / "t.yaml"
    path.write_text(
        "timeline:\n  reference: 2023-08-05\nevents:\n"
        f"  - id: e\n    date: {date}{when}\n    title: t\n"
        f"    source: {{file: src.txt, quote: {quote}}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("date", "time", "quote", "problem"),
    [
        ("2023-07-31", "08:00", "7月30日上午8时，暴雨预警升级为红色",
         "quote says 7月30日上午8时; event is dated 2023-07-31"),
        ("2023-07-30", "09:00", "7月30日上午8时，暴雨预警升级为红色",
         "quote says 7月30日上午8时; event's time is 09:00"),
        ("2023-07-30", "08:00", "7月30日上午8时，暴雨预警升级为红色", None),
        ("2023-07-30", None, "7月30日上午8时，暴雨预警升级为红色", None),
        ("2023-07 下旬", None, "7月30日上午8时，暴雨预警升级为红色", None),
        ("2023-07-31", None, "7月30日上午8时，暴雨预警升级为红色。7月31日，转移群众3000人", None),
    ],
)  # fmt: skip
def test_check_compares_the_quotes_own_date_and_time(
    tmp_path: Path, date: str, time: str | None, quote: str, problem: str | None
) -> None:
    result = run_cli("--file", str(quoted_file(tmp_path, date, time, quote)), "check")
    if problem is None:
        assert result.returncode == 0, result.stdout
    else:
        assert result.returncode == 1
        assert f"event 'e': {problem}" in result.stdout


def test_an_empty_file_is_a_warning_and_strict_fails_on_it(tmp_path: Path) -> None:
    for text in ("", "events: []\n"):
        path = tmp_path / "empty.yaml"
        path.write_text(text, encoding="utf-8")
        plain = run_cli("--file", str(path), "check")
        assert plain.returncode == 0
        assert f"warning: {path} has no events" in plain.stderr
        assert run_cli("--file", str(path), "check", "--strict").returncode == 1


def test_unsourced_events_are_counted_and_strict_fails_on_them(chronicle: Path) -> None:
    result = CliRunner().invoke(app, ["--file", str(chronicle), "check"])
    assert result.exit_code == 0
    assert "ok: 6 events (6 without a source)" in result.stdout
    assert "warning: 6 events without a source: day-dec-20, mid-dec, whole-dec, …" in result.stderr
    strict = CliRunner().invoke(app, ["--file", str(chronicle), "check", "--strict"])
    assert strict.exit_code == 1
