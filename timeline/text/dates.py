"""User date input -> an inclusive :class:`DateSpan`.

Every filter the CLI offers takes dates, and people type them the way the
sources write them: ISO, ``2022年3月20日``, ``三月二十日``, ``Mar 20``. One reader
makes all of them mean the same thing and fail the same way, with a one-line
:class:`DateError` that quotes what was typed.

Why it is built this way:

* A partial date is a period (``2022-03`` all of March; ``3月中旬``, ``2022年底`` the
  schema's spans, model.precision_span); a range's end fills the rest of its period.
* Chinese forms are matched by regex and only the isolated numeral spans go to
  :func:`parse_numeral`; Chinese text never reaches dateutil, which reads
  ``20日凌晨2时30分`` as 2030-02-20. English goes to dateutil (never fuzzy) only after a
  word check, with the year taken from the digits written (it makes ``0000`` 2000).
* ``today`` and ``reference`` are passed in, never read from the clock. A year-less date
  is the latest such day on or before ``reference`` (calendar_rules.complete_year, the
  rule of ``extract`` too); a range's year-less end is the first such day on or after
  its start, so ``12月20日..1月5日`` crosses the new year.
* News forms by ``extract``'s rules (jionlp's 20 extended absolute forms): ``98年``, ``零七年``
  (50-99 are 19xx), ``2019年4月12-19日``, ``2018年2——4月``, ``1999.08-2002.02``, ``2008.03-2009``,
  ``从…到…``, ``自…起至…止``, holidays (``2023年春节``) by lunar-python, never a table of ours.

>>> import datetime as dt
>>> parse_span("2022-03-20")
DateSpan(start=datetime.date(2022, 3, 20), end=datetime.date(2022, 3, 20))
>>> parse_span("二〇二二年三月")
DateSpan(start=datetime.date(2022, 3, 1), end=datetime.date(2022, 3, 31))
>>> parse_span("2022-03..2022-04").end
datetime.date(2022, 4, 30)
>>> parse_span("3月19日至21日", reference=dt.date(2022, 5, 1)).end
datetime.date(2022, 3, 21)
>>> parse_span("98年4月").start, parse_span("2023年春节").start
(datetime.date(1998, 4, 1), datetime.date(2023, 1, 22))
>>> parse_span("2019年4月12-19日")
DateSpan(start=datetime.date(2019, 4, 12), end=datetime.date(2019, 4, 19))
>>> parse_span("2022-02-30")
Traceback (most recent call last):
...
timeline.errors.DateError: date '2022-02-30' is not a real date (February 2022 has 28 days)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from timeline.errors import DateError, NumberError
from timeline.model import MONTH_PARTS, YEAR_PARTS, DateSpan, precision_span, precision_start
from timeline.text.calendar_rules import HOLIDAYS, complete_year, full_year, holiday_date
from timeline.text.numbers import parse_numeral
from timeline.text.short_dates import MONTH_FIRST, digits_missing, month_day, with_day_mark
from timeline.text.shorten import quoted

__all__ = ["MAX_INPUT", "parse_bound", "parse_span"]

#: Longer input is refused before any parsing: no real date or range is this long.
MAX_INPUT = 100
_HINT = "try 2022-03-20, 3月20日, Mar 20 or a range A..B"
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip
_RELATIVE = {"today": 0, "yesterday": -1, "今天": 0, "昨天": -1, "今日": 0, "昨日": -1}

_RANGE = re.compile(r"\.\.|至|到|—+|–")  # 3月20日—22日: a dash between dates, as news writes
#: A range inside one date: ``12-19日`` (days) or ``1－9月份`` (months) share their unit.
_INNER_RANGE = re.compile(
    r"(?P<a>[0-9]{1,2}|[零〇一二三四五六七八九十]{1,3})\s*(?:[-~–至到]|—+)\s*"
    r"(?P<b>[0-9]{1,2}|[零〇一二三四五六七八九十]{1,3})(?P<unit>[日号號]|月份?)$"
)
# Explicit [0-9]: \d would also accept other scripts' digits.
_NUMERIC = re.compile(
    r"(?P<y>[0-9]{4})(?:(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?:(?P=sep)(?P<d>[0-9]{1,2}))?)?"
)
_COMPACT = re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})")
_CN_NUM = "[0-9]{1,2}|[零〇一二三四五六七八九十]{1,3}"
_CHINESE = re.compile(
    r"(?:(?P<y>[0-9]{4}|[零〇一二三四五六七八九]{4}|[0-9]{2}|[零〇一二三四五六七八九]{2})年)?"
    rf"(?:(?P<m>{_CN_NUM})月)?(?:(?P<d>{_CN_NUM})[日号號])?"
)
_HOLIDAY = re.compile(
    rf"(?:(?P<y>[0-9]{{4}}|[零〇一二三四五六七八九]{{4}}|[0-9]{{2}})年)?(?P<h>{'|'.join(HOLIDAYS)})"
)
#: A part of a month or year after the period it divides: 3月中旬, 2022年底, 2022-03 下旬.
_PART = re.compile(rf"(?P<head>.+?)\s*(?P<part>{'|'.join(MONTH_PARTS + YEAR_PARTS)}|初|底)")
_ENGLISH = re.compile(r"[A-Za-z0-9 ,.]*[A-Za-z][A-Za-z0-9 ,.]*")
#: The one word besides a month name English input may have ("20 of March"), and ordinals.
_FILLERS = frozenset({"of"})
_ORDINAL = re.compile(r"(?<=[0-9])(?:st|nd|rd|th)\b", re.IGNORECASE)
# Two leap-year defaults differing in year and day show which fields the text gave.
_PROBES = (dt.datetime(2000, 1, 1), dt.datetime(2004, 1, 2))


def parse_span(
    text: str, reference: dt.date | None = None, today: dt.date | None = None
) -> DateSpan:
    """Read a day, month, year or range ``A..B`` as the inclusive span of days it names.

    A year-less end of a range takes its year (and a bare ``21日`` its month)
    from the start, so ``2022年3月19日至21日`` needs no reference date.
    """
    clean = _rewrite(_clean(text))
    parts = [part.strip() for part in _RANGE.split(clean)]
    if len(parts) == 1:
        return _read(clean, reference, today)
    if len(parts) > 2 or "..." in clean:
        raise _unreadable(clean)
    if not parts[0] or not parts[1]:
        raise DateError(f"range {quoted(clean)} needs both ends, e.g. 2022-03-01..2022-03-31")
    first = _read(parts[0], reference, today)
    last = _read(parts[1], first.start, today, day_only=True, ahead=True)
    if last.end < first.start:
        raise DateError(f"range {quoted(clean)} ends before it starts")
    return DateSpan(first.start, last.end)


def parse_bound(
    text: str,
    reference: dt.date | None = None,
    today: dt.date | None = None,
    end: bool = False,
) -> dt.date:
    """Read one open bound (``--from``/``--to``): the first day of its period, or the last if `end`.

    >>> parse_bound("2022", end=True)
    datetime.date(2022, 12, 31)
    """
    clean = _clean(text)
    if _RANGE.search(clean):
        raise DateError(
            f"date {quoted(clean)} is a range; a bound is one date or period, e.g. 2022-03"
        )
    span = _read(clean, reference, today)
    return span.end if end else span.start


def _rewrite(text: str) -> str:
    """News forms into the ones below: 从A到B, A-B of dotted months, 12-19日, 1-9月份."""
    text = re.sub(r"^[从自]\s*|止$", "", text).replace("月份", "月")
    text = re.sub(r"起(?=\s*[至到])", "", text)  # 自2020-05-26起至2020-05-29止
    dotted = re.fullmatch(r"([0-9]{4}\.[0-9]{1,2}(?:\.[0-9]{1,2})?)\s*[-~—–]\s*"
                          r"([0-9]{4}(?:\.[0-9]{1,2}){0,2})", text)  # fmt: skip
    if dotted:
        return f"{dotted.group(1)}..{dotted.group(2)}"
    inner = _INNER_RANGE.search(text)
    if inner and inner.start() > 0 and not _RANGE.search(text[: inner.start()]):
        head, unit = text[: inner.start()], inner.group("unit")
        return f"{head}{inner.group('a')}{unit}..{inner.group('b')}{unit}"
    return text


def _clean(text: str) -> str:
    """Refuse empty or huge input early, then fold full-width digits (２０２２) to ASCII."""
    stripped = text.strip()
    if len(stripped) > MAX_INPUT:
        raise DateError(
            f"date {quoted(stripped)} is too long ({len(stripped)} characters); {_HINT}"
        )
    clean = unicodedata.normalize("NFKC", stripped).strip()
    if not clean:
        raise DateError(f"no date given; {_HINT}")
    return clean


def _read(
    text: str,
    reference: dt.date | None,
    today: dt.date | None,
    day_only: bool = False,
    ahead: bool = False,
) -> DateSpan:
    """Read one date or period; `day_only` lets a bare ``21日`` borrow year and month, and
    `ahead` completes a year-less date forward from `reference` (a range's end)."""
    offset = _RELATIVE.get(text.lower())
    if offset is not None:
        if today is None:
            raise DateError(f"date {quoted(text)} needs the current date and none is available")
        day = today + dt.timedelta(days=offset)
        return DateSpan(day, day)
    missing = digits_missing(text)
    if missing:
        raise _unreadable(text, missing)  # 0320 is no year 320, 202203 no date
    typed = month_day(text)
    if typed:
        return _month_day(text, *typed, _Ref(reference, ahead))
    part = _PART.fullmatch(text)
    if part:
        return _part(text, part, reference, today, ahead)
    match = _NUMERIC.fullmatch(text) or _COMPACT.fullmatch(text)
    if match:
        month, day_of_month = (None if g is None else int(g) for g in match.group("m", "d"))
        return _span(text, int(match["y"]), month, day_of_month)
    holiday = _HOLIDAY.fullmatch(text)
    if holiday:
        return _holiday(text, holiday, _Ref(reference, ahead))
    match = _CHINESE.fullmatch(with_day_mark(re.sub(r"\s*([年月日号號])\s*", r"\1", text)))
    if match and any(match.group("y", "m", "d")):
        return _chinese(text, match, _Ref(reference, ahead), day_only)
    if _ENGLISH.fullmatch(text):
        return _english(text, _Ref(reference, ahead))
    raise _unreadable(text)


class _Ref:
    """The date that completes a year-less one, and which way: back from it, or ahead."""

    def __init__(self, date: dt.date | None, ahead: bool = False) -> None:
        self.date, self.ahead = date, ahead

    def year(self, text: str, example: str, month: int | None, day: int | None) -> int:
        """The year of a year-less `month`/`day` (the month's first day for a month)."""
        if self.date is None:
            raise _yearless(text, example)
        if month is None or not 1 <= month <= 12:
            return self.date.year  # the calendar check reports a month 13
        return complete_year(month, day or (31 if self.ahead else 1), self.date, self.ahead)


def _chinese(text: str, match: re.Match[str], ref: _Ref, day_only: bool) -> DateSpan:
    """Build a span from 年/月/日 groups; each numeral span goes to parse_numeral on its own."""
    year_text, month_text, day_text = match.group("y", "m", "d")
    if day_text and not month_text and (year_text or not day_only):
        raise _unreadable(text, "a day needs its month, e.g. 3月20日")  # 20日, 2022年20日
    day = _numeral(day_text, text) if day_text else None
    if month_text:
        month: int | None = _numeral(month_text, text)
    else:  # a bare 21日 at the end of a range: month of the start
        month = ref.date.month if day_text and ref.date else None
    if year_text:
        year = full_year(year_text) if len(year_text) == 2 else _numeral(year_text, text)
    elif not month_text and ref.date:
        year = ref.date.year  # the bare 21日: the start's own month and year
    else:
        year = ref.year(text, f"2022年{text}", month, day)
    return _span(text, year, month, day)


def _holiday(text: str, match: re.Match[str], ref: _Ref) -> DateSpan:
    """2023年春节, or 国庆节 by the year-less rule (the latest one on or before the reference)."""
    try:
        if match.group("y"):
            year = full_year(match.group("y"))
        else:
            guess = holiday_date(match.group("h"), ref.year(text, f"2022年{text}", None, None))
            year = ref.year(text, "", guess.month, guess.day)
        day = holiday_date(match.group("h"), year)
    except (ValueError, KeyError, IndexError) as exc:  # outside the calendar's years
        raise DateError(f"date {quoted(text)} is not a real date") from exc
    return DateSpan(day, day)


def _english(text: str, ref: _Ref) -> DateSpan:
    """Let dateutil read one month name plus at most a day and a four-digit year; nothing else."""
    from dateutil import parser  # deferred: ~45 ms to import, needed only for English input

    info = parser.parserinfo()
    words = re.findall(r"[A-Za-z]+", _ORDINAL.sub("", text))
    months = [word for word in words if info.month(word) is not None]
    others = {word.lower() for word in words} - {word.lower() for word in months}
    numbers = re.findall(r"[0-9]+", text)
    years = [number for number in numbers if len(number) == 4]
    if (
        len(months) != 1
        or not others <= _FILLERS
        or len(numbers) > 2
        or any(len(number) not in (1, 2, 4) for number in numbers)
    ):
        raise _unreadable(text)
    try:
        first, second = (parser.parse(text, default=probe, fuzzy=False) for probe in _PROBES)
    except (ValueError, OverflowError) as exc:
        if "out of range" in str(exc):  # dateutil's words for Feb 30
            raise DateError(f"date {quoted(text)} is not a real date") from exc
        raise _unreadable(text) from exc
    if (first.year == second.year) != bool(years):
        raise _unreadable(text)  # a two-digit year such as Mar 20 22
    day = first.day if first.day == second.day else None
    year = int(years[0]) if years else ref.year(text, f"{text} 2022", first.month, day)
    return _span(text, year, first.month, day)


def _span(text: str, year: int, month: int | None, day: int | None) -> DateSpan:
    """The day, month or year named, checked against the calendar with a message that says why."""
    if not 1 <= year <= 9999:
        raise DateError(f"date {quoted(text)} is not a real date (years run from 1 to 9999)")
    if month is None:
        return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if not 1 <= month <= 12:
        raise DateError(f"date {quoted(text)} is not a real date (months run from 1 to 12)")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return DateSpan(dt.date(year, month, 1), dt.date(year, month, last))
    if not 1 <= day <= last:
        name = _MONTH_NAMES[month - 1]
        raise DateError(f"date {quoted(text)} is not a real date ({name} {year} has {last} days)")
    return DateSpan(dt.date(year, month, day), dt.date(year, month, day))


def _numeral(numeral: str, text: str) -> int:
    """An isolated numeral span as an int; a span cn2an cannot read makes the date unreadable."""
    try:
        return parse_numeral(numeral)
    except NumberError as exc:
        raise _unreadable(text) from exc


def _yearless(text: str, example: str) -> DateError:
    return DateError(
        f"date {quoted(text)} has no year and the timeline has no reference date; "
        f"add the year, e.g. {example}"
    )


def _unreadable(text: str, missing: str = "") -> DateError:
    """The one message of input that is no date; `missing` says what it lacks, when known."""
    why = f": {missing}" if missing else ""
    return DateError(f"cannot read date {quoted(text)}{why}; {_HINT}")


def _month_day(text: str, month: int, day: int, ref: _Ref) -> DateSpan:
    """3.20 or 3/20 by the year-less rule; a first number over 12 is no month to guess."""
    if not 1 <= month <= 12:
        raise _unreadable(text, MONTH_FIRST)
    return _span(text, ref.year(text, f"2022/{text.replace('.', '/')}", month, day), month, day)


def _part(
    text: str, match: re.Match[str], reference: dt.date | None, today: dt.date | None, ahead: bool
) -> DateSpan:
    """3月中旬, 2022年3月下旬, 2022-03 月底, 2022年底: the band of the month or year named."""
    head, part = match.group("head"), match.group("part")
    if part in ("初", "底"):  # 3月底, 2022年初: the mark of the period is the head's end
        head, part = head[:-1], head[-1] + part
        if part not in MONTH_PARTS + YEAR_PARTS:
            raise _unreadable(text)
    elif part in MONTH_PARTS[3:] and head[-1:] != "月" and not _NUMERIC.fullmatch(head):
        head += "月"  # 3月中: the 月 was read as the part's
    whole = _read(head.rstrip("年") if part in YEAR_PARTS else head, reference, today, ahead=ahead)
    month_part = part in MONTH_PARTS
    if (
        whole.start.day != 1
        or whole.end != (precision_span(whole.start, "month" if month_part else "year")[1])
    ):
        example = "3月中旬 or 2022-03 下旬" if month_part else "2022年底"
        raise _unreadable(
            text, f"{part} divides a {'month' if month_part else 'year'}, e.g. {example}"
        )
    start = precision_start(whole.start.year, whole.start.month, part)
    return DateSpan(*precision_span(start, part))
