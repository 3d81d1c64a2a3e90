"""Views of counts: tags, figures, stats (with bars), and what `extract` found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from timeline.output.records import chinese_weekday
from timeline.output.render.console import HIGHLIGHT, grid, plain, simple_table
from timeline.output.safety import clean_line

if TYPE_CHECKING:
    from rich.table import Table

    from timeline.stats import FigureRow, Period, Stats

__all__ = ["figures_view", "mentions_view", "stats_view", "tags_view"]


def tags_view(counts: Sequence[tuple[str, int]], title: str = "Tag") -> Table:
    """Names (tags, people, orgs, places) with their number of events."""
    table = simple_table()
    table.add_column(title, style="blue")
    table.add_column("Events", justify="right")
    for tag, count in counts:
        table.add_row(plain(tag), str(count))
    return table


def _figure_table(widths: tuple[int, int, int], header: bool) -> Table:
    """The figure columns with fixed widths, so that every event's block lines up."""
    text, value, unit = widths
    table = simple_table(show_header=header, show_edge=False, collapse_padding=True, expand=True)
    table.add_column("Counts", ratio=1, overflow="fold")
    table.add_column("As written", width=text, no_wrap=True)
    table.add_column("Value", width=value, justify="right", no_wrap=True, style="yellow")
    table.add_column("Unit", width=unit, no_wrap=True)
    table.add_column("Approx", width=6, no_wrap=True)
    return table


def figures_view(rows: Sequence[FigureRow]) -> Group:
    """Every figure, one row each, under a line naming its date and event id.

    Consecutive figures of one event share that line (with --sort value most
    figures get their own). Values are right-aligned with thousands separators.
    Ids get a whole line because at 80 columns a column of 40-character ids
    would squeeze the labels into three-line rows.
    """
    values = [f"{r.value:,}" if r.value is not None else "—" for r in rows]
    widths = (
        max([cell_len("As written"), *(cell_len(clean_line(r.text)) for r in rows)]),
        max([cell_len("Value"), *(len(v) for v in values)]),
        max([cell_len("Unit"), *(cell_len(clean_line(r.unit)) for r in rows)]),
    )
    parts: list[RenderableType] = [Padding(_figure_table(widths, header=True), (0, 0, 0, 2))]
    table = _figure_table(widths, header=False)
    previous: tuple[str, dt.date] | None = None
    for row, value in zip(rows, values, strict=True):
        if (row.event, row.date) != previous:
            previous = (row.event, row.date)
            heading = Text(f"{row.date.isoformat()} {chinese_weekday(row.date)}  ", style="cyan")
            heading.append_text(plain(row.event, "bold"))
            table = _figure_table(widths, header=False)
            parts += [heading, Padding(table, (0, 0, 0, 2))]
        table.add_row(
            plain(row.label), plain(row.text), value, plain(row.unit), "yes" if row.approx else ""
        )
    return Group(*parts)


#: A chart row: its label, the events counted, and how many of them are reports.
_Row = tuple[Text, int, int]


def _counts_table(title: str, rows: Sequence[_Row], split: bool = False) -> Table:
    """A label, its count and a bar scaled so the largest count fills the width; `split`
    adds a Reports column and draws happenings (█, green) apart from reports (▒, magenta)."""
    table = simple_table(show_edge=False, collapse_padding=True, expand=True)
    table.add_column(title, no_wrap=True)
    table.add_column("Events", justify="right", no_wrap=True)
    if split:
        table.add_column("Reports", justify="right", no_wrap=True, style="magenta")
    table.add_column("", ratio=1)
    top = max((n for _, n, _ in rows), default=0) or 1
    for label, count, reports in rows:
        cells: list[RenderableType] = [label, str(count)]
        cells += [str(reports) if reports else ""] if split else []
        table.add_row(*cells, _Bar(top, count - reports, reports))
    return table


class _Bar:
    """Happenings then reports as one bar, scaled so `top` fills the cell's width."""

    def __init__(self, top: int, happenings: int, reports: int) -> None:
        self.top, self.happenings, self.reports = top, happenings, reports

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        cells = round(width * (self.happenings + self.reports) / self.top)
        solid = min(cells, round(width * self.happenings / self.top))
        yield Segment("█" * solid, Style(color="green"))
        yield Segment("▒" * (cells - solid), Style(color="magenta"))
        yield Segment(" " * (width - cells))


def _period_rows(periods: Sequence[Period], by: str) -> list[_Row]:
    """Chart labels of `stats --by`: a week by its label and the Monday it starts on."""

    def label(p: Period) -> str:
        return f"{p.label} {p.start.isoformat()}" if by == "week" else p.label

    return [(Text(label(p), style="cyan"), p.events, p.reports) for p in periods]


def _day_rows(stats: Stats) -> list[_Row]:
    """Chart rows per day; a long run of days without events (stats.gaps) is one row."""
    rows = [(d, Text(f"{d.isoformat()} {chinese_weekday(d)}", style="cyan"), n, r)
            for d, n, r in stats.per_day]  # fmt: skip
    for first, last in stats.gaps:
        label = f"{first.isoformat()}..{last.isoformat()} ({(last - first).days + 1:,} days)"
        rows.append((first, Text(label, style="dim"), 0, 0))
    rows.sort(key=lambda row: row[0])
    return [(label, n, r) for _, label, n, r in rows]


def stats_view(stats: Stats, periods: Sequence[Period] = (), by: str | None = None) -> Group:
    """Totals, then events per day (or per week, month or year `by`) and per tag as bar
    charts."""
    summary = grid(padding=(0, 2))
    summary.add_column(style="bold", no_wrap=True)
    summary.add_column()
    summary.add_row("Events", str(stats.events))
    summary.add_row("Figures", str(stats.figures))
    if stats.first and stats.last:
        summary.add_row("First", f"{stats.first.isoformat()} {chinese_weekday(stats.first)}")
        summary.add_row("Last", f"{stats.last.isoformat()} {chinese_weekday(stats.last)}")
    reports = sum(r for _, _, r in stats.per_day)
    if reports:
        summary.add_row("Reports", f"{reports} (tallies 截至/以来/报道日, ▒ in the chart)")
    if stats.uncertain:
        summary.add_row("Dated to a span", f"{stats.uncertain} (上旬, 是月…: on no one day)")
    days = _day_rows(stats)
    if by is not None and by != "day":
        days = _period_rows(periods, by)
    tags = [(plain(t, "blue"), n, 0) for t, n in stats.per_tag]
    parts: list[RenderableType] = [summary]
    if days:
        title = _PERIOD_TITLES.get(by or "day", "Date")
        parts += [Text(), _counts_table(title, days, split=any(r for _, _, r in days))]
    if tags:
        parts += [Text(), _counts_table("Tag", tags)]
    return Group(*parts)


_PERIOD_TITLES = {"day": "Date", "week": "Week (from Monday)", "month": "Month", "year": "Year"}


def _in_context(mention: Any, width: int = 12) -> Text:
    """The mention with a few characters either side from its sentence, highlighted."""
    sentence = clean_line(mention.sentence)
    text = clean_line(mention.text)
    at = sentence.find(text)
    if at < 0:
        return plain(sentence[: width * 2])
    before = sentence[max(0, at - width) : at]
    after = sentence[at + len(text) : at + len(text) + width]
    return Text.assemble(("…" if at > width else "") + before, (text, HIGHLIGHT), after)


def mentions_view(mentions: Sequence[Any]) -> Table:
    """What `timeline extract` found, one row per mention, for reading."""
    table = simple_table()
    table.add_column("Kind", no_wrap=True, style="magenta")
    table.add_column("At", justify="right", style="dim")
    table.add_column("Text", style="bold", overflow="fold", max_width=14)
    table.add_column("Reads as", no_wrap=True, style="cyan")
    table.add_column("Notes", overflow="fold", style="dim", min_width=12, max_width=20)
    table.add_column("In context", overflow="fold", max_width=32)
    from timeline.extract import mention_reading  # extract loads PyYAML: only this view needs it

    for m in mentions:
        value, notes = mention_reading(m)
        row = (plain(m.text), value or "—", plain(" ".join(notes)), _in_context(m))
        table.add_row(m.kind, str(m.offset), *row)
    return table
