"""Writing output files so that a failure never leaves a half-written or clobbered file.

The text goes to a temporary file in the destination's folder and is renamed
into place only after everything was written and flushed to disk.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from timeline.errors import TimelineError, UsageError

__all__ = ["atomic_write", "write_text"]


def atomic_write(path: str, fill: Callable[[TextIO], object]) -> None:
    """Create `path` from what `fill` writes; on any error the old file stays intact.

    A symbolic link keeps pointing where it did (its target is replaced), and a device
    or pipe (``-o /dev/stdout``, ``-o >(gzip)``) is written in place: replacing it would
    swap ``/dev/null`` for a regular file. A failed write names the file (exit 1).
    """
    try:
        _atomic_write(path, fill)
    except (BrokenPipeError, TimelineError):
        raise
    except OSError as exc:
        shown = path if len(path) <= 60 else path[:60] + "…"
        raise TimelineError(f"cannot write '{shown}': {exc.strerror or exc}") from None


def _atomic_write(path: str, fill: Callable[[TextIO], object]) -> None:
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"cannot write '{path}': it is a folder")
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "w", encoding="utf-8", newline="") as stream:
            fill(stream)
        return
    target = Path(os.path.realpath(path))
    folder = target.parent
    if not folder.is_dir():
        missing = folder if Path(path).parent.is_dir() else Path(path).parent
        raise UsageError(f"cannot write '{path}': folder '{missing}' does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            fill(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(text: str, path: str | None) -> None:
    """Write text to stdout, or atomically to `path`."""
    if path:
        atomic_write(path, lambda stream: stream.write(text))
    else:
        sys.stdout.write(text)
