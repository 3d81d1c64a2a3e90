"""The document exports (ics, timelinejs, markdown), read back by their real clients.

Goldens live in tests/golden/; regenerate them with `UPDATE_GOLDEN=1 pytest tests/test_exports.py`
and read the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from typer.testing import CliRunner

from helpers import golden, invoke_at_80
from timeline.cli import app
from timeline.model import Event
from timeline.output.documents import display_date
from timeline.output.markdown import markdown_escape
from timeline.output.records import OutputContext
from timeline.output.registry import FORMATS
from timeline.store.open import load

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data" / "exports"
SAMPLE = DATA / "sample.yaml"
HOSTILE = DATA / "hostile.yaml"
SHANGHAI = ZoneInfo("Asia/Shanghai")
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def invoke(*args: str, file: Path = SAMPLE) -> str:
    return invoke_at_80(file, *args)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real entry point in a real process: exit codes and stderr as a user sees them."""
    env = {k: v for k, v in os.environ.items() if k not in ("TIMELINE_FILE", "NO_COLOR")}
    env["PYTHONPATH"] = str(TESTS.parent) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def calendar(text: str) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


# ---------------------------------------------------------------- registry


@pytest.mark.parametrize("name", ["ics", "timelinejs", "markdown"])
def test_exports_are_in_the_one_registry(name: str) -> None:
    assert name in FORMATS
    assert not FORMATS[name].uses_rich


def test_importing_formats_loads_neither_icalendar_nor_rich() -> None:
    code = "import sys, timeline.output.registry; print('icalendar' in sys.modules, 'rich' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=TESTS.parent
    )
    assert out.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------- ics


def test_ics_round_trips_through_icalendar() -> None:
    text = invoke("list", "-F", "ics")
    events = calendar(text)
    assert list(events) == [
        f"{e.id}@timeline" for e in sorted(load(SAMPLE).events, key=lambda e: e.sort_key)
    ]
    timed = events["urgent-notice@timeline"]
    start = timed["DTSTART"]
    assert start.params["TZID"] == "Asia/Shanghai"
    assert start.dt == dt.datetime(2022, 3, 20, 2, 30, tzinfo=SHANGHAI)
    assert (start.dt.hour, start.dt.minute) == (2, 30)  # 02:30 local stays 02:30
    assert start.dt.utcoffset() == dt.timedelta(hours=8)
    assert "DTEND" not in timed  # an instant: RFC 5545 3.6.1
    assert str(timed["SUMMARY"]) == "市委组织部凌晨发布紧急通知"
    assert timed.categories == ["组织部", "通知"]
    description = str(timed["DESCRIPTION"])
    assert "20日凌晨2时30分，唐山市委组织部发布紧急通知。" in description
    assert "下沉一线的党员干部 5.9万名" in description
    assert "下沉党员干部 数万名" in description
    assert "「20日凌晨2时30分,唐山市委组织部发布紧急通知」" in description
    assert "seeds/sample.txt" in description


def test_ics_all_day_and_spans_use_exclusive_date_ends() -> None:
    events = calendar(invoke("list", "-F", "ics"))
    day = events["first-cases@timeline"]
    assert type(day["DTSTART"].dt) is dt.date
    assert day["DTSTART"].params["VALUE"] == "DATE"
    assert day["DTSTART"].dt == dt.date(2022, 3, 19)
    assert day["DTEND"].dt == dt.date(2022, 3, 20)
    span = events["deployment@timeline"]
    assert type(span["DTSTART"].dt) is dt.date
    assert (span["DTSTART"].dt, span["DTEND"].dt) == (dt.date(2022, 3, 20), dt.date(2022, 3, 23))
    assert events["no-tags@timeline"].categories == []


def test_ics_has_the_vtimezone_and_is_reproducible() -> None:
    text = invoke("list", "-F", "ics")
    cal = icalendar.Calendar.from_ical(text)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert not cal.get_missing_tzids()
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "测试时间线（2022年3月）"
    for event in cal.walk("VEVENT"):
        start = event["DTSTART"].dt
        day = start if type(start) is dt.date else start.date()
        # DTSTAMP is derived from the event's date, never from the clock.
        assert event["DTSTAMP"].dt == dt.datetime.combine(day, dt.time(0), tzinfo=dt.timezone.utc)
    assert text == invoke("list", "-F", "ics")  # byte for byte


def test_ics_without_timed_events_needs_no_vtimezone() -> None:
    text = invoke("list", "-F", "ics", "--tag", "病例")
    cal = icalendar.Calendar.from_ical(text)
    assert list(calendar(text)) == ["first-cases@timeline"]
    assert cal.walk("VTIMEZONE") == []


def test_ics_timed_span_runs_to_midnight_after_its_end() -> None:
    event = Event("x", dt.date(2022, 3, 20), "t", time="20:00", end=dt.date(2022, 3, 21))
    out = io.StringIO()
    FORMATS["ics"].writer([event], out, OutputContext(load(SAMPLE)))
    parsed = calendar(out.getvalue())["x@timeline"]
    assert parsed["DTSTART"].dt == dt.datetime(2022, 3, 20, 20, 0, tzinfo=SHANGHAI)
    assert parsed["DTEND"].dt == dt.datetime(2022, 3, 22, 0, 0, tzinfo=SHANGHAI)


def test_ics_hostile_text_is_literal_and_control_free() -> None:
    text = invoke("list", "-F", "ics", file=HOSTILE)
    assert not RAW_CONTROL.search(text.replace("\r\n", "").replace("\t", ""))
    events = calendar(text)
    hostile = events["hostile@timeline"]
    assert str(hostile["SUMMARY"]) == "[bold red]not markup[/] [31mred[0m bell tab here newline"
    assert hostile.categories == ["[tag]", "a,b;c"]
    assert "quote[2Jclear\nsecond line" in str(hostile["DESCRIPTION"])
    assert len(events) == 2


def test_ics_with_an_unknown_timezone_is_a_data_error() -> None:
    result = CliRunner().invoke(
        app, ["--file", str(DATA / "bad-timezone.yaml"), "list", "-F", "ics"]
    )
    assert "Mars/Olympus_Mons" in str(result.exception)
    assert result.stdout == ""  # nothing half-written


# ---------------------------------------------------------------- TimelineJS


def test_timelinejs_has_every_required_field() -> None:
    doc = json.loads(invoke("list", "-F", "timelinejs"))
    assert doc["title"]["text"]["headline"] == "测试时间线（2022年3月）"
    assert doc["scale"] == "human"
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert list(slides) == [e["unique_id"] for e in doc["events"]]
    assert len(slides) == 6
    for slide in doc["events"]:
        assert isinstance(slide["start_date"]["year"], int)
        assert slide["text"]["headline"] or slide.get("media")
        assert set(slide["start_date"]) <= {"year", "month", "day", "hour", "minute"}
    timed = slides["urgent-notice"]
    assert timed["start_date"] == {"year": 2022, "month": 3, "day": 20, "hour": 2, "minute": 30}
    assert timed["display_date"] == "3月20日 凌晨2:30"
    assert timed["group"] == "组织部"
    assert "end_date" not in timed
    span = slides["deployment"]
    assert span["start_date"] == {"year": 2022, "month": 3, "day": 20}
    # TimelineJS ends a span at end_date 00:00, so the inclusive last day 03-22 runs to 03-23 00:00.
    assert span["end_date"] == {"year": 2022, "month": 3, "day": 23, "hour": 0, "minute": 0}
    assert span["display_date"] == "3月20日至3月22日"
    assert slides["afternoon-meeting"]["display_date"] == "3月22日 下午3:05"
    assert "group" not in slides["no-tags"]
    assert timed["text"]["text"] == (
        "<p>20日凌晨2时30分，唐山市委组织部发布紧急通知。</p>"
        "<ul><li>下沉一线的党员干部 5.9万名</li><li>下沉党员干部 数万名</li></ul>"
        "<blockquote>20日凌晨2时30分,唐山市委组织部发布紧急通知"
        "<cite>seeds/sample.txt</cite></blockquote>"
    )


def test_timelinejs_escapes_all_data_as_html() -> None:
    doc = json.loads(invoke("list", "-F", "timelinejs", file=HOSTILE))
    assert doc["title"]["text"]["headline"] == "Hostile [bold]header[/bold] # *x* &lt;b&gt;"
    hostile, title = doc["events"]
    assert "<script>" not in hostile["text"]["text"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile["text"]["text"]
    assert "&amp;amp;" in hostile["text"]["text"]
    assert title["text"]["headline"] == (
        "1. # **bold** &lt;img src=x onerror=alert(1)&gt; \\ ` [x]"
    )
    # TimelineJS decodes group once before inserting it as HTML: escaped twice stays literal.
    assert title["group"] == "&amp;lt;b&amp;gt;tag&amp;lt;/b&amp;gt;"
    assert not RAW_CONTROL.search(json.dumps(doc, ensure_ascii=False))


@pytest.mark.parametrize(
    ("time", "shown"),
    [
        ("00:10", "凌晨0:10"),
        ("05:59", "凌晨5:59"),
        ("06:00", "上午6:00"),
        ("11:45", "上午11:45"),
        ("12:00", "中午12:00"),
        ("12:30", "中午12:30"),
        ("13:00", "下午1:00"),
        ("17:59", "下午5:59"),
        ("18:00", "晚上6:00"),
        ("23:05", "晚上11:05"),
    ],
)
def test_display_date_periods(time: str, shown: str) -> None:
    assert display_date(Event("x", dt.date(2022, 3, 20), "t", time=time)) == f"3月20日 {shown}"


def test_display_date_names_years_when_a_span_crosses_one() -> None:
    event = Event("x", dt.date(2021, 12, 30), "t", end=dt.date(2022, 1, 2))
    assert display_date(event) == "2021年12月30日至2022年1月2日"


# ---------------------------------------------------------------- Markdown


def test_markdown_golden() -> None:
    golden("exports-markdown.md", invoke("list", "-F", "markdown"))


def test_markdown_hostile_golden() -> None:
    golden("exports-markdown-hostile.md", invoke("list", "-F", "markdown", file=HOSTILE))


def test_markdown_data_never_makes_structure() -> None:
    text = invoke("list", "-F", "markdown", file=HOSTILE)
    lines = text.splitlines()
    assert not RAW_CONTROL.search(text.replace("\n", ""))
    # Only our own headings, items and quotes start blocks.
    assert [x for x in lines if x.startswith("#")] == [
        "# Hostile \\[bold\\]header\\[/bold\\] \\# \\*x\\* \\<b\\>",
        "## 2022-03-20 周日",
        "## 2022-03-21 周一",
    ]
    assert [x[:2] for x in lines if x.startswith("- ")] == ["- ", "- "]
    assert "  > quote\\[2Jclear second line —— seeds/none.txt" in lines
    assert "  \\# not a heading - not a list \\> not a quote" in text
    assert "<" not in text.replace("\\<", "")
    assert "`" not in text.replace("\\`", "")
    assert "- 1\\. \\# \\*\\*bold\\*\\* \\<img src=x onerror=alert(1)\\> \\\\ \\` \\[x\\]" in lines


def test_markdown_parses_back_to_literal_text() -> None:
    """A real CommonMark parser (markdown-it-py, which rich depends on) sees only our structure."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    tokens = md.parse(invoke("list", "-F", "markdown", file=HOSTILE))
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    kinds = {t.type for t in flat}
    assert kinds <= {
        "heading_open", "heading_close", "bullet_list_open", "bullet_list_close",
        "list_item_open", "list_item_close", "paragraph_open", "paragraph_close",
        "blockquote_open", "blockquote_close", "inline", "text", "strong_open", "strong_close",
        "softbreak",
    }  # fmt: skip
    strong = [flat[i + 1].content for i, t in enumerate(flat) if t.type == "strong_open"]
    assert strong == ["02:30"]  # the only emphasis is our time stamp
    html = md.render(invoke("list", "-F", "markdown", file=HOSTILE))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; `code` *em* _u_ [l](http://x) &amp;amp;" in html
    assert "<li>1. # **bold** &lt;img src=x onerror=alert(1)&gt; \\ ` [x]</li>" in html


def test_markdown_filters_like_every_format() -> None:
    text = invoke("list", "-F", "markdown", "--from", "3月22日", "--tag", "会议")
    assert "- **15:05** 下午召开调度会" in text.splitlines()
    assert text.count("\n- ") == 1


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain 中文", "plain 中文"),
        ("a*b_c", "a\\*b\\_c"),
        ("# h", "\\# h"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("12) x", "12\\) x"),
        ("1.", "1\\."),
        ("16.9万余名", "16.9万余名"),
        ("---", "\\---"),
        ("<b>&amp;", "\\<b\\>\\&amp;"),
        ("a\nb\tc\x1b[31m", "a b c\\[31m"),
        ("`x` | y ~", "\\`x\\` \\| y \\~"),
        ("2022-03-20 a-b", "2022-03-20 a-b"),
    ],
)
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert markdown_escape(raw) == escaped


# ---------------------------------------------------------------- -o / --output


def test_output_extension_picks_ics(tmp_path: Path) -> None:
    out = tmp_path / "out.ics"
    assert invoke("list", "-o", str(out)) == ""
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")  # CRLF content lines, as RFC 5545 says
    assert len(calendar(raw.decode("utf-8"))) == 6


def test_output_extension_picks_markdown(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    invoke("on", "3月20日", "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith("# 测试时间线（2022年3月）\n")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--file", str(SAMPLE), "list", "--from", "2022-02-30", "-o", "existing.json"],
            2,
            "02-30",
        ),
        (["--file", str(DATA / "broken.yaml"), "list", "-o", "existing.json"], 1, "broken.yaml:4"),
        (["--file", str(DATA / "bad-timezone.yaml"), "list", "-o", "existing.ics"], 1, "Mars"),
        (["--file", str(SAMPLE), "search", "x", "-F", "nope", "-o", "existing.json"], 2, "nope"),
    ],
)
def test_existing_output_survives_a_failed_run(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    for name in ("existing.json", "existing.ics"):
        (tmp_path / name).write_text("precious\n", encoding="utf-8")
    result = run(*args, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith("timeline: error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for name in ("existing.json", "existing.ics"):
        assert (tmp_path / name).read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.ics", "existing.json"]
