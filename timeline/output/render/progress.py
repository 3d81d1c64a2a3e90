"""A progress line on stderr while a slow step runs (building a cache, loading a large file)."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from timeline.output.safety import clean_line

__all__ = ["working"]


def working(out: TextIO, label: str) -> Progress:
    """A started spinner with `label` and the time elapsed; `stop()` removes it."""
    console = Console(file=out, markup=False, highlight=False, emoji=False)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    progress.add_task(clean_line(label), total=None)
    progress.start()
    return progress
