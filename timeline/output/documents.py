"""Document exports in the one output registry: `ics`, `timelinejs` and `markdown`.

`timeline.output.registry` names these writers and imports this module only
when one of them is asked for, so every listing command (`list`, `on`, `search`)
offers them with its usual filters at no start-up cost. Each writer
builds its whole text first and writes it once, so a failure (say an unknown
timezone in the header) never leaves half a document behind. Nothing here imports
rich; icalendar is imported only when an `ics` is asked for (start-up speed).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from timeline.errors import DataError
from timeline.model import YEAR_PARTS, Event, Figure, Timeline
from timeline.output.records import DATE_KIND_LABELS, OutputContext
from timeline.output.safety import clean_line, clean_text, json_dumps

__all__ = [
    "display_date",
    "figure_line",
    "uncertain_date",
    "write_ics",
    "write_timelinejs",
]

_text = clean_text


def figure_line(figure: Figure) -> str:
    return clean_line(f"{figure.label} {figure.text}" if figure.label else figure.text)


# ---------------------------------------------------------------- ics


def _ics_description(event: Event) -> str:
    parts = [_text(event.summary).strip()] if event.summary.strip() else []
    if event.figures:
        parts.append("\n".join(figure_line(f) for f in event.figures))
    for source in event.sources:
        parts.append(f"「{_text(source.quote)}」\n—— {clean_line(source.file)}")
    return "\n\n".join(parts)


def _marked_title(event: Event) -> str:
    """The title, led by the date kind where the date is not when it happened, so a
    calendar reader sees 「[截至] …」 on the tally's day rather than a false happening."""
    label = DATE_KIND_LABELS.get(event.date_kind)
    title = clean_line(event.title)
    return f"[{label}] {title}" if label else title


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DataError(
            f"timezone '{clean_line(name)[:40]}' in the timeline header is not an IANA zone "
            "such as Asia/Shanghai; cannot write an ics calendar"
        ) from None


def _time_of(event: Event) -> dt.time | None:
    if not event.time:
        return None
    hour, minute = event.time.split(":")
    return dt.time(int(hour), int(minute))


def write_ics(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    """One VEVENT per event: timed events in the header's timezone with its VTIMEZONE,
    date-only events all-day (DTEND the next day, exclusive), spans up to end + 1 day.

    DTSTAMP is midnight UTC of the event's date rather than "now", so exporting the
    same data twice gives the same bytes.
    """
    import icalendar

    from timeline import __version__

    events = list(events)
    tzid = ctx.timeline.timezone or "Asia/Shanghai"
    zone: Any = None
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//timeline//timeline {__version__}//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if ctx.timeline.title:
        calendar.add("name", clean_line(ctx.timeline.title))
        calendar.add("x-wr-calname", clean_line(ctx.timeline.title))
    timed = [e for e in events if e.time]
    if timed:
        zone = _zone(tzid)
        calendar.add("x-wr-timezone", tzid)
        first = min(e.date for e in timed)
        last = max(e.last_day for e in timed)
        until = dt.date(min(last.year + 1, dt.MAXYEAR), 1, 1)  # icalendar adds to it
        calendar.add_component(
            icalendar.Timezone.from_tzid(
                tzid, first_date=dt.date(first.year, 1, 1), last_date=until
            )
        )
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{clean_line(event.id)}@timeline")
        item.add("dtstamp", dt.datetime.combine(event.date, dt.time(0), tzinfo=dt.timezone.utc))
        time = _time_of(event)
        # DTEND is exclusive: the day after the last one. After 9999-12-31 there is no
        # date to write (RFC 5545 years have four digits), so the length is given as a
        # DURATION instead, and a one-day event ends by the rule that it lasts a day.
        days = (event.last_day - event.date).days + 1
        last_possible = event.last_day == dt.date.max
        if time is not None:
            item.add("dtstart", dt.datetime.combine(event.date, time, tzinfo=zone))
            if event.end and last_possible:
                item.add(
                    "duration", dt.timedelta(days=days, hours=-time.hour, minutes=-time.minute)
                )
            elif event.end:  # a timed span runs to the midnight after its last day
                after = event.end + dt.timedelta(days=1)
                item.add("dtend", dt.datetime.combine(after, dt.time(0), tzinfo=zone))
        else:
            item.add("dtstart", event.date)
            if not last_possible:
                item.add("dtend", event.last_day + dt.timedelta(days=1))
            elif days > 1:
                item.add("duration", dt.timedelta(days=days))
        item.add("summary", _marked_title(event))
        if event.date_kind != "event":  # what kind of date DTSTART is, for any client
            item.add("x-timeline-date-kind", event.date_kind)
        if event.uncertain:  # an all-day span of every day it may have fallen on
            item.add("x-timeline-precision", event.precision)
        description = _ics_description(event)
        if description:
            item.add("description", description)
        if event.tags:
            item.add("categories", [clean_line(t) for t in event.tags])
        calendar.add_component(item)
    out.write(calendar.to_ical().decode("utf-8"))


# ---------------------------------------------------------------- TimelineJS


def _period(hour: int) -> str:
    if hour <= 5:
        return "凌晨"
    if hour <= 11:
        return "上午"
    if hour == 12:
        return "中午"
    return "下午" if hour <= 17 else "晚上"


def display_date(event: Event) -> str:
    """The date as Chinese readers write it, with a 12-hour clock and a period word.

    Periods: 凌晨 0-5 h, 上午 6-11 h, 中午 12 h, 下午 13-17 h, 晚上 18-23 h; the hour
    is then given on a 12-hour clock (0 stays 0, so 00:10 is 凌晨0:10). The year is
    shown only when a span crosses into another year.

    >>> display_date(Event("x", dt.date(2022, 3, 20), "t", time="02:30"))
    '3月20日 凌晨2:30'
    >>> display_date(Event("x", dt.date(2022, 3, 20), "t", time="15:05", end=dt.date(2022, 3, 22)))
    '3月20日 下午3:05至3月22日'
    """

    def day(value: dt.date, with_year: bool) -> str:
        year = f"{value.year}年" if with_year else ""
        return f"{year}{value.month}月{value.day}日"

    if event.uncertain:
        return _with_kind(uncertain_date(event), event.date_kind)
    crosses = event.end is not None and event.end.year != event.date.year
    text = day(event.date, crosses)
    time = _time_of(event)
    if time is not None:
        hour = time.hour if time.hour <= 12 else time.hour - 12
        text += f" {_period(time.hour)}{hour}:{time.minute:02d}"
    if event.end:
        text += "至" + day(event.end, crosses)
    return _with_kind(text, event.date_kind)


def uncertain_date(event: Event) -> str:
    """An event dated to a part of a month or year, as Chinese text writes it.

    >>> uncertain_date(Event("x", dt.date(2022, 3, 11), "t", precision="中旬"))
    '2022年3月中旬'
    """
    year, month = f"{event.date.year}年", f"{event.date.month}月"
    if event.precision in ("year", *YEAR_PARTS):
        return year + ("" if event.precision == "year" else event.precision[1:])
    return year + month + ("" if event.precision == "month" else event.precision.lstrip("月"))


def _with_kind(text: str, kind: str) -> str:
    """The date as the text dates a tally: 截至3月29日, 3月20日以来, 3月31日报道.

    >>> _with_kind("3月29日", "as_of"), _with_kind("3月31日", "report")
    ('截至3月29日', '3月31日报道')
    """
    if kind == "as_of":
        return "截至" + text
    if kind == "since":
        return text + "以来"
    return text + "报道" if kind == "report" else text


def _tl_start(event: Event) -> dict[str, int]:
    """TimelineJS's start: a year or a year and month alone for an event known only to one."""
    date = _tl_date(event.date, _time_of(event))
    if event.precision in ("year", *YEAR_PARTS):
        return {"year": date["year"]}
    return {"year": date["year"], "month": date["month"]} if event.uncertain else date


def _tl_date(day: dt.date, time: dt.time | None = None, next_day: bool = False) -> dict[str, int]:
    """A TimelineJS date: `day` (or the day after it, `next_day`; after 9999-12-31 that is
    10000-01-01, which TimelineJS's JavaScript dates hold though Python's cannot)."""
    if next_day and day == dt.date.max:
        date = {"year": day.year + 1, "month": 1, "day": 1}
    else:
        day += dt.timedelta(days=1) if next_day else dt.timedelta(0)
        date = {"year": day.year, "month": day.month, "day": day.day}
    if time is not None:
        date.update(hour=time.hour, minute=time.minute)
    return date


def _esc(value: str) -> str:
    return html.escape(clean_line(value))


def _tl_text(event: Event) -> str:
    parts = [f"<p>{_esc(event.summary)}</p>"] if event.summary.strip() else []
    if event.figures:
        items = "".join(f"<li>{_esc(figure_line(f))}</li>" for f in event.figures)
        parts.append(f"<ul>{items}</ul>")
    for source in event.sources:
        parts.append(
            f"<blockquote>{_esc(source.quote)}<cite>{_esc(source.file)}</cite></blockquote>"
        )
    return "".join(parts)


def timelinejs_document(events: Sequence[Event], timeline: Timeline) -> dict[str, Any]:
    """TimelineJS3's JSON: a title slide from the header and one slide per event."""
    slides = []
    for event in events:
        slide: dict[str, Any] = {
            "unique_id": clean_line(event.id),
            "start_date": _tl_start(event),
            "display_date": display_date(event),
            "text": {"headline": _esc(event.title), "text": _tl_text(event)},
        }
        if event.end:
            # TimelineJS ends a date-only span at 00:00 of end_date; the last day is
            # inclusive here, so the bar runs to the start of the day after it.
            slide["end_date"] = _tl_date(event.end, dt.time(0, 0), next_day=True)
        if event.tags:
            # TimelineJS 3.9 strips markup from group (decoding entities once) and then
            # inserts it as HTML, so the label is escaped twice to stay literal text.
            slide["group"] = html.escape(_esc(event.tags[0]))
            # Every tag, as data (TimelineJS ignores the key): `timeline import` reads it back.
            slide["tags"] = [clean_line(t) for t in event.tags]
        slides.append(slide)
    document: dict[str, Any] = {}
    if not slides:  # TimelineJS needs a slide: an empty selection is a title slide saying so
        headline = timeline.title or Path(timeline.path).stem or "Timeline"
        document["title"] = {
            "unique_id": "title",
            "text": {"headline": _esc(headline), "text": "<p>no events</p>"},
        }
    elif timeline.title:
        sources = [s.title or s.file for s in timeline.sources]
        text = "".join(f"<p>{_esc(s)}</p>" for s in sources)
        document["title"] = {
            "unique_id": "title",
            "text": {"headline": _esc(timeline.title), "text": text},
        }
    document["events"] = slides
    document["scale"] = "human"
    return document


def write_timelinejs(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    out.write(json_dumps(timelinejs_document(list(events), ctx.timeline), indent=2) + "\n")
