"""Keeping the cache folder tidy: what dead runs, deleted files and old entries leave.

Run before each build, the only time the folder grows. It removes:

* build temporaries (``.build-PID-XXXXXXXX.sqlite3`` and ``.text``) whose process is
  gone (a run killed by SIGKILL, or a power cut), or untouched for ``STALE_TEMPORARY``
  seconds (a process id reused; a live build writes all the time), and those of
  versions that did not name the process;
* entries whose data file is gone, entries unused for ``UNUSED_DAYS`` days (a cache
  in use has its mtime moved forward once a day), and a search text without its
  database;
* then, oldest first, entries beyond ``MAX_BYTES`` in all.

Never the entry about to be built. Anything that cannot be read is left alone, and
nothing here can fail a run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from timeline.store.location import TEMPORARY, text_file

__all__ = [
    "MAX_BYTES",
    "STALE_TEMPORARY",
    "UNUSED_DAYS",
    "leftover",
    "process_gone",
    "signals_held",
    "tidy",
]

#: Entries not used for this many days are removed.
UNUSED_DAYS = 30
#: The folder's cap: beyond it, the least recently used entries go first.
MAX_BYTES = 2 << 30
#: A temporary untouched this long (seconds) is removed whatever its process id says.
STALE_TEMPORARY = 24 * 3600
#: A build's temporaries (tempfile's 8 random characters); older versions named no process.
_BUILD = re.compile(re.escape(TEMPORARY) + r"(?:(\d+)-)?\w{8}\.(?:sqlite3|text)")


@contextlib.contextmanager
def signals_held() -> Iterator[Callable[[], None]]:
    """Hold Ctrl-C and SIGTERM while a temporary file is created and recorded: delivered
    between the two, they would leave a file nothing knows to remove. The block gets a
    `release` to call once the file is in hands that clean up (inside their `try`); the
    held signals are then handled at once, as they are at the latest when the block ends."""
    held = {signal.SIGINT, signal.SIGTERM}
    mask = getattr(signal, "pthread_sigmask", None)
    before = [mask(signal.SIG_BLOCK, held)] if mask else []

    def release() -> None:
        if mask and before:
            mask(signal.SIG_SETMASK, before.pop())

    try:
        yield release
    finally:
        release()


def process_gone(pid: int) -> bool:
    """Whether no process `pid` exists (ours and other users' count as alive)."""
    if pid <= 0:
        return True
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def leftover(name: str, pattern: re.Pattern[str], mtime: float, now: float) -> bool:
    """Whether `name`, a temporary matching `pattern` (its group 1 the process id, when
    named), belongs to a run that is over: its process is gone, or it is stale."""
    found = pattern.fullmatch(name)
    if found is None:
        return False
    if now - mtime > STALE_TEMPORARY:
        return True
    pid = found.group(1)
    return pid is not None and process_gone(int(pid))


def _data_file(entry: Path) -> str | None:
    """The data file an entry was built from ("" when the entry cannot be read)."""
    uri = str(entry).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    try:
        db = sqlite3.connect(f"file:{uri}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'path'").fetchone()
        finally:
            db.close()
        path = json.loads(row[0]) if row else None
        return path if isinstance(path, str) else ""
    except (sqlite3.Error, ValueError, TypeError):
        return ""


def _remove(entry: Path) -> None:
    for path in (entry, text_file(entry)):
        with contextlib.suppress(OSError):
            path.unlink()


def tidy(keep: Path) -> None:
    """Tidy the folder of the cache entry `keep` (see the module's docstring)."""
    folder = keep.parent
    now = time.time()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    entries: list[tuple[float, int, Path]] = []
    for name in names:
        path = folder / name
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if name.startswith(TEMPORARY):
            if leftover(name, _BUILD, st.st_mtime, now):
                with contextlib.suppress(OSError):
                    path.unlink()
        elif name.endswith(".text") and not path.with_suffix(".sqlite3").exists():
            if path != text_file(keep):
                with contextlib.suppress(OSError):
                    path.unlink()
        elif name.endswith(".sqlite3") and path != keep:
            source = _data_file(path)
            if now - st.st_mtime > UNUSED_DAYS * 86400 or (source and not os.path.exists(source)):
                _remove(path)
                continue
            with contextlib.suppress(OSError):
                size = st.st_size + os.lstat(text_file(path)).st_size
                entries.append((st.st_mtime, size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_BYTES:
            break
        _remove(path)
        total -= size
