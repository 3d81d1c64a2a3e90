"""What a reader of one text knows while it goes: the reference, the last day named, the
year its sentence wrote, the holiday it last read; :class:`~timeline.extract.atoms.AtomReader`
reads each date with it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from timeline.extract.events import YearUnknown, refusal
from timeline.extract.layout import Layout

__all__ = ["Reading", "ReaderState"]

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


class ReaderState:
    """The narrative context of one text, kept while its dates are read in order."""

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
        self.written: tuple[int, dt.date] | None = None  # (end, day) of the last date written
        #: The day a year was said with (明年元旦): the sentence's year-less days are near it.
        self.said_on: dt.date | None = None

    def reference(self) -> dt.date:
        """The reference date, or the UsageError saying how to give one."""
        if self.ref is None:
            raise YearUnknown(refusal(self.name))
        return self.ref

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

    def year_reference(self) -> tuple[dt.date, bool]:
        """What a year-less date is read against (the dateline, or a chronicle's last day),
        and whether a day just ahead of it is the coming one (not in a chronicle)."""
        ref = self.reference()
        if self.chronicle is not None and self.chronicle < ref:
            return self.chronicle, False
        return ref, True

    def _clause_start(self, offset: int) -> bool:
        return offset == 0 or self.text[offset - 1] in "，,。；;：:\n"

    def _say(self, offset: int, year: int, on: dt.date | None = None) -> None:
        """A year written alone (今年春运…) or with a holiday (今年除夕) is the year of the rest
        of its sentence, unless it only compares (较去年同期); a full date (2024年12月30日)
        is not."""
        if not _COMPARED.match(self.text, offset):
            self.said, self.said_on = (self.layout.sentence(offset)[0], year), on
