"""A pager for output taller than the terminal, as git pages its output.

On a terminal, what the command prints is held until it is taller than the screen; then
the pager starts and gets everything, streamed as it comes. Shorter output goes to the
terminal as it would have. The pager is `$TIMELINE_PAGER`, else `$PAGER`, else
`less -FRX` (when less is installed); `--no-pager`, an empty `TIMELINE_PAGER` (or
`PAGER`) or `cat` turn it off. Piped or redirected output is never paged.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from collections.abc import Iterator
from typing import IO, Any, TextIO

from timeline.cli.state import STATE

__all__ = ["pager_command", "paging"]

DEFAULT_PAGER = "less -FRX"


def pager_command() -> str | None:
    """The pager to run, or None for none."""
    if not STATE.pager:
        return None
    for name in ("TIMELINE_PAGER", "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            return command if command and command != "cat" else None
    return DEFAULT_PAGER if shutil.which("less") else None


class PagedStdout(io.TextIOBase):
    """Stands in for a terminal's stdout: holds what is written until it is taller than
    the screen, then pipes it all to the pager; `finish` shows what a short output held."""

    def __init__(self, real: TextIO, height: int) -> None:
        self.real = real
        self.height = height
        self.held: list[str] = []
        self.lines = 0
        self.direct = False
        self.pager: Any = None

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.real.encoding

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.real.fileno()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.pager is not None:
            pipe: IO[str] = self.pager.stdin
            pipe.write(text)
        elif self.direct:
            self.real.write(text)
        else:
            self.held.append(text)
            self.lines += text.count("\n")
            if self.lines >= self.height:
                self._start()
        return len(text)

    def flush(self) -> None:
        if self.pager is not None:
            self.pager.stdin.flush()
        elif self.direct:
            self.real.flush()

    def _start(self) -> None:
        """Taller than the screen: start the pager, or write straight through without one."""
        command = pager_command()
        held, self.held = "".join(self.held), []
        if command is None:
            self.direct = True
            self.real.write(held)
            return
        import subprocess

        self.real.flush()
        env = dict(os.environ)
        env.setdefault("LESS", "FRX")  # as git: quit if one screen, colours, keep the screen
        env.setdefault("LV", "-c")
        self.pager = subprocess.Popen(
            command, shell=True, stdin=subprocess.PIPE, env=env, encoding="utf-8", errors="strict"
        )
        self.pager.stdin.write(held)

    def finish(self) -> None:
        """Show what short output held, or end the pager's input and wait for the reader."""
        if self.pager is None:
            self.real.write("".join(self.held))
            self.held = []
            self.real.flush()
            return
        with contextlib.suppress(BrokenPipeError, OSError):
            self.pager.stdin.close()
        while True:
            try:
                self.pager.wait()
                return
            except KeyboardInterrupt:  # the reader is still reading; the pager takes ^C
                continue


@contextlib.contextmanager
def paging() -> Iterator[None]:
    """Page stdout for the run when it is a terminal and a pager is wanted."""
    real = sys.stdout
    if not real.isatty() or os.environ.get("TIMELINE_PAGER", None) == "":
        yield
        return
    height = shutil.get_terminal_size().lines
    paged = PagedStdout(real, max(height, 2))
    sys.stdout = paged
    try:
        yield
    finally:
        sys.stdout = real
        paged.finish()
