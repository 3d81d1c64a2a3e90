"""timeline: explore curated, source-cited timelines of events.

Importing the package is cheap on purpose: it loads neither typer nor rich,
so library use and piped output stay fast.
"""

from timeline.errors import TimelineError

__version__ = "0.1.0"
__all__ = ["TimelineError", "__version__"]
