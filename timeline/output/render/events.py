"""Views of events: the day-grouped timeline, the table, and one event in full."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.text import Text

from timeline.cite import CitedQuote
from timeline.model import Event
from timeline.output.records import (
    DATE_KIND_LABELS,
    OutputContext,
    day_group,
    day_heading,
)
from timeline.output.render.console import (
    TABLE_MIN_WIDTH,
    figure_text,
    grid,
    plain,
    print_to,
    simple_table,
)
from timeline.output.safety import clean_line

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["detail_view", "table_view", "timeline_view", "write_table", "write_timeline"]


def _date_label(event: Event, possible: bool = False) -> Text:
    """What qualifies the date: a span's end, as-of / since / report dating, or (for `on`)
    that an event dated only to a wider span may have fallen on the day asked."""
    label = Text()
    if possible:
        label.append("  [可能]", style="yellow")
    if event.end:
        label.append(f"  至 {event.end.isoformat()}", style="magenta")
    if event.date_kind in DATE_KIND_LABELS:
        label.append(f"  [{DATE_KIND_LABELS[event.date_kind]}]", style="magenta")
    if len(event.sources) > 1:
        label.append(f"  ({len(event.sources)} sources)", style="green")
    return label


def timeline_view(
    events: Sequence[Event],
    patterns: Sequence[re.Pattern[str]] = (),
    ids: bool = True,
    possible: frozenset[str] = frozenset(),
) -> Group:
    """Events grouped under a heading per day: time, title, tags and (dim) the id, then
    figures. The id comes last on the title's line, never broken: when it does not fit
    there it starts the next line, whole, for a double-click to copy. Events dated only
    to a part of a month or year have a heading of their own (``2022-03 中旬``)."""
    parts: list[RenderableType] = []
    for _, group in itertools.groupby(events, key=day_group):
        rows: list[_Entry] = []
        for event in group:
            if not rows:
                heading = Text(day_heading(event), style="bold cyan")
                parts.append(Rule(heading, align="left", style="cyan"))
            body = Text()  # only the title bold: tags blue, the id dim
            body.append_text(plain(event.title, "bold", patterns))
            body.append_text(_date_label(event, event.id in possible))
            if event.tags:
                body.append("  ")
                body.append_text(plain(" ".join(f"#{t}" for t in event.tags), "blue", patterns))
            if ids:
                body.append("  ")
                body.append_text(plain(event.id, "dim"))
            lines: list[RenderableType] = [body]
            if event.figures:
                figs = " · ".join(figure_text(f) for f in event.figures)
                lines.append(plain(figs, "yellow dim"))
            mark = event.time or ("  ?" if event.id in possible else "  •")
            rows.append(_Entry(Text(mark, style="green"), Group(*lines)))
        parts.append(Padding(Group(*rows), (0, 0, 1, 1)))
    return Group(*parts)


class _Entry:
    """One event of the timeline view: its time in a column five cells wide, then the text,
    folded to the width left and indented under itself.

    The layout of a two-column grid, for a third of what rich's Table spends measuring
    and rendering each cell (and without importing rich.table).
    """

    def __init__(self, time: Text, body: RenderableType) -> None:
        self.time = time
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - _TIME_CELLS, 1)
        lines = console.render_lines(self.body, options.update_width(width), pad=True)
        time_width = _TIME_CELLS - 1
        head = [*console.render_lines(self.time, options.update_width(time_width), pad=True)[0]]
        indent = [Segment(" " * _TIME_CELLS)]
        for i, line in enumerate(lines):
            yield from head + [Segment(" ")] if i == 0 else indent
            yield from line
            yield Segment.line()


_TIME_CELLS = 6  # "02:30" and a space


def table_view(
    events: Sequence[Event],
    patterns: Sequence[re.Pattern[str]] = (),
    possible: frozenset[str] = frozenset(),
) -> Table:
    """One row per event; long titles wrap inside their column."""
    table = simple_table(expand=True)
    table.add_column("Date", no_wrap=True, style="cyan")
    table.add_column("Time", no_wrap=True, style="green")
    # An id is copied whole: never wrapped, its column as wide as the longest one.
    longest = max((cell_len(clean_line(e.id)) for e in events), default=2)
    table.add_column("ID", style="dim", no_wrap=True, overflow="ignore", min_width=longest)
    table.add_column("Title", ratio=3, overflow="fold")
    table.add_column("Tags", style="blue", ratio=2, overflow="fold")
    for e in events:
        date = e.written_date + (f"\n→{e.end.isoformat()}" if e.end else "")
        if e.date_kind in DATE_KIND_LABELS:
            date += f"\n[{DATE_KIND_LABELS[e.date_kind]}]"
        if e.id in possible:
            date += "\n[可能]"
        table.add_row(
            date,
            e.time or "",
            plain(e.id),
            plain(e.title, "", patterns),
            plain(", ".join(e.tags), "", patterns),
        )
    return table


def write_timeline(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    """The `timeline` format: events grouped by day (default on a terminal); nothing for
    no events (the command's note on stderr says so).

    Written a day at a time, so a pager shows the first screen while the rest is drawn
    and a reader who quits early stops the drawing."""
    for _, day in itertools.groupby(events, key=day_group):
        print_to(out, ctx, timeline_view(list(day), ctx.highlight, ctx.ids, ctx.possible))


def write_table(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    """The `table` format: one row per event; nothing for no events."""
    selected = list(events)
    if selected:
        view = table_view(selected, ctx.highlight, ctx.possible)
        print_to(out, ctx, view, min_width=TABLE_MIN_WIDTH)


class TitledPanel:
    """A panel titled in its top border when the title fits there; otherwise the title
    opens the body, wrapped, because rich cuts a border title a narrow terminal cannot hold."""

    def __init__(self, body: RenderableType, title: Text, frame: box.Box) -> None:
        self.body, self.title, self.frame = body, title, frame

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title.cell_len + 6 <= options.max_width:
            yield Panel(self.body, title=self.title, title_align="left", box=self.frame)
        else:
            yield Panel(Group(self.title, self.body), box=self.frame)


#: How the quote is told from its sentence without colour (`show --no-color`, NO_COLOR).
QUOTE_MARKS = ("【", "】")


def detail_view(event: Event, quotes: Sequence[CitedQuote], mark: bool = False) -> TitledPanel:
    """One event in full; `quotes` (timeline.cite.cited_quotes) holds each source's quote
    inside its sentence, titled with where it is and what the source is. With `mark`
    (no colour to tell them apart) the quote is put between 【 and 】."""
    table = grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    when = day_heading(event)
    if event.time:
        when += f" {event.time}"
    if event.end:
        when += f" → {event.end.isoformat()}"
    table.add_row("ID", plain(event.id, "dim"))
    table.add_row("Date", Text(when, style="cyan"))
    if event.date_kind != "event":
        table.add_row("Dated as", plain(f"{event.date_kind} ({DATE_KIND_LABELS[event.date_kind]})"))
    if event.date_note:
        table.add_row("Date note", plain(event.date_note))
    for label, values in (
        ("Tags", event.tags),
        ("People", event.people),
        ("Orgs", event.orgs),
        ("Places", event.places),
    ):
        if values:
            table.add_row(label, plain("、".join(values)))
    if event.summary:
        table.add_row("Summary", plain(event.summary))
    parts: list[RenderableType] = [table]
    if event.figures:
        figs = simple_table()
        figs.add_column("Counts")
        figs.add_column("As written")
        figs.add_column("Value", justify="right")
        figs.add_column("Unit")
        figs.add_column("Approx")
        for f in event.figures:
            value = f"{f.value:,}" if f.value is not None else "—"
            figs.add_row(
                plain(f.label), plain(f.text), value, plain(f.unit), "yes" if f.approx else ""
            )
        parts.append(figs)
    for cited in quotes:
        quote = Text()
        quote.append_text(plain(cited.before, "dim"))
        quote.append(QUOTE_MARKS[0] if mark else "")
        quote.append_text(plain(cited.quote, "bold yellow"))
        quote.append(QUOTE_MARKS[1] if mark else "")
        quote.append_text(plain(cited.after, "dim"))
        body = Group(plain(cited.about, "italic"), quote) if cited.about else quote
        parts.append(TitledPanel(body, plain(cited.where), box.ROUNDED))
    title = plain(event.title, "bold")
    return TitledPanel(Group(*parts), title, box.HEAVY_HEAD)
