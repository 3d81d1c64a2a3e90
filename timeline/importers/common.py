"""What every importer shares: the event being built, notes by line, dates, ids, limits.

An importer reads its format into :class:`Draft` events (mutable, positioned by line)
and hands them to :func:`finish`, which gives the ids, turns quotes into sources only
where ``check`` can prove them, enforces the schema's limits and returns a
:class:`timeline.model.Timeline` that :func:`timeline.source.write.dump_timeline` writes.
Bad input raises :class:`timeline.errors.DataError` naming ``file:line``; what a format
has that a timeline cannot hold is a note (``file:line: what``), never dropped unsaid.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from timeline.errors import DataError, DateError
from timeline.importers.proof import Proof, proved
from timeline.model import Event, Timeline, date_text, precision_span
from timeline.source.schema import MAX_TEXT, read_event_date
from timeline.text.shorten import shorten

__all__ = [
    "CSV_FIELD_LIMIT",
    "Draft",
    "Notes",
    "csv_rows",
    "finish",
    "read_date",
    "read_time",
    "span_end",
    "stable_id",
]

#: Longest CSV field read: generous for HTML around a text of MAX_TEXT characters.
CSV_FIELD_LIMIT = 8 * MAX_TEXT
#: 9:05, 09:05:30, 9:05 PM, 14时30分, 8点.
_CLOCK = re.compile(
    r"(?P<h>\d{1,2})\s*(?:[:：时点]\s*(?P<m>\d{1,2})?\s*分?(?:\s*[:：]\s*(?P<s>\d{1,2}(?:\.\d+)?))?)"
    r"\s*(?P<ampm>[AaPp]\.?\s*[Mm]\.?)?"
)


@dataclass
class Notes:
    """What an import could not keep, one ``file:line: what`` line each, in input order."""

    name: str
    lines: list[str] = field(default_factory=list)

    def add(self, line: int, what: str) -> None:
        self.lines.append(f"{self.name}:{line}: {what}" if line else f"{self.name}: {what}")

    def error(self, line: int, what: str) -> DataError:
        """The error that stops an import: one line naming the file and line."""
        return DataError(f"{self.name}:{line}: {what}" if line else f"{self.name}: {what}")


@dataclass
class Draft:
    """An event as read, before ids, sources and limits. `quotes` are (quote, file) pairs
    and `figures` (label, text) pairs: kept as sources and figures where provable."""

    line: int
    date: dt.date
    title: str
    precision: str = "day"
    time: str | None = None
    end: dt.date | None = None
    id: str = ""
    summary: str = ""
    date_kind: str = "event"
    date_note: str = ""
    tags: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def days(self) -> str:
        """The date as written in a timeline file, for notes."""
        return date_text(self.date, self.precision)


# ---------------------------------------------------------------- dates and times


def read_date(text: str) -> tuple[dt.date, str, dt.date | None]:
    """A date as timeline files write it (2022-03-20, 2022-03, 2022, 2022-03 中旬) or as
    people type it (2022/3/20, 2022年3月20日, March 2022, a range 3月20日至22日 with its
    year): its first day, precision, and the last day of a range (else None).

    >>> read_date("2022年3月"), read_date("2022-03-20")[1:]
    ((datetime.date(2022, 3, 1), 'month', None), ('day', None))
    >>> read_date("2022年3月20日至22日")[2]
    datetime.date(2022, 3, 22)

    Raises ValueError with what is wrong.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    try:
        return (*read_event_date(text), None)
    except ValueError as exc:
        if re.fullmatch(r"\d{4}(?:-\d\d){0,2}", text):
            raise ValueError(str(exc)) from None
    from timeline.text.dates import parse_span  # cn2an and dateutil load only when needed

    try:
        span = parse_span(text)
    except DateError as exc:
        raise ValueError(str(exc)) from None
    for precision in ("day", "month", "year"):
        if precision_span(span.start, precision) == (span.start, span.end):
            return span.start, precision, None
    return span.start, "day", span.end


def span_end(date: dt.date, precision: str) -> dt.date:
    """The last day of a period used as an inclusive end (2022-04 ends on 30 April)."""
    return precision_span(date, precision)[1]


def read_time(text: str) -> tuple[str, bool]:
    """A clock time as HH:MM, and whether seconds other than :00 were left out.

    >>> read_time("9:05"), read_time("9:05:30 PM"), read_time("14时30分")
    (('09:05', False), ('21:05', True), ('14:30', False))

    Raises ValueError for what is no time of day.
    """
    match = _CLOCK.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if not match:
        raise ValueError(f"'{shorten(text)}' is not a time of day (HH:MM)")
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"'{shorten(text)}' is not a 12-hour time")
        hour = hour % 12 + (12 if match["ampm"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or float(match["s"] or 0) >= 60:
        raise ValueError(f"'{shorten(text)}' is not a real time of day")
    return f"{hour:02d}:{minute:02d}", float(match["s"] or 0) != 0


# ---------------------------------------------------------------- ids


def stable_id(title: str, date: dt.date, precision: str) -> str:
    """An id made from the event's date and title, as the shipped ids are written
    (``urgent-notice-2022-03-20``): the title's words when it is mostly Latin letters,
    else ``event-DATE-`` and six hex digits of the title's hash. Same input, same id.

    >>> stable_id("Party founded in Shanghai!", dt.date(1921, 7, 23), "day")
    'party-founded-in-shanghai-1921-07-23'
    >>> stable_id("唐山市发布通知", dt.date(2022, 3, 20), "day")
    'event-2022-03-20-b312fb'
    """
    when = {"day": date.isoformat(), "year": f"{date.year:04d}"}.get(
        precision, f"{date.year:04d}-{date.month:02d}"
    )
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    latin = sum(len(w) for w in words)
    if words and latin * 2 >= len(re.sub(r"\s", "", title)):
        slug = ""
        for word in words:
            if slug and len(slug) + len(word) + 1 > 40:
                break
            slug = f"{slug}-{word}" if slug else word[:40]
        return f"{slug}-{when}"
    digest = hashlib.blake2s(title.encode("utf-8"), digest_size=3).hexdigest()
    return f"event-{when}-{digest}"


def _give_ids(drafts: list[Draft], notes: Notes) -> None:
    """Kept ids stay (a repeated one gets -2, -3, with a note); the rest are made from the
    date and title, with -2, -3 where two would be the same."""
    taken: set[str] = set()
    for draft in drafts:
        if draft.id:
            kept = _free(draft.id, taken)
            if kept != draft.id:
                notes.add(draft.line, f"id '{shorten(draft.id)}' is used before; written as {kept}")
            draft.id = kept
            taken.add(kept)
    for draft in drafts:
        if not draft.id:
            draft.id = _free(stable_id(draft.title, draft.date, draft.precision), taken)
            taken.add(draft.id)


def _free(ident: str, taken: set[str]) -> str:
    number, candidate = 1, ident
    while candidate in taken:
        number += 1
        candidate = f"{ident}-{number}"
    return candidate


# ---------------------------------------------------------------- the timeline


_TEXT_FIELDS = ("id", "title", "summary", "date_note")
_LIST_FIELDS = ("tags", "people", "orgs", "places", "links")


def _check_sizes(draft: Draft, notes: Notes) -> None:
    """The schema's limit on one text (MAX_TEXT characters), refused as the loader would."""
    for name in _TEXT_FIELDS:
        value = getattr(draft, name)
        if len(value) > MAX_TEXT:
            raise notes.error(
                draft.line, f"{name} is {len(value):,} characters; {MAX_TEXT:,} at most"
            )
    for name in _LIST_FIELDS:
        if any(len(v) > MAX_TEXT for v in getattr(draft, name)):
            raise notes.error(draft.line, f"an item of {name} is over {MAX_TEXT:,} characters")
    for quote, file in draft.quotes:
        if len(quote) > MAX_TEXT or len(file) > MAX_TEXT:
            raise notes.error(draft.line, f"a quote is over {MAX_TEXT:,} characters")


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.strip() for i in items if i.strip()))


def finish(drafts: list[Draft], notes: Notes, title: str = "", base: str = "") -> Timeline:
    """The events with ids, proved sources and figures, in date order, in a timeline
    titled `title`. `base` is the folder the timeline will be written in."""
    _give_ids(drafts, notes)
    proof, as_text = Proof(base), 0
    events = []
    for draft in drafts:
        if draft.time and draft.precision != "day":
            notes.add(draft.line, f"time {draft.time} is not kept: the date names no day")
        if draft.end is not None and draft.end <= draft.date:
            draft.end = None  # a span of one day, or none: the loader refuses end < date
        _check_sizes(draft, notes)
        found = proved(draft.summary, draft.quotes, draft.figures, proof)
        as_text, draft.summary = as_text + found.as_text, found.summary
        _check_sizes(draft, notes)  # the summary, with what could not be proved
        events.append(
            Event(
                id=draft.id, date=draft.date, title=draft.title, precision=draft.precision,
                time=draft.time if draft.precision == "day" else None, end=draft.end,
                summary=draft.summary, date_kind=draft.date_kind, date_note=draft.date_note,
                tags=_unique(draft.tags), people=_unique(draft.people),
                orgs=_unique(draft.orgs), places=_unique(draft.places),
                links=_unique(draft.links), sources=found.sources, figures=found.figures,
                line=draft.line,
            )
        )  # fmt: skip
    if as_text:
        notes.add(
            0,
            f"{as_text} quote{'s' * (as_text != 1)} kept in the summary as text: the file "
            "it cites is not beside the output (or does not hold it), so `check` could not "
            "prove it",
        )
    if len(title) > MAX_TEXT:
        raise notes.error(0, f"the title is {len(title):,} characters; {MAX_TEXT:,} at most")
    events.sort(key=lambda e: e.sort_key)
    return Timeline(path="", events=tuple(events), title=title.strip())


# ---------------------------------------------------------------- CSV


def csv_rows(text: str, notes: Notes, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Each non-empty row with the line it starts on. A field may be as long as
    CSV_FIELD_LIMIT; a longer one, or broken quoting, is an error naming its line."""
    previous = csv.field_size_limit()
    csv.field_size_limit(min(CSV_FIELD_LIMIT, sys.maxsize))
    # Rows end only at CR, LF or CRLF (the csv module's rule); U+2028 inside a field stays.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        line = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        what = str(exc)
        if "field larger than field limit" in what:
            what = f"a field is longer than {CSV_FIELD_LIMIT:,} characters"
        raise notes.error(reader.line_num or 1, f"cannot read CSV: {what}") from None
    finally:
        csv.field_size_limit(previous)
