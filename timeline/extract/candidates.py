"""Candidate events from the mentions of one article: a timeline file that ``check`` accepts.

A curator starts from what ``extract -F yaml`` proposes, so the proposal has to be a real
timeline file: built as :class:`timeline.model.Event` records inside a
:class:`timeline.model.Timeline` whose header names the article as its source, and written
only by :func:`timeline.source.write.dump_timeline`, the one schema writer. Every quote is
the sentence as it stands in the text and every figure's value is what
:func:`timeline.text.numbers.parse_figure` reads from its text, which is exactly what
``timeline check`` proves; a figure whose text does not read back to its value is left
out, never written wrong.

One event per sentence that names a full day (its first day of a month, as 1月26日, else
its first day, as 明年元旦), else a part of a month or year (3月中旬, 2023年底, written
``date: 2022-03 中旬`` with its ``precision``) or a chronicle's 是月; tallies without a date
(截至目前, 本轮疫情以来) become ``report`` events at the dateline. Titles are the first
clause that says what happened, not the sentence cut at a length.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from decimal import Decimal

from timeline.errors import NumberError
from timeline.extract.layout import DATELINE
from timeline.extract.mentions import Mention
from timeline.extract.patterns import CHRONICLE
from timeline.extract.planned import PLANNED_AHEAD
from timeline.model import (
    MONTH_PARTS,
    YEAR_PARTS,
    Event,
    Figure,
    SeedSource,
    Source,
    Timeline,
    precision_start,
)
from timeline.source.write import dump_timeline
from timeline.text.numbers import parse_figure

__all__ = ["candidate_events", "candidate_timeline", "candidates_yaml", "title_of"]

#: Longest proposed title, in characters; a longer first clause is cut at a pause.
TITLE_LENGTH = 40
_KINDS = {"as_of": "as_of", "since": "since", "from": "since", "report": "report"}
_NOTES = {"before": "之前: the event happened before this date",
          "after": "之后: the event happened after this date",
          "from": "起: from this date on",
          "until": "至: until this date"}  # fmt: skip
_CLAUSE = re.compile(r"[^，,；;：:。！？!?]+")
_LEAD = re.compile(
    r"^(?:截至|截止|自|从|于|在|到|至|当天|当日|同日|次日|目前|此前|其中|同时|据悉|据了解|"
    r"据介绍|另外|此外|记者[^，,]{0,16}?(?:获悉|了解到)|[\s(（)）])+"
)
#: A clause that only says when (本轮疫情发生以来, 假期期间): no title.
_TIME_PHRASE = re.compile(r".{0,12}(?:以来|期间|前后|以后|之后|当天|当日)")
#: A web page's stamp line (发布时间：2022-04-16 09:30): the dateline, but no event.
_STAMP_LINE = re.compile(r"\s*(?:发布时间|发布日期|发稿时间|时间|日期|来源)\s*[:：]")
#: A day of a month as written (3月20日, 三月二十日, 20号), the days ``check`` compares.
_DAY_OF_MONTH = re.compile(r"月[0-9０-９零〇一二三四五六七八九十两]+[日号號]")
#: Undated sentences that still report a tally, filed at the dateline as ``report``.
_TALLY = re.compile(r"截至目前|截止目前|目前|至今|本轮疫情(?:发生)?以来|累计|共计|总计")


def title_of(sentence: str, mentions: Iterable[Mention]) -> str:
    """The first clause that is more than dates and lead words, its dates removed.

    >>> title_of("记者从县指挥部获悉，全县普降暴雨，最大降雨量出现在石门镇。", [])
    '全县普降暴雨'
    """
    text, dates = sentence, [m.text for m in mentions if m.kind in ("date", "time")]
    for written in dates[:1]:
        at = text.find(written)
        if at > 0 and DATELINE.match(text[:at]):
            text = text[at:]  # the byline before the dateline says nothing of the event
    for clause in _CLAUSE.findall(text):
        words = _strip_lead(clause, dates)
        if len(words) >= 4 and not _TIME_PHRASE.fullmatch(words):
            return words[:TITLE_LENGTH]
    return sentence[:TITLE_LENGTH].strip()


def _strip_lead(clause: str, dates: list[str]) -> str:
    """A clause without the dates and lead words (截至, 据悉, 记者…获悉) it starts with."""
    words, before = clause.strip(), None
    while words != before:
        before = words
        for written in dates:
            words = words.removeprefix(written).strip()
        words = _LEAD.sub("", words).strip()
    return words


def candidate_events(
    mentions: list[Mention],
    source_file: str,
    reference: dt.date | None = None,
    taken: Iterable[str] = (),
) -> list[Event]:
    """One event stub per sentence that names a full day, to be curated by hand.

    Sentences dated only by month or year (进入3月, 2020年) get none: an event needs a day,
    or a part of a month or year (3月中旬, 年底: the event's ``precision``), or 是月.
    The first full date of the sentence is the event's; 截至 makes it ``as_of``, 以来 and
    起 ``since``, the dateline ``report``; a range gives ``end``. Without a date, a
    sentence reporting a tally (截至目前…) is a ``report`` event at ``reference``.
    Ids are unique, also against ``taken`` (the ids of a file being added to).
    """
    events: list[Event] = []
    used = set(taken)
    for sentence, in_sentence in itertools.groupby(mentions, key=lambda m: m.sentence):
        group = list(in_sentence)
        event = _event(sentence, group, source_file, reference)
        if event is not None:
            events.append(_unique(event, used))
    return events


def _event(
    sentence: str, group: list[Mention], source_file: str, reference: dt.date | None
) -> Event | None:
    dated = [m for m in group if m.kind == "date" and len(m.date or "") == 10]
    figures = tuple(_figures(group, sentence))
    partial = next((m for m in group if m.kind == "date" and _partial(m)), None)
    if not dated and partial is not None:
        return _dated(sentence, group, source_file, partial, figures)
    if not dated:
        if reference is None or not figures or not _TALLY.search(sentence):
            return None
        note = "a tally without its own date: filed at the report's date"
        return _make(sentence, group, source_file, reference, figures, "report", date_note=note)
    # a sentence naming a day of a month (1月26日) is dated by it, not by 明年元旦 before
    # it: ``check`` holds a quote's own days against its event's
    first = next((m for m in dated if _DAY_OF_MONTH.search(m.text)), dated[0])
    if first.qualifier == "report" and _STAMP_LINE.match(sentence) and not figures:
        return None  # the stamp names the report's day; the header's dateline keeps it
    return _dated(sentence, group, source_file, first, figures)


def _partial(m: Mention) -> bool:
    """A date known to a part of a month or year (3月中旬, 2023年底), or a chronicle's 是月."""
    if m.end:
        return False
    return m.precision in MONTH_PARTS + YEAR_PARTS or (m.precision == "month" and m.text == "是月")


def _dated(
    sentence: str,
    group: list[Mention],
    source_file: str,
    first: Mention,
    figures: tuple[Figure, ...],
) -> Event:
    """The event of a sentence dated by `first`: its day, or the start of its part."""
    written, precision = str(first.date), first.precision or "day"
    if precision == "day":
        date = dt.date.fromisoformat(written)
    else:
        month = int(written[5:7]) if len(written) == 7 else None
        date = precision_start(int(written[:4]), month, precision)
    end = dt.date.fromisoformat(first.end) if first.end and len(first.end) == 10 else None
    time, notes = first.time, [_NOTES.get(first.qualifier or "", "")]
    if time == "24:00":
        time, notes = None, [*notes, "24时: the end of the day"]
    if first.planned:
        notes.append("预计: planned, had not happened when reported")
    kind = _KINDS.get(first.qualifier or "", "event")
    return _make(
        sentence, group, source_file, date, figures, kind,
        time=time, end=end if end and end > date else None,
        date_note="; ".join(n for n in notes if n), precision=precision,
    )  # fmt: skip


def _make(
    sentence: str,
    group: list[Mention],
    source_file: str,
    date: dt.date,
    figures: tuple[Figure, ...],
    kind: str,
    **fields: object,
) -> Event:
    return Event(
        id=f"event-{date.isoformat()}",
        date=date,
        title=title_of(sentence, group),
        date_kind=kind,
        figures=figures,
        sources=(Source(source_file, sentence),),
        **fields,  # type: ignore[arg-type]
    )


def _unique(event: Event, used: set[str]) -> Event:
    """``event-DATE-N`` with the first N not yet used."""
    n = 1
    while f"{event.id}-{n}" in used:
        n += 1
    ident = f"{event.id}-{n}"
    used.add(ident)
    return Event(**{**{f: getattr(event, f) for f in event.__dataclass_fields__}, "id": ident})


def _figures(group: list[Mention], quote: str) -> list[Figure]:
    """The sentence's figures that ``check`` will prove: inside the quote, value as read."""
    out = []
    for m in group:
        if m.kind != "figure" or m.text not in quote:
            continue
        try:
            parsed = parse_figure(m.text)
        except NumberError:
            continue
        if parsed.value != m.value or parsed.approx != m.approx:
            continue
        out.append(_figure(m, parsed.value, parsed.high))
    return out


def _figure(m: Mention, value: Decimal | None, high: Decimal | None) -> Figure:
    """The figure as the model holds it: whole values as ints (as people write them in
    YAML), fractions as exact Decimals (48.6), a range's high end in ``high``."""
    return Figure(m.text, _exact(value), m.unit, m.label, m.approx, high=_exact(high))


def _exact(value: Decimal | None) -> int | Decimal | None:
    if value is None or value != value.to_integral_value():
        return value
    return int(value)


def candidate_timeline(
    mentions: list[Mention],
    source_file: str,
    reference: dt.date | None = None,
    dateline: dt.date | None = None,
    sha256: str = "",
) -> Timeline:
    """The candidates inside a timeline whose header cites the article they come from.

    ``source_file`` is the article's path as the timeline file will resolve it (relative
    to the file's folder); ``reference`` completes year-less dates when the file is read;
    ``sha256`` (of the article's bytes) lets ``check`` notice when the article changes.
    """
    seed = SeedSource(file=source_file, dateline=dateline or reference, sha256=sha256)
    events = tuple(candidate_events(mentions, source_file, dateline or reference))
    if reference is not None and _foot_dated(mentions, reference):
        reference = dt.date(reference.year, 12, 31)  # a notice's year-less days: its year's
    if reference is not None:
        reference = _chronicled(mentions, reference) or reference
    return Timeline(path="", events=events, reference=reference, sources=(seed,))


def _foot_dated(mentions: list[Mention], reference: dt.date) -> bool:
    """A notice dated at its foot (its dateline its last date, alone on its line) whose
    planned days reach beyond a month after it: its year-less days after its date are the
    coming ones (timeline.extract.events), so the file completes them with the end of its
    year, as ``check`` reads each quote alone. Not when all are within the month (将于8月20日,
    read forward from the date itself); both in one notice is not handled."""
    dates = [m for m in mentions if m.kind == "date"]
    if not dates or dates[-1].qualifier != "report" or dates[-1].sentence != dates[-1].text:
        return False
    soon = (reference + PLANNED_AHEAD).isoformat()
    planned = [m.date or "" for m in dates if m.planned]
    return any(day[:10] > soon for day in planned)


def _chronicled(mentions: list[Mention], reference: dt.date) -> dt.date | None:
    """The last day of a past year a chronicle or review sums up (2024年江城气候盘点 filed
    in January 2025): its year-less days are that year's (timeline.extract.dates), so the
    file completes them with its end, as ``check`` reads each quote alone."""
    top = "".join(dict.fromkeys(m.sentence for m in mentions))[:400]
    found = CHRONICLE.search(top)
    year = int(found.group("y")) if found else reference.year
    return dt.date(year, 12, 31) if year < reference.year else None


def candidates_yaml(
    mentions: list[Mention],
    source_file: str,
    reference: dt.date | None = None,
    dateline: dt.date | None = None,
    sha256: str = "",
) -> str:
    """The candidate timeline as YAML text, written by the one schema writer."""
    timeline = candidate_timeline(mentions, source_file, reference, dateline, sha256)
    return dump_timeline(timeline)
