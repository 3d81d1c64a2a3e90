"""timeline: explore curated, source-cited timelines of events.

Importing the package is cheap on purpose: it loads neither typer nor rich,
so library use and piped output stay fast.
"""

from pathlib import Path

from timeline.errors import TimelineError

__version__ = "0.1.0"
__all__ = ["TimelineError", "__version__", "embedded_path"]


def embedded_path() -> Path:
    """The curated default timeline: inside the wheel, or at the root of a checkout."""
    packaged = Path(__file__).resolve().parent / "data" / "events.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "events.yaml"
