"""Terminal views, the only module that imports rich.

Data is always wrapped in `rich.text.Text` (never parsed as markup) after
control characters are stripped, so a title such as ``[bold]`` or an ANSI escape
shows literally. rich measures CJK cell widths, which keeps columns aligned.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.text import Text

from timeline.model import Event, Figure
from timeline.output.records import OutputContext, chinese_weekday
from timeline.output.safety import clean_line
from timeline.text.fold import match_spans

if TYPE_CHECKING:  # for annotations only: tables load when a table view is drawn
    from rich.table import Table

    from timeline.stats import FigureRow, Stats

KIND_LABELS = {"as_of": "截至", "since": "以来", "report": "报道日"}
HIGHLIGHT = "bold black on yellow"
#: Narrowest layout of any view; tables pass a wider one (TABLE_MIN_WIDTH).
MIN_WIDTH = 20
#: Below this a table's fixed columns leave nothing for the text and rich truncates
#: values ("169,0…"); it is laid out this wide instead and the terminal wraps its lines.
TABLE_MIN_WIDTH = 40


def print_to(
    out: TextIO, ctx: OutputContext, renderable: RenderableType, min_width: int = MIN_WIDTH
) -> None:
    """Render to `out` with the caller's colour choice and width.

    A terminal narrower than `min_width` (or ``COLUMNS=0``, which rich takes as zero
    columns and prints nothing) gets a `min_width` layout: wrapped, but nothing lost.
    """
    console = Console(
        file=out,
        width=ctx.width,
        color_system="auto" if ctx.color else None,
        force_terminal=ctx.color or None,
        no_color=not ctx.color,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    console.width = max(console.width, min_width)
    console.print(renderable)


def simple_table(**options: Any) -> Table:
    """The one table style of every view: a rule under a bold header, no outer padding."""
    from rich.table import Table  # with fractions, 5 ms of start-up the timeline view skips

    return Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, **options)


def grid(**options: Any) -> Table:
    """A borderless table for laying out label and value columns."""
    from rich.table import Table

    return Table.grid(**options)


def plain(text: str, style: str = "", patterns: Sequence[re.Pattern[str]] = ()) -> Text:
    """Data as literal Text, controls removed, search matches highlighted.

    `patterns` are the search's own (timeline.query.compile_search), matched on folded
    text exactly as the search matched, so ＶＯＬＵＮＴＥＥＲ highlights "Volunteer".
    """
    line = clean_line(text)
    result = Text(line, style=style)
    for start, end in match_spans(line, patterns):
        result.stylize(HIGHLIGHT, start, end)
    return result


def figure_text(figure: Figure) -> str:
    label = f"{figure.label} " if figure.label else ""
    return f"{label}{figure.text}"


def _date_label(event: Event) -> Text:
    """What qualifies the date: a span's end, or as-of / since / report dating."""
    label = Text()
    if event.end:
        label.append(f"  至 {event.end.isoformat()}", style="magenta")
    if event.date_kind in KIND_LABELS:
        label.append(f"  [{KIND_LABELS[event.date_kind]}]", style="magenta")
    return label


def timeline_view(events: Sequence[Event], patterns: Sequence[re.Pattern[str]] = ()) -> Group:
    """Events grouped under a heading per day: time, title, figures and tags."""
    parts: list[RenderableType] = []
    for day, group in itertools.groupby(events, key=lambda e: e.date):
        heading = Text(f"{day.isoformat()} {chinese_weekday(day)}", style="bold cyan")
        parts.append(Rule(heading, align="left", style="cyan"))
        rows = []
        for event in group:
            body = plain(event.title, "bold", patterns)
            body.append_text(_date_label(event))
            if event.tags:
                body.append("  ")
                body.append_text(plain(" ".join(f"#{t}" for t in event.tags), "blue", patterns))
            lines: list[RenderableType] = [body]
            if event.figures:
                figs = " · ".join(figure_text(f) for f in event.figures)
                lines.append(plain(figs, "yellow dim"))
            rows.append(_Entry(Text(event.time or "  •", style="green"), Group(*lines)))
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


def table_view(events: Sequence[Event], patterns: Sequence[re.Pattern[str]] = ()) -> Table:
    """One row per event; long titles wrap inside their column."""
    table = simple_table(expand=True)
    table.add_column("Date", no_wrap=True, style="cyan")
    table.add_column("Time", no_wrap=True, style="green")
    table.add_column("ID", style="dim", overflow="fold", ratio=2)
    table.add_column("Title", ratio=3, overflow="fold")
    table.add_column("Tags", style="blue", ratio=2, overflow="fold")
    for e in events:
        date = e.date.isoformat() + (f"\n→{e.end.isoformat()}" if e.end else "")
        table.add_row(
            date,
            e.time or "",
            plain(e.id),
            plain(e.title, "", patterns),
            plain(", ".join(e.tags), "", patterns),
        )
    return table


def write_timeline(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    """The `timeline` format: events grouped by day (default on a terminal)."""
    print_to(out, ctx, timeline_view(list(events), ctx.highlight))


def write_table(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    """The `table` format: one row per event."""
    print_to(out, ctx, table_view(list(events), ctx.highlight), min_width=TABLE_MIN_WIDTH)


def tags_view(counts: Sequence[tuple[str, int]]) -> Table:
    table = simple_table()
    table.add_column("Tag", style="blue")
    table.add_column("Events", justify="right")
    for tag, count in counts:
        table.add_row(plain(tag), str(count))
    return table


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


def detail_view(event: Event, context: tuple[str, int, str, str, str] | None) -> TitledPanel:
    """One event in full; `context` is (seed file, line, before, quote, after)."""
    table = grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    when = event.date.isoformat() + f" {chinese_weekday(event.date)}"
    if event.time:
        when += f" {event.time}"
    if event.end:
        when += f" → {event.end.isoformat()}"
    table.add_row("ID", plain(event.id, "dim"))
    table.add_row("Date", Text(when, style="cyan"))
    if event.date_kind != "event":
        table.add_row("Dated as", plain(f"{event.date_kind} ({KIND_LABELS[event.date_kind]})"))
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
    if event.source:
        quote = Text()
        if context:
            file, line, before, middle, after = context
            quote.append_text(plain(before, "dim"))
            quote.append_text(plain(middle, "bold yellow"))
            quote.append_text(plain(after, "dim"))
            where = f"{file}:{line}"
        else:
            quote.append_text(plain(event.source.quote, "bold yellow"))
            where = f"{event.source.file} (quote not found in the source)"
        parts.append(TitledPanel(quote, plain(where), box.ROUNDED))
    title = plain(event.title, "bold")
    return TitledPanel(Group(*parts), title, box.HEAVY_HEAD)


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


def _counts_table(title: str, rows: Sequence[tuple[Text, int]]) -> Table:
    """A label, its count and a bar scaled so the largest count fills the width."""
    table = simple_table(show_edge=False, collapse_padding=True, expand=True)
    table.add_column(title, no_wrap=True)
    table.add_column("Events", justify="right", no_wrap=True)
    table.add_column("", ratio=1, style="green")
    top = max((n for _, n in rows), default=0) or 1
    for label, count in rows:
        table.add_row(label, str(count), _bar(top, count))
    return table


def _bar(top: int, count: int) -> RenderableType:
    from rich.bar import Bar  # the stats view alone draws bars: keep it off start-up

    return Bar(top, 0, count)


def stats_view(stats: Stats) -> Group:
    """Totals, then events per day and per tag as bar charts."""
    summary = grid(padding=(0, 2))
    summary.add_column(style="bold", no_wrap=True)
    summary.add_column()
    summary.add_row("Events", str(stats.events))
    summary.add_row("Figures", str(stats.figures))
    if stats.first and stats.last:
        summary.add_row("First", f"{stats.first.isoformat()} {chinese_weekday(stats.first)}")
        summary.add_row("Last", f"{stats.last.isoformat()} {chinese_weekday(stats.last)}")
    days = [
        (Text(f"{d.isoformat()} {chinese_weekday(d)}", style="cyan"), n) for d, n in stats.per_day
    ]
    tags = [(plain(t, "blue"), n) for t, n in stats.per_tag]
    parts: list[RenderableType] = [summary]
    if days:
        parts += [Text(), _counts_table("Date", days)]
    if tags:
        parts += [Text(), _counts_table("Tag", tags)]
    return Group(*parts)


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
    from timeline.extract import mention_reading

    for m in mentions:
        value, notes = mention_reading(m)
        row = (plain(m.text), value or "—", plain(" ".join(notes)), _in_context(m))
        table.add_row(m.kind, str(m.offset), *row)
    return table
