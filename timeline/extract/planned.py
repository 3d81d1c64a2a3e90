"""Which year a year-less date of a report is in: the last such day, or the coming one.

:func:`timeline.text.calendar_rules.complete_year` is the one rule (shared with
``timeline on``): the latest such day on or before the dateline, or, for a date the text
marks as planned, the earliest on or after it. What counts as planned in running text is
decided here:

* a word before the date in its sentence (预计, 将于, 拟于, 定于 …), or 将…到 right before
  it (本届旅游节将持续到5月5日, not the 将 of 将比国庆节略有下降);
* a word after the date in its clause (5月23日至25日可能发生余震, 中秋节假期临近);
* a holiday that is the time of its sentence, also 将 or 计划 later in it
  (元宵节过后，入境处将公布…);
* or its place: a day at most :data:`PLANNED_AHEAD` (a month) after the dateline. A
  report can only announce such a day (由2月12日起 in a text of 2月10日, 元宵节 two days
  on, a holiday's toll-free days two weeks on); read as the last one it would be eleven
  months old, and a report writes such a day with its year (去年3月5日). A chronicle of a
  past year (2023年大事记) has no such window: its days are all of that year.

>>> import datetime as dt
>>> year_of(2, 12, dt.date(2025, 2, 10), False), year_of(6, 5, dt.date(2024, 4, 16), False)
((2025, True), (2023, False))
>>> year_of(5, 5, dt.date(2024, 4, 16), True), year_of(1, 3, dt.date(2023, 12, 28), False)
((2024, True), (2024, True))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from timeline.extract.patterns import PLANNED, PLANNED_AFTER, PLANNED_CLAUSE, PLANNED_LATER
from timeline.text.calendar_rules import complete_year, latest_or_next

__all__ = ["PLANNED_AHEAD", "coming_day", "frames_a_plan", "marked_planned", "year_of"]

#: How far after the dateline an unmarked year-less day is still the coming one.
PLANNED_AHEAD = dt.timedelta(days=31)

#: A holiday as the time of its sentence: 春节期间, 元宵节过后, 国庆假期前, then a comma.
_FRAME = re.compile(
    r"(?:假期|长假|小长假|黄金周)?(?:期间|前后|过后|以后|之后|后|以前|之前|前|当天|当日)?[，,]"
)
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def frames_a_plan(text: str, start: int, end: int) -> bool:
    """A holiday that is the time of its sentence, which says 将 or 计划: the coming one
    (元宵节过后，入境处将公布…; 元宵节前后，…，铁路部门计划加开…; not the compared
    国庆节 of 将比国庆节略有下降，春运将于…)."""
    frame = _FRAME.match(text, end)
    if frame is None or (start > 0 and text[start - 1] not in "，,。；;：:\n在于从"):
        return False
    stop = _SENTENCE_END.search(text, frame.end())
    return PLANNED_LATER.search(text, frame.end(), stop.start() if stop else len(text)) is not None


def marked_planned(text: str, sentence_start: int, start: int, end: int) -> bool:
    """Whether the words around ``text[start:end]`` mark the date as planned."""
    if PLANNED.search(text, sentence_start, start) or PLANNED_AFTER.match(text, end):
        return True
    return PLANNED_CLAUSE.search(text, max(sentence_start, start - 8), start) is not None


def _just_ahead(day: dt.date, reference: dt.date) -> bool:
    return dt.timedelta(0) < day - reference <= PLANNED_AHEAD


def year_of(
    month: int,
    day: int | None,
    reference: dt.date,
    planned: bool,
    window: bool = True,
    notice: bool = False,
) -> tuple[int, bool]:
    """The year of ``month``/``day`` (a month alone when ``day`` is None), and whether the
    date is planned: marked so, or (``window``) at most PLANNED_AHEAD after the reference,
    or (``notice``, see :mod:`timeline.extract.events`) on or after it in its year."""
    if notice and not planned:
        last = calendar.monthrange(reference.year, month)[1]
        planned = dt.date(reference.year, month, min(day or last, last)) >= reference
    if window and not planned:
        for year in (reference.year, reference.year + 1):
            first = dt.date(year, month, min(day or 1, 28) if month == 2 else day or 1)
            planned = _just_ahead(first, reference)
            if planned:
                break
    # a month alone is planned while any of it is still to come: compare its last day
    return complete_year(month, day or (31 if planned else 1), reference, planned), planned


def coming_day(
    day_in_year: Callable[[int], dt.date], reference: dt.date, planned: bool, window: bool = True
) -> tuple[dt.date, bool]:
    """A holiday or lunar day by the same rule, and whether it is planned."""
    if window and not planned:
        planned = _just_ahead(latest_or_next(day_in_year, reference, True), reference)
    return latest_or_next(day_in_year, reference, planned), planned
