"""`timeline import`: TimelineJS (sheet CSV and JSON), tables and markwhen to a timeline file
that `check` accepts. Real CLI in a real process, on files written for these tests
(tests/data/import/) and on the shipped timeline's own exports, read back by the real
loader and proved by `timeline check`."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from helpers import DATA, ROOT, run_cli
from timeline.model import Event, Timeline
from timeline.source.load import read_timeline

IMPORT = DATA / "import"


def imported(*args: str, cwd: Path | None = None, stdin: str | bytes | None = None) -> str:
    """Run `timeline import ARGS`; it must succeed. Returns stderr (the notes)."""
    result = run_cli("import", *args, cwd=cwd, stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def refused(*args: str, code: int = 1, stdin: str | bytes | None = None) -> str:
    """Run `timeline import ARGS`; it must fail with `code` and one line. Returns it."""
    result = run_cli("import", *args, stdin=stdin)
    assert result.returncode == code, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line]
    assert lines[-1].startswith("timeline: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[-1]


def checked(path: Path, cwd: Path | None = None) -> Timeline:
    """`timeline check` accepts the file; the real loader's timeline of it."""
    result = run_cli("--file", str(path), "check", cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": ok: " in result.stdout
    timeline, problems = read_timeline(str(path))
    assert problems == []
    return timeline


def by_id(timeline: Timeline) -> dict[str, Event]:
    return {e.id: e for e in timeline.events}


def by_title(timeline: Timeline) -> dict[str, Event]:
    return {e.title: e for e in timeline.events}


# ---------------------------------------------------------------- TimelineJS sheet (CSV)


def test_timelinejs_sheet_with_title_eras_groups_and_html(tmp_path: Path) -> None:
    out = tmp_path / "sheet.yaml"
    notes = imported(str(IMPORT / "sheet.csv"), "-o", str(out))
    timeline = checked(out)
    events = by_title(timeline)
    assert timeline.title == "青石河防汛准备（示例）"  # the title slide (Type = title)
    assert len(timeline.events) == 6  # the title slide is no event
    era = events["主汛期"]
    assert (era.tags, era.date.isoformat(), era.precision, era.end) == (
        ("era",), "2023-05-01", "month", era.date.replace(month=9, day=30))  # fmt: skip
    meeting = events["防汛指挥部召开首次会议"]  # <b>首次</b>: the markup is gone, the word stays
    assert (meeting.date.isoformat(), meeting.time) == ("2023-04-03", "09:30")
    assert meeting.summary == "会议部署汛前检查。\n\n参会单位 12 家 & 各乡镇。"
    assert meeting.tags == ("会议",)  # Group
    assert meeting.date_note == "4月3日上午"  # Display Date
    assert meeting.links == ("https://example.org/meeting.jpg",)
    check = events["汛前检查"]
    assert (check.end and check.end.isoformat(), check.summary) == (
        "2023-04-14", "- 堤防 38 公里\n- 泵站 6 座")  # fmt: skip
    supplies = events["物资储备补充"]  # <script> is no text; &lt;b&gt; is a literal <b>
    assert (supplies.precision, supplies.summary) == ("month", "储备编织袋<b>两万条</b>。")
    assert events["全年巡堤"].precision == "year"
    warning = events["橙色预警发布"]
    assert warning.time == "14:15"  # 2:15 PM
    assert warning.summary == "气象台发布暴雨橙色预警。\n请远离河道。"  # <br> is a line break
    assert warning.links == ("https://video.example.org/embed/42",)  # the embed's src
    name = str(IMPORT / "sheet.csv")
    assert f"{name}:4: media credit of 1 slide (this the first) is not kept" in notes
    assert f"{name}:4: media caption of 1 slide" in notes
    assert f"{name}:5: background of 1 slide" in notes
    assert f"{name}:2: the title slide's text and media are not kept" in notes
    assert "reading" in notes
    assert "as timelinejs-csv (its header has Year and Headline)" in notes


def test_without_o_the_timeline_goes_to_stdout_and_is_the_same_every_time(tmp_path: Path) -> None:
    first = run_cli("import", str(IMPORT / "sheet.csv"))
    second = run_cli("import", str(IMPORT / "sheet.csv"), "--from", "timelinejs-csv")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout != ""
    assert "reading" not in second.stderr  # --from given: nothing guessed
    out = tmp_path / "x.yaml"
    imported(str(IMPORT / "sheet.csv"), "-o", str(out))
    assert out.read_text(encoding="utf-8") == first.stdout
    assert "event-2023-04-03-" in first.stdout  # ids from date and title, stable


# ---------------------------------------------------------------- TimelineJS JSON


def test_timelinejs_json_with_a_title_slide(tmp_path: Path) -> None:
    out = tmp_path / "slides.yaml"
    notes = imported(str(IMPORT / "slides.json"), "-o", str(out))
    timeline = checked(out)
    assert timeline.title == "Harbour Renovation (a made-up example)"
    events = by_id(timeline)
    assert set(events) == {
        "phase-one-2021-03", "survey-begins", "crane-barge-arrive-2021-04-12",
        "crane-barge-arrive-2021-04-12-2", "public-meeting-2021-06", "new-quay-opens-2022",
    }  # fmt: skip
    survey = events["survey-begins"]  # unique_id kept
    assert (survey.date.isoformat(), survey.time, survey.title) == (
        "2021-03-02",
        "08:05",
        "Survey begins",
    )
    assert survey.links == ("https://example.org/quay.jpg",)
    assert survey.tags == ("Works",)
    crane = events["crane-barge-arrive-2021-04-12"]
    assert (crane.title, crane.date_note) == ("Crane & barge arrive", "12–16 April")
    assert crane.end == dt.date(2021, 4, 16)  # no time: the day is inclusive
    assert events["crane-barge-arrive-2021-04-12-2"].summary == "A second report of the same day."
    assert events["phase-one-2021-03"].tags == ("era",)
    assert events["phase-one-2021-03"].last_day.isoformat() == "2021-08-31"
    assert events["public-meeting-2021-06"].summary == "Residents ask about noise.\n\n- 120 attend"
    assert events["new-quay-opens-2022"].precision == "year"
    assert f"{IMPORT / 'slides.json'}:10: media caption of 1 slide" in notes


# ---------------------------------------------------------------- tables


def test_chinese_headers_map_without_options_and_unknown_columns_are_named(tmp_path: Path) -> None:
    out = tmp_path / "lib.yaml"
    notes = imported(str(IMPORT / "chinese-headers.csv"), "-o", str(out))
    events = by_title(checked(out))
    closing = events["社区图书馆闭馆改造"]
    assert (closing.date.isoformat(), closing.time, closing.tags) == (
        "2023-03-05",
        "08:00",
        ("图书馆", "改造"),
    )
    moving = events["书架拆除与运输"]
    assert (moving.date.isoformat(), moving.end and moving.end.isoformat()) == (
        "2023-03-20",
        "2023-04-02",
    )
    assert moving.tags == ("图书馆", "施工")  # ； splits as 、 and ， do
    assert events["新书上架"].precision == "month"
    opening = events["重新开馆"]
    assert (opening.time, opening.summary) == ("14:30", "新馆开放，首日接待读者\n三百余人。")
    assert f"{IMPORT / 'chinese-headers.csv'}:1: columns not imported: 负责人" in notes


def test_map_names_other_columns(tmp_path: Path) -> None:
    out = tmp_path / "lib.yaml"
    notes = imported(str(IMPORT / "chinese-headers.csv"), "--map", "people=负责人", "-o", str(out))
    assert by_title(checked(out))["重新开馆"].people == ("王工",)
    assert "columns not imported" not in notes
    sheet = tmp_path / "other.csv"
    sheet.write_text("When,What,Notes\n2022-05-04,Kick-off,first\n", encoding="utf-8")
    imported(
        str(sheet),
        "--map",
        "date=When",
        "--map",
        "title=What",
        "--map",
        "summary=notes",
        "-o",
        str(out),
    )
    event = checked(out).events[0]
    assert (event.id, event.title, event.summary) == ("kick-off-2022-05-04", "Kick-off", "first")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "colour=负责人"], "--map colour=…: not a field"),
        (["--map", "title=Headline"], "--map title=Headline: no such column"),
        (["--map", "title"], "--map 'title': write FIELD=COLUMN"),
        (["--from", "excel"], "--from 'excel': choose from timelinejs-csv"),
        (["--from", "markwhen", "--map", "title=标题"], "--map names columns of a table"),
    ],
)
def test_bad_options_exit_2(args: list[str], message: str) -> None:
    assert message in refused(str(IMPORT / "chinese-headers.csv"), *args, code=2)


def test_a_table_without_a_date_column_says_how_to_name_one(tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("When,标题\n2022-05-04,开工\n", encoding="utf-8")
    line = refused(str(sheet))
    assert line.endswith(
        "x.csv:1: no date column: name one date (or 日期), or give --map date=COLUMN"
    )


# ---------------------------------------------------------------- markwhen


def test_markwhen_ranges_tags_groups_and_what_is_not_supported(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    notes = imported(str(IMPORT / "plan.mw"), "-o", str(out))
    timeline = checked(out)
    assert timeline.title == "青石市科技节筹备（示例）"
    events = by_title(timeline)
    team = events["成立筹备组"]
    assert (team.id, team.summary) == ("team-formed", "筹备组由五人组成。")
    assert team.tags == ("筹备期", "筹备", "组织")  # section name, its tag, the event's tag
    survey = events["场地踏勘"]
    assert (survey.date.isoformat(), survey.end and survey.end.isoformat()) == (
        "2023-01-16",
        "2023-01-20",
    )
    theme = events["确定主题"]
    assert (theme.date.isoformat(), theme.precision) == ("2023-02-01", "month")
    setup = events["布展"]  # 2023-03 - 2023-04: the end month is inclusive
    assert (setup.precision, setup.end and setup.end.isoformat()) == ("month", "2023-04-30")
    assert setup.tags == ("展区", "展览", "施工")  # the group's name and tag
    assert events["展区招募开始"].time == "09:00"
    assert events["开幕式"].time == "10:00"
    assert events["全年科普进校园"].tags == ("活动",)  # after endGroup: no group tags
    name = str(IMPORT / "plan.mw")
    for line, what in [(3, "header 'description'"), (23, "seconds are not kept"),
                       (23, "time zone +08:00 is not kept"), (27, "date 'now' is not supported"),
                       (28, "date 'after !team-formed 3 days' is not supported"),
                       (29, "date '03/2023' is not supported"),
                       (30, "date '2023-06-01 every week for 4 weeks' is not supported")]:  # fmt: skip
        assert f"{name}:{line}: {what}" in notes
    assert len(timeline.events) == 7


def test_markwhen_text_outside_events_and_stray_ends_are_reported(tmp_path: Path) -> None:
    text = "title: 计划\n随便写的一行\n2022-03-20: 开始 #a\nendGroup\n2022-03-21/2022-03-19: 倒着\n"
    source = tmp_path / "x.mw"
    source.write_text(text[: text.index("2022-03-21")], encoding="utf-8")
    notes = imported(str(source), "-o", str(tmp_path / "x.yaml"))
    assert f"{source}:2: text outside any event is not imported: '随便写的一行'" in notes
    assert f"{source}:4: 'endGroup' closes nothing" in notes
    source.write_text(text, encoding="utf-8")
    assert refused(str(source)).endswith(
        f"{source}:5: the range ends (2022-03-19) before it starts (2022-03-21)"
    )


# ---------------------------------------------------------------- our own exports, back


@pytest.fixture(scope="module")
def beside_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the seed texts, as the shipped timeline's does: quotes are proved."""
    folder = tmp_path_factory.mktemp("roundtrip")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    return folder


def _export(fmt: str, folder: Path, name: str) -> Path:
    result = run_cli("list", "-F", fmt)
    assert result.returncode == 0, result.stderr
    path = folder / name
    path.write_text(result.stdout, encoding="utf-8")
    return path


SHIPPED = read_timeline(str(ROOT / "events.yaml"))[0]


def _when(e: Event) -> tuple[object, ...]:
    return (e.date, e.precision, e.time, e.end, e.date_kind, e.title)


def test_timelinejs_export_comes_back_with_the_same_events(beside_seeds: Path) -> None:
    exported = _export("timelinejs", beside_seeds, "tangshan.json")
    out = beside_seeds / "from-json.yaml"
    notes = imported(exported.name, "-o", out.name, cwd=beside_seeds)
    back = checked(out, cwd=beside_seeds)
    assert "kept in the summary as text" not in notes  # every quote proved against the seed
    assert back.title == SHIPPED.title
    mine = by_id(back)
    assert set(mine) == {e.id for e in SHIPPED.events}
    for event in SHIPPED.events:
        again = mine[event.id]
        assert _when(again) == _when(event), event.id
        assert again.summary == event.summary, event.id
        assert again.sources == event.sources, event.id
        assert [(f.text, f.value, f.label, f.approx, f.source) for f in again.figures] == [
            (f.text, f.value, f.label, f.approx, f.source) for f in event.figures
        ], event.id
        assert again.tags == event.tags, event.id  # the group, and every tag as data


def test_timelinejs_export_comes_back_with_every_tag(beside_seeds: Path) -> None:
    exported = _export("timelinejs", beside_seeds, "tags.json")
    out = beside_seeds / "tags.yaml"
    imported(exported.name, "-o", out.name, cwd=beside_seeds)
    mine = by_id(checked(out, cwd=beside_seeds))
    assert all(mine[e.id].tags == e.tags for e in SHIPPED.events)


def test_csv_export_comes_back_with_the_same_events(beside_seeds: Path) -> None:
    exported = _export("csv", beside_seeds, "tangshan.csv")
    out = beside_seeds / "from-csv.yaml"
    notes = imported(exported.name, "-o", out.name, cwd=beside_seeds)
    back = by_id(checked(out, cwd=beside_seeds))
    assert set(back) == {e.id for e in SHIPPED.events}
    for event in SHIPPED.events:
        again = back[event.id]
        assert _when(again) == _when(event), event.id
        same = ("summary", "tags", "people", "orgs", "places", "links")
        assert [getattr(again, f) for f in same] == [getattr(event, f) for f in same], event.id
        assert again.sources == event.sources[:1], event.id  # a CSV row holds the first quote
    several = sum(len(e.sources) > 1 for e in SHIPPED.events)
    assert f"{several} events (this the first) cite more sources than an export holds" in notes
    assert "columns not imported" not in notes


def test_tsv_export_and_stdin_come_back_with_the_same_dates_and_titles(tmp_path: Path) -> None:
    tsv = run_cli("list", "-F", "tsv").stdout
    out = tmp_path / "from-tsv.yaml"
    notes = imported("-", "--from", "csv", "-o", str(out), stdin=tsv)
    back = by_id(checked(out))
    assert {i: (_when(e), e.tags) for i, e in back.items()} == {
        e.id: (_when(e), e.tags) for e in SHIPPED.events
    }
    assert "<stdin>" in notes


def test_dates_known_to_a_part_of_a_month_or_year_come_back(tmp_path: Path) -> None:
    source = tmp_path / "parts.yaml"
    source.write_text(
        "events:\n"
        "  - {id: mid-march, date: 2022-03 中旬, title: 三月中旬, tags: [a, b]}\n"
        "  - {id: year-end, date: 2022 年底, title: 年底}\n"
        "  - {id: april, date: 2022-04, title: 四月, end: 2022-05-31}\n"
        "  - {id: whole-year, date: 2021, title: 全年}\n"
        "  - {id: early-may, date: 2022-05 月初, title: 五月初, date_kind: as_of}\n",
        encoding="utf-8",
    )
    original = checked(source)
    for fmt in ("timelinejs", "csv"):
        exported = run_cli("--file", str(source), "list", "-F", fmt).stdout
        out = tmp_path / f"back-{fmt}.yaml"
        imported(
            "-",
            "--from",
            f"{fmt}-json" if fmt == "timelinejs" else fmt,
            "-o",
            str(out),
            stdin=exported,
        )
        back = by_id(checked(out))
        assert {e.id: _when(back[e.id]) for e in original.events} == {
            e.id: _when(e) for e in original.events
        }, fmt


# ---------------------------------------------------------------- hostile input


def test_markup_and_terminal_escapes_are_kept_literal_and_never_printed_raw(tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    title = "\x1b[31mred\x1b[0m [bold]x[/bold] <b>y</b> \u202eevil"
    sheet.write_text(f'date,title\n2022-03-20,"{title}"\n', encoding="utf-8")
    out = tmp_path / "x.yaml"
    imported(str(sheet), "-o", str(out))
    (event,) = checked(out).events
    assert event.title == title  # a table is plain text: kept as written
    listed = run_cli("--file", str(out), "list", "-F", "tsv").stdout
    assert "\x1b" not in listed
    assert "\u202e" not in listed
    assert "[bold]x[/bold] <b>y</b>" in listed


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("x.json", json.dumps({"events": [{"start_date": {"year": 2022, "month": 3, "day": 20},
                                           "text": {"headline": "\x1b]0;pwned\x07a &lt;i&gt; [red]b[/red]"}}]}),
         "\x1b]0;pwned\x07a <i> [red]b[/red]"),
        ("x.mw", "2022-03-20: \x1b[2J<script>x</script> [red]b[/red]\n",
         "\x1b[2J<script>x</script> [red]b[/red]"),
    ],
    ids=["json", "markwhen"],
)  # fmt: skip
def test_escapes_and_markup_from_json_and_markwhen_stay_literal(
    tmp_path: Path, name: str, text: str, title: str
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "x.yaml"
    imported(str(source), "-o", str(out))
    (event,) = checked(out).events
    assert event.title == title
    shown = run_cli("--file", str(out), "show", event.id).stdout
    assert "\x1b" not in shown
    assert "\x07" not in shown


def test_quotes_whose_file_is_not_beside_the_output_stay_as_text_and_are_said(
    tmp_path: Path,
) -> None:
    exported = run_cli("list", "-F", "csv").stdout
    out = tmp_path / "elsewhere.yaml"  # no seeds/ here: check could not prove the quotes
    notes = imported("-", "--from", "csv", "-o", str(out), stdin=exported)
    back = by_id(checked(out))
    quoted = sum(bool(e.sources) for e in SHIPPED.events)
    assert f"<stdin>: {quoted} quotes kept in the summary as text" in notes
    for event in SHIPPED.events:
        again = back[event.id]
        assert (again.sources, again.figures) == ((), ())
        if event.sources:
            assert again.summary.startswith(event.summary)
            assert f"—— {event.sources[0].file}" in again.summary


def test_a_text_over_the_schema_limit_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text(
        "date,title\n2022-03-20,ok\n2022-03-21," + "长" * 100_001 + "\n", encoding="utf-8"
    )
    out = tmp_path / "x.yaml"
    out.write_text("before\n", encoding="utf-8")
    line = refused(str(sheet), "-o", str(out))
    assert line.endswith("x.csv:3: title is 100,001 characters; 100,000 at most")
    assert out.read_text(encoding="utf-8") == "before\n"  # untouched: -o is atomic
    assert {p.name for p in tmp_path.iterdir()} == {"x.csv", "x.yaml"}  # no temporary left


def test_a_csv_field_over_the_field_limit_is_an_error_on_its_line(tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text(
        'date,title\n2022-03-20,ok\n2022-03-21,"' + "x" * 900_000 + '"\n', encoding="utf-8"
    )
    assert refused(str(sheet)).endswith(
        "x.csv:3: cannot read CSV: a field is longer than 800,000 characters"
    )


def test_broken_csv_quoting_is_an_error_on_its_line(tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text('date,title\n2022-03-20,"ok"x\n', encoding="utf-8")
    assert "x.csv:2: cannot read CSV:" in refused(str(sheet))


def test_a_file_over_the_input_limit_is_refused_as_a_timeline_is(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with open(big, "wb") as stream:
        stream.truncate((1 << 30) + 1)  # sparse: no disk used
    assert refused(str(big)).endswith(
        "big.csv: larger than 1,024 MiB; a timeline file is text of at most that size (is this the right file?)"
    )


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000, '{"events": [{"text": {"headline": ' + "[" * 200_000 + "]" * 200_000 + "}}]}"],
    ids=["top", "inside-an-event"],
)
def test_a_json_nesting_bomb_is_an_error_not_a_crash(tmp_path: Path, text: str) -> None:
    bomb = tmp_path / "bomb.json"
    bomb.write_text(text, encoding="utf-8")
    line = refused(str(bomb), "--from", "timelinejs-json")
    assert line.endswith("bomb.json: invalid JSON: nested too deeply")


def test_deeply_nested_html_is_read_without_recursion(tmp_path: Path) -> None:
    slides = {"events": [{"start_date": {"year": 2022, "month": 3, "day": 20},
                          "text": {"headline": "深", "text": "<div>" * 100_000 + "底" + "</div>" * 100_000}}]}  # fmt: skip
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(slides), encoding="utf-8")
    out = tmp_path / "deep.yaml"
    imported(str(path), "-o", str(out))
    assert checked(out).events[0].summary == "底"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "x.json",
            '{"events": [\n  {"start_date": {"year": 2022}\n  "x": 1}]}',
            "x.json:3: invalid JSON: Expecting ',' delimiter (column 3)",
        ),
        (
            "x.json",
            '{"events": [\n {"start_date": {"year": 2022, "month": 2, "day": 30}, "text": {"headline": "x"}}]}',
            "x.json:2: events[0]: start date 2022-2-30 is not a real date",
        ),
        (
            "x.json",
            '{"events": [{"text": {"headline": "x"}}]}',
            "x.json:1: events[0]: start date has no year",
        ),
        ("x.json", "[1, 2]", "x.json:1: not TimelineJS JSON"),
        ("x.csv", "Year,Month,Day,Headline\n2022,13,1,x\n", "x.csv:2: start month 13 is not 1-12"),
        ("x.csv", "date,title\n2022-02-30,x\n", "x.csv:2: date '2022-02-30' is not a real date"),
        (
            "x.csv",
            "date,time,title\n2022-03-20,25:00,x\n",
            "x.csv:2: '25:00' is not a real time of day",
        ),
        ("x.csv", "date,title\n3月20日,x\n", "x.csv:2: date"),
        ("x.mw", "2022-02-30: 不存在的日子\n", "x.mw:1: date '2022-02-30' is not a real date"),
        ("x.mw", "---\ntitle: 没有结束\n", "x.mw:1: the header's '---' is never closed"),
        ("x.csv", "date,title\n", "x.csv: no events found (read as csv)"),
        (
            "x.csv",
            "date,title\n2022-03-20,x\u0000\n",
            "x.csv:2:13: control character U+0000 is not allowed",
        ),
    ],
)
def test_bad_input_is_one_line_naming_file_and_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.yaml"
    line = refused(str(path), "-o", str(out))
    assert message in line
    assert str(path) in line
    assert not out.exists()  # nothing written


def test_utf16_input_is_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("date,title\n2022-03-20,x\n".encode("utf-16"))
    assert "the file is UTF-16" in refused(str(path))


def test_the_input_is_never_the_output(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("date,title\n2022-03-20,x\n", encoding="utf-8")
    assert "is the file being imported" in refused(str(path), "-o", str(path), code=2)
    assert path.read_text(encoding="utf-8") == "date,title\n2022-03-20,x\n"


def test_an_undetectable_format_asks_for_from(tmp_path: Path) -> None:
    path = tmp_path / "notes"
    path.write_text("just some words\n", encoding="utf-8")
    assert "cannot tell the format of" in refused(str(path), code=2)


def test_quiet_says_nothing_but_errors(tmp_path: Path) -> None:
    result = run_cli("import", str(IMPORT / "plan.mw"), "--quiet", "-o", os.devnull)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_readme_example_is_real_output(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Import\n") :]
    block = section[section.index("```\n") + 4 : section.index("\n```", section.index("```\n") + 4)]
    first, second = block.split("\n$ ")
    command, *shown = first.splitlines()
    assert command == "$ timeline import tests/data/import/plan.mw -o plan.yaml"
    (tmp_path / "tests" / "data" / "import").mkdir(parents=True)
    shutil.copy(IMPORT / "plan.mw", tmp_path / "tests" / "data" / "import" / "plan.mw")
    result = run_cli("import", "tests/data/import/plan.mw", "-o", "plan.yaml", cwd=tmp_path)
    assert (result.stderr + result.stdout).splitlines() == shown
    command, *shown = second.splitlines()
    assert command == "timeline --file plan.yaml list | cut -f1-5"
    listed = run_cli("--file", "plan.yaml", "list", cwd=tmp_path).stdout.splitlines()
    assert ["\t".join(line.split("\t")[:5]) for line in listed] == shown
