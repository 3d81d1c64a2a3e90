"""The command-line app, the only package that imports typer.

app (the Typer app and global options, before or after the command), state, options
(shared options, writing results), filters (the event filters), complete (shell
completion), listing, facets, counts and tools (the commands), pager and progress (the
terminal), run (the entry point: errors -> one line and an exit code).
"""

from timeline.cli.app import app
from timeline.cli.run import main

__all__ = ["app", "main"]
