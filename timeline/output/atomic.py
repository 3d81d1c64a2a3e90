"""Writing output files so that a failure never leaves a half-written or clobbered file.

The text goes to a temporary file in the destination's folder and is renamed
into place only after everything was written and flushed to disk. The temporary
(``.NAME.PID-XXXXXXXX.tmp``) carries the process id: a run killed before it could
clean up (SIGKILL, a power cut) leaves it behind, and the next write of NAME removes
the ones whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
import time
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
    from timeline.store.tidy import signals_held

    _remove_leftovers(folder, target.name)
    with signals_held() as release:  # Ctrl-C or SIGTERM waits until `try` can clean up
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=folder
        )
        try:
            release()
            _fill_and_rename(fd, tmp, target, fill)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _fill_and_rename(fd: int, tmp: str, target: Path, fill: Callable[[TextIO], object]) -> None:
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


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove the temporaries of earlier writes of `name` whose process is gone."""
    from timeline.store.tidy import leftover

    pattern = re.compile(re.escape(f".{name}.") + r"(\d+)-\w{8}\.tmp")
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(f".{name}.") and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if leftover(
                        entry.name, pattern, entry.stat(follow_symlinks=False).st_mtime, now
                    ):
                        os.unlink(entry.path)


def write_text(text: str, path: str | None) -> None:
    """Write text to stdout, or atomically to `path`."""
    if path:
        atomic_write(path, lambda stream: stream.write(text))
    else:
        sys.stdout.write(text)
