"""Rules of issue #14's seventh round: a year from every reasonable source before refusing,
notices, the event a 当日 is about, counts of points, ranks (see bench/EXTRACT.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from helpers import run_cli
from timeline.errors import UsageError
from timeline.extract import Mention, extract, find_dateline

D = dt.date


def dates(text: str, ref: dt.date | None) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.date_text, m.qualifier) for m in extract(text, ref) if m.kind == "date"]


# --- a year for a text whose dateline gives none ----------------------------------------


def test_a_year_before_the_first_part_of_it_is_a_hint() -> None:
    text = "前三季度财政收支\n\n本报北京10月18日电（记者 周雯）2024年前三季度，收入增长。"
    assert find_dateline(text, None).date == D(2024, 10, 18)


def test_a_full_date_elsewhere_gives_the_year_nearest_it() -> None:
    text = "标题\n\n本报讯（记者 甲）1月2日，开会。\n\n据悉，2024年12月30日，签约。"
    assert find_dateline(text, None).date == D(2025, 1, 2)


def test_a_url_date_gives_the_year() -> None:
    text = "标题\n\n本报讯（记者 甲）3月14日，开会。\n原文：https://example.cn/2024-03/15/c_1.htm"
    assert find_dateline(text, None).date == D(2024, 3, 14)


def test_no_dateline_reads_against_a_url_date_or_the_latest_full_date() -> None:
    assert dates("网址 /20240315/ 。3月14日，开会。", None)[-1] == ("3月14日", "2024-03-14", None)
    text = "2024年3月5日，签约。3月4日，开会。"
    assert dates(text, None) == [
        ("2024年3月5日", "2024-03-05", None),
        ("3月4日", "2024-03-04", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "© 2024 江城网 版权所有\n3月14日，开会。",  # a copyright year is no source
        "标题\n\n本报讯（记者 甲）3月14日，开会。\n2020年3月以来，增长。",  # a bare past year
    ],
)
def test_no_source_refuses_saying_how_to_pass_a_reference(text: str) -> None:
    with pytest.raises(UsageError, match=r"timeline extract ARTICLE --reference 2022-03-31"):
        extract(text)


def test_a_stamp_line_with_an_update_after_it_is_a_dateline() -> None:
    text = "颱風逼近\n2024/10/30 12:05（10/30 13:40 更新）\n\n（中央社臺北30日電）今天停課。"
    assert find_dateline(text, None).date == D(2024, 10, 30)


def test_an_issuer_and_date_under_the_title_is_a_dateline() -> None:
    text = "高新区2024年工作大事记\n\n高新区管委会办公室　2025年1月10日\n\n2月，融资。是月，交付。"
    assert find_dateline(text, None).date == D(2025, 1, 10)
    assert dates(text, None)[-2:] == [("2月", "2024-02", None), ("是月", "2024-02", None)]


# --- notices and the event a 当日 is about ----------------------------------------------

NOTICE = "关于春季学期开学的通知\n\n各学校：\n2月17日开学，7月4日结束。1月5日已完成期末考试。\n\n教育局\n2025年1月6日\n"


def test_a_notice_s_days_after_its_date_are_the_coming_ones() -> None:
    assert dates(NOTICE, None)[:3] == [
        ("2月17日", "2025-02-17", None),
        ("7月4日", "2025-07-04", None),
        ("1月5日", "2025-01-05", None),
    ]


def test_a_report_keeps_the_one_rule() -> None:
    text = "开学\n\n本报讯（记者 甲）2025年1月6日，学校表示，2月17日开学。"
    assert dates(text, None)[-1] == ("2月17日", "2024-02-17", None)


def test_the_day_of_the_event_named_before_its_day() -> None:
    text = (
        "法院定于2024年12月9日公开开庭审理此案。案件于9月18日提起公诉。"
        "旁听人员须于12月6日前登记；庭审当日8时30分起安检。"
    )
    found = [m for m in extract(text, D(2024, 12, 2)) if m.text.startswith("当日")]
    assert [(m.date, m.time) for m in found] == [("2024-12-09", "08:30")]


# --- counts of points and ranks ---------------------------------------------------------


@pytest.mark.parametrize("text", ["会议提出3点要求。", "他谈了5点意见。", "提出4点建议。"])
def test_a_count_of_points_made_is_no_clock_time(text: str) -> None:
    assert [m for m in extract(text, D(2024, 1, 1)) if m.kind in ("time", "date")] == []


def test_a_clock_time_before_such_a_word_with_its_period_stays() -> None:
    found = extract("晚上8点要求全员到岗。", D(2024, 1, 1))
    assert [m.time for m in found if m.kind == "time"] == ["20:00"]


def test_a_rank_to_reach_is_no_count() -> None:
    found: list[Mention] = extract("前8名选手获奖，共有12名选手。", D(2024, 1, 1))
    assert [m.text for m in found if m.kind == "figure"] == ["12名"]


def test_the_cli_reads_a_text_without_any_year_against_the_files_date(tmp_path: Path) -> None:
    """No source in the text gives a year: the CLI reads it against the file's date, says so
    on stderr, and the timeline it writes (with that reference) passes check."""
    article = tmp_path / "noyear.txt"
    article.write_text("本报讯 3月5日，江城召开防汛会议。3月6日上午9时，转移群众1200人。\n")
    stamp = dt.datetime(2023, 6, 1, 12, 0).timestamp()
    os.utime(article, (stamp, stamp))
    result = run_cli("extract", str(article), "-F", "jsonl")
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["date"] for r in records if r["kind"] == "date"] == [
        "2023-03-05",
        "2023-03-06",
    ]
    assert "gives no year; its dates are read against the file's date, 2023-06-01" in (
        result.stderr
    )
    out = tmp_path / "new.yaml"
    assert run_cli("extract", str(article), "-o", str(out)).returncode == 0
    assert "reference: 2023-06-01" in out.read_text(encoding="utf-8")
    assert run_cli("--file", str(out), "check").returncode == 0
