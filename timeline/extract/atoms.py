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

from timeline.extract.clock import number
from timeline.extract.events import a_name, event_day, first_after, week_day
from timeline.extract.patterns import (
    CHRONICLE_WORDS,
    DATE,
    LUNAR_MONTHS,
    REL_DAY,
    REL_MONTH,
    REL_YEAR,
)
from timeline.extract.planned import coming_day, frames_a_plan, year_of
from timeline.extract.state import ReaderState, Reading
from timeline.text.calendar_rules import (
    day_in_context,
    day_near,
    full_year,
    holiday_date,
    lunar_date,
    shift_month,
)

__all__ = ["AtomReader", "Reading"]

#: A sentence about days to come: its 当日 may be a day after the dateline. An instruction
#: is one too (要求…于7日24时前完成，次日起实行; 须, 应于, 请于, 务必): it orders what is to be.
_FUTURE = re.compile(
    r"将(?![近军士领帅])|预计|计划|拟|可于|可在|届时"
    r"|要求|务必|(?<![无毋])须(?!知)|应(?=于|在|当|按)|请(?=于|在|各|广大)"
)
#: Between a date and the relative day said of it: 4月3日为管制前一天, 10日是开幕次日.
_SAID_OF = re.compile(r"(?:[（(][^）)]{1,6}[）)])?(?:为|是|即)[\u4e00-\u9fff]{0,6}")
#: Before a count of years, not a year: 逾100年, 近百年, 长达100年.
_SPAN_BEFORE = ("逾", "近", "超", "约", "达", "了", "过", "满", "足")
#: How many years before the dateline a bare Republic year (113年) may name.
_REPUBLIC_BACK = 30


class AtomReader(ReaderState):
    """Reads the date of one DATE match, keeping the narrative context of its text."""

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
        if m.group("nth"):  # 假期第三天: the holiday's first day off, and n - 1 days
            if self.start is None:
                return None
            day = self.start + dt.timedelta(days=(number(m.group("nth")) or 1) - 1)
            return Reading(
                m.end(), self._written_after(m.end()) or day, resolution="relative_to_context"
            )
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
            self._say(m.start(), day.year, day)  # 今年腊八节为1月7日: the January of 2025
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
            self._say(m.start(), found.year, found)
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
        said = self._said_of(m.start()) or self._written_after(m.end())
        if said is not None:  # 翌日即11月12日, 4月3日为管制前一天: the day written
            day, delta, resolution = said, 0, "relative_to_context"
        reading = Reading(m.end(), day + dt.timedelta(days=delta), resolution=resolution)
        if word.endswith(("晚", "夜")):
            reading.fields["period"] = "晚"
        return reading

    def _said_of(self, offset: int) -> dt.date | None:
        """The date a relative day is said of, the subject of its clause before 为, 是 or
        即 and a few words (4月3日为管制前一天, 10日是开幕次日): that day itself."""
        if self.written is None or self.written[0] >= offset:
            return None
        said = _SAID_OF.fullmatch(self.text, self.written[0], offset)
        return self.written[1] if said is not None else None

    def _written_after(self, end: int) -> dt.date | None:
        """The date written right after a relative day, after 即 (翌日即11月12日,
        前一天即6日, 国庆假期第三天即10月3日): the day it names."""
        if not self.text.startswith("即", end):
            return None
        nxt = DATE.match(self.text, end + 1)
        if nxt is None or nxt.group("rel") or nxt.group("nth") or nxt.group("pre"):
            return None
        planned, said = self.planned, (self.said, self.said_on)
        try:
            reading = self.atom(nxt)
        except (ValueError, OverflowError, KeyError, IndexError):
            return None
        finally:
            self.planned, (self.said, self.said_on) = planned, said
        return reading.date if reading is not None else None

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

    def _year(self, written: str) -> int:
        if written == "同":  # 同年: the year of the last date named; alone, none known
            if self.context is None:
                raise ValueError("同年 with no date named before it")
            return self.context[1].year
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
        if said is not None and self.said_on is not None:  # 明年元旦…将于12月中旬开售
            return _nearest(said, month, day, self.said_on), "year_from_context"
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


def _nearest(year: int, month: int, day: int | None, on: dt.date) -> int:
    """The year, of the one said and the two around it, that puts a year-less day nearest
    the day the year was said with: 明年元旦 (2025-01-01) and then 12月中旬 in its
    sentence is December 2024, the month before (tickets on sale before the holiday);
    今年腊八节为1月7日 is that 腊八's January."""
    days = {y: dt.date(y, month, min(day or 15, 28)) for y in (year - 1, year, year + 1)}
    return min(days, key=lambda y: (abs((days[y] - on).days), y != year))
