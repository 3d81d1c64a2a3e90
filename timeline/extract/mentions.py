"""The Mention record, the ``extract()`` entry point, and how a mention reads to people.

Dates are found first, then clock times, durations and figures in what is left, so that
no character belongs to two mentions (2时30分 is never also a figure).

>>> [(m.text, m.date) for m in extract("3月19日,出现病例。20日凌晨2时30分,发布通知。",
...                                     dt.date(2022, 3, 31)) if m.kind == "date"]
[('3月19日', '2022-03-19'), ('20日凌晨2时30分', '2022-03-20')]
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from timeline.errors import NumberError
from timeline.extract.clock import find_durations, find_times
from timeline.extract.dateline import find_dateline
from timeline.extract.dates import find_dates
from timeline.extract.events import is_notice
from timeline.extract.figures import find_figures
from timeline.extract.layout import Layout
from timeline.extract.script import republic_years, simplified
from timeline.text.numbers import parse_figure

__all__ = ["Mention", "extract", "json_number", "mention_reading", "mention_record"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One date, time, duration or figure as written at ``text[offset:offset+len(text)]``."""

    kind: str
    text: str
    offset: int
    sentence: str
    date: str | None = None
    time: str | None = None
    qualifier: str | None = None
    resolution: str | None = None
    recurring: bool = False
    value: Decimal | int | None = None
    unit: str = ""
    approx: bool = False
    label: str = ""
    end: str | None = None
    end_time: str | None = None
    planned: bool = False
    high: Decimal | None = None
    #: How precisely a date is known (timeline.model.PRECISIONS): day, month, year, or a
    #: part of a month or year (3月中旬: date 2022-03, precision 中旬).
    precision: str | None = None

    @property
    def date_text(self) -> str:
        """The date as a timeline file writes it: 2022-03-20, 2022-03, 2022-03 中旬, 2023 年底."""
        part = self.precision not in (None, "day", "month", "year")
        return (self.date or "") + (f" {self.precision}" if part else "")


def extract(
    text: str, reference: dt.date | None = None, *, name: str = "the text"
) -> list[Mention]:
    """Every date, clock time, duration and counted figure in ``text``, sorted by offset.

    ``reference`` (the publication date) completes missing years; without it the dateline
    is used. UsageError is raised only when a date actually needs a year nobody gave.
    """
    read = simplified(text)  # the finders know simplified characters; offsets stay put
    layout = Layout(read)
    original, taken = layout if read == text else Layout(text), bytearray(len(text))
    found: list[Mention] = []
    dateline = find_dateline(read, reference, simplified_already=True)
    ref = reference or dateline.date or dateline.inferred
    notice = is_notice(read, dateline.foot)
    dates = find_dates(read, layout, ref, name, minguo=republic_years(text, read), notice=notice)
    finders = (dates, find_times(read, layout))
    for kind, start, end, fields in itertools.chain(
        *finders, find_durations(read), find_figures(read)
    ):
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        if start == dateline.start and kind == "date" and not fields.get("qualifier"):
            fields["qualifier"] = "report"  # the day the report was filed
        if kind == "figure" and read[start:end] != text[start:end]:
            fields = _as_written(text[start:end], fields)
        elif kind == "duration" and read[start:end] != text[start:end]:
            at = read.find(fields["unit"], start, end)  # 小時 stays 小時, as in the text
            fields = {**fields, "unit": text[at : at + len(fields["unit"])]}
        sentence = original.sentence(start)[1]
        found.append(Mention(kind, text[start:end], start, sentence, **fields))
    return sorted(found, key=lambda mention: mention.offset)


def _as_written(written: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A figure in traditional characters, read again as written (its unit as written,
    so that ``check`` reads the same value and unit from the quote)."""
    try:
        q = parse_figure(written)
    except NumberError:
        return fields
    if (q.value, q.high, q.approx) != (fields["value"], fields["high"], fields["approx"]):
        return fields
    return {**fields, "unit": q.unit}


def mention_reading(m: Mention, grouping: bool = True) -> tuple[str, list[str]]:
    """How a mention reads: its normalised value (thousands grouped for people) and notes.

    >>> mention_reading(Mention("date", "截至3月29日", 0, "", date="2022-03-29", qualifier="as_of"))
    ('2022-03-29', ['as_of'])
    >>> mention_reading(Mention("figure", "10034名", 0, "", value=10034, unit="名"))
    ('10,034 名', [])
    >>> mention_reading(Mention("figure", "数万", 0, "", approx=True, label="粉丝"))
    ('', ['approx', '粉丝'])
    """
    if m.kind == "date":
        value = _when(m.date_text, m.time)
        if m.end or m.end_time:
            value += ".." + _when(m.end or m.date, m.end_time)
        notes = (m.qualifier, m.resolution, "planned" if m.planned else None)
        return value, [x for x in notes if x]
    if m.kind == "time":
        value = (m.time or "") + (f"..{m.end_time}" if m.end_time else "")
        return value, ["recurring"] if m.recurring else []
    value = ""
    if m.value is not None:  # 数万 has none: approximate, no number to show
        number = _grouped(m.value, grouping)
        if m.high is not None:
            number += "-" + _grouped(m.high, grouping)
        value = f"{number} {m.unit}".strip()
    return value, [x for x in ("approx" if m.approx else "", m.label) if x]


def _when(date: str | None, time: str | None) -> str:
    return (date or "") + (f" {time}" if time else "")


def _grouped(value: Decimal | int, grouping: bool) -> str:
    return f"{value:,}" if grouping else str(value)


def json_number(value: Decimal | int | None) -> int | float | str | None:
    """A JSON value for an exact number: an int when whole, a float only when it prints
    the same digits (48.6), else the exact digits as text; never a rounded float.

    >>> json_number(Decimal("59000")), json_number(Decimal("48.6")), json_number(None)
    (59000, 48.6, None)
    """
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)


def mention_record(m: Mention) -> dict[str, object]:
    """A JSON-ready dict holding only the fields that mean something for its kind."""
    record: dict[str, object] = {"kind": m.kind, "text": m.text, "offset": m.offset}
    if m.kind == "date":
        record.update(date=m.date, time=m.time, qualifier=m.qualifier, resolution=m.resolution)
        record.update(end=m.end, end_time=m.end_time, planned=m.planned, precision=m.precision)
    elif m.kind == "time":
        record.update(time=m.time, recurring=m.recurring, end_time=m.end_time)
    else:
        record.update(value=json_number(m.value), unit=m.unit, approx=m.approx)
        if m.kind == "figure":
            record.update(label=m.label, high=json_number(m.high))
    record["sentence"] = m.sentence
    return record
