"""The Typer app and its global options (`--file`, `--no-color`, `--version`).

The commands register themselves on `app` from timeline.cli.listing and
timeline.cli.tools; timeline.cli.run runs it and maps errors to exit codes.
"""

from __future__ import annotations

from typing import Annotated

import typer

from timeline import __version__
from timeline.cli.options import STATE, not_empty

__all__ = ["app"]

app = typer.Typer(
    name="timeline",
    help="Explore curated, source-cited timelines of events.\n\n"
    "The default data is the embedded Tangshan COVID-19 timeline of March 2022; "
    "use --file PATH or TIMELINE_FILE for your own.",
    epilog="\b\nExamples:\n  timeline list\n  timeline on 3月20日\n  timeline search 志愿者\n"
    "  timeline list -F json | jq '.[0]'\n  timeline --file my-events.yaml check",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"timeline {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            envvar="TIMELINE_FILE",
            metavar="PATH",
            help="Timeline YAML file ('-' reads standard input). Default: the embedded timeline.",
            show_envvar=True,
            callback=not_empty,
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (also when NO_COLOR is set).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    STATE.file = file or None
    STATE.color = not no_color
