"""`timeline check`: prove a timeline file against its sources.

Beyond what loading validates (schema, types, real dates, unique ids, end after
start), every quote must occur verbatim in its seed file and every figure must
be written inside its quote with the value the numbers module reads from it.
"""

from __future__ import annotations

from timeline.cite import read_seed, seed_path
from timeline.errors import NumberError
from timeline.model import Event, Timeline
from timeline.source.schema import Problem
from timeline.store.open import open_store
from timeline.text.numbers import parse_figure
from timeline.text.shorten import shorten

__all__ = ["check_file", "check_sources"]


def check_file(path: str | None) -> tuple[Timeline, list[Problem]]:
    """Every problem in the file, schema first, then sources; empty list when sound.

    A file with a current cache loaded without a single problem when the cache was
    built (only such files are cached), so its events come from the cache and only
    the sources are checked: for 100,000 events a few seconds and a fraction of the
    memory of parsing the YAML again. Any other file is parsed in full, leniently,
    so that every problem is listed.
    """
    store = open_store(path, strict=False)
    timeline = store.full_timeline()
    return timeline, store.problems + check_sources(timeline)


def check_sources(timeline: Timeline) -> list[Problem]:
    """Quotes verbatim in their seeds; figures inside their quotes with the right value."""
    problems: list[Problem] = []
    for event in timeline.events:
        for message in _event_problems(timeline, event):
            problems.append(Problem(timeline.path, event.line, 1, f"event '{event.id}': {message}"))
    return problems


def _event_problems(timeline: Timeline, event: Event) -> list[str]:
    out: list[str] = []
    quote = event.source.quote if event.source else ""
    if event.source:
        path = seed_path(timeline, event.source.file)
        seed = read_seed(path)
        if seed is None:
            out.append(f"source file '{event.source.file}' not found (looked in {path})")
        elif quote not in seed:
            out.append(f"quote is not verbatim in {event.source.file}: {shorten(quote, 30)!r}")
    for i, figure in enumerate(event.figures):
        where = f"figures[{i}] '{figure.text}'"
        if event.source and figure.text not in quote:
            out.append(f"{where} does not occur in the quote")
        try:
            parsed = parse_figure(figure.text)
        except NumberError:
            out.append(f"{where} cannot be read as a number")
            continue
        if parsed.value != figure.value:
            out.append(f"{where} has value {figure.value}, but the text reads {parsed.value}")
        if parsed.approx != figure.approx:
            out.append(
                f"{where} has approx {str(figure.approx).lower()}, text says {parsed.approx}"
            )
    return out
