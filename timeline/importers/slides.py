"""TimelineJS3 slides (from its JSON or its Google Sheets template) as timeline events.

This is the mapping both forms share: :mod:`.timelinejs` reads the JSON and :mod:`.sheet`
the sheet into :class:`Slide` records; :class:`Slides` turns them into drafts.

A slide's start date (year, month, day, time) is the event's date with its precision
(a slide with only a year is dated to the year); its end date is the inclusive end,
where an end at exactly 00:00 means the span ended at midnight before that day (as
``timeline list -F timelinejs`` writes an inclusive last day). The title slide gives
the header's title; eras become events tagged ``era`` over their span; the group is a
tag; the display date is kept as ``date_note`` (截至…, …以来 and …报道 also set
``date_kind``); headline and text are reduced from HTML to plain text; media addresses
go to ``links``. Text written as our own export writes it (a paragraph, a list of
figures, quotes with their ``<cite>`` source file) comes back as summary, figures and
sources wherever the cited file is beside the output to prove them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from timeline.importers.common import Draft, Notes, read_time, span_end
from timeline.importers.markup import blocks, media_links, plain_text
from timeline.model import MONTH_PARTS, YEAR_PARTS, precision_start
from timeline.text.shorten import shorten

__all__ = ["DATE_PARTS", "UNKEPT", "Slide", "Slides"]

#: Date parts of a TimelineJS date object, in order.
DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")
#: Slide fields a timeline event has no place for, by how a note names them.
UNKEPT = ("media credit", "media caption", "media thumbnail", "background")


class _Skip(Exception):
    """A slide that cannot be an event (a year outside 1-9999): noted, not imported."""


@dataclass
class Slide:
    """One slide, from either form: date parts as text, HTML as written."""

    line: int
    where: str = ""
    start: dict[str, str] = field(default_factory=dict)
    end: dict[str, str] = field(default_factory=dict)
    display: str = ""
    headline: str = ""
    text: str = ""
    media: str = ""
    group: str = ""
    kind: str = ""
    ident: str = ""
    tags: list[str] = field(default_factory=list)
    unkept: list[str] = field(default_factory=list)  # names of UNKEPT fields it fills


@dataclass
class Slides:
    """Turns slides into drafts, remembering the title and what could not be kept."""

    notes: Notes
    title: str = ""
    drafts: list[Draft] = field(default_factory=list)
    unkept: Counter[str] = field(default_factory=Counter)
    first_unkept: dict[str, int] = field(default_factory=dict)

    def add(self, slide: Slide) -> None:
        for name in slide.unkept:
            self.unkept[name] += 1
            self.first_unkept.setdefault(name, slide.line)
        if slide.kind == "title":
            self._title(slide)
            return
        if slide.kind not in ("", "era", "event"):
            self._note(slide, f"type '{shorten(slide.kind)}' is not title or era: read as an event")
        try:
            draft = self._draft(slide)
        except _Skip as exc:
            self._note(slide, f"{exc}: not imported")
            return
        except ValueError as exc:
            raise self.notes.error(slide.line, f"{slide.where}{exc}") from None
        self.drafts.append(draft)

    def _note(self, slide: Slide, what: str) -> None:
        self.notes.add(slide.line, f"{slide.where}{what}")

    def _title(self, slide: Slide) -> None:
        headline = _one_line(plain_text(slide.headline))
        if self.title:
            self._note(slide, f"a second title slide ('{shorten(headline)}') is not kept")
            return
        self.title = headline
        if plain_text(slide.text).strip() or slide.media.strip():
            self._note(
                slide, "the title slide's text and media are not kept: a header has a title only"
            )

    def _draft(self, slide: Slide) -> Draft:
        date, precision, time, seconds = _when(slide.start, "start")
        if seconds:
            self._note(slide, f"seconds are not kept: the time is {time}")
        summary, quotes, figures = _text(slide.text)
        title = _one_line(plain_text(slide.headline))
        if not title:
            title = _one_line(summary)[:40] or _one_line(plain_text(slide.display))
            title = title or date.isoformat()
            self._note(slide, f"no headline: titled '{shorten(title)}'")
        note = _one_line(plain_text(slide.display))
        part = _part(note, precision)
        if part:
            date, precision = precision_start(date.year, date.month, part), part
        draft = Draft(slide.line, date, title, precision, time, id=slide.ident.strip(),
                      summary=summary, quotes=quotes, figures=figures,
                      links=media_links(slide.media))  # fmt: skip
        self._end(slide, draft)
        draft.date_note = note
        draft.date_kind = _kind(note)
        group = _one_line(plain_text(plain_text(slide.group)))  # TimelineJS decodes it twice
        draft.tags = [*(["era"] if slide.kind == "era" else []), group, *slide.tags]
        return draft

    def _end(self, slide: Slide, draft: Draft) -> None:
        if not any(slide.end.get(p, "").strip() for p in DATE_PARTS):
            if slide.kind == "era":
                raise ValueError("an era needs an end date")
            return
        end, precision, time, _seconds = _when(slide.end, "end")
        last = span_end(end, precision)
        if time == "00:00" and precision == "day":
            last -= dt.timedelta(days=1)  # ends at midnight: the day before was the last
        elif time:
            self._note(slide, f"end time {time} is not kept: a span ends on a day")
        if last < draft.date:
            raise ValueError(f"the end {last} is before the start {draft.date}")
        draft.end = last

    def finish(self) -> None:
        """One note per slide field that had content a timeline has no place for."""
        for name in UNKEPT:
            if self.unkept[name]:
                count = self.unkept[name]
                self.notes.add(
                    self.first_unkept[name],
                    f"{name} of {count} slide{'s' * (count != 1)} (this the first) is not "
                    "kept: an event has no field for it",
                )


def _one_line(text: str) -> str:
    return " ".join(text.split())


_PARTS = re.compile(
    r"(?:截至)?\s*\d{1,4}\s*年\s*(?:\d{1,2}\s*月)?\s*(上旬|中旬|下旬|初|中|底)\s*(?:以来|报道)?"
)


def _part(display: str, precision: str) -> str:
    """The part of a month or year a display date names (2022年3月中旬, 2022年底), when the
    slide's date is dated to that month or year; else ""."""
    match = _PARTS.fullmatch(display)
    if not match or precision not in ("month", "year"):
        return ""
    part = match[1]
    if len(part) == 1:
        part = ("月" if precision == "month" else "年") + part
    return part if part in (MONTH_PARTS if precision == "month" else YEAR_PARTS) else ""


def _kind(display: str) -> str:
    """The date kind a display date states: 截至3月29日, 3月20日以来, 3月31日报道."""
    if display.startswith("截至"):
        return "as_of"
    if display.endswith("以来"):
        return "since"
    return "report" if display.endswith("报道") else "event"


def _number(parts: dict[str, str], name: str, what: str) -> int | None:
    """A whole number of a date part (2022, "2022", 2022.0 from a spreadsheet), or None."""
    text = parts.get(name, "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"{what} {name} '{shorten(text)}' is not a whole number")
    if number.adjusted() > 12:
        raise _Skip(f"{what} {name} {shorten(text)} is outside 1-9999")
    return int(number)


def _when(parts: dict[str, str], what: str) -> tuple[dt.date, str, str | None, bool]:
    """A TimelineJS date as (first day, precision, HH:MM or None, whether seconds were
    left out)."""
    year, month, day = (_number(parts, p, what) for p in ("year", "month", "day"))
    if year is None:
        raise ValueError(f"{what} date has no year")
    if not 1 <= year <= 9999:
        raise _Skip(f"{what} year {year} is outside 1-9999")
    if month is None and day is not None:
        raise ValueError(f"{what} date has a day but no month")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{what} month {month} is not 1-12")
    try:
        date = dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"{what} date {year}-{month}-{day} is not a real date") from None
    precision = "day" if day is not None else "month" if month is not None else "year"
    return (date, precision, *_clock(parts, what))


def _clock(parts: dict[str, str], what: str) -> tuple[str | None, bool]:
    if parts.get("time", "").strip():
        return read_time(parts["time"])
    hour, minute = _number(parts, "hour", what), _number(parts, "minute", what)
    if hour is None:
        return None, False
    if not 0 <= hour <= 23 or not 0 <= (minute or 0) <= 59:
        raise ValueError(f"{what} time {hour}:{minute or 0:02d} is not a time of day")
    seconds = parts.get("second", "").strip() not in ("", "0")
    return f"{hour:02d}:{minute or 0:02d}", seconds


def _text(markup: str) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    """Summary, quotes and figure lines of a slide's text. Only text shaped as our export
    writes it (a quote with its <cite>) is split; any other text is the summary whole."""
    found = blocks(markup)
    if not any(b.kind == "quote" and b.cite for b in found):
        return plain_text(markup), [], []
    paragraphs, quotes, figures = [], [], []
    for block in found:
        if block.kind == "quote" and block.cite:
            quotes.append((block.text, block.cite))
        elif block.kind == "li":
            label, _, text = block.text.rpartition(" ")
            figures.append((label, text))
        else:
            paragraphs.append(f"「{block.text}」" if block.kind == "quote" else block.text)
    return "\n\n".join(paragraphs), quotes, figures
