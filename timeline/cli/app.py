"""The Typer app and its global options (`--file`, `--no-color`, `--no-pager`, `--quiet`,
`--version`).

The global options are accepted before the command (`timeline --file x.yaml list`) and
after it (`timeline list --file x.yaml`), as git, gh and jrnl accept theirs: the group
class below gives every command the same options, all setting the one `STATE`.
The commands register themselves on `app` from timeline.cli.listing, facets, counts and
tools; timeline.cli.run runs it and maps errors to exit codes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperGroup, TyperOption

from timeline import __version__
from timeline.cli.options import STATE, not_empty

__all__ = ["app"]

GLOBAL_HELP = "These options also work after the command: timeline list --file x.yaml."


def _setter(apply: Callable[[Any], None]) -> Callable[[Any, Any, Any], Any]:
    """A callback applying an option given after the command (unset: the global value stays)."""

    def callback(ctx: Any, param: Any, value: Any) -> Any:
        if value not in (None, False):  # also while completing: ids come from that --file
            apply(value if ctx.resilient_parsing else not_empty(value))
        return value

    return callback


def _set_file(value: str) -> None:
    STATE.file = value


def _set_no_color(value: bool) -> None:
    STATE.color = False


def _set_no_pager(value: bool) -> None:
    STATE.pager = False


def _set_quiet(value: bool) -> None:
    STATE.quiet = True


FILE_HELP = "Timeline YAML file ('-' reads standard input). Default: the embedded timeline."
NO_COLOR_HELP = "No colour (also when NO_COLOR is set)."
NO_PAGER_HELP = "Never page the output (also when TIMELINE_PAGER is set but empty)."
QUIET_HELP = "No notes or progress on stderr (errors still show)."


def _command_options() -> list[TyperOption]:
    """The global options as a command's own, for `timeline list --file x.yaml`.

    Each has a name of its own (global_file): a command's FILE argument (extract) must not
    lend it its value. --file is eager, so `-o` (whose check compares it with the file
    being read) sees it wherever it was typed.
    """
    flags = (
        (("--no-color",), NO_COLOR_HELP, _set_no_color),
        (("--no-pager",), NO_PAGER_HELP, _set_no_pager),
        (("--quiet", "-q"), QUIET_HELP, _set_quiet),
    )
    options = [
        TyperOption(param_decls=["--file", "global_file"], metavar="PATH", help=FILE_HELP,
                    is_eager=True, expose_value=False, callback=_setter(_set_file)),
    ]  # fmt: skip
    for aliases, text, apply in flags:
        options.append(
            TyperOption(param_decls=[*aliases, "global_" + aliases[0][2:].replace("-", "_")],
                        is_flag=True, default=False, help=text, expose_value=False,
                        callback=_setter(apply))
        )  # fmt: skip
    return options


#: The order `timeline --help` lists the commands in: selecting, counting, then the engines.
COMMAND_ORDER = ("list", "on", "search", "show", "tags", "people", "orgs", "places",
                 "figures", "stats", "check", "extract", "import")  # fmt: skip


class TimelineGroup(TyperGroup):
    """The app's group: every command also takes the global options (unless it has its own)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in self.commands.values():
            taken = {name for param in command.params for name in param.opts}
            command.params.extend(p for p in _command_options() if taken.isdisjoint(p.opts))

    def list_commands(self, ctx: Any) -> list[str]:
        known = [name for name in COMMAND_ORDER if name in self.commands]
        return known + [name for name in self.commands if name not in known]


def _command_word(argv: list[str]) -> str | None:
    """The command a command line runs: its first word that is no option (--file's value
    skipped), or None."""
    words = iter(argv)
    for word in words:
        if word == "--file":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


#: The words that need Typer's completion options built (they cost 3 ms at each start).
_COMPLETION_WORDS = frozenset({"--install-completion", "--show-completion", "--help", "-h"})


class TimelineTyper(typer.Typer):
    """Builds only what the command line needs: Typer turns every command's parameters into
    click's at each start (about 1 ms a command), so `timeline list | cat` pays for `list`
    alone, and the completion options only when asked for (or shown by --help). Completing,
    a mistyped command and a bare `timeline` get everything."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        everything, completion = self.registered_commands, self._add_completion
        argv = list(kwargs.get("args") or sys.argv[1:])
        name = _command_word(argv)
        chosen = [command for command in everything if command.name == name]
        if chosen and "_TIMELINE_COMPLETE" not in os.environ:
            self.registered_commands = chosen
            self._add_completion = not _COMPLETION_WORDS.isdisjoint(argv)
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.registered_commands, self._add_completion = everything, completion


app = TimelineTyper(
    name="timeline",
    cls=TimelineGroup,
    help="Explore curated, source-cited timelines of events.\n\n"
    "The default data is the embedded Tangshan COVID-19 timeline of March 2022; "
    f"use --file PATH or TIMELINE_FILE for your own. {GLOBAL_HELP}",
    epilog="\b\nExamples:\n  timeline list\n  timeline on 3月20日\n  timeline search 志愿者\n"
    "  timeline list -F json | jq '.[0]'\n  timeline check --file my-events.yaml\n"
    "  timeline --install-completion",
    add_completion=True,
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
            help=FILE_HELP,
            show_envvar=True,
            callback=not_empty,
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help=NO_COLOR_HELP)] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    STATE.file = file or None
    STATE.color = not no_color
    STATE.pager = not no_pager
    STATE.quiet = quiet
    STATE.searched = ""
