"""timeline: explore curated, source-cited timelines of events.

Importing the package is cheap on purpose: it loads neither typer nor rich,
so library use and piped output stay fast. The data flows through its
sub-packages in one direction: source (YAML -> records) -> store (the one
cache-or-file road) -> query/stats/cite -> check/extract -> output -> cli;
see docs/ARCHITECTURE.md.
"""

from timeline.errors import TimelineError

__version__ = "0.1.0"
__all__ = ["TimelineError", "__version__"]
