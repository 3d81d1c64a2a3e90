"""The shipped events.yaml: every claim it makes can be traced, verbatim, to its seed.

These tests read the YAML with PyYAML's C safe loader directly (not timeline.load), so they
check the data file itself: quotes are exact substrings of the seed, figures agree with
timeline.text.numbers.parse_figure, dates sit in March 2022, and the events users look for exist.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EVENTS_FILE = ROOT / "events.yaml"
SEED_FILE = "seeds/hebei-daily-2022-03-31-tangshan.txt"

if importlib.util.find_spec("timeline") is None:  # a bare checkout, package not installed
    sys.path.insert(0, str(ROOT))

from timeline.text.numbers import parse_figure  # noqa: E402

DATA: dict[str, Any] = yaml.load(EVENTS_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
HEADER: dict[str, Any] = DATA["timeline"]
EVENTS: list[dict[str, Any]] = DATA["events"]
BY_ID: dict[str, dict[str, Any]] = {e["id"]: e for e in EVENTS}
SEEDS: dict[str, str] = {
    s["file"]: (EVENTS_FILE.parent / s["file"]).read_text(encoding="utf-8")
    for s in HEADER["sources"]
}
SEED = SEEDS[SEED_FILE]
DATELINE = dt.date(2022, 3, 31)

FIGURES = [(e["id"], f) for e in EVENTS for f in e.get("figures") or []]

FIGURE_TEXTS = {f["text"] for _, f in FIGURES}


def sources_of(event: dict[str, Any]) -> list[dict[str, Any]]:
    """An event's sources: its `sources:` list, or its single `source:`."""
    return event.get("sources") or [event["source"]]


#: Every number the articles report as a tally (ages, durations, clock times are not tallies).
HEADLINE_TALLIES = {
    "5.9万名", "数万名", "5390个", "630个", "1528个", "6074个", "10034名", "18家", "680名",
    "6家", "450名", "超千人", "24支", "7支", "350人", "3718个", "2386个", "566件", "4家",
    "183个", "1.4万个", "1800多个", "70%以上", "600余名", "100名", "200余支", "30余名",
    "十余家", "16.9万余名", "1.5万余名", "10万名", "2例", "32栋", "3048户", "6518名", "9名",
    "52名", "150多名", "6个", "5例", "1万多亩",
}  # fmt: skip

#: Ids users and docs rely on; renaming one is a breaking change.
STABLE_IDS = {
    "national-teleconference-2022-03-12",
    "org-dept-wartime-mobilisation-notice-2022-03-12",
    "first-local-confirmed-cases-2022-03-19",
    "new-confirmed-cases-announced-2022-03-19",
    "org-dept-reserve-teams-formed-2022-03-19",
    "org-dept-urgent-notice-2022-03-20",
    "cadres-deployed-to-villages-communities-2022-03-20",
    "civilization-office-volunteer-notice-2022-03-20",
    "support-teams-dispatched-2022-03-20",
    "temporary-party-branches-2022-03-29",
    "zhang-fang-twelve-days-frontline-2022-03-31",
}


def event_ids() -> list[str]:
    return [e["id"] for e in EVENTS]


def test_header_describes_the_seed() -> None:
    assert HEADER["timezone"] == "Asia/Shanghai"
    assert HEADER["reference"] == DATELINE
    (source,) = HEADER["sources"]
    assert source["file"] == SEED_FILE
    assert source["publisher"] == "河北日报"
    assert source["dateline"] == DATELINE
    assert len(source["articles"]) == 6
    for headline in source["articles"]:
        assert headline in SEED


def test_ids_are_unique_stable_slugs_carrying_the_date() -> None:
    ids = event_ids()
    assert len(ids) == len(set(ids))
    for event in EVENTS:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", event["id"]), event["id"]
        assert event["id"].endswith(str(event["date"])), event["id"]
    assert set(ids) >= STABLE_IDS


@pytest.mark.parametrize("event", EVENTS, ids=event_ids())
def test_quote_is_verbatim_in_its_seed(event: dict[str, Any]) -> None:
    assert ("source" in event) != ("sources" in event)
    for source in sources_of(event):
        assert source["file"] in SEEDS
        assert isinstance(source["quote"], str)
        assert source["quote"]
        assert source["quote"] in SEEDS[source["file"]]


@pytest.mark.parametrize("event", EVENTS, ids=event_ids())
def test_dates_are_real_days_in_march_2022(event: dict[str, Any]) -> None:
    date, _ = start_of(event["date"])
    assert (date.year, date.month) == (2022, 3)
    if "end" in event:
        assert type(event["end"]) is dt.date
        assert date <= event["end"] <= DATELINE
    assert event.get("date_kind", "event") in {"event", "as_of", "since", "report"}
    assert event["date_note"], "every date in this seed needs its year explained"
    assert event["title"]
    assert event["summary"]


@pytest.mark.parametrize("event", [e for e in EVENTS if "time" in e], ids=lambda e: e["id"])
def test_times_are_quoted_clock_times_stated_in_the_quote(event: dict[str, Any]) -> None:
    time = event["time"]
    assert isinstance(time, str), "an unquoted 02:30 would load as a sexagesimal int"
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", time)
    assert match
    hour, minute = int(match[1]), int(match[2])
    assert f"{hour}时{minute}分" in sources_of(event)[0]["quote"]


#: The first day of each part of a month (README: "Dates known only to a part of a month").
PART_STARTS = {"上旬": 1, "月初": 1, "中旬": 11, "月中": 11, "下旬": 21, "月底": 21}


def start_of(value: Any) -> tuple[dt.date, bool]:
    """An event's first possible day, and whether it is dated only to a span: a day as
    PyYAML reads it, or a month (2022-03) or a part of one (2022-03 中旬) as text."""
    if type(value) is dt.date:
        return value, False
    match = re.fullmatch(r"(\d{4})-(\d{2})(?: (上旬|中旬|下旬|月初|月中|月底))?", value)
    assert match, f"not a day, a month or a part of a month: {value!r}"
    day = PART_STARTS[match[3]] if match[3] else 1
    return dt.date(int(match[1]), int(match[2]), day), True


def test_events_are_in_chronological_order() -> None:
    """As Event.sort_key: a span (是月) after the day's own events of its first day."""
    keys = [(*start_of(e["date"]), e.get("time") or "", e["id"]) for e in EVENTS]
    assert keys == sorted(keys)


@pytest.mark.parametrize(("event_id", "figure"), FIGURES, ids=[f["text"] for _, f in FIGURES])
def test_figure_matches_its_quote_and_parse_figure(event_id: str, figure: dict[str, Any]) -> None:
    assert figure["text"] in sources_of(BY_ID[event_id])[figure.get("source", 1) - 1]["quote"]
    parsed = parse_figure(figure["text"])
    assert figure.get("value") == parsed.value
    assert figure["approx"] is parsed.approx
    assert figure.get("unit", "") == parsed.unit
    assert figure["label"]


def test_headline_tallies_are_all_recorded() -> None:
    missing = HEADLINE_TALLIES - FIGURE_TEXTS
    assert not missing, missing


def test_ten_thousands_are_read_correctly() -> None:
    by_text = {f["text"]: f for _, f in FIGURES}
    assert (by_text["5.9万名"]["value"], by_text["5.9万名"]["approx"]) == (59000, False)
    assert (by_text["16.9万余名"]["value"], by_text["16.9万余名"]["approx"]) == (169000, True)
    assert by_text["1.4万个"]["value"] == 14000
    assert by_text["数万名"].get("value") is None
    assert by_text["数万名"]["approx"] is True


def test_names_are_named_in_the_seed() -> None:
    for event in EVENTS:
        for key in ("people", "orgs", "places"):
            for name in event.get(key) or []:
                assert name in SEED, f"{event['id']}: {key} {name!r}"


def test_design_card_events() -> None:
    meeting = BY_ID["national-teleconference-2022-03-12"]
    assert meeting["date"] == dt.date(2022, 3, 12)
    assert "电视电话会议" in meeting["title"]

    first = BY_ID["first-local-confirmed-cases-2022-03-19"]
    assert first["date"] == dt.date(2022, 3, 19)
    assert "首次" in sources_of(first)[0]["quote"]

    notice = BY_ID["org-dept-urgent-notice-2022-03-20"]
    assert (notice["date"], notice["time"]) == (dt.date(2022, 3, 20), "02:30")
    assert "紧急通知" in sources_of(notice)[0]["quote"]

    branches = BY_ID["temporary-party-branches-2022-03-29"]
    assert (branches["date"], branches["date_kind"]) == (dt.date(2022, 3, 29), "as_of")
    assert {f["value"] for f in branches["figures"]} >= {1528, 6074}


def test_spans_and_open_spans() -> None:
    deployed = BY_ID["cadres-deployed-to-villages-communities-2022-03-20"]
    assert (deployed["date"], deployed["end"]) == (dt.date(2022, 3, 20), dt.date(2022, 3, 22))
    dispatched = BY_ID["support-teams-dispatched-2022-03-20"]
    assert dispatched["date_kind"] == "since"
    assert "end" not in dispatched


def test_same_day_events_are_not_merged() -> None:
    per_day: dict[dt.date, int] = {}
    for event in EVENTS:
        per_day[event["date"]] = per_day.get(event["date"], 0) + 1
    assert per_day[dt.date(2022, 3, 19)] >= 3
    assert per_day[dt.date(2022, 3, 20)] >= 4
    assert per_day[dt.date(2022, 3, 29)] >= 3


def test_report_dated_tallies_carry_date_kind_report() -> None:
    undated = {"5.9万名", "10034名", "3718个", "566件", "183个", "1800多个", "70%以上"}
    undated |= {"16.9万余名", "1.5万余名", "10万名", "600余名", "200余支"}
    for event_id, figure in FIGURES:
        if figure["text"] in undated:
            event = BY_ID[event_id]
            assert (event["date"], event.get("date_kind")) == (DATELINE, "report"), event_id
    for event in EVENTS:
        if event.get("date_kind") == "report":
            assert event["date"] == DATELINE
            assert "2022-03-31" in event["date_note"]
        elif event["date"] == DATELINE:  # dated 3月31日 only when the quote says so
            assert "3月31日" in sources_of(event)[0]["quote"], event["id"]


#: Facts the seed states in two places (a headline and its body, two articles): each event
#: cites both, the body first (its figures are read there).
STATED_TWICE = {
    "first-local-confirmed-cases-2022-03-19": "3月19日,唐山市出现新冠疫情病例,疫情防控形势严峻。",
    "inspection-groups-formed-2022-03-31": "市纪委监委组建183个疫情防控监督检查组",
    "kailuan-attendance-2022-03-31": "开滦集团生产供应秩序平稳有序 重点生产单位出勤率超70%",
    "online-approvals-2022-03-31": "市行政审批系统全面推行“不见面审批”模式",
    "party-cadres-sent-to-frontline-2022-03-31": "5.9万名党员干部下沉一线战疫",
    "volunteers-on-frontline-2022-03-31": "唐山16.9万余名志愿者投身疫情防控一线",
}


def test_a_fact_stated_twice_cites_both_places() -> None:
    for event_id, second in STATED_TWICE.items():
        first, other = sources_of(BY_ID[event_id])
        assert other == {"file": SEED_FILE, "quote": second}
        assert SEED.count(second) == 1
        assert SEED.find(first["quote"]) != SEED.find(second)
    headlines = set(HEADER["sources"][0]["articles"])
    assert {q for q in STATED_TWICE.values() if q in headlines} == {
        "市纪委监委组建183个疫情防控监督检查组",
        "开滦集团生产供应秩序平稳有序 重点生产单位出勤率超70%",
        "市行政审批系统全面推行“不见面审批”模式",
        "唐山16.9万余名志愿者投身疫情防控一线",
    }
