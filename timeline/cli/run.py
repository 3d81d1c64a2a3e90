"""Running the app: UTF-8 streams, and every error turned into one line and an exit code.

The only place where a `TimelineError` becomes a message (1 data, 2 usage, 130
Ctrl-C, 143 SIGTERM: both clean up their temporary files first). A reader closing the
pipe early (`| head -1`) ends quietly. When the cache could not be used, a person at a
terminal gets one note saying why (timeline.store.location.disabled).
"""

from __future__ import annotations

import errno
import gc
import io
import os
import signal
import sys
from types import FrameType
from typing import NoReturn

import typer

# typer >= 0.26 vendors click as typer._click and raises its exceptions even when the click
# package is installed too (for another tool), so the vendored copy is tried first.
try:
    from typer._click import exceptions as click_errors  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_errors  # type: ignore[no-redef,import-not-found,unused-ignore]

from timeline.cli import counts, facets, importing, listing, sources, tools  # noqa: F401 - registers the commands
from timeline.cli.app import app
from timeline.cli.pager import paging
from timeline.cli.state import STATE
from timeline.errors import TimelineError
from timeline.output.safety import visible
from timeline.store import location

__all__ = ["main"]

# ---------------------------------------------------------------- entry point


def _fail(message: str, code: int) -> NoReturn:
    # Messages quote file names, arguments and data: escape what could drive the terminal.
    print(f"timeline: error: {visible(message)}", file=sys.stderr)
    raise SystemExit(code)


class _ClosedStream(io.TextIOBase):
    """Stands in for a standard stream closed by the caller (`>&-`): writing fails clearly."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _standard_streams() -> None:
    """UTF-8 output whatever the locale (as git, ripgrep and jq write), and a clear error,
    not a crash, when stdout was closed; with stderr closed, errors go nowhere but the
    exit code still tells."""
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in UTF8_NAMES:
            stream.reconfigure(encoding="utf-8", errors=errors)


UTF8_NAMES = ("utf-8", "utf8")


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that every `finally` and cleanup runs."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _cache_note() -> None:
    """The first reason the cache was off in this run, once, for a person at a terminal
    (not with --quiet)."""
    if location.NOTES and sys.stderr.isatty() and not STATE.quiet:
        print(f"timeline: note: {visible(location.NOTES[0])}", file=sys.stderr)
    location.NOTES.clear()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the app, turn errors into one line and a code."""
    # A run is short and builds no cycles worth collecting (events are frozen records of
    # strings); the collector's full passes over tens of thousands of live events cost
    # 15-25% of a large search or list while freeing nothing (peak memory measured equal).
    gc.disable()
    _standard_streams()
    location.NOTES.clear()
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:  # left alone when ignored (nohup)
        signal.signal(signal.SIGTERM, _terminate)
    try:
        with paging():  # a pager on a terminal when the output is taller than it
            code = app(args=argv, prog_name="timeline", standalone_mode=False)
            sys.stdout.flush()
    except TimelineError as exc:
        _fail(str(exc), exc.exit_code)
    except click_errors.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
        raise SystemExit(2) from None
    except click_errors.UsageError as exc:
        hint = f" (see 'timeline {exc.ctx.info_name} --help')" if exc.ctx and exc.ctx.parent else ""
        _fail(exc.format_message().replace("\n", " ") + hint, 2)
    except click_errors.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        raise SystemExit(130) from None
    except Terminated:
        raise SystemExit(143) from None
    except SystemExit as exc:
        # click turns a closed pipe inside a command into exit 1; a reader leaving early
        # is no failure (`set -o pipefail; timeline list | head -1` must succeed).
        if isinstance(exc.__context__, BrokenPipeError):
            _reader_left()
        raise
    except BrokenPipeError:
        _reader_left()
    except OSError as exc:
        _fail(f"cannot write output: {exc.strerror or exc}", 1)
    finally:
        _cache_note()
    raise SystemExit(code if isinstance(code, int) else 0)


def _reader_left() -> NoReturn:
    """The reader left (`| head -1`): stop quietly, and keep Python from complaining
    when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(0) from None
