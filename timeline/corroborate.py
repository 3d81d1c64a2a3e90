"""Figures that disagree: each figure read as the interval of values its wording allows.

A news figure is rarely a point. ``1.2万余人`` says "twelve thousand and some", ``约1.3万人``
"about thirteen thousand"; both can be true. Each figure's text is read by the one number
reader (:func:`timeline.text.numbers.parse_figure`) and its approximation marker turns the
number *v* into an interval:

- exact: [v, v]; ``1528个`` = [1528, 1528]
- 余 多 几 超 超过 逾 以上: [v, v + step), the step being the place of the last non-zero
  digit as written; ``16.9万余`` = [169000, 170000), ``1528余`` = [1528, 1529),
  ``十余`` = [10, 20), ``超千人`` = [1000, 2000), ``70%以上`` = [70, 80)
- 近 将近 接近: [0.9v, v]; ``近4000人次`` = [3600, 4000]
- 不到 不足: [0.9v, v); ``不到100人`` = [90, 100)
- 约 左右 上下 之多: a band of ±10%, [0.9v, 1.1v]; ``约1.3万人`` = [11700, 14300]
- 数 and a scale: 2 to 10 times the scale, [2s, 10s); ``数万`` = [20000, 100000)
- a range: [low, high] (约 widens it by the band); ``3至5人`` = [3, 5]

The step is taken from the last *non-zero* digit (``1500余人`` is fifteen hundred and some,
[1500, 1600)), so ``1.2万余`` and ``十余`` read as a reader of Chinese reads them. A figure
whose text cannot be read keeps the value stored with it (its band when approximate); one
with no value at all is left out.

Disjoint intervals conflict; overlapping ones agree (``超千人`` [1000, 2000) and ``1050人``
agree). Two figures are compared when they count the same thing from different source files:
the same label and unit, on the same event or on events of the same date (figures without a
label only within one event).
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from timeline.errors import NumberError
from timeline.model import Event, Figure, Source
from timeline.text.fold import fold
from timeline.text.numbers import APPROX_PREFIXES, APPROX_SUFFIXES, parse_decimal, parse_figure

__all__ = [
    "BAND",
    "MARKER_RULES",
    "Conflict",
    "Interval",
    "Reading",
    "Side",
    "disagreeing",
    "find_conflicts",
    "read_figure",
]

#: The relative width of "about" (约, 左右, 上下, 之多) and the floor of 近 and 不到.
BAND = Decimal("0.1")
#: What each approximation marker of the number reader means here (a test keeps every
#: marker of timeline.text.numbers classified; an unknown one reads as the band).
MARKER_RULES = {
    "余": "above", "多": "above", "几": "above", "超": "above", "超过": "above",
    "逾": "above", "以上": "above",
    "近": "near", "将近": "near", "接近": "near",
    "不到": "below", "不足": "below",
    "约": "about", "左右": "about", "上下": "about", "之多": "about",
    "数": "some",
}  # fmt: skip
_MID = ("余", "多", "几")
_TRADITIONAL = str.maketrans("餘幾約過將於數", "余几约过将于数")


@dataclass(frozen=True, slots=True)
class Interval:
    """The values a figure allows: [low, high], or [low, high) when `open_high`."""

    low: Decimal
    high: Decimal
    open_high: bool = False

    def before(self, other: Interval) -> bool:
        """Every value of this interval lies below every value of `other`."""
        return self.high < other.low or (self.high == other.low and self.open_high)

    def overlaps(self, other: Interval) -> bool:
        """Some value satisfies both: the two readings can both be true."""
        return not self.before(other) and not other.before(self)

    def __str__(self) -> str:
        return f"[{_plain(self.low)}, {_plain(self.high)}{')' if self.open_high else ']'}"


@dataclass(frozen=True, slots=True)
class Reading:
    """A figure's interval and the rule that gave it, for people (``余: up to next 1000``)."""

    interval: Interval
    rule: str


def _plain(value: Decimal) -> str:
    """``11700.0`` -> ``11700``, ``48.60`` -> ``48.6``: the number, never in E notation."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _step(value: Decimal) -> Decimal:
    """The place value of the last non-zero digit: 169000 -> 1000, 1528 -> 1, 48.6 -> 0.1."""
    if value == 0:
        return Decimal(1)
    exponent = value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def _marker(text: str, numeral: str) -> str | None:
    """The approximation marker written in a figure: before the number, right after its
    numeral (余 多 几), or at its end (以上 左右 上下 之多)."""
    norm = unicodedata.normalize("NFKC", text).strip().translate(_TRADITIONAL)
    for marker in sorted(APPROX_PREFIXES, key=len, reverse=True):
        if norm.startswith(marker):
            return marker
    at = norm.find(numeral)
    after = norm[at + len(numeral) :] if at >= 0 else ""
    for marker in _MID:
        if after.startswith(marker):
            return marker
    return next((m for m in APPROX_SUFFIXES if m not in _MID and norm.endswith(m)), None)


def _point(value: Decimal, rule: str | None, marker: str) -> Reading:
    """The interval around one number `value` under the marker's `rule`."""
    if rule is None:
        return Reading(Interval(value, value), "exact")
    if rule == "above":
        step = _step(value)
        return Reading(Interval(value, value + step, True), f"{marker}: up to next {_plain(step)}")
    if rule == "near":
        return Reading(Interval(value * (1 - BAND), value), f"{marker}: up to {_plain(value)}")
    if rule == "below":
        return Reading(
            Interval(value * (1 - BAND), value, True), f"{marker}: below {_plain(value)}"
        )
    low, high = sorted((value * (1 - BAND), value * (1 + BAND)))
    return Reading(Interval(low, high), f"{marker}: ±{_plain(BAND * 100)}%")


def read_figure(figure: Figure) -> Reading | None:
    """The interval a figure's text allows (module docstring), or None when it gives none.

    >>> print(read_figure(Figure("16.9万余名")).interval, read_figure(Figure("超千人")).interval)
    [169000, 170000) [1000, 2000)
    >>> r = read_figure(Figure("约1.3万人"))
    >>> print(r.interval, r.rule)
    [11700, 14300] 约: ±10%
    >>> print(read_figure(Figure("数万名")).interval, read_figure(Figure("3至5人")).interval)
    [20000, 100000) [3, 5]
    """
    try:
        q = parse_figure(figure.text)
    except NumberError:
        return _stored(figure)
    marker = _marker(figure.text, q.numeral) if q.approx else None
    rule = MARKER_RULES.get(marker, "about") if q.approx and marker else None
    if q.value is None:  # 数万: 2 to 10 times the scale
        try:
            scale = parse_decimal(q.numeral)
        except NumberError:
            return None
        return Reading(Interval(2 * scale, 10 * scale, True), f"数{q.numeral}: 2-10 × {scale}")
    if q.high is not None:
        if rule == "about":
            return Reading(Interval(q.value * (1 - BAND), q.high * (1 + BAND)), "range ±10%")
        return Reading(Interval(q.value, q.high), "range")
    if q.approx and rule is None:
        rule, marker = "about", "approx"
    return _point(q.value, rule, marker or "")


def _stored(figure: Figure) -> Reading | None:
    """A figure whose text the reader refuses: the value stored with it, if any."""
    if figure.value is None:
        return None
    value = Decimal(figure.value)
    if figure.high is not None:
        return Reading(Interval(value, Decimal(figure.high)), "range (stored)")
    return _point(value, "about" if figure.approx else None, "approx (stored)")


@dataclass(frozen=True, slots=True)
class Side:
    """One figure of a conflict: its event, the source reporting it, and its reading."""

    event: Event
    figure: Figure
    source: Source
    reading: Reading


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two figures of one thing, from different source files, that cannot both be true."""

    first: Side
    second: Side

    @property
    def same_event(self) -> bool:
        return self.first.event.id == self.second.event.id


def _unit(figure: Figure) -> str:
    if figure.unit:
        return fold(figure.unit)
    try:
        return fold(parse_figure(figure.text).unit)
    except NumberError:
        return ""


def _sides(events: Iterable[Event]) -> dict[tuple[object, ...], list[Side]]:
    """Every readable figure, grouped by what it counts: (date, label, unit), and the event
    too for figures without a label."""
    groups: dict[tuple[object, ...], list[Side]] = {}
    for event in events:
        for figure in event.figures:
            if not event.sources or not 1 <= figure.source <= len(event.sources):
                continue
            reading = read_figure(figure)
            if reading is None:
                continue
            label = fold(figure.label.strip())
            key = (event.date, label, _unit(figure), event.id if not label else "")
            side = Side(event, figure, event.sources[figure.source - 1], reading)
            groups.setdefault(key, []).append(side)
    return groups


def _file(source: Source) -> str:
    return posixpath.normpath(source.file.replace("\\", "/"))


def disagreeing(sides: Sequence[Side]) -> list[Conflict]:
    """The pairs among `sides` (figures of one thing) from different files that conflict."""
    out = []
    for i, first in enumerate(sides):
        for second in sides[i + 1 :]:
            if _file(first.source) == _file(second.source):
                continue
            if not first.reading.interval.overlaps(second.reading.interval):
                out.append(Conflict(first, second))
    return out


def find_conflicts(events: Iterable[Event]) -> list[Conflict]:
    """Every conflict among the events' figures, in date order (see the module docstring)."""
    ordered = sorted(events, key=lambda e: e.sort_key)
    out: list[Conflict] = []
    for sides in _sides(ordered).values():
        out.extend(disagreeing(sides))
    return sorted(out, key=lambda c: (c.first.event.sort_key, c.second.event.sort_key))
