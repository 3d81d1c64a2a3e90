"""The one schema both ways: whatever the writer writes, the loader reads back equal.

Timelines are generated (hostile text included: YAML syntax, numbers and booleans as
text, clock-like and date-like strings, CJK, quotes, newlines), written by
timeline.source.write and loaded by the full loader and by the streaming reader
the cache builds with; every field must come back the same.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.model import (
    DATE_KINDS,
    PRECISIONS,
    Event,
    Figure,
    SeedSource,
    Source,
    Timeline,
    precision_start,
)
from timeline.source.load import parse_timeline
from timeline.source.schema import EVENT_FIELDS, event_fields
from timeline.source.stream import StreamReader
from timeline.source.write import dump_events, dump_timeline
from timeline.store.open import load

TRICKY = ["yes", "no", "null", "~", "1.5", "0x10", "07:30", "11:45", "2022-03-20", "- a", "a: b",
          "#x", "'q'", '"q"', "[1]", "{a: 1}", "*alias", "&anchor", "!tag", "%", "@", "`"]  # fmt: skip
# Text the loader accepts: printable, or a newline/tab inside (YAML refuses raw controls).
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(
        st.characters(
            codec="utf-8",
            exclude_categories=("Cc", "Cs", "Zl", "Zp"),
            exclude_characters="\ufeff\x85",
        )
        | st.sampled_from("\n\t社区志愿者，。（）"),
        max_size=30,
    ),
)
NAME = TEXT.filter(lambda t: t.strip() != "")
#: Exact fractional values (48.6, 0.001, 1234567.891): never a float on the way.
EXACT = st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False).filter(
    lambda d: d != d.to_integral_value()
)
DAYS = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 30))


@st.composite
def figure_records(draw: st.DrawFn) -> Figure:
    value = draw(st.none() | st.integers(-(10**18), 10**18) | EXACT)  # in Decimal's precision
    high = None if value is None else draw(st.none() | EXACT.map(lambda d: abs(d) + value))
    return Figure(
        text=draw(NAME),
        value=value,
        unit=draw(TEXT),
        label=draw(TEXT),
        approx=draw(st.booleans()),
        high=high,
    )


@st.composite
def events(draw: st.DrawFn, ident: str) -> Event:
    precision = draw(st.sampled_from(PRECISIONS))
    date = draw(DAYS)
    if precision != "day":  # the first day of the span the precision names in that year
        date = precision_start(date.year, date.month, precision)
    end = draw(st.none() | st.dates(date, dt.date(9999, 12, 31)))
    figures = draw(st.lists(figure_records(), max_size=3))
    clock = st.times().map(lambda t: t.strftime("%H:%M"))
    return Event(
        id=ident,
        date=date,
        title=draw(NAME),
        time=draw(st.none() | clock) if precision == "day" else None,
        precision=precision,
        links=tuple(draw(st.lists(TEXT, max_size=2))),
        end=end,
        summary=draw(TEXT),
        tags=tuple(draw(st.lists(TEXT, max_size=3))),
        people=tuple(draw(st.lists(TEXT, max_size=2))),
        orgs=tuple(draw(st.lists(TEXT, max_size=2))),
        places=tuple(draw(st.lists(TEXT, max_size=2))),
        figures=tuple(figures),
        sources=tuple(draw(st.lists(st.builds(Source, file=NAME, quote=NAME), max_size=3))),
        date_kind=draw(st.sampled_from(DATE_KINDS)),
        date_note=draw(TEXT),
    )


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    ids = draw(st.lists(NAME, max_size=6, unique=True))
    seeds = st.builds(
        SeedSource,
        file=NAME,
        title=TEXT,
        publisher=TEXT,
        dateline=st.none() | DAYS,
        articles=st.lists(TEXT, max_size=2).map(tuple),
    )
    return Timeline(
        path="generated.yaml",
        events=tuple(draw(events(i)) for i in ids),
        title=draw(TEXT),
        timezone=draw(st.sampled_from(["Asia/Shanghai", "Europe/Paris", "UTC"])),
        reference=draw(st.none() | DAYS),
        sources=tuple(draw(st.lists(seeds, max_size=2))),
    )


def normal(timeline: Timeline) -> Timeline:
    """What a file can say: ids as text, lines unknown, path and folder the reader's."""
    return Timeline(
        "generated.yaml",
        tuple(e for e in timeline.events),
        timeline.title,
        timeline.timezone,
        timeline.reference,
        timeline.sources,
        "",
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_written_timelines_load_back_equal(timeline: Timeline) -> None:
    text = dump_timeline(timeline)
    back, problems = parse_timeline(text, "generated.yaml")
    assert problems == []
    assert normal(back) == normal(timeline)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_the_streaming_reader_reads_what_the_writer_wrote(timeline: Timeline) -> None:
    reader = StreamReader(dump_timeline(timeline), "generated.yaml")
    assert tuple(reader.events()) == timeline.events
    header = reader.header()
    assert (header.title, header.timezone, header.reference, header.sources) == (
        timeline.title,
        timeline.timezone,
        timeline.reference,
        timeline.sources,
    )


def test_the_shipped_timeline_survives_a_round_trip(tmp_path: Path) -> None:
    shipped = load(None)
    copy = tmp_path / "events.yaml"
    copy.write_text(dump_timeline(shipped), encoding="utf-8")
    again = load(copy)
    assert again.events == shipped.events
    assert (again.title, again.reference, again.sources) == (
        shipped.title,
        shipped.reference,
        shipped.sources,
    )


def test_fields_are_written_in_schema_order_and_defaults_left_out() -> None:
    event = Event(id="a", date=dt.date(2022, 3, 20), title="t", time="02:30", tags=("x",))
    fields = event_fields(event)
    assert list(fields) == ["id", "date", "time", "title", "tags"]
    assert list(fields) == [f for f in EVENT_FIELDS if f in fields]
    assert dump_events([event]) == (
        '- id: a\n  date: 2022-03-20\n  time: "02:30"\n  title: t\n  tags:\n  - x\n'
    )


@pytest.mark.parametrize("text", TRICKY)
def test_text_that_looks_like_other_yaml_stays_text(text: str) -> None:
    event = Event(id=text, date=dt.date(2022, 3, 20), title=text, summary=text, tags=(text,))
    back, problems = parse_timeline(dump_events([event]), "t.yaml")
    assert problems == []
    assert back.events == (event,)


def test_decimal_figures_stay_exact_in_every_layer(tmp_path: Path) -> None:
    from decimal import Decimal

    from helpers import run_cli

    path = tmp_path / "t.yaml"
    path.write_text(
        "events:\n  - id: rain\n    date: 2023-07-31\n    title: 降雨\n    figures:\n"
        "      - {text: 最大降雨量312.7毫米, value: 312.7, unit: 毫米}\n"
        "      - {text: 3至5人, value: 3, high: 5, unit: 人}\n",
        encoding="utf-8",
    )
    (figure, span) = load(path).events[0].figures
    assert figure.value == Decimal("312.7")
    assert isinstance(figure.value, Decimal)
    assert (span.value, span.high) == (3, 5)
    cached = run_cli("--file", str(path), "list", "-F", "json").stdout  # builds the cache
    again = run_cli("--file", str(path), "list", "-F", "json").stdout  # answered from it
    assert cached == again
    assert '"value": 312.7,' in again
    assert '"high": 5' in again
    assert "value: 312.7" in dump_timeline(load(path))
