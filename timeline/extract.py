"""Finding dated events and counted figures in a Chinese news text, to seed events.yaml.

General time extractors (jionlp's ``extract_time``) read 第一时间 as 01:00 and 1800多个
as the year 1800, and push a month-less ``20日`` into the wrong month. Here every pattern is
anchored on a closed vocabulary (年/月/日, 时/分, a short list of counting units), numerals are
read only through :mod:`timeline.numbers`, and a month-less day takes its month from the
previous full date of the same article, never from a photo caption, never after the reference.

>>> [(m.text, m.date) for m in extract("3月19日,出现病例。20日凌晨2时30分,发布通知。",
...                                     dt.date(2022, 3, 31)) if m.kind == "date"]
[('3月19日', '2022-03-19'), ('20日凌晨2时30分', '2022-03-20')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from timeline.errors import NumberError, UsageError
from timeline.text.numbers import parse_figure, parse_numeral

__all__ = ["Mention", "candidate_events", "candidates_yaml", "extract", "mention_record"]

_CN = "〇零一二两三四五六七八九十"
_MD = r"\d{1,2}|[一二三四五六七八九十]{1,3}"  # a month or a day
_YEAR = r"\d{4}|[〇零一二三四五六七八九]{4}"
_REL_YEAR = {"今": 0, "去": -1, "前": -2, "明": 1}
_REL_DAY = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1}
_DATE = re.compile(
    rf"(?P<pre>截至|截止)?(?:(?P<rel>{'|'.join(_REL_DAY)})"
    rf"|(?:(?<![\d.])(?P<year>{_YEAR}|[今去前明])年)?(?<![\d.第])(?P<month>{_MD})月份?"
    rf"(?:(?P<day>{_MD})[日号])?"
    rf"|(?<![\d.])(?P<yonly>{_YEAR}|[今去前明])年"
    r"|(?<![\d.月第])(?P<dayonly>\d{1,2})日(?!内|以内|之内))"
)
_AM = ("凌晨", "清晨", "早上", "早晨", "上午")
_PM = ("下午", "傍晚", "晚上", "晚间", "夜间", "夜里")
_PERIOD = "|".join((*_AM, "中午", *_PM))
_CLOCK = re.compile(
    rf"(?P<period>{_PERIOD})?(?:(?P<h>\d{{1,2}}|[{_CN}]{{1,3}})[时点]"
    rf"(?:(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})分|(?P<half>半))?(?![间候期代段刻])"
    r"|(?P<hh>\d{1,2}):(?P<mm>\d{2})(?![\d:]))?"
)
#: Where a stand-alone clock time may start; Chinese-numeral hours need 上午/下午 …,
#: so that 第一时间 and 一时 never become 01:00.
_TIME_START = re.compile(
    rf"(?<![\d.:第])(?:(?:{_PERIOD})?\d{{1,2}}(?:[时点]|:\d\d)|(?:{_PERIOD})[{_CN}]{{1,3}}[时点])"
)
_RECURRING = re.compile(r"每天|每日|每晚|每早|每周|每个工作日|天天")
_DURATION = re.compile(
    rf"(?<![\d.第每])(?P<pre>近|约|超过|超)?(?P<num>\d+|[{_CN}]+)(?P<suf>余|多|几)?"
    r"(?P<unit>个小时|小时|分钟|天|周|个月|年)(?P<post>之内|以内|内|时间)?"
)
#: Counting units of tallies. Distances (米, 公里) and ranks (级) are left out on purpose.
_UNITS = "名个家人支件户栋例亩岁辆台次所座处项条批吨元只套张份位起架艘剂针箱株棵"
_FIGURE = re.compile(
    r"(?<![\d.第])(?P<pre>超过|超|近|约|逾|数(?=[十百千万亿]))?"
    rf"(?P<num>\d+(?:\.\d+)?[十百千万亿]*|[{_CN}百千万亿]+)(?P<suf>余|多|几)?"
    rf"(?:(?P<unit>[{_UNITS}%％])(?P<post>以上|左右)?)?"
)
_LABEL = re.compile(r"[\u4e00-\u9fff]+")
#: Where a label (the counted noun) stops: function words and the verbs the seed uses.
_LABEL_STOP = re.compile(
    "的|在|和|与|及|是|被|把|将|从|向|到|等|已|都|也|就|并|于|由|让|给|下|"
    "逆行|按照|抽调|全部|办理|奔赴|发电|始终|组成|组建|投身|积极|化身|甘于|可能|参与|参加|"
    "进行|开展|实现|成立|支援|来自|出现|分别|先后|累计|主动|坚守|承担"
)
_BYLINE = re.compile(r"\s*[^\s(（]{2,12}?(?:报|社)\s*(?:[(（]\s*(?:记者|通讯员)|记者)")
_DATELINE = re.compile(r"\s*(?:[^\s(（]{2,12}?(?:报|社)\s*[(（][^)）\n]*[)）]|新华社\S{0,6})\s*$")
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)\"']*|\n")
_CAPTION_START = ("左图", "右图", "上图", "下图", "图为")


@dataclass(frozen=True, slots=True)
class Mention:
    """One date, time, duration or figure as written at ``text[offset:offset+len(text)]``."""

    kind: str
    text: str
    offset: int
    sentence: str
    date: str | None = None
    time: str | None = None
    qualifier: str | None = None
    resolution: str | None = None
    recurring: bool = False
    value: int | None = None
    unit: str = ""
    approx: bool = False
    label: str = ""


class _Layout:
    """Sentences, photo captions and article bodies of a text, looked up by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        self.line_starts: list[int] = []
        lines: list[str] = []
        pos = 0
        for line in text.split("\n"):
            self.line_starts.append(pos)
            lines.append(line.strip())
            pos += len(line) + 1
        # A caption is a line ending in 摄 (the photographer's credit), a 左图/右图 line,
        # or any line of the block right before a credit: photos get their own date.
        self.caption = [ln.startswith(_CAPTION_START) for ln in lines]
        in_block = False
        for i in range(len(lines) - 1, -1, -1):
            in_block = bool(lines[i]) and (in_block or lines[i].endswith("摄"))
            self.caption[i] |= in_block
        # An article starts at its headline lines, the short lines just above a byline.
        self.article_starts = [0]
        for i, ln in enumerate(lines):
            if _BYLINE.match(ln):
                start, j = i, i - 1
                while j >= 0 and (not lines[j] or _is_headline(lines[j])):
                    start = j if lines[j] else start
                    j -= 1
                self.article_starts.append(self.line_starts[start])

    def sentence(self, offset: int) -> tuple[int, str]:
        """The start and stripped text of the sentence (split on 。！？ and newlines)."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        start = self.sentence_starts[i]
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return start, self.text[start:end].strip()

    def is_caption(self, offset: int) -> bool:
        return self.caption[bisect.bisect_right(self.line_starts, offset) - 1]

    def article(self, offset: int) -> int:
        return bisect.bisect_right(self.article_starts, offset)

    def in_quote(self, offset: int) -> bool:
        """Inside “…” on this line: dialogue says 今天 of its own day, not the dateline's."""
        line_start = self.line_starts[bisect.bisect_right(self.line_starts, offset) - 1]
        before = self.text[line_start:offset]
        return before.rfind("“") > before.rfind("”")


def _is_headline(line: str) -> bool:
    return len(line) <= 60 and not any(c in line for c in "。,，") and not line.endswith("摄")


def _number(numeral: str) -> int | None:
    try:
        return parse_numeral(numeral)
    except NumberError:
        return None


def _clock(m: re.Match[str]) -> str | None:
    """ "HH:MM" from a _CLOCK match: 下午/晚上 add twelve, 凌晨/上午 keep the hour."""
    if m.group("hh"):
        hour, minute = int(m.group("hh")), int(m.group("mm"))
    elif m.group("h"):
        hour = _number(m.group("h")) or 0
        minute = 30 if m.group("half") else (_number(m.group("m")) if m.group("m") else 0) or 0
    else:
        return None
    period = m.group("period")
    if (period in _PM and hour < 12) or (period == "中午" and hour < 6):
        hour += 12
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    years, month0 = divmod(year * 12 + month - 1 + delta, 12)
    return years, month0 + 1


def _day_in_context(day: int, context: dt.date, reference: dt.date | None) -> dt.date | None:
    """A month-less day read in narrative order after ``context``, never after the reference.

    ``1月30日 … 2日`` rolls into February; if that (or the context month itself) would be
    after the reference, the previous month is meant (a caption's 3月30日 never makes an
    April 20日 in a paper of 3月31日).
    """
    year, month = context.year, context.month
    if day < context.day:
        year, month = _shift_month(year, month, 1)
    try:
        found = dt.date(year, month, day)
        if reference is not None and found > reference:
            found = dt.date(*_shift_month(year, month, -1), day)
    except ValueError:
        return None
    return found


def _dateline(text: str) -> dt.date | None:
    """The date right after a byline (``河北日报(记者…)2022年3月31日``), if it states a year."""
    for m in _DATE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        year = m.group("year")
        if year in _REL_YEAR or not (year and m.group("day")):
            continue
        if _DATELINE.match(text[line_start : m.start()]):
            numbers = [_number(m.group(g)) or 0 for g in ("year", "month", "day")]
            try:
                return dt.date(*numbers)
            except ValueError:
                continue
    return None


def extract(
    text: str, reference: dt.date | None = None, *, name: str = "the text"
) -> list[Mention]:
    """Every date, clock time, duration and counted figure in ``text``, sorted by offset.

    ``reference`` (the publication date) completes missing years; without it the dateline
    is used. UsageError is raised only when a date actually needs a year nobody gave.
    Dates are found first, then clock times, durations and figures in what is left, so
    that no character belongs to two mentions (2时30分 is never also a figure).
    """
    layout, taken = _Layout(text), bytearray(len(text))
    found: list[Mention] = []
    finders = (_dates(text, layout, reference or _dateline(text), name), _times(text, layout))
    for kind, start, end, fields in itertools.chain(*finders, _durations(text), _figures(text)):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            found.append(Mention(kind, text[start:end], start, layout.sentence(start)[1], **fields))
    return sorted(found, key=lambda mention: mention.offset)


_Found = Iterator[tuple[str, int, int, dict[str, Any]]]


def _dates(text: str, layout: _Layout, ref: dt.date | None, name: str) -> _Found:
    """Dates in text order, so that each month-less day sees the full date before it."""

    def need_reference() -> dt.date:
        if ref is None:
            raise UsageError(
                f"{name} has no dateline with a year; pass --reference DATE, "
                "e.g. --reference 2022-03-31"
            )
        return ref

    context: tuple[int, dt.date] | None = None  # (article, last full date outside captions)
    for m in _DATE.finditer(text):
        start, end, article = m.start(), m.end(), layout.article(m.start())
        date: dt.date | None = None
        iso, resolution, clock = "", "explicit", None
        try:
            if m.group("rel"):
                if layout.in_quote(start):
                    continue
                date = need_reference() + dt.timedelta(days=_REL_DAY[m.group("rel")])
                resolution = "relative_to_reference"
            elif m.group("dayonly"):
                nth = int(m.group("dayonly"))
                if context is not None and context[0] == article:
                    date, resolution = _day_in_context(nth, context[1], ref), "month_from_context"
                else:
                    base = need_reference()
                    date, resolution = _day_in_context(nth, base, base), "month_from_reference"
            else:
                yname = m.group("year") or m.group("yonly")
                month = _number(m.group("month")) if m.group("month") else None
                day = _number(m.group("day")) if m.group("day") else None
                if yname in _REL_YEAR:
                    year = need_reference().year + _REL_YEAR[yname]
                    resolution = "relative_to_reference"
                elif yname:
                    year = _number(yname) or 0
                else:
                    base, resolution = need_reference(), "year_from_reference"
                    year = base.year
                    if dt.date(year, month or 1, day or 1) > base + dt.timedelta(days=183):
                        year -= 1  # 12月30日 in a January paper is last December
                if day is not None and month is not None:
                    date = dt.date(year, month, day)
                else:
                    iso = dt.date(year, month or 1, 1).isoformat()[: 7 if month else 4]
        except (ValueError, OverflowError):
            continue  # 2月30日, 13月: not a real date, so not a date mention
        if date is not None:
            iso = date.isoformat()
            tail = _CLOCK.match(text, end)
            if tail is not None and (tail.group("h") or tail.group("hh")):
                clock = _clock(tail)
                end = tail.end() if clock else end
            elif tail is not None and tail.group("period"):
                end = tail.end()  # 3月29日下午: a part of the day, no clock time
            if not layout.is_caption(start):
                context = (article, date)
        elif not iso:
            continue
        since = text.startswith("以来", end)
        qualifier = "as_of" if m.group("pre") else "since" if since else None
        fields = {"date": iso, "time": clock, "qualifier": qualifier, "resolution": resolution}
        yield "date", start, end + 2 * since, fields


def _times(text: str, layout: _Layout) -> _Found:
    """Clock times not attached to a date; after 每天 in the same sentence they recur."""
    for m in _TIME_START.finditer(text):
        found = _CLOCK.match(text, m.start())
        clock = _clock(found) if found else None
        if found is not None and clock is not None:
            s_start, _ = layout.sentence(m.start())
            recurring = bool(_RECURRING.search(text, s_start, m.start()))
            yield "time", m.start(), found.end(), {"time": clock, "recurring": recurring}


def _durations(text: str) -> _Found:
    """Spans of time such as 3天内, 24小时, 一天时间 (but not 一天 alone, nor 2020年)."""
    for m in _DURATION.finditer(text):
        num, unit = m.group("num", "unit")
        value = _number(num)
        if value is None or (num == "一" and not m.group("post")) or (unit, len(num)) == ("年", 4):
            continue
        fields = {"value": value, "unit": unit.lstrip("个"), "approx": any(m.group("pre", "suf"))}
        yield "duration", m.start(), m.end(), fields


def _figures(text: str) -> _Found:
    """Counted figures, read by timeline.numbers; lookalikes are filtered by _is_tally."""
    for m in _FIGURE.finditer(text):
        if not _is_tally(m, text):
            continue
        try:
            q = parse_figure(m.group())
        except NumberError:
            continue
        fields = {"value": q.value, "unit": q.unit, "approx": q.approx}
        yield "figure", m.start(), m.end(), {**fields, "label": _label(text, m.end())}


def _is_tally(m: re.Match[str], text: str) -> bool:
    """Whether a numeral-shaped match counts something (see the lookalikes in the tests)."""
    num, unit = m.group("num"), m.group("unit")
    approx = m.group("pre") or m.group("suf")
    if num in ("一", "〇", "零"):
        return False  # 一名领导, 一面旗帜, 一米间距: the indefinite article, not a tally
    if num[0] in "百千万亿" and not approx:
        return False  # 万名干部下基层: a slogan's round number, not a count
    if unit is None:
        return num[-1] in "万亿"  # 数万粉丝
    # “五个一” is a slogan: a Chinese numeral, a unit and another numeral
    return not (num[0] in _CN and m.end() < len(text) and text[m.end()] in _CN)


def _label(text: str, end: int) -> str:
    """The short noun run after a figure (党员干部 in 5.9万名党员干部下沉), or ""."""
    run = _LABEL.match(text, end)
    if run is None:
        return ""
    words = run.group()
    stop = _LABEL_STOP.search(words)
    return (words[: stop.start()] if stop else words)[:10]


def mention_reading(m: Mention, grouping: bool = True) -> tuple[str, list[str]]:
    """How a mention reads: its normalised value (thousands grouped for people) and notes.

    >>> mention_reading(Mention("date", "截至3月29日", 0, "", date="2022-03-29", qualifier="as_of"))
    ('2022-03-29', ['as_of'])
    """
    if m.kind == "date":
        value = (m.date or "") + (f" {m.time}" if m.time else "")
        return value, [x for x in (m.qualifier, m.resolution) if x]
    if m.kind == "time":
        return m.time or "", ["recurring"] if m.recurring else []
    number = f"{m.value:,}" if grouping else str(m.value)
    value = "" if m.value is None else f"{number} {m.unit}".strip()
    return value, [x for x in ("approx" if m.approx else "", m.label) if x]


def mention_record(m: Mention) -> dict[str, object]:
    """A JSON-ready dict holding only the fields that mean something for its kind."""
    record: dict[str, object] = {"kind": m.kind, "text": m.text, "offset": m.offset}
    if m.kind == "date":
        record.update(date=m.date, time=m.time, qualifier=m.qualifier, resolution=m.resolution)
    elif m.kind == "time":
        record.update(time=m.time, recurring=m.recurring)
    else:
        record.update(value=m.value, unit=m.unit, approx=m.approx)
        if m.kind == "figure":
            record["label"] = m.label
    record["sentence"] = m.sentence
    return record


def candidate_events(mentions: list[Mention], source_file: str) -> list[dict[str, object]]:
    """One events.yaml stub per sentence that names a full day, to be curated by hand.

    Sentences dated only by month or year (进入3月, 2020年) get none: an event needs a day.
    The first full date of the sentence is the event's; 截至 makes it ``as_of``, 以来
    ``since``, and a dateline (the date right after the byline) ``report``.
    """
    events: list[dict[str, object]] = []
    per_date: dict[str, int] = {}
    for sentence, in_sentence in itertools.groupby(mentions, key=lambda m: m.sentence):
        group = list(in_sentence)
        dated = [m for m in group if m.kind == "date" and len(m.date or "") == 10]
        if not dated:
            continue
        first, date = dated[0], str(dated[0].date)
        per_date[date] = per_date.get(date, 0) + 1
        event: dict[str, object] = {"id": f"event-{date}-{per_date[date]}", "date": date}
        if first.time:
            event["time"] = first.time
        byline = _DATELINE.match(sentence[: sentence.find(first.text)])
        event["date_kind"] = "report" if byline else first.qualifier or "event"
        event["title"] = sentence[sentence.find(first.text) if byline else 0 :][:20]
        event["quote"] = sentence
        event["figures"] = [
            {"text": m.text, "value": m.value, "unit": m.unit, "label": m.label, "approx": m.approx}
            for m in group
            if m.kind == "figure"
        ]
        event["source"] = {"file": source_file, "quote": sentence}
        events.append(event)
    return events


class _Dumper(yaml.SafeDumper):
    """Quotes clock times: ``07:30`` unquoted is the sexagesimal 450 to YAML 1.1 readers."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        style = '"' if _HHMM.fullmatch(data) else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_HHMM = re.compile(r"\d\d:\d\d")
_Dumper.add_representer(str, _Dumper.represent_str)


def candidates_yaml(mentions: list[Mention], source_file: str) -> str:
    """The candidate events as a YAML list, ready to paste under ``events:``."""
    events = candidate_events(mentions, source_file)
    return yaml.dump(events, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
