"""`timeline sources`: what each source backs, and the days it mentions that no event covers.

One row per source of the header, then per file an event cites that the header does not
list: its title, publisher and dateline, the events citing it, and the first and last day
they cover. With ``--uncovered``, each source's text is read the way ``timeline extract``
reads it (:func:`timeline.extract.extract`) and every full day it mentions is kept that no
event citing the source covers (its date, or a day of its date..end span): the gaps a
curator has not yet filled. Mentions of a month or a year alone (``2020年3月``) name no day
and are left out.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from timeline.cite import read_seed, seed_path
from timeline.errors import DataError
from timeline.model import Event, Timeline

__all__ = ["SourceRow", "Uncovered", "source_rows", "uncovered"]


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source with the events that cite it. `listed`: it is in the header."""

    file: str
    title: str = ""
    publisher: str = ""
    dateline: dt.date | None = None
    events: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    listed: bool = True

    def record(self) -> dict[str, object]:
        return {
            "file": self.file,
            "title": self.title,
            "publisher": self.publisher,
            "dateline": self.dateline.isoformat() if self.dateline else None,
            "events": self.events,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "listed": self.listed,
        }


@dataclass(frozen=True, slots=True)
class Uncovered:
    """A day a source mentions that no event citing it covers, where it is first mentioned
    (as written, at a character offset and line) and how many times."""

    file: str
    date: dt.date
    text: str
    offset: int
    line: int
    mentions: int

    def record(self) -> dict[str, object]:
        return {
            "file": self.file,
            "date": self.date.isoformat(),
            "text": self.text,
            "offset": self.offset,
            "line": self.line,
            "mentions": self.mentions,
        }


def same_file(path: str) -> str:
    """A cited path as one key: ``./texts/a.txt`` and ``texts/a.txt`` are one source."""
    return posixpath.normpath(path.replace("\\", "/"))


def _citing(events: Iterable[Event]) -> dict[str, list[Event]]:
    """The events citing each file (an event citing a file twice counts once)."""
    out: dict[str, list[Event]] = {}
    for event in events:
        for file in dict.fromkeys(same_file(s.file) for s in event.sources):
            out.setdefault(file, []).append(event)
    return out


def source_rows(timeline: Timeline) -> list[SourceRow]:
    """The header's sources in its order, then the files cited but not listed, by name."""
    citing = _citing(timeline.events)
    rows = []
    seen: set[str] = set()
    for seed in timeline.sources:
        key = same_file(seed.file)
        events = citing.get(key, []) if key not in seen else []
        seen.add(key)
        rows.append(SourceRow(seed.file, seed.title, seed.publisher, seed.dateline, *_span(events)))
    for key in sorted(set(citing) - seen):
        rows.append(SourceRow(key, "", "", None, *_span(citing[key]), listed=False))
    return rows


def _span(events: Sequence[Event]) -> tuple[int, dt.date | None, dt.date | None]:
    if not events:
        return 0, None, None
    return len(events), min(e.date for e in events), max(e.last_day for e in events)


def _mentioned_days(
    text: str, reference: dt.date | None, name: str
) -> list[tuple[dt.date, str, int]]:
    """Every full day the text mentions, as (day, text as written, offset), in text order."""
    from timeline.extract import extract  # the extract engine: only --uncovered needs it

    days = []
    for mention in extract(text, reference, name=name):
        if mention.kind != "date" or not mention.date:
            continue
        try:
            day = dt.date.fromisoformat(mention.date)
        except ValueError:  # a month or a year alone: no day to cover
            continue
        days.append((day, mention.text, mention.offset))
    return days


def _covered(events: Iterable[Event]) -> set[dt.date]:
    days: set[dt.date] = set()
    for event in events:
        day = event.date
        while day <= event.last_day and len(days) < 100_000:
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def uncovered(timeline: Timeline, reference: dt.date | None = None) -> list[Uncovered]:
    """For each source (as :func:`source_rows` lists them), the days its text mentions that
    no event citing it covers. A source's dateline completes year-less dates, else
    `reference` (the timeline's). A source text that cannot be read is a DataError."""
    citing = _citing(timeline.events)
    datelines = {same_file(s.file): s.dateline for s in timeline.sources}
    out = []
    for row in source_rows(timeline):
        key = same_file(row.file)
        path = seed_path(timeline, row.file)
        text = read_seed(path)
        if text is None:
            raise DataError(f"source '{row.file}' cannot be read (looked in {path})")
        covered = _covered(citing.get(key, []))
        found: dict[dt.date, Uncovered] = {}
        days = _mentioned_days(text, datelines.get(key) or reference, row.file)
        for day, written, offset in days:
            if day in covered:
                continue
            if day in found:
                found[day] = replace(found[day], mentions=found[day].mentions + 1)
            else:
                line = text.count("\n", 0, offset) + 1
                found[day] = Uncovered(row.file, day, written, offset, line, 1)
        out.extend(sorted(found.values(), key=lambda u: u.date))
    return out
