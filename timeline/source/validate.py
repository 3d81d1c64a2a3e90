"""Validation of a timeline document into records, collecting every problem with its place.

One validator serves the full loader (a whole document) and the streaming reader
(one event at a time), so both accept and refuse exactly the same files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from typing import Any

from timeline.model import Event, Figure, SeedSource, Source, Timeline
from timeline.source.schema import (
    DATE_KINDS,
    DEFAULT_TIMEZONE,
    EVENT_FIELDS,
    FIGURE_FIELDS,
    MAX_TEXT,
    SOURCE_FIELDS,
    TIME,
    TOP_LEVEL,
    Problem,
)
from timeline.source.yamlsafe import Map, Seq
from timeline.text.shorten import shorten

__all__ = ["Validator"]


class Validator:
    """Turns the loaded YAML document into records, collecting every problem."""

    def __init__(self, name: str, base_dir: str) -> None:
        self.name = name
        self.base_dir = base_dir
        self.problems: list[Problem] = []

    def _at(self, where: Map | None, key: str | None, message: str, known: Any = ()) -> None:
        """A problem at `key` of `where`; with the `known` names, the nearest as a hint."""
        line, col = (0, 0)
        if isinstance(where, Map):
            line, col = where.line, where.column
            if key is not None and key in where.marks:
                line, col, _ = where.marks[key]
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.7) if known else []
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.problems.append(Problem(self.name, line, col, message + hint))

    def timeline(self, doc: Any) -> tuple[Timeline, list[Problem]]:
        if doc is None:
            doc = Map()
        if isinstance(doc, list):
            header, raw_events = Map(), doc
        elif isinstance(doc, Map):
            unknown = sorted(str(k) for k in doc if k not in TOP_LEVEL)
            if unknown:
                self._at(doc, unknown[0], f"unknown top-level key '{shorten(unknown[0])}'")
            header = doc.get("timeline") or Map()
            raw_events = doc.get("events", [])
            if not isinstance(header, Map):
                self._at(doc, "timeline", "'timeline' must be a mapping")
                header = Map()
        else:
            self._at(None, None, "a timeline file must be a mapping with 'events:' or a list")
            return Timeline(self.name, ()), self.problems
        if not isinstance(raw_events, list):
            self._at(doc, "events", "'events' must be a list")
            raw_events = []
        marks = raw_events.marks if isinstance(raw_events, Seq) else []
        events = []
        for i, raw in enumerate(raw_events):
            event = self.event(raw, i, marks[i] if i < len(marks) else (0, 0))
            if event:
                events.append(event)
        self._check_unique(events)
        return self.header(header, tuple(events)), self.problems

    def header(self, header: Map, events: tuple[Event, ...] = ()) -> Timeline:
        """The `timeline:` header validated into a Timeline holding `events`."""
        return Timeline(
            path=self.name,
            events=events,
            title=self._text(header, "title", "timeline"),
            timezone=self._text(header, "timezone", "timeline") or DEFAULT_TIMEZONE,
            reference=self._date(header, "reference", "timeline"),
            sources=self._seed_sources(header),
            base_dir=self.base_dir,
        )

    def _check_unique(self, events: list[Event]) -> None:
        first: dict[str, Event] = {}
        for event in events:
            if event.id in first:
                msg = f"event '{event.id}': duplicate id (first at line {first[event.id].line})"
                self.problems.append(Problem(self.name, event.line, 1, msg))
            else:
                first[event.id] = event

    def _seed_sources(self, header: Map) -> tuple[SeedSource, ...]:
        raw = header.get("sources") or []
        if not isinstance(raw, list):
            self._at(header, "sources", "timeline: 'sources' must be a list")
            return ()
        out = []
        for item in raw:
            if not isinstance(item, Map) or not isinstance(item.get("file"), str):
                self._at(header, "sources", "timeline: each source needs a 'file'")
                continue
            out.append(
                SeedSource(
                    file=item["file"],
                    title=self._text(item, "title", "source"),
                    publisher=self._text(item, "publisher", "source"),
                    dateline=self._date(item, "dateline", "source"),
                    articles=self._texts(item, "articles", "source"),
                    url=self._text(item, "url", "source"),
                    sha256=self._sha256(item),
                    retrieved=self._date(item, "retrieved", "source"),
                )
            )
        return tuple(out)

    def _sha256(self, item: Map) -> str:
        value = self._text(item, "sha256", "source").strip().lower()
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            self._at(item, "sha256", f"source: sha256 '{shorten(value)}' is not 64 hex digits")
            return ""
        return value

    def event(self, raw: Any, index: int, where: tuple[int, int] = (0, 0)) -> Event | None:
        if not isinstance(raw, Map):
            message = f"events[{index}]: each event must be a mapping"
            self.problems.append(Problem(self.name, *where, message))
            return None
        ident = raw.get("id")
        if isinstance(ident, int) and not isinstance(ident, bool):
            ident = str(ident)
        if not isinstance(ident, str) or not ident.strip():
            self._at(raw, "id", f"events[{index}]: 'id' is required (a short unique name)")
            return None
        who = f"event '{shorten(ident)}'"
        for key in raw:
            if key not in EVENT_FIELDS:
                self._at(raw, key, f"{who}: unknown field '{shorten(key)}'", EVENT_FIELDS)
        date = self._date(raw, "date", who, required=True)
        title = self._text(raw, "title", who, required=True)
        end = self._date(raw, "end", who)
        if date and end and end < date:
            self._at(raw, "end", f"{who}: end {end} is before date {date}")
        kind = self._text(raw, "date_kind", who) or "event"
        if kind not in DATE_KINDS:
            self._at(
                raw,
                "date_kind",
                f"{who}: date_kind '{shorten(kind)}' is not one of {', '.join(DATE_KINDS)}",
            )
        sources = self._event_sources(raw, who)
        if date is None or not title:
            return None
        return Event(
            id=ident,
            date=date,
            title=title,
            time=self._time(raw, who),
            end=end,
            summary=self._text(raw, "summary", who),
            tags=self._texts(raw, "tags", who),
            people=self._texts(raw, "people", who),
            orgs=self._texts(raw, "orgs", who),
            places=self._texts(raw, "places", who),
            figures=self._figures(raw, who, len(sources)),
            sources=sources,
            date_kind=kind,
            date_note=self._text(raw, "date_note", who),
            aliases=self._texts(raw, "aliases", who),
            line=raw.line,
        )

    def _text(self, raw: Map, key: str, who: str, required: bool = False) -> str:
        value = raw.get(key)
        if value is None:
            if required:
                self._at(raw, None, f"{who}: '{key}' is required")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self._at(raw, key, f"{who}: '{key}' must be text")
            return ""
        if len(value) > MAX_TEXT:
            size = f"{len(value):,} characters; {MAX_TEXT:,} at most"
            self._at(raw, key, f"{who}: '{key}' is too long ({size})")
            return ""
        if required and not value.strip():
            self._at(raw, key, f"{who}: '{key}' must not be empty")
        return value

    def _texts(self, raw: Map, key: str, who: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if isinstance(value, str):  # `tags: 医疗, 救治` is one string: never a silent list
            items = ", ".join(p.strip() for p in re.split(r"[,，、;；]", value) if p.strip())
            self._at(raw, key, f"{who}: '{key}' must be a list, as {key}: [{shorten(items)}]")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self._at(raw, key, f"{who}: '{key}' must be a list of text")
            return ()
        if any(len(str(v)) > MAX_TEXT for v in value):
            self._at(raw, key, f"{who}: an item of '{key}' is longer than {MAX_TEXT:,} characters")
            return ()
        return tuple(str(v) for v in value)

    def _date(self, raw: Map, key: str, who: str, required: bool = False) -> dt.date | None:
        value = raw.get(key)
        if value is None:
            if required:
                self._at(raw, None, f"{who}: '{key}' is required (YYYY-MM-DD)")
            return None
        text = str(value).strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                self._at(raw, key, f"{who}: {key} '{text}' is not a real date")
            else:
                shown = shorten(text)
                self._at(raw, key, f"{who}: {key} '{shown}' is not an ISO date (YYYY-MM-DD)")
            return None

    def _time(self, raw: Map, who: str) -> str | None:
        value = raw.get("time")
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            written = shorten(raw.marks.get("time", (0, 0, None))[2] or value)
            # The advice is a time the loader accepts: two-digit hours, no seconds.
            hm = re.fullmatch(r"(\d{1,2}):([0-5]\d)(?::[0-5]\d)?", str(written))
            fix = f"{int(hm[1]):02d}:{hm[2]}" if hm and int(hm[1]) < 24 else "HH:MM"
            self._at(
                raw,
                "time",
                f'{who}: time {written} must be quoted, as time: "{fix}" '
                f"(unquoted, YAML reads it as the number {value})",
            )
            return None
        text = str(value).strip()
        if not TIME.match(text):
            self._at(raw, "time", f"{who}: time '{shorten(text)}' is not a real HH:MM time")
            return None
        return text

    def _figures(self, raw: Map, who: str, sources: int) -> tuple[Figure, ...]:
        value = raw.get("figures")
        if value is None:
            return ()
        if not isinstance(value, list):
            self._at(raw, "figures", f"{who}: 'figures' must be a list")
            return ()
        out = []
        for i, item in enumerate(value):
            where = f"{who}: figures[{i}]"
            if not isinstance(item, Map):
                self._at(raw, "figures", f"{where} must be a mapping with 'text'")
                continue
            for key in item:
                if key not in FIGURE_FIELDS:
                    self._at(item, key, f"{where}: unknown field '{shorten(key)}'", FIGURE_FIELDS)
            text = self._text(item, "text", where, required=True)
            number = self._number(item, "value", where)
            high = self._number(item, "high", where)
            if number is not None and high is not None and high < number:
                self._at(item, "high", f"{where}: high {high} is below value {number}")
            approx = item.get("approx", False)
            if not isinstance(approx, bool):
                self._at(item, "approx", f"{where}: approx must be true or false")
                approx = False
            unit, label = self._text(item, "unit", where), self._text(item, "label", where)
            source = self._figure_source(item, where, sources)
            out.append(Figure(text, number, unit, label, approx, source, high))
        return tuple(out)

    def _number(self, item: Map, key: str, where: str) -> int | Decimal | None:
        """A figure's exact value: a whole number stays an int; a decimal is read from the
        text as written (``48.6``), never through a binary float."""
        value = item.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, float):
            raw = item.marks.get(key, (0, 0, None))[2]
            written = str(raw).replace("_", "") if raw is not None else repr(value)
            try:
                exact = Decimal(written)
            except ArithmeticError:
                exact = None
            if exact is not None and exact.is_finite():
                return int(exact) if exact == exact.to_integral_value() else exact
        self._at(item, key, f"{where}: {key} must be a number such as 1528 or 48.6")
        return None

    def _figure_source(self, item: Map, where: str, sources: int) -> int:
        """Which of the event's sources reports the figure: 1 (the first) unless it says."""
        value = item.get("source", 1)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 1 <= value <= max(1, sources)
        ):
            count = f"1 to {sources}" if sources > 1 else "1"
            self._at(item, "source", f"{where}: source must be a source number ({count})")
            return 1
        return value

    def _one_source(self, value: Any, where: Map, key: str, who: str, name: str) -> Source | None:
        if not isinstance(value, Map):
            self._at(where, key, f"{who}: {name} must be a mapping with file and quote")
            return None
        who = f"{who}: {name.strip(chr(39))}"
        for field in value:
            if field not in SOURCE_FIELDS:
                self._at(value, field, f"{who}: unknown field '{shorten(field)}'", SOURCE_FIELDS)
        file = self._text(value, "file", who, required=True)
        quote = self._text(value, "quote", who, required=True)
        return Source(file=file, quote=quote) if file and quote else None

    def _event_sources(self, raw: Map, who: str) -> tuple[Source, ...]:
        """`source:` (one) or `sources:` (a list of one or more), never both."""
        if "source" in raw and "sources" in raw:
            self._at(raw, "sources", f"{who}: give 'source' or 'sources', not both")
            return ()
        if "source" in raw:
            one = self._one_source(raw["source"], raw, "source", who, "'source'")
            return (one,) if one else ()
        value = raw.get("sources")
        if value is None:
            return ()
        if not isinstance(value, list) or not value:
            self._at(raw, "sources", f"{who}: 'sources' must be a list of file and quote")
            return ()
        found = [
            self._one_source(item, raw, "sources", who, f"sources[{i + 1}]")
            for i, item in enumerate(value)
        ]
        return tuple(s for s in found if s)
