"""jionlp's 20 extended absolute date forms, read by `extract` and `timeline on` alike,
and dates known only to a part of a month or year (3月中旬, 2023年底) as the schema has them.

The 20 forms and their spans come from jionlp's own test suite (dongrixinyu/JioNLP,
test/test_time_parser.py): its solar-calendar forms with no relative word and no clock
time beyond the plain 2015年8月12日 (two-digit and Chinese-numeral years, dotted months,
ranges inside one date, ranges of years). The list is kept once, as data, in
tests/data/jionlp_forms.yaml; bench/extract_score.py scores the same list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from helpers import run_cli
from timeline.extract import Mention, candidates_yaml, extract, mention_record
from timeline.model import precision_span
from timeline.text.dates import parse_span

#: jionlp's 20 forms and their spans, with where they come from: tests/data/jionlp_forms.yaml.
_FORMS = yaml.safe_load((Path(__file__).parent / "data" / "jionlp_forms.yaml").read_text("utf-8"))
#: jionlp's base day for these forms (its test's ``_ts_1``).
BASE: dt.date = _FORMS["reference"]
JIONLP_FORMS = [tuple(form) for form in _FORMS["forms"]]


def days_of(m: Mention) -> tuple[str, str]:
    """The first and last day a date mention names."""
    first_of = {4: "-01-01", 7: "-01", 10: ""}
    start = str(m.date) + first_of[len(str(m.date))]
    last = str(m.end or m.date)
    whole = {4: "year", 7: "month", 10: "day"}[len(last)]
    last_start = dt.date.fromisoformat(last + first_of[len(last)])
    return start, precision_span(last_start, whole)[1].isoformat()


@pytest.mark.parametrize(("form", "start", "end"), JIONLP_FORMS)
def test_jionlp_form_by_extract(form: str, start: str, end: str) -> None:
    dates = [m for m in extract(f"据悉，{form}，情况如下。", BASE) if m.kind == "date"]
    assert len(dates) == 1, [m.text for m in dates]
    assert days_of(dates[0]) == (start, end)


@pytest.mark.parametrize(("form", "start", "end"), JIONLP_FORMS)
def test_jionlp_form_by_on(form: str, start: str, end: str) -> None:
    span = parse_span(form, reference=BASE)
    assert (span.start.isoformat(), span.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "text", ["增长2018-19年度", "共2019.9万元", "收入2008—2009万元", "1985年出生的89名"]
)
def test_range_forms_open_no_door_to_figures(text: str) -> None:
    """A bare year is a date only as the start of a range of years."""
    assert not any(m.text.startswith(("2018", "2008", "2019")) and m.kind == "date"
                   for m in extract(text, BASE))  # fmt: skip


# --- parts of months and years ------------------------------------------------------------

PARTS = [
    ("6月上旬以来，晴好少雨。", "6月上旬以来", "2024-06 上旬", "since"),
    ("确保6月底前完成播种。", "6月底", "2024-06 月底", "before"),
    ("截至9月底，存款增加。", "截至9月底", "2023-09 月底", "as_of"),
    ("3月中旬，召开会议。", "3月中旬", "2024-03 中旬", None),
    ("3月末，召开会议。", "3月末", "2024-03 月底", None),
    ("5月初，召开会议。", "5月初", "2024-05 月初", None),
    ("2023年底，新线建成。", "2023年底", "2023 年底", None),
    ("今年年初以来，销量增长。", "今年年初以来", "2024 年初", "since"),
    ("去年年末，完成改造。", "去年年末", "2023 年底", None),
    # 中 and 初 that begin a word are no parts
    ("6月中国出口增长。", "6月", "2024-06", None),
    ("2024年初步核算，增长5%。", "2024年", "2024", None),
]


@pytest.mark.parametrize(("text", "written", "date", "qualifier"), PARTS)
def test_parts_of_months_and_years(
    text: str, written: str, date: str, qualifier: str | None
) -> None:
    dates = [m for m in extract(text, dt.date(2024, 6, 11)) if m.kind == "date"]
    assert [(m.text, m.date_text, m.qualifier) for m in dates] == [(written, date, qualifier)]
    assert mention_record(dates[0])["precision"] == (date.split(" ") + ["?"])[1].replace(
        "?", {4: "year", 7: "month", 10: "day"}[len(date)]
    )


def test_a_chronicle_month_is_month_precision() -> None:
    text = "某县2023年大事记\n5月，降雨。是月，启动重建。"
    found = [m for m in extract(text, dt.date(2024, 1, 8)) if m.kind == "date"]
    assert [(m.text, m.date, m.precision) for m in found][-1] == ("是月", "2023-05", "month")


def test_candidates_carry_the_part_and_check_accepts_them(tmp_path: Path) -> None:
    text = (
        "新华社郑州2024年6月11日电 6月上旬以来，全省晴好少雨。\n"
        "确保6月底前完成播种。2023年底，新线建成。\n"
        "3月中旬，全省开展检查，检查企业120家。\n"
    )
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    body = candidates_yaml(extract(text), "a.txt", dt.date(2024, 6, 11))
    events = yaml.safe_load(body)["events"]
    assert [e["date"] for e in events] == [
        dt.date(2024, 6, 11), "2024-06 月底", "2023 年底", "2024-03 中旬",
    ]  # fmt: skip
    (tmp_path / "new.yaml").write_text(body, encoding="utf-8")
    result = run_cli("--file", str(tmp_path / "new.yaml"), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
