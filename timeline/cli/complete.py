"""Shell completion values: formats, tags, ids and names, offered through Typer's own
completion (`timeline --install-completion`, `--show-completion`; bash, zsh, fish).

The shell runs `timeline` with `_TIMELINE_COMPLETE` set; Typer calls these with the words
typed so far. A timeline that cannot be read completes nothing rather than failing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import typer

from timeline.cli.state import STATE
from timeline.errors import TimelineError

if TYPE_CHECKING:
    from timeline.model import Event

__all__ = [
    "complete_choices",
    "complete_formats",
    "complete_ids",
    "complete_names",
    "complete_tags",
]


def _file(ctx: Any) -> str | None:
    """The --file typed so far: after the command (set while parsing), or before it, or
    TIMELINE_FILE (the group's own parameter)."""
    return STATE.file or ctx.find_root().params.get("file") or None


def _events(ctx: Any) -> tuple[Event, ...]:
    from timeline.store.open import open_store

    try:
        return open_store(_file(ctx)).full_timeline().events
    except (TimelineError, OSError):
        return ()


def _matching(values: Iterable[str], incomplete: str) -> list[str]:
    """Values starting with what was typed (Typer offers only those), each once, cleaned."""
    from timeline.output.safety import clean_line

    return [v for v in dict.fromkeys(clean_line(v) for v in values) if v.startswith(incomplete)]


def complete_formats(incomplete: str) -> list[tuple[str, str]]:
    """-F of the listing commands: every registered format, with its help."""
    from timeline.output.registry import FORMATS

    return [(f.name, f.help) for f in FORMATS.values() if f.name.startswith(incomplete)]


def complete_choices(names: Sequence[str]) -> Callable[[str], list[str]]:
    """-F of a command with its own formats."""

    def complete(incomplete: str) -> list[str]:
        return [name for name in names if name.startswith(incomplete)]

    return complete


def complete_tags(ctx: typer.Context, incomplete: str) -> list[str]:
    from timeline.query import tag_counts

    return _matching((tag for tag, _ in tag_counts(_events(ctx))), incomplete)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    return _matching((event.id for event in _events(ctx)), incomplete)


def complete_names(field: str) -> Callable[[typer.Context, str], list[str]]:
    """--person, --org, --place: the names the timeline's events give, most named first."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from timeline.query import name_counts

        return _matching((name for name, _ in name_counts(_events(ctx), field)), incomplete)

    return complete
