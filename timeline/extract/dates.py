"""Dates in running text, resolved against the article: ranges, qualifiers, relative days.

A month-less ``20日`` takes its month from the previous full date of the same article,
never from a photo caption, never after the reference unless the sentence marks the
future (预计, 将于: such dates are flagged ``planned``). ``当天``/``次日`` count from the
date the text last named, ``今天``/``昨天``/``本月`` from the dateline. A range
(``7月10日20时至11日8时``, ``2019年4月12-19日``) is one mention with an ``end``; words
around a date qualify it: 截至 ``as_of``, 以来/至今 ``since`` (also apart, as in
自4月15日开幕以来), 起/开始 ``from``, 后 ``after``, 前 ``before``, 到/至 alone ``until``,
a range ``range``, and the dateline ``report``.
Years, holidays and year-less days follow :mod:`timeline.text.calendar_rules`.

>>> import datetime as dt
>>> from timeline.extract.layout import Layout
>>> text = "3月19日,出现病例。20日凌晨2时30分,发布通知。"
>>> [(text[a:b], f["date"], f["time"]) for _, a, b, f in
...  find_dates(text, Layout(text), dt.date(2022, 3, 31), "x")]
[('3月19日', '2022-03-19', None), ('20日凌晨2时30分', '2022-03-20', '02:30')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from timeline.errors import UsageError
from timeline.extract.clock import number, read_clock
from timeline.extract.layout import Found, Layout
from timeline.extract.patterns import (
    CLOCK,
    DATE,
    DAY_END,
    PLANNED,
    RANGE_SEP,
    REL_DAY,
    REL_MONTH,
    REL_YEAR,
    SINCE_APART,
    SUFFIX,
    SUFFIX_QUALIFIER,
)
from timeline.text.calendar_rules import (
    complete_year,
    day_in_context,
    full_year,
    holiday_date,
    shift_month,
)

__all__ = ["find_dates"]

#: A web page's stamp puts the time after a space: ``2022-04-16 09:30``.
_STAMP_TIME = re.compile(r" {1,2}(?=\d{1,2}:\d\d)")


@dataclass
class _Reading:
    """One date mention being built: where it ends and what it says."""

    end: int
    date: dt.date | None = None
    iso: str = ""
    resolution: str = "explicit"
    fields: dict[str, Any] = field(default_factory=dict)


class _DateReader:
    """Reads the DATE matches of one text in order, keeping the narrative context."""

    def __init__(self, text: str, layout: Layout, ref: dt.date | None, name: str) -> None:
        self.text, self.layout, self.ref, self.name = text, layout, ref, name
        self.context: tuple[int, dt.date] | None = None  # (article, last date, no caption)
        self.last: tuple[int, dt.date] | None = None  # (article, last event day named)
        self.start: dt.date | None = None  # the first day of the last range (for 首日)
        self.planned = False

    def reference(self) -> dt.date:
        """The reference date, or the UsageError saying how to give one."""
        if self.ref is None:
            raise UsageError(
                f"{self.name} has no dateline with a year; pass --reference DATE, "
                "e.g. --reference 2022-03-31"
            )
        return self.ref

    def read(self, m: re.Match[str]) -> tuple[int, dict[str, Any]] | None:
        """The end and fields of one date mention, or None when it is not a real date."""
        sentence_start, _ = self.layout.sentence(m.start())
        self.planned = bool(PLANNED.search(self.text, sentence_start, m.start()))
        try:
            reading = self._atom(m)
        except (ValueError, OverflowError, KeyError, IndexError):
            return None  # 2月30日, 13月: not a real date, so not a date mention
        if reading is None or (reading.date is None and not reading.iso):
            return None
        last = self.last
        if reading.date is not None:
            self._complete(m, reading)
        elif len(reading.iso) == 7 and "end" not in reading.fields:
            self._month_range(reading)
        fields = {
            "date": reading.iso or (reading.date.isoformat() if reading.date else None),
            "time": None, "qualifier": None, "resolution": reading.resolution,
            **reading.fields,
        }  # fmt: skip
        end = self._qualify(m, reading.end, fields)
        if fields["qualifier"] in ("since", "from", "after", "before", "as_of", "until"):
            self.last = last  # an open bound is no day things happened on: 当天 looks past it
        if fields["qualifier"] == "range" and reading.date is not None:
            self.start = reading.date
        if self.planned:
            fields["planned"] = True
        return end, fields

    # -- the date itself ---------------------------------------------------------------

    def _atom(self, m: re.Match[str]) -> _Reading | None:
        if m.group("ny"):
            return self._numeric(m)
        if m.group("hol"):
            return self._holiday(m)
        if m.group("rel"):
            return self._relative_day(m)
        if m.group("relm"):
            return self._relative_month(m)
        if m.group("dayonly"):
            return self._day_only(m)
        return self._year_month_day(m)

    def _numeric(self, m: re.Match[str]) -> _Reading:
        year, month = int(m.group("ny")), int(m.group("nm") or m.group("nm2"))
        if m.group("nd"):
            return _Reading(m.end(), dt.date(year, month, int(m.group("nd"))))
        dt.date(year, month, 1)  # a real month, or ValueError
        return _Reading(m.end(), iso=f"{year:04d}-{month:02d}")

    def _holiday(self, m: re.Match[str]) -> _Reading:
        name, written = m.group("hol"), m.group("hyear")
        if written:
            year = self._year(written)
            return _Reading(m.end(), holiday_date(name, year))
        ref = self.reference()
        guess = holiday_date(name, ref.year)
        year = complete_year(guess.month, guess.day, ref, self.planned)
        return _Reading(m.end(), holiday_date(name, year), resolution="holiday")

    def _relative_day(self, m: re.Match[str]) -> _Reading | None:
        word = m.group("rel")
        base, delta = REL_DAY[word]
        if base == "reference":
            if self.layout.in_quote(m.start()):
                return None  # dialogue says 今天 of its own day, not the dateline's
            day, resolution = self.reference(), "relative_to_reference"
        elif base == "start" and self.start is not None:
            day, resolution = self.start, "relative_to_context"  # 首日: the range's first day
        elif self.last is not None and self.last[0] == self.layout.article(m.start()):
            day, resolution = self.last[1], "relative_to_context"
        else:
            day, resolution = self.reference(), "relative_to_reference"
        reading = _Reading(m.end(), day + dt.timedelta(days=delta), resolution=resolution)
        if word.endswith(("晚", "夜")):
            reading.fields["period"] = "晚"
        return reading

    def _relative_month(self, m: re.Match[str]) -> _Reading:
        ref = self.reference()
        year, month = shift_month(ref.year, ref.month, REL_MONTH[m.group("relm")])
        day, how = number(m.group("relmd")), "relative_to_reference"
        if day is None:
            return _Reading(m.end(), iso=f"{year:04d}-{month:02d}", resolution=how)
        return _Reading(m.end(), dt.date(year, month, day), resolution=how)

    def _day_only(self, m: re.Match[str]) -> _Reading:
        nth, article = int(m.group("dayonly")), self.layout.article(m.start())
        cap = None if self.planned else self.ref
        if self.context is not None and self.context[0] == article:
            day = day_in_context(nth, self.context[1], cap)
            return _Reading(m.end(), day, resolution="month_from_context")
        base = self.reference()
        day = day_in_context(nth, base, None if self.planned else base)
        return _Reading(m.end(), day, resolution="month_from_reference")

    def _year(self, written: str) -> int:
        if written in REL_YEAR:
            return self.reference().year + REL_YEAR[written]
        return full_year(written)

    def _year_month_day(self, m: re.Match[str]) -> _Reading:
        written = m.group("year") or m.group("yonly")
        month, day = number(m.group("month")), number(m.group("day"))
        resolution = "relative_to_reference" if written in REL_YEAR else "explicit"
        if written:
            year = self._year(written)
        else:
            resolution = "year_from_reference"
            year = complete_year(month or 1, day or 1, self.reference(), self.planned)
        reading = _Reading(m.end(), resolution=resolution)
        if month is not None and (m.group("day2") or m.group("month2")):
            self._inner_range(m, reading, year, month)
        elif day is not None and month is not None:
            reading.date = dt.date(year, month, day)
        else:
            reading.iso = dt.date(year, month or 1, 1).isoformat()[: 7 if month else 4]
        return reading

    def _inner_range(self, m: re.Match[str], reading: _Reading, year: int, month: int) -> None:
        """12-19日 and 1-9月份: one date naming a range of days or months."""
        if m.group("day2"):
            reading.date = dt.date(year, month, number(m.group("day")) or 0)
            end = dt.date(year, month, number(m.group("day2")) or 0)
            reading.fields["end"] = end.isoformat()
        else:
            reading.iso = f"{year:04d}-{month:02d}"
            last = number(m.group("month2")) or 0
            reading.fields["end"] = dt.date(year, last, 1).isoformat()[:7]
        reading.fields["qualifier"] = "range"

    # -- what follows the date -----------------------------------------------------------

    def _complete(self, m: re.Match[str], reading: _Reading) -> None:
        """A clock time after the date, a range to a later date or time, and the context."""
        assert reading.date is not None
        period = reading.fields.pop("period", None)
        reading.end, clock, tail_period = self._clock_after(reading.end, period)
        reading.fields["time"] = clock
        self._remember(m.start(), reading.date)
        if "end" not in reading.fields:
            self._range_after(reading, tail_period or period)

    def _clock_after(self, end: int, period: str | None) -> tuple[int, str | None, str | None]:
        if self.text.startswith(("当天", "当日"), end):
            end += 2  # 中秋节当天: the same day, said twice
        stamp = _STAMP_TIME.match(self.text, end)
        if stamp is not None and self.text[end - 3 : end - 2] == "-":
            end += len(stamp.group()) - len(stamp.group().lstrip())  # 2022-04-16 09:30
        tail = CLOCK.match(self.text, end)
        if tail is not None and (tail.group("h") or tail.group("hh")):
            clock = read_clock(tail, period)
            return (tail.end() if clock else end), clock, tail.group("period")
        if tail is not None and tail.group("period"):
            return tail.end(), None, tail.group("period")  # 3月29日下午: no clock time
        return end, None, None

    def _range_after(self, reading: _Reading, period: str | None) -> None:
        """至/到/— and a second date (or day, or clock time): the mention becomes a range."""
        assert reading.date is not None
        if reading.fields.get("time"):
            end, end_time = self._time_range(reading, period)
            if end_time:
                reading.end, reading.fields["end_time"] = end, end_time
                reading.fields.update(end=reading.date.isoformat(), qualifier="range")
                return
        sep = RANGE_SEP.match(self.text, reading.end)
        if sep is None:
            return
        second = self._second_date(sep.end(), reading.date)
        if second is None:
            return
        end, last = second
        end, end_time, _ = self._clock_after(end, None)
        if last < reading.date:
            return
        reading.end = end
        reading.fields.update(end=last.isoformat(), end_time=end_time, qualifier="range")
        self._remember(sep.end(), last)

    def _month_range(self, reading: _Reading) -> None:
        """1999.08-2002.02, 2022年3月至5月: a range of months."""
        sep = RANGE_SEP.match(self.text, reading.end)
        second = DATE.match(self.text, sep.end()) if sep else None
        if second is None or second.group("dayonly") or second.group("rel"):
            return
        try:
            found = self._atom(second)
        except (ValueError, OverflowError, KeyError, IndexError):
            return
        if found is not None and len(found.iso) == 7 and found.iso >= reading.iso:
            reading.end = found.end
            reading.fields.update(end=found.iso, qualifier="range")

    def _time_range(self, reading: _Reading, period: str | None) -> tuple[int, str | None]:
        """下午3时至5时: a time range on the same day."""
        sep = RANGE_SEP.match(self.text, reading.end)
        if sep is None or DATE.match(self.text, sep.end()) and DAY_END.match(self.text, sep.end()):
            return reading.end, None
        tail = CLOCK.match(self.text, sep.end())
        if tail is None or not (tail.group("h") or tail.group("hh")):
            return reading.end, None
        return tail.end(), read_clock(tail, period)

    def _second_date(self, start: int, first: dt.date) -> tuple[int, dt.date] | None:
        m = DATE.match(self.text, start)
        if m is not None and not m.group("dayonly") and not m.group("rel"):
            try:
                reading = self._atom(m)
            except (ValueError, OverflowError, KeyError, IndexError):
                return None
            if reading is not None and reading.date is not None:
                return reading.end, reading.date
        day = DAY_END.match(self.text, start)
        nth = number(day.group("d")) if day else None
        if day is None or nth is None:
            return None
        found = day_in_context(nth, first, None)
        return (day.end(), found) if found else None

    def _qualify(self, m: re.Match[str], end: int, fields: dict[str, Any]) -> int:
        """截至 before, 以来/起/后/前 after (or 以来 a few words on): the qualifier."""
        if m.group("pre"):
            fields["qualifier"] = "as_of"
            return end
        suffix = SUFFIX.match(self.text, end)
        if suffix is not None and fields["qualifier"] is None:
            fields["qualifier"] = SUFFIX_QUALIFIER[suffix.group()]
            return suffix.end() if suffix.group() in ("以来", "至今") else end
        before = self.text[max(0, m.start() - 1) : m.start()]
        if before in ("到", "至") and fields["qualifier"] is None:
            fields["qualifier"] = "until"  # 持续到5月5日: the end of something, not its day
            return end
        if before in ("自", "从"):
            apart = SINCE_APART.match(self.text, end)
            if apart is not None and fields["qualifier"] is None:
                fields["qualifier"] = "since" if apart.group(1) == "以来" else "from"
        return end

    def _remember(self, offset: int, date: dt.date) -> None:
        article = self.layout.article(offset)
        self.last = (article, date)
        if not self.layout.is_caption(offset):
            self.context = (article, date)


def find_dates(text: str, layout: Layout, ref: dt.date | None, name: str) -> Found:
    """Dates in text order, so that each month-less day sees the full date before it."""
    reader = _DateReader(text, layout, ref, name)
    for m in DATE.finditer(text):
        read = reader.read(m)
        if read is not None:
            yield "date", m.start(), read[0], read[1]
