"""Validation of a timeline document into records, collecting every problem with its place.

One validator serves the full loader (a whole document) and the streaming reader
(one event at a time), so both accept and refuse exactly the same files.
"""

from __future__ import annotations

from typing import Any

from timeline.model import Event, Figure, SeedSource, Source, Timeline
from timeline.source.fields import FieldReader
from timeline.source.schema import (
    DATE_KINDS,
    DEFAULT_TIMEZONE,
    EVENT_FIELDS,
    FIGURE_FIELDS,
    SOURCE_FIELDS,
    TOP_LEVEL,
    Problem,
)
from timeline.source.yamlsafe import Map, Seq
from timeline.text.shorten import shorten

__all__ = ["Validator"]


class Validator(FieldReader):
    """Turns the loaded YAML document into records, collecting every problem."""

    def __init__(self, name: str, base_dir: str) -> None:
        super().__init__(name)
        self.base_dir = base_dir

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
        date, precision = self._event_date(raw, who)
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
            time=self._time(raw, who, precision),
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
            precision=precision,
            links=self._texts(raw, "links", who),
            line=raw.line,
        )

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
