"""The global options of one run, set by timeline.cli.app wherever they were typed."""

from __future__ import annotations

__all__ = ["STATE", "State"]


class State:
    """Global options, given before or after the command (timeline.cli.app)."""

    file: str | None = None
    color: bool = True
    pager: bool = True
    quiet: bool = False
    #: The days the command searched, for the note of an empty result (cli.options.searched).
    searched: str = ""


STATE = State()
