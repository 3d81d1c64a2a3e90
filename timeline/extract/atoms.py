"""The date a DATE match names by itself: numeric, year-month-day, holiday, lunar, relative.

:class:`AtomReader` holds what a reader of one text knows while it goes (the reference, the
last date named, whether it is planned); :class:`timeline.extract.dates` adds what follows a
date. A year-less day gets its year by :mod:`~timeline.extract.planned`; holidays and lunar
days (正月初七, 大年初一) are converted by lunar-python, never by a table of ours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from timeline.extract.clock import number
from timeline.extract.events import YearUnknown, a_name, event_day, first_after, refusal, week_day
from timeline.extract.layout import Layout
from timeline.extract.patterns import CHRONICLE_WORDS, LUNAR_MONTHS, REL_DAY, REL_MONTH, REL_YEAR
from timeline.extract.planned import coming_day, frames_a_plan, year_of
from timeline.text.calendar_rules import (
    day_in_context,
    day_near,
    full_year,
    holiday_date,
    lunar_date,
    shift_month,
)

__all__ = ["AtomReader", "Reading"]

#: A sentence about days to come: its 当日 may be a day after the dateline.
_FUTURE = re.compile(r"将(?![近军士领帅])|预计|计划|拟|可于|可在|届时")
#: Before a count of years, not a year: 逾100年, 近百年, 长达100年.
_SPAN_BEFORE = ("逾", "近", "超", "约", "达", "了", "过", "满", "足")
#: How many years before the dateline a bare Republic year (113年) may name.
_REPUBLIC_BACK = 30
#: A year that only compares (较去年同期, 比2019年同比) is no year of its sentence.
_COMPARED = re.compile(r"[^，,。；;]{0,6}?(?:同期|同比|相比)")


@dataclass
class Reading:
    """One date mention being built: where it ends and what it says."""

    end: int
    date: dt.date | None = None
    iso: str = ""
    resolution: str = "explicit"
    fields: dict[str, Any] = field(default_factory=dict)


class AtomReader:
    """Reads the date of one DATE match, keeping the narrative context of its text."""

    def __init__(self, text: str, layout: Layout, ref: dt.date | None, name: str) -> None:
        self.text, self.layout, self.ref, self.name = text, layout, ref, name
        self.context: tuple[int, dt.date] | None = None  # (article, last date, no caption)
        self.last: tuple[int, dt.date] | None = None  # (article, last event day named)
        self.start: dt.date | None = None  # the first day of the last range (for 首日)
        self.held: tuple[int, dt.date] | None = None  # (end, day) of the last holiday read
        self.planned = False
        self.months: tuple[int, int, int] | None = None  # (article, year, month) last named
        #: The last day of the year a chronicle (2023年大事记) is about: its year-less days
        #: are that year's, read against that day instead of the dateline.
        self.chronicle: dt.date | None = None
        self.said: tuple[int, int] | None = None  # (sentence, year) a year written there
        self.named: dict[int, set[dt.date]] = {}  # the days each article has named
        #: A Taiwan text: a bare 3-digit year (113年) is a year of the Republic (民國).
        self.minguo = False
        self.notice = False  # a notice: its days after its date are the coming ones
        self.events: list[tuple[int, dt.date]] = []  # (offset, day) of each event day named

    def reference(self) -> dt.date:
        """The reference date, or the UsageError saying how to give one."""
        if self.ref is None:
            raise YearUnknown(refusal(self.name))
        return self.ref

    # -- the date itself ---------------------------------------------------------------

    def atom(self, m: re.Match[str]) -> Reading | None:
        if m.group("ny"):
            return self._numeric(m)
        if m.group("hol"):
            return self._holiday(m)
        if m.group("ld") or m.group("ld2") or m.group("ld3"):
            return self._lunar(m)
        if m.group("rel"):
            return self._relative_day(m)
        if m.group("relp"):
            return self._bracketed_day(m)
        if m.group("week"):
            return self._week_day(m)
        if m.group("relm"):
            return self._relative_month(m)
        if m.group("dayonly"):
            return self._day_only(m)
        if m.group("ypart"):  # 年初，年底前: the dateline's year, its part read after it
            year = str(self.year_reference()[0].year)  # a chronicle's year in one
            return Reading(m.end(), iso=year, resolution="relative_to_reference")
        if m.group("by"):  # 1985到89年9月, 2018—2022年: a range's bare first year
            return Reading(m.end(), iso=m.group("by"))
        return self._year_month_day(m)

    def _numeric(self, m: re.Match[str]) -> Reading:
        year, month = int(m.group("ny")), int(m.group("nm") or m.group("nm2"))
        if m.group("nd"):
            return Reading(m.end(), dt.date(year, month, int(m.group("nd"))))
        dt.date(year, month, 1)  # a real month, or ValueError
        return Reading(m.end(), iso=f"{year:04d}-{month:02d}")

    def _holiday(self, m: re.Match[str]) -> Reading | None:
        name, written = m.group("hol"), m.group("hyear")
        name = "劳动节" if name.endswith("劳动节") else name  # 五一国际劳动节
        if name == "国庆" and not written and a_name(self.text, m.start(), m.end()):
            return None  # 记者 张国庆: a man's name
        if written:
            day = holiday_date(name, self._year(written))
            self._say(m.start(), day.year)  # 今年腊八节为1月7日: the January of 2025
            return Reading(m.end(), day)
        self.planned = self.planned or frames_a_plan(self.text, m.start(), m.end())
        months, article = self.months, self.layout.article(m.start())
        since = months[1:] if months and months[0] == article else None
        first = first_after(self.text, m.start(), since, lambda year: holiday_date(name, year))
        if first is not None:  # 1992年7月上岛…第一个春节: 1993's
            return Reading(m.end(), first, resolution="year_from_context")
        return self._in_year_context(lambda year: holiday_date(name, year), m)

    def _lunar(self, m: re.Match[str]) -> Reading:
        """正月初七, 腊月二十三, 农历八月十五, 大年初一 (大年三十 is 除夕), by lunar-python."""
        if m.group("ld2") == "三十":
            return self._holiday_named("除夕", m)
        month = LUNAR_MONTHS.get(m.group("lm") or "", 1) if not m.group("lm1") else None
        month = month or number(m.group("lm1")) or 1
        written = m.group("ld") or m.group("ld2") or m.group("ld3")
        written = written.removeprefix("初").replace("廿", "二十")
        day = number(written) or 0
        if m.group("lyear"):
            found = lunar_date(month, day, self._year(m.group("lyear")))
            self._say(m.start(), found.year)
            return Reading(m.end(), found)
        return self._in_year_context(lambda year: lunar_date(month, day, year), m)

    def _holiday_named(self, name: str, m: re.Match[str]) -> Reading:
        return self._in_year_context(lambda year: holiday_date(name, year), m)

    def _in_year_context(self, day_in_year: Callable[[int], dt.date], m: re.Match[str]) -> Reading:
        """A holiday or lunar day without a year: of the year its sentence wrote, the one
        its article already named, else the last one or the coming one."""
        said = self._said_year(m.start())
        if said is not None:
            return Reading(m.end(), day_in_year(said), resolution="year_from_context")
        ref, window = self.year_reference()
        known = self._known(day_in_year, ref, m.start())
        if known is not None:
            return Reading(m.end(), known, resolution="holiday")
        day, self.planned = coming_day(day_in_year, ref, self.planned, window)
        return Reading(m.end(), day, resolution="holiday")

    def compared(self, offset: int) -> bool:
        """A date a sentence compares with (将比国庆节略有下降, 较春节): a day that was."""
        return self.text[offset - 1 : offset] in ("比", "较") and offset > 0

    def _said_year(self, offset: int) -> int | None:
        """The year written earlier in the same sentence (今年春运自1月14日起…)."""
        if self.said is None or self.said[0] != self.layout.sentence(offset)[0]:
            return None
        if self.compared(offset):
            return None
        return self.said[1]

    def _known(
        self, day_in_year: Callable[[int], dt.date], ref: dt.date, offset: int
    ) -> dt.date | None:
        """The holiday or lunar day the article already named (大年初一为1月29日 … 春节)."""
        named = self.named.get(self.layout.article(offset), set())
        for year in (ref.year, ref.year - 1, ref.year + 1):
            try:
                day = day_in_year(year)
            except ValueError:
                continue
            if day in named:
                return day
        return None

    def year_reference(self) -> tuple[dt.date, bool]:
        """What a year-less date is read against (the dateline, or a chronicle's last day),
        and whether a day just ahead of it is the coming one (not in a chronicle)."""
        ref = self.reference()
        if self.chronicle is not None and self.chronicle < ref:
            return self.chronicle, False
        return ref, True

    def _relative_day(self, m: re.Match[str]) -> Reading | None:
        word = m.group("rel")
        if word in CHRONICLE_WORDS and not self._clause_start(m.start()):
            return None  # 于是日益: no 是日
        base, delta = REL_DAY[word] if word in REL_DAY else REL_DAY[word + "天"]  # 明起
        if base == "reference":
            if self.layout.in_quote(m.start()):
                return None  # dialogue says 今天 of its own day, not the dateline's
            day, resolution = self.reference(), "relative_to_reference"
        elif base == "start" and self.start is not None:
            day, resolution = self.start, "relative_to_context"  # 首日: the range's first day
        elif (event := event_day(self.text, self.layout, self.events, m.start())) is not None:
            day, resolution = event, "relative_to_context"  # 庭审当日: the trial's day
        elif self._last_is_that_day(m.start()):
            assert self.last is not None
            day, resolution = self.last[1], "relative_to_context"
        else:
            day, resolution = self.reference(), "relative_to_reference"
        reading = Reading(m.end(), day + dt.timedelta(days=delta), resolution=resolution)
        if word.endswith(("晚", "夜")):
            reading.fields["period"] = "晚"
        return reading

    def _last_is_that_day(self, offset: int) -> bool:
        """Whether 当日 is the day the article last named: not when that day is still to
        come and the sentence of 当日 is no plan (… 1月2日起照常开市。…当日股价走高:
        the report's day)."""
        if self.last is None or self.last[0] != self.layout.article(offset):
            return False
        if self.planned or self.notice or self.ref is None or self.last[1] <= self.ref:
            return True
        # 当天…将开展, 可於…當日收看: a sentence about days to come
        return _FUTURE.search(self.layout.sentence(offset)[1]) is not None

    def _bracketed_day(self, m: re.Match[str]) -> Reading:
        """今（17）日, 昨（16）日 (Taiwan, Hong Kong): the dateline's day or one near it."""
        near = self.reference() + dt.timedelta(days=REL_YEAR.get(m.group("relp"), -1))  # 昨
        day = day_near(near, int(m.group("relpd")))
        return Reading(m.end(), day, resolution="relative_to_reference")

    def _relative_month(self, m: re.Match[str]) -> Reading | None:
        word, ref = m.group("relm"), self.reference()
        if word in CHRONICLE_WORDS and not self._clause_start(m.start()):
            return None
        year, month = shift_month(ref.year, ref.month, REL_MONTH[word])
        how = "relative_to_reference"
        named = self.months if word in ("当月", "是月") else None
        if named is not None and named[0] == self.layout.article(m.start()):
            _, year, month = named  # 5月，… 当月，…: that month
            how = "relative_to_context"
        day = number(m.group("relmd"))
        if day is None:
            return Reading(m.end(), iso=f"{year:04d}-{month:02d}", resolution=how)
        return Reading(m.end(), dt.date(year, month, day), resolution=how)

    def _day_only(self, m: re.Match[str]) -> Reading:
        nth, article = int(m.group("dayonly")), self.layout.article(m.start())
        cap = None if self.planned else self.ref
        if self.context is not None and self.context[0] == article:
            near, first = self.context[1], self.start  # 10月26日至27日…26日: in the range
            if first and first <= near and first.day <= nth and first.month == near.month:
                near = first
            return Reading(m.end(), day_in_context(nth, near, cap), resolution="month_from_context")
        base = self.reference()
        day = day_in_context(nth, base, None if self.planned else base)
        return Reading(m.end(), day, resolution="month_from_reference")

    def _clause_start(self, offset: int) -> bool:
        return offset == 0 or self.text[offset - 1] in "，,。；;：:\n"

    def _year(self, written: str) -> int:
        if written in REL_YEAR:
            return self.reference().year + REL_YEAR[written]
        if written.startswith("民国") or (len(written) == 3 and written.isdigit()):
            return self._republic_year(written)
        return full_year(written)

    def _span(self, m: re.Match[str]) -> bool:
        """近100年, 逾113年歷史, 113年来: years counted, no Republic year."""
        before = self.text[m.start() - 1 : m.start()]
        return before in _SPAN_BEFORE or self.text.startswith(("来", "历史"), m.end())

    def _republic_year(self, written: str) -> int:
        """民國113年 is 2024; a bare 113年 only in a text in traditional characters, and
        only a year near the dateline's (not the 100年 of 建校100年)."""
        year = int(written.removeprefix("民国")) + 1911
        if written.startswith("民国"):
            return year
        near = self.ref is None or self.ref.year - _REPUBLIC_BACK <= year <= self.ref.year + 1
        if not (self.minguo and near):
            raise ValueError(f"{written}年 is no year here")
        return year

    def _say(self, offset: int, year: int) -> None:
        """A year written alone (今年春运…) or with a holiday (今年除夕) is the year of the rest
        of its sentence, unless it only compares (较去年同期); a full date (2024年12月30日)
        is not."""
        if not _COMPARED.match(self.text, offset):
            self.said = (self.layout.sentence(offset)[0], year)

    def _week_day(self, m: re.Match[str]) -> Reading:
        """下周四, 本周一, 上星期五: a weekday of the dateline's week or the next or last."""
        day = week_day(self.reference(), m.group("week"), m.group("wd"))
        return Reading(m.end(), day, resolution="relative_to_reference")

    def _year_month_day(self, m: re.Match[str]) -> Reading:
        written = m.group("year") or m.group("yonly")
        month, day = (
            number(m.group("month") or m.group("sm")),
            number(m.group("day") or m.group("sd")),
        )
        resolution = "relative_to_reference" if written in REL_YEAR else "explicit"
        if m.group("yonly") and written.isdigit() and len(written) == 3 and self._span(m):
            raise ValueError(f"{m.group()}: a span of years")  # 逾100年歷史
        if written:
            year = self._year(written)
            if m.group("yonly") or written in REL_YEAR:
                self._say(m.start(), year)  # 明年1月下旬適逢春節: 明年's 春節
        else:
            year, resolution = self._year_less(month or 1, day, m.start())
        reading = Reading(m.end(), resolution=resolution)
        if month is not None and (m.group("day2") or m.group("month2")):
            self._inner_range(m, reading, year, month)
        elif day is not None and month is not None:
            reading.date = dt.date(year, month, day)
        else:
            reading.iso = dt.date(year, month or 1, 1).isoformat()[: 7 if month else 4]
        return reading

    def _year_less(self, month: int, day: int | None, offset: int) -> tuple[int, str]:
        """The year of a year-less month or day: written earlier in the sentence, else by
        the year-less rule (see timeline.extract.planned). Unlike a holiday it is never
        taken from a day named in another sentence, so that ``check``, which reads each
        quote alone, reads it the same way."""
        said = self._said_year(offset)
        if said is not None:
            return said, "year_from_context"
        ref, window = self.year_reference()
        year, self.planned = year_of(month, day, ref, self.planned, window, self.notice and window)
        return year, "year_from_reference"

    def _inner_range(self, m: re.Match[str], reading: Reading, year: int, month: int) -> None:
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
