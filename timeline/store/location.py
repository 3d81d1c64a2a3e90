"""Where the cache lives, and whether a folder or file there can be trusted.

``$XDG_CACHE_HOME/timeline/`` (default ``~/.cache/timeline``), one database and
one search-text file per data file, named by a hash of the data file's absolute
path. A folder or file is trusted only when it belongs to the current user and
nobody else may write it (folder 0700, file 0600): whoever can write the cache
decides what we print.

The cache is optional: when it cannot be written the run answers from the file,
and :func:`disabled` keeps the reason for one note on a terminal
(``timeline: note: cache disabled: …``, printed by timeline.cli.run).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from timeline.store.key import sha256

__all__ = [
    "CACHE_ENV",
    "NOTES",
    "TEMPORARY",
    "cache_dir",
    "cache_file",
    "disabled",
    "enabled",
    "private",
    "ready_dir",
    "text_file",
]

#: Set to 1, true, yes or on to neither read nor write the cache (0, false, no, off or
#: empty keep it on; any other value turns it off).
CACHE_ENV = "TIMELINE_NO_CACHE"
#: The start of a build's temporary files: ``.build-PID-XXXXXXXX.sqlite3`` and ``.text``.
TEMPORARY = ".build-"
#: Why the cache was off in this run (timeline.cli.run prints the first as a note).
NOTES: list[str] = []


def disabled(reason: str) -> None:
    """Record that the cache could not be used in this run, and why."""
    NOTES.append(f"cache disabled: {reason}")


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/timeline`` or ``~/.cache/timeline``; None without a usable home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec says relative paths are to be ignored
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "timeline"


def cache_file(data_path: str) -> Path | None:
    """The cache file for a data file, named by a hash of its absolute path."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = sha256(os.path.abspath(data_path).encode("utf-8", "surrogateescape"))
    return folder / f"{str(digest.hexdigest())[:32]}.sqlite3"


def text_file(cache: Path) -> Path:
    """The search text beside a cache database (see timeline.searchtext)."""
    return cache.with_suffix(".text")


def enabled() -> bool:
    """False when TIMELINE_NO_CACHE asks for no cache (see CACHE_ENV for its spellings)."""
    return os.environ.get(CACHE_ENV, "").strip().lower() in ("", "0", "false", "no", "off")


def private(st: os.stat_result, kind: int) -> bool:
    """Ours, of the right kind, and nobody else may write (or read) it."""
    return stat.S_IFMT(st.st_mode) == kind and st.st_uid == os.getuid() and not st.st_mode & 0o077


def ready_dir(folder: Path, create: bool) -> bool:
    """True when `folder` is a private directory of ours (made 0700 if `create`; when that
    fails, the reason is kept for the note)."""
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            st = os.lstat(folder)
            if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077:
                os.chmod(folder, 0o700)  # our own folder, opened up by hand
        if private(os.lstat(folder), stat.S_IFDIR):
            return True
        if create:
            disabled(f"{folder} is not a folder private to you")
    except OSError as exc:
        if create:
            disabled(f"cannot create {folder}: {exc.strerror or exc}")
    return False
