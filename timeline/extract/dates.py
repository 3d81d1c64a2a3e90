"""Dates in running text, resolved against the article: ranges, qualifiers, relative days.

A month-less ``20日`` takes its month from the previous full date of the same article,
never from a photo caption, never after the reference unless the sentence marks the
future (预计, 将于: such dates are flagged ``planned``; see :mod:`~timeline.extract.planned`
for what counts as planned when a year is completed). ``当天``/``次日`` count from the
date the text last named, ``今天``/``昨天``/``本月`` from the dateline. A range
(``7月10日20时至11日8时``, ``2019年4月12-19日``) is one mention with an ``end``; words
around a date qualify it: 截至 ``as_of``, 以来/至今 ``since`` (also apart, as in
自4月15日开幕以来), 起/开始 ``from``, 后 ``after``, 前 ``before``, 到/至 alone ``until``,
a range ``range``, and the dateline ``report``.
Years, holidays, lunar days (正月初七) and year-less days follow
:mod:`timeline.text.calendar_rules`.

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
from typing import Any

from timeline.extract.atoms import AtomReader, Reading
from timeline.extract.clock import clock_range, number, read_clock, slash_end
from timeline.extract.layout import Found, Layout
from timeline.extract.patterns import (
    BRACKET_DAY,
    CHRONICLE,
    CLOCK,
    DATE,
    DAY_END,
    FROM_UNTIL,
    NEXT_DAY,
    RANGE_SEP,
    SECONDS,
    SINCE_APART,
    SLASH_END,
    SUFFIX,
    SUFFIX_QUALIFIER,
)
from timeline.extract.planned import marked_planned
from timeline.extract.readings import (
    ENDED,
    WHOLE_DAY,
    agreeing,
    holiday_days,
    not_before,
    without_year,
)
from timeline.text.calendar_rules import day_in_context

__all__ = ["find_dates"]

#: A web page's stamp puts the time after a space: ``2022-04-16 09:30``.
#: A date's end whose time may follow a space (2022-04-16 09:30, 10/30 13:40, 5月2日 16:45).
_SLASHED = re.compile(r"[-/]\d{1,2}$|日$")
_STAMP_TIME = re.compile(r" {1,2}(?=\d{1,2}:\d\d)")
#: 前 and a count after a year: the first part of it (今年前10个月), nothing before it.
_FIRST_PART = re.compile(r"前(?:\d|[一二两三四五六七八九十])")
#: What may follow 初 and 中 when they part a month or year (6月初，年中前), not a word
#: they begin (6月中国, 2024年初步核算, 年初一).
_PART_END = r"(?=[，,。、；;：:）)\s]|$|前|后|以来|起|至|到|开始|将|的|左右|时|完成)"
#: A part of a month or year named after it: 6月上旬以来, 6月底前, 2023年底, 今年年初.
_MONTH_PART = re.compile(rf"上旬|中旬|下旬|底|末|初{_PART_END}|中{_PART_END}")
_YEAR_PART = re.compile(rf"年?(?:底|末|初{_PART_END}|中{_PART_END})")
#: The precision (timeline.model.PRECISIONS) of each part as written.
_PARTS = {"上旬": "上旬", "中旬": "中旬", "下旬": "下旬", "初": "月初", "中": "月中",
          "底": "月底", "末": "月底"}  # fmt: skip
_PRECISION = {10: "day", 7: "month", 4: "year"}
#: A holiday's season, and a 前/后 after it: 春节假期后, 国庆长假前.
_SEASON = re.compile(r"假期|小长假|长假|黄金周")
#: The end of 2008.03-2009: a year alone, not a figure (2009万).
_BARE_YEAR = re.compile(r"(?:19|20)\d\d(?![\d.%万亿千百十年])")
#: A weekday in brackets between a date and its clock time: （星期二）, (周五).
_WEEKDAY = re.compile(r"[（(](?:星期|周|礼拜)[一二三四五六日天][）)]")
#: Open bounds: no day things happened on, unless a clock makes one a moment (7日24时前…次日起).
_OPEN = ("since", "from", "after", "before", "as_of", "until")
_AT = ("from", "before")
_BEFORE_AFTER = re.compile(r"以后|之后|后(?!续|期)|以前|之前|前(?!后|夕)")


class _DateReader(AtomReader):
    """Reads the DATE matches of one text in order: each date and what follows it."""

    #: The clock time after the date when it is an hour range (0—24时, 19至20时).
    hours: re.Match[str] | None = None

    def read(self, m: re.Match[str]) -> tuple[int, dict[str, Any]] | None:
        """The end and fields of one date mention, or None when it is not a real date."""
        sentence_start, _ = self.layout.sentence(m.start())
        self.planned = not self.compared(m.start()) and marked_planned(
            self.text, sentence_start, m.start(), m.end()
        )
        try:
            reading = self.atom(m)
        except (ValueError, OverflowError, KeyError, IndexError):
            return None  # 2月30日, 13月: not a real date, so not a date mention
        if reading is None or (reading.date is None and not reading.iso):
            return None
        last = self.last
        if reading.date is not None:
            self._complete(m, reading)
        elif "end" not in reading.fields:
            self._period_range(reading)
        if m.group("by") and "end" not in reading.fields:
            return None  # a bare 2018 is a year only as the start of a range
        fields = {
            "date": reading.iso or (reading.date.isoformat() if reading.date else None),
            "time": None, "qualifier": None, "resolution": reading.resolution,
            **reading.fields,
        }  # fmt: skip
        end = self._qualify(m, reading.end, fields)
        if fields["qualifier"] in _OPEN and not (fields["time"] and fields["qualifier"] in _AT):
            self.last = last  # an open bound is no day things happened on: 当天 looks past it
        elif reading.date is not None:
            self.events.append((m.start(), reading.date))
        if reading.date is not None and not m.group("rel"):
            self.written = (end, reading.date)  # 4月3日为管制前一天: what 前一天 is said of
        if fields["qualifier"] == "range" and reading.date is not None:
            self.start = reading.date
        elif m.group("hol") and reading.date is not None:
            self._holiday_start(m.start(), end, reading.date)
        if self.planned:
            fields["planned"] = True
        if len(fields["date"] or "") >= 7 and not self.layout.is_caption(m.start()):
            year, month = int(fields["date"][:4]), int(fields["date"][5:7])
            self.months = (self.layout.article(m.start()), year, month)
        return end, fields

    # -- what follows the date -----------------------------------------------------------

    def _complete(self, m: re.Match[str], reading: Reading) -> None:
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
        if stamp is not None and _SLASHED.search(self.text, end - 3, end):
            end += len(stamp.group()) - len(stamp.group().lstrip())  # 2022-04-16 09:30
        bracket = BRACKET_DAY.match(self.text, end)  # 明天（7日）, 本周六（14日）
        end = bracket.end() if bracket is not None else end
        weekday = _WEEKDAY.match(self.text, end)  # 8月20日（星期二）7时至18时
        seconds = SECONDS.match(self.text, end)  # 2025-01-06 16:40:12: a stamp's seconds
        if seconds is not None:
            return seconds.end(), f"{int(seconds.group(1)):02d}:{seconds.group(2)}", None
        tail = CLOCK.match(self.text, weekday.end() if weekday else end)
        self.hours = tail if tail is not None and tail.group("h2") else None
        if tail is not None and (tail.group("h") or tail.group("hh")):
            clock = read_clock(tail, period)
            return (tail.end() if clock else end), clock, tail.group("period")
        if tail is not None and tail.group("period"):
            return tail.end(), None, tail.group("period")  # 3月29日下午: no clock time
        return end, None, None

    def _range_after(self, reading: Reading, period: str | None) -> None:
        """至/到/— and a second date (or day, or clock time): the mention becomes a range."""
        assert reading.date is not None
        if reading.fields.get("time"):
            end, end_time = self._time_range(reading, period)
            if end_time:
                last = reading.date + dt.timedelta(days=end_time.startswith("+"))
                reading.end, reading.fields["end_time"] = end, end_time.lstrip("+")
                reading.fields.update(end=last.isoformat(), qualifier="range")
                return
        whole = WHOLE_DAY.match(self.text, reading.end)  # 16日白天至17日
        at = whole.end() if whole is not None else reading.end
        sep = RANGE_SEP.match(self.text, at) or FROM_UNTIL.match(self.text, at)
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

    def _period_range(self, reading: Reading) -> None:
        """1999.08-2002.02, 2008.03-2009, 2022年3月至5月, 2008年——2018年: months or years.
        An end without a year is the first such month on or after the start."""
        sep = RANGE_SEP.match(self.text, reading.end)
        second = DATE.match(self.text, sep.end()) if sep else None
        if sep is not None and second is None and len(reading.iso) == 7:
            year = _BARE_YEAR.match(self.text, sep.end())  # 2008.03-2009
            if year is not None and year.group() > reading.iso[:4]:
                reading.end = year.end()
                reading.fields.update(end=year.group(), qualifier="range")
            return
        if second is None or second.group("dayonly") or second.group("rel"):
            return
        try:
            found = self.atom(second)
        except (ValueError, OverflowError, KeyError, IndexError):
            return
        if found is None or found.date is not None or not found.iso:
            return
        end = found.iso
        if found.resolution == "year_from_reference" and len(end) == 7:
            start_year = int(reading.iso[:4]) + (end[5:] < reading.iso[5:7])
            end = f"{start_year:04d}{end[4:]}"  # 2017年8月至11月: the start's year
        if end[: len(reading.iso)] >= reading.iso[: len(end)]:
            reading.end = found.end
            reading.fields.update(end=end, qualifier="range")

    def _time_range(self, reading: Reading, period: str | None) -> tuple[int, str | None]:
        """下午3时至5时, 0—24时: a time range on the same day."""
        if self.hours is not None:
            return clock_range(self.text, self.hours, period)
        sep = RANGE_SEP.match(self.text, reading.end)
        if sep is None or DATE.match(self.text, sep.end()) and DAY_END.match(self.text, sep.end()):
            return reading.end, None
        nxt = NEXT_DAY.match(self.text, sep.end())  # 当晚20时至次日1时: across midnight
        tail = CLOCK.match(self.text, nxt.end() if nxt else sep.end())
        if tail is None or not (tail.group("h") or tail.group("hh")):
            return reading.end, None
        clock = read_clock(tail, None if nxt else period)
        return tail.end(), clock and ("+" if nxt else "") + clock

    def _second_date(self, start: int, first: dt.date) -> tuple[int, dt.date] | None:
        m = DATE.match(self.text, start)
        if m is not None and not m.group("dayonly") and not m.group("rel"):
            try:
                reading = self.atom(m)
            except (ValueError, OverflowError, KeyError, IndexError):
                return None
            if reading is not None and reading.date is not None:
                return reading.end, not_before(reading, first)
        day = DAY_END.match(self.text, start)
        nth = number(day.group("d")) if day else None
        if day is None and SLASH_END.match(self.text, start):  # 10/30至11/5
            return slash_end(self.text, start, first)
        if day is None or nth is None:
            return None
        found = day_in_context(nth, first, None)
        return (day.end(), found) if found else None

    def _qualify(self, m: re.Match[str], end: int, fields: dict[str, Any]) -> int:
        """截至 before, 以来/起/后/前 after (or 以来 a few words on): the qualifier."""
        end = self._part(end, fields)
        if m.group("pre"):
            fields["qualifier"] = "as_of"
            return end
        suffix = SUFFIX.match(self.text, end)  # 6月上旬以来, 6月底前
        season = _SEASON.match(self.text, end) if m.group("hol") else None
        if suffix is None and season is not None:  # 农历新年假期后: after the holiday
            suffix = _BEFORE_AFTER.match(self.text, season.end())
        if len(fields["date"] or "") == 4 and _FIRST_PART.match(self.text, end):
            suffix = None  # 今年前10个月, 今年前三季度: the first months of the year
        if suffix is not None and fields["qualifier"] is None:
            fields["qualifier"] = SUFFIX_QUALIFIER[suffix.group()]
            return suffix.end() if suffix.group() in ("以来", "至今", "起至今") else end
        before = self.text[max(0, m.start() - 1) : m.start()]
        if before in ("到", "至") and fields["qualifier"] is None:
            fields["qualifier"] = "until"  # 持续到5月5日: the end of something, not its day
            return end
        if before in ("自", "从"):
            apart = SINCE_APART.match(self.text, end)
            if apart is not None and fields["qualifier"] is None:
                fields["qualifier"] = "since" if apart.group(1) == "以来" else "from"
        return end

    def _part(self, end: int, fields: dict[str, Any]) -> int:
        """The precision of the date, and a part of its month or year after it (3月中旬,
        6月底, 2023年底, 今年年初): then the mention ends after the part."""
        date = fields["date"] or ""
        fields["precision"] = _PRECISION.get(len(date), "day")
        if fields.get("end") or len(date) not in (4, 7):
            return end
        part = (_MONTH_PART if len(date) == 7 else _YEAR_PART).match(self.text, end)
        if part is None:
            return end
        word = part.group().lstrip("年")
        fields["precision"] = _PARTS[word] if len(date) == 7 else "年" + _PARTS[word][1]
        return part.end()

    def _holiday_start(self, start: int, end: int, day: dt.date) -> None:
        """假期首日 and 假期第三天 count from the first day off of the holiday last named
        (see :func:`holiday_days`); of two named together (国庆中秋假期: 中秋 is inside
        国庆's days), the earlier one's. 假期结束后的次日 counts from its last day off."""
        first, last = holiday_days(self.text, end, day)
        if self.held is not None and self.held[0] == start and self.held[1] < first:
            first = self.held[1]
        self.start, self.held = first, (end, first)
        if ENDED.match(self.text, end):
            self.last = (self.layout.article(start), last)

    def _remember(self, offset: int, date: dt.date) -> None:
        article = self.layout.article(offset)
        self.last = (article, date)
        self.named.setdefault(article, set()).add(date)
        if not self.layout.is_caption(offset):
            self.context = (article, date)


def find_dates(
    text: str,
    layout: Layout,
    ref: dt.date | None,
    name: str,
    *,
    minguo: bool = False,
    notice: bool = False,
) -> Found:
    """Dates in text order, so that each month-less day sees the full date before it;
    ``minguo`` for a Taiwan text, whose bare 113年 is a year of the Republic (2024).
    Elsewhere (and in a quote ``check`` reads alone, unless it writes 民國) the month and
    day of 113年10月1日 are read as a year-less date, and kept only when the year that
    gives agrees with the written one read as 民國: the year is written, so a reading that
    contradicts it (114年1月2日 read as last January) would name another day than the
    whole text does."""
    reader = _DateReader(text, layout, ref, name)
    reader.minguo, reader.notice = minguo, notice
    chronicle = CHRONICLE.search(text, 0, 400)
    if chronicle is not None:
        reader.chronicle = dt.date(int(chronicle.group("y")), 12, 31)
    for m in DATE.finditer(text):
        read = reader.read(m)
        again = without_year(m) if read is None else None
        if again is not None:  # 113年10月1日 outside a Taiwan text: 10月1日, if 2024
            m, read = again, agreeing(reader.read(again), m.group("year"))
        if read is not None:
            yield "date", m.start(), read[0], read[1]
