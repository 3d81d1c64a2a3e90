"""markwhen text (https://markwhen.com) as timeline events.

Read: the header (between ``---`` lines, or the lines before the first event) for its
``title:``; events ``DATE: title`` with ISO dates (``2022-03-20``, ``2022-03``,
``2022``, ``2022-03-20T09:30``) and ranges (``2022-03-20/2022-03-22``,
``2022-03 - 2022-04``; the end is inclusive to its own precision, so ``2022-03`` ends
on 31 March); ``#tags`` anywhere in an event; the lines under an event as its summary
(an ``id: NAME`` line right under it as its id); ``group NAME`` … ``endGroup`` and
``section NAME`` … ``endSection`` as tags of the events inside (nested ones too);
``//`` comments. Everything else markwhen can say (relative dates such as ``now`` or
``after !id 3 days``, American dates, durations, recurrence, page breaks) is reported
on its line and not imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from timeline.importers.common import Draft, Notes, span_end
from timeline.source.schema import read_event_date
from timeline.text.shorten import shorten

__all__ = ["Markwhen", "looks_like_markwhen", "read_markwhen"]

_DAY = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_CLOCK = (
    r"T(?P<{0}h>\d{{2}}):(?P<{0}m>\d{{2}})(?::(?P<{0}s>\d{{2}}(?:\.\d+)?))?"
    r"(?P<{0}z>Z|[+-]\d{{2}}:?\d{{2}})?"
)
_EVENT = re.compile(
    rf"\s*(?P<a>{_DAY})(?:{_CLOCK.format('a')})?"
    rf"(?:\s*/\s*|\s+(?:-|–|—|to)\s+)?(?P<b>(?<=[/\s]){_DAY})?(?:{_CLOCK.format('b')})?"
    r"\s*:\s*(?P<title>.*?)\s*"
)
#: A line markwhen might read as an event that this reader cannot: noted, not guessed.
_DATELIKE = re.compile(
    r"\s*(?:\d|now\b|today\b|(?:after|before|by)\s|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]*\.?\s+\d)[^:]{0,80}:(?:\s|$)",
    re.IGNORECASE,
)
_TAG = re.compile(r"(?<!\S)#([\w-]+)")
_OPEN = re.compile(r"\s*(group|section)\b\s*(.*)", re.IGNORECASE)
_CLOSE = re.compile(r"\s*end\s*(group|section)\s*", re.IGNORECASE)
_HEADER_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*)")
_ID = re.compile(r"\s*id\s*:\s*(\S+)\s*")


def looks_like_markwhen(text: str) -> bool:
    """Whether a text reads as markwhen: an ISO event line (``2022-03-20: …``) near the top."""
    for line in text.splitlines()[:200]:
        match = _EVENT.fullmatch(line)
        if match and match["title"]:
            return True
    return False


@dataclass
class Markwhen:
    """The reader's state: the title, open groups and sections, the event being read."""

    notes: Notes
    title: str = ""
    drafts: list[Draft] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)
    current: Draft | None = None
    skipping: bool = False
    body: list[str] = field(default_factory=list)
    in_header: bool = True

    def header(self, number: int, line: str) -> bool:
        """A header line (title, tag colours, settings): True when it was one."""
        match = _HEADER_KEY.fullmatch(line.strip())
        if line.strip().startswith("#") and ":" in line:
            return True  # a tag's colour (#Project1: #d336b1): presentation only
        if not match:
            return False
        key, value = match[1].lower(), match[2].strip()
        if key == "title" and not self.title:
            self.title = value
        else:
            self.notes.add(number, f"header '{shorten(key)}' is not imported")
        return True

    def close_event(self) -> None:
        if self.current is not None:
            while self.body and not self.body[-1].strip():
                self.body.pop()
            while self.body and not self.body[0].strip():
                self.body.pop(0)
            self.current.summary = "\n".join(self.body)
            for line in self.body:
                self.current.tags.extend(_TAG.findall(line))
            self.drafts.append(self.current)
        self.current, self.skipping, self.body = None, False, []

    def line(self, number: int, line: str) -> None:
        stripped = line.strip()
        if stripped.startswith("//"):
            return
        event = _EVENT.fullmatch(line)
        if event:
            self.close_event()
            self.in_header = False
            self.event(number, event)
        elif _CLOSE.fullmatch(line):
            self.close_event()
            if self.groups:
                self.groups.pop()
            else:
                self.notes.add(number, f"'{stripped}' closes nothing")
        elif _OPEN.fullmatch(line) and (stripped.split()[0].lower() in ("group", "section")):
            self.close_event()
            self.in_header = False
            self.open(line)
        elif stripped == "_-_-_break_-_-_":
            self.close_event()
            self.notes.add(number, "a page break is not supported: the pages are read as one")
        elif _DATELIKE.match(line):
            self.close_event()
            self.in_header = False
            when = shorten(stripped.split(":")[0] if ":" in stripped else stripped)
            self.notes.add(
                number,
                f"date '{when}' is not supported (ISO dates and ranges only): event not imported",
            )
            self.skipping = True
        else:
            self.text(number, line)

    def text(self, number: int, line: str) -> None:
        if self.current is not None:
            match = _ID.fullmatch(line) if not self.body and not self.current.id else None
            if match:
                self.current.id = match[1]
            else:
                self.body.append(line.rstrip())
        elif self.skipping or not line.strip():
            return
        elif not (self.in_header and self.header(number, line)):
            self.notes.add(
                number, f"text outside any event is not imported: '{shorten(line.strip())}'"
            )

    def open(self, line: str) -> None:
        match = _OPEN.fullmatch(line)
        assert match is not None
        name = _TAG.sub("", match[2]).strip()
        self.groups.append([t for t in (name, *_TAG.findall(match[2])) if t])

    def event(self, number: int, m: re.Match[str]) -> None:
        title = " ".join(_TAG.sub("", m["title"] or "").split())
        if not title:
            raise self.notes.error(number, "an event needs a title after its date and colon")
        try:
            date, precision = read_event_date(m["a"])
            end = None
            if m["b"]:
                last, last_precision = read_event_date(m["b"])
                end = span_end(last, last_precision)
        except ValueError as exc:
            raise self.notes.error(number, f"date {exc}") from None
        if end is not None and end < date:
            raise self.notes.error(number, f"the range ends ({end}) before it starts ({date})")
        draft = Draft(number, date, title, precision, end=end)
        draft.time = self._clock(number, m, "a")
        if self._clock(number, m, "b") not in (None, "00:00"):
            self.notes.add(number, "the end's time is not kept: a range ends on a day")
        draft.tags = [*(t for group in self.groups for t in group), *_TAG.findall(m["title"] or "")]
        self.current = draft

    def _clock(self, number: int, m: re.Match[str], side: str) -> str | None:
        if m[f"{side}h"] is None:
            return None
        hour, minute = int(m[f"{side}h"]), int(m[f"{side}m"])
        if hour > 23 or minute > 59:
            raise self.notes.error(number, f"{hour:02d}:{minute:02d} is not a time of day")
        if side == "a" and m["as"] and float(m["as"]) != 0:
            self.notes.add(number, "seconds are not kept: a time is HH:MM")
        if side == "a" and m["az"]:
            self.notes.add(number, f"time zone {m['az']} is not kept: times are wall-clock times")
        return f"{hour:02d}:{minute:02d}"


def read_markwhen(text: str, notes: Notes) -> Markwhen:
    """The events and title of a markwhen text."""
    reader = Markwhen(notes)
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), None)
        if end is None:
            raise notes.error(1, "the header's '---' is never closed")
        for number in range(1, end):
            line = lines[number].rstrip("\r")
            if line.strip() and not line[0].isspace() and not line.strip().startswith("//"):
                reader.header(number + 1, line)
        start = end + 1
    for number in range(start, len(lines)):
        reader.line(number + 1, lines[number].rstrip("\r"))
    reader.close_event()
    return reader
