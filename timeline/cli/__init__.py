"""The command-line app, the only package that imports typer.

app (the Typer app and global options), options (shared option types, date
completion, writing results), listing and tools (the commands), run (the entry
point: errors -> one line and an exit code).
"""

from timeline.cli.app import app
from timeline.cli.run import main

__all__ = ["app", "main"]
