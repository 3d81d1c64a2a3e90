"""The terminal plumbing every view shares: the console, table styles, and data as literal text.

Data is always wrapped in `rich.text.Text` (never parsed as markup) after control
characters are stripped, so a title such as ``[bold]`` or an ANSI escape shows
literally. rich measures CJK cell widths, which keeps columns aligned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich import box
from rich.console import Console, RenderableType
from rich.text import Text

from timeline.model import Figure
from timeline.output.records import OutputContext
from timeline.output.safety import clean_line
from timeline.text.fold import match_spans

if TYPE_CHECKING:  # for annotations only: tables load when a table view is drawn
    from rich.table import Table

__all__ = [
    "HIGHLIGHT",
    "MIN_WIDTH",
    "TABLE_MIN_WIDTH",
    "figure_text",
    "grid",
    "plain",
    "print_to",
    "simple_table",
]

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
