"""`timeline check`: prove a timeline file against its sources.

Beyond what loading validates (schema, types, real dates, unique ids, end after
start), every quote must occur verbatim in its seed file and every figure must
be written inside its quote with the value the numbers module reads from it.
"""

from __future__ import annotations

import hashlib

from timeline.cite import near_miss, read_seed, read_seed_bytes, refused_source, seed_path
from timeline.errors import NumberError
from timeline.model import Event, Figure, Timeline
from timeline.source.schema import Problem
from timeline.store.open import open_store
from timeline.text.numbers import parse_figure

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
    """Quotes verbatim in their sources; figures inside their quotes with the right value;
    header hashes matching their files. A missing source file is one problem, naming the
    events that cite it."""
    problems = _changed_sources(timeline)
    missing: dict[str, list[Event]] = {}
    for event in timeline.events:
        for message in _event_problems(timeline, event, missing):
            problems.append(Problem(timeline.path, event.line, 1, f"event '{event.id}': {message}"))
    for file, citing in missing.items():
        names = ", ".join(f"'{e.id}'" for e in citing[:3]) + (", …" if len(citing) > 3 else "")
        where = seed_path(timeline, file)
        refused = refused_source(where)
        why = f"is refused: {refused}" if refused else f"not found (looked in {where})"
        message = (
            f"source file '{file}' {why}; "
            f"cited by {len(citing)} event{'s' * (len(citing) != 1)}: {names}"
        )
        problems.append(Problem(timeline.path, citing[0].line, 1, message))
    return problems


def _changed_sources(timeline: Timeline) -> list[Problem]:
    """A header `sha256` that no longer matches its file: the text changed since it was cited."""
    out = []
    for seed in timeline.sources:
        if not seed.sha256:
            continue
        data = read_seed_bytes(seed_path(timeline, seed.file))
        if data is not None and hashlib.sha256(data).hexdigest() != seed.sha256:
            message = f"source text changed since it was cited: {seed.file} (sha256 differs)"
            out.append(Problem(timeline.path, 0, 0, message))
    return out


def _event_problems(timeline: Timeline, event: Event, missing: dict[str, list[Event]]) -> list[str]:
    out: list[str] = []
    several = len(event.sources) > 1
    for n, source in enumerate(event.sources, start=1):
        seed = read_seed(seed_path(timeline, source.file))
        if seed is None:
            citing = missing.setdefault(source.file, [])
            if event not in citing:
                citing.append(event)
        elif source.quote not in seed:
            name = f"sources[{n}] ({source.file})" if several else source.file
            out.append(f"quote is not verbatim in {name}: {near_miss(source.quote, seed)}")
    for i, figure in enumerate(event.figures):
        out.extend(_figure_problems(event, i, figure))
    return out


def _figure_problems(event: Event, index: int, figure: Figure) -> list[str]:
    where = f"figures[{index}] '{figure.text}'"
    out = []
    if event.sources:
        source = event.sources[min(figure.source, len(event.sources)) - 1]
        if figure.text not in source.quote:
            which = (
                f"the quote of sources[{figure.source}]" if len(event.sources) > 1 else "the quote"
            )
            out.append(f"{where} does not occur in {which}")
    try:
        parsed = parse_figure(figure.text)
    except NumberError:
        return [*out, f"{where} cannot be read as a number"]
    if parsed.value != figure.value:
        out.append(f"{where} has value {figure.value}, but the text reads {parsed.value}")
    if parsed.approx != figure.approx:
        said, reads = str(figure.approx).lower(), str(parsed.approx).lower()
        out.append(f"{where} has approx {said}, but the text reads {reads}")
    return out
