"""Progress on stderr when opening a timeline takes over a second (a cache being built for a
large file, or a file loaded without one): a person at a terminal sees the run is alive.

Nothing is shown when stderr is not a terminal or with --quiet, and nothing is imported
for it (rich included) unless the second passes. The cache build (timeline.store.build)
reports no fraction done, so this is a spinner with the time elapsed, not a bar.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

from timeline.source.files import STDIN

__all__ = ["slow_notice"]

_ACTIVE: list[bool] = []  # one line at a time: a notice inside another shows nothing more

#: Seconds before the progress line appears (TIMELINE_PROGRESS_AFTER overrides it).
DELAY = 1.0


def _delay() -> float:
    try:
        return max(float(os.environ.get("TIMELINE_PROGRESS_AFTER", DELAY)), 0.0)
    except ValueError:
        return DELAY


@contextlib.contextmanager
def slow_notice(file: str | None, quiet: bool = False) -> Iterator[None]:
    """Show a spinner on stderr if the body is still running after a second."""
    if quiet or _ACTIVE or not sys.stderr.isatty():  # nested: the outer one shows it
        yield
        return
    _ACTIVE.append(True)
    done = threading.Event()
    delay = _delay()
    name = os.path.basename(file) if file and file != STDIN else file or "the embedded timeline"
    label = f"reading {'standard input' if name == '-' else name}"

    def show() -> None:
        if done.wait(delay):
            return
        from timeline.output.render.progress import working

        progress: Any = working(sys.stderr, label)
        done.wait()
        progress.stop()

    thread = threading.Thread(target=show, name="timeline-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        _ACTIVE.clear()
