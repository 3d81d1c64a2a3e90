"""Terminal views of the source reports: `sources`, `sources --uncovered`, `conflicts` and
`merge --dry-run`. Every text from data goes through `plain` (literal Text, no markup)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from timeline.output.records import chinese_weekday
from timeline.output.render.console import plain, simple_table

if TYPE_CHECKING:
    from rich.table import Table

    from timeline.corroborate import Conflict, Side
    from timeline.coverage import SourceRow, Uncovered
    from timeline.merge import Pair

__all__ = ["conflicts_view", "pairs_view", "sources_view", "uncovered_view"]


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def _about(row: SourceRow) -> Text:
    """The source cell: its file, then title, publisher and dateline on a line below."""
    cell = plain(row.file, "cyan")
    if not row.listed:
        cell.append(" (not in the header)", style="yellow")
    parts = [plain(row.title, "bold"), plain(row.publisher)]
    if row.dateline:
        parts.append(Text(row.dateline.isoformat()))
    shown = [part for part in parts if part.plain]
    if shown:
        cell.append("\n")
        cell.append_text(Text(" · ").join(shown))
    return cell


def sources_view(rows: Sequence[SourceRow]) -> Table:
    """One row per source: file, then title, publisher and dateline below it; how many
    events cite it and the first and last day they cover (fixed columns, so the source
    text has the rest of the width and folds there)."""
    table = simple_table(leading=1)
    table.add_column("Source", overflow="fold", ratio=1)
    table.add_column("Events", justify="right", no_wrap=True)
    table.add_column("First", no_wrap=True)
    table.add_column("Last", no_wrap=True)
    for row in rows:
        table.add_row(_about(row), str(row.events), _day(row.first), _day(row.last))
    return table


def uncovered_view(rows: Sequence[Uncovered]) -> Table:
    """Each day a source mentions that no event citing it covers, where it first says so."""
    table = simple_table()
    table.add_column("File", overflow="fold", style="cyan", ratio=3)
    table.add_column("Date", no_wrap=True)
    table.add_column("As written", overflow="fold", style="bold", ratio=1)
    table.add_column("Line", justify="right", no_wrap=True)
    table.add_column("Mentions", justify="right", no_wrap=True)
    for row in rows:
        date = f"{row.date.isoformat()} {chinese_weekday(row.date)}"
        table.add_row(plain(row.file), date, plain(row.text), str(row.line), str(row.mentions))
    return table


def _side(side: Side) -> Group:
    """One figure of a conflict: as written, its reading and rule, where it comes from, the
    quote on lines of its own (folded to the width, never cut)."""
    head = Text("  ")
    head.append_text(plain(side.figure.text, "bold yellow"))
    head.append(f"  {side.reading.interval}")
    head.append(f"  {side.reading.rule}", style="dim")
    where = Text.assemble(plain(side.event.id, "bold"), "  ", plain(side.source.file, "cyan"))
    return Group(head, Padding(Group(where, plain(side.source.quote)), (0, 0, 0, 6)))


def conflicts_view(conflicts: Sequence[Conflict]) -> Group:
    """Each conflict under a line naming the day and what is counted, then both figures."""
    parts: list[RenderableType] = []
    for conflict in conflicts:
        day = conflict.first.event.date
        heading = Text(f"{day.isoformat()} {chinese_weekday(day)}  ", style="cyan")
        figure = conflict.first.figure
        heading.append_text(plain(figure.label or "(no label)", "bold"))
        if figure.unit:
            heading.append_text(plain(f" ({figure.unit})"))
        where = "  one event, two sources" if conflict.same_event else "  two events of one day"
        heading.append(where, style="magenta")
        parts += [heading, _side(conflict.first), _side(conflict.second), Text()]
    return Group(*parts[:-1])


def pairs_view(pairs: Sequence[Pair]) -> Group:
    """merge --dry-run: each pair compared (first event, then + the second), its score,
    whether it merges, and why."""
    parts: list[RenderableType] = []
    for pair in pairs:
        line = Text("merge" if pair.merged else "apart", style="green" if pair.merged else "yellow")
        line.append(f"  {pair.score:5.1f}  {pair.first.date.isoformat()}  ")
        line.append_text(plain(pair.first.id, "bold"))
        line.append_text(plain(f" ({pair.first_file})", "dim"))
        second = Text("+ ")
        second.append_text(plain(pair.second.id, "bold"))
        second.append_text(plain(f" ({pair.second_file})", "dim"))
        parts += [line, Padding(Group(second, plain(pair.why, "dim")), (0, 0, 0, 7))]
    return Group(*parts)
