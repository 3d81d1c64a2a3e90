"""`timeline merge`: one timeline from several, keeping every event and every source.

Two events of different files are the same happening when they share a day (the same date,
or spans that overlap), their titles and quotes are alike, and their figures agree. Alike
is rapidfuzz's :func:`~rapidfuzz.fuzz.ratio` (0-100, an edit-distance similarity that
suits Chinese, compared character by character): the score is the mean of the titles'
and the closest pair of quotes' ratios. Figures agree when each thing both events count
(same label and unit) has a reading both allow (timeline.corroborate's intervals).

Pairs at or above the threshold join, best score first; an event joins at most one event
of each other file. The joined event is its first file's (in the order given), with the
union of every member's sources, figures, tags and names; the other ids stay as its
`aliases`. Candidates are ranked by score, then by their content, never by the order of
the files, so merging A and B or B and A gives the same events, only the primary ids
differ. Merging a file with itself gives its events back unchanged.

Events are written in date order; within a day, the first file's events in its order, then
the next file's. Source paths are rewritten relative to the output's folder; the headers
merge (sources de-duplicated by file and sha256). Files that disagree on `reference` or
`timezone` are an error naming both. An id taken in an earlier file is renamed ``ID-2``
(and reported).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from timeline.corroborate import Side, read_figure
from timeline.errors import DataError
from timeline.model import Event, Figure, SeedSource, Source, Timeline
from timeline.source.files import STDIN
from timeline.text.fold import fold

__all__ = ["DEFAULT_THRESHOLD", "MergeResult", "Pair", "merge_timelines"]

#: The score two events need to be merged. A headline and its retelling in another paper
#: score 75-90; two different happenings of one day, sharing a place and a verb, 40-65.
DEFAULT_THRESHOLD = 70.0
#: Pairs this far below the threshold are still shown by --dry-run, to help tune it.
SHOWN_BELOW = 20.0


@dataclass(frozen=True, slots=True)
class Pair:
    """Two events of different files compared: scores, the decision and why."""

    first: Event
    second: Event
    first_file: str
    second_file: str
    score: float
    title: float
    quote: float
    merged: bool
    why: str


@dataclass(slots=True)
class MergeResult:
    """The merged timeline, every pair worth showing, and the ids that had to change."""

    timeline: Timeline
    pairs: list[Pair] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    events_in: int = 0
    outside: list[str] = field(default_factory=list)


def _relative(path: str, base: str, out_dir: str) -> str:
    """A source path of a file in `base`, as seen from `out_dir` (POSIX separators)."""
    target = os.path.abspath(os.path.join(base or ".", path))
    try:
        return Path(os.path.relpath(target, out_dir)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return Path(target).as_posix()


def _rebased(timeline: Timeline, out_dir: str) -> Timeline:
    """The timeline with every source path relative to `out_dir`."""
    base = timeline.base_dir

    def moved(event: Event) -> Event:
        sources = tuple(Source(_relative(s.file, base, out_dir), s.quote) for s in event.sources)
        return replace(event, sources=sources)

    seeds = tuple(replace(s, file=_relative(s.file, base, out_dir)) for s in timeline.sources)
    return replace(timeline, events=tuple(map(moved, timeline.events)), sources=seeds)


def _same_setting(timelines: Sequence[Timeline]) -> None:
    """One reference date and one timezone for all, or an error naming two files."""
    for name in ("reference", "timezone"):
        given = [(t.path, getattr(t, name)) for t in timelines if getattr(t, name) is not None]
        for path, value in given[1:]:
            if value != given[0][1]:
                raise DataError(
                    f"cannot merge: {given[0][0]} has {name} {given[0][1]} "
                    f"but {path} has {name} {value}"
                )


def _same_text(a: SeedSource, b: SeedSource) -> bool:
    """One source text: the same file, and the same sha256 where both give one."""
    return a.file == b.file and (not a.sha256 or not b.sha256 or a.sha256 == b.sha256)


def _seeds(timelines: Sequence[Timeline]) -> tuple[SeedSource, ...]:
    """Every header source once: one entry per file, unless two give different sha256;
    blank fields are filled from later entries of the same file."""
    out: list[SeedSource] = []
    for seed in (s for t in timelines for s in t.sources):
        at = next((i for i, old in enumerate(out) if _same_text(old, seed)), None)
        if at is None:
            out.append(seed)
            continue
        old = out[at]
        filled = {k: getattr(seed, k) for k in seed.__dataclass_fields__ if not getattr(old, k)}
        out[at] = replace(old, **filled)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Texts:
    """An event's title and quotes as rapidfuzz compares them (processed once), and what
    orders tied candidates: the event's content, never the file it came from."""

    title: str
    quotes: tuple[str, ...]
    content: tuple[object, ...]


def _texts(event: Event) -> _Texts:
    from rapidfuzz import utils

    quotes = tuple(utils.default_process(s.quote) for s in event.sources)
    content = (event.sort_key, event.title, tuple((s.file, s.quote) for s in event.sources))
    return _Texts(utils.default_process(event.title), quotes, content)


def _similarity(a: _Texts, b: _Texts, cutoff: float) -> tuple[float, float, float] | None:
    """(score, title ratio, best quote ratio), or None below `cutoff`; without quotes the
    title alone counts."""
    from rapidfuzz import fuzz

    title = fuzz.ratio(a.title, b.title)
    if not a.quotes or not b.quotes:
        return (title, title, 0.0) if title >= cutoff else None
    needed = 2 * cutoff - title  # the quote ratio that brings the mean up to the cutoff
    if needed > 100:
        return None
    quote = max(fuzz.ratio(x, y, score_cutoff=max(needed, 0)) for x in a.quotes for y in b.quotes)
    score = (title + quote) / 2
    return (score, title, quote) if score >= cutoff else None


def _figures_disagree(a: Event, b: Event) -> str:
    """Why the two events' figures cannot be of one happening ('' when they agree): some
    thing both count (label and unit) has no reading that both allow."""

    def by_thing(event: Event) -> dict[tuple[str, str], list[Side]]:
        out: dict[tuple[str, str], list[Side]] = {}
        for figure in event.figures:
            reading = read_figure(figure)
            if reading is not None and figure.label.strip() and event.sources:
                source = event.sources[min(figure.source, len(event.sources)) - 1]
                key = (fold(figure.label.strip()), fold(figure.unit))
                out.setdefault(key, []).append(Side(event, figure, source, reading))
        return out

    mine, theirs = by_thing(a), by_thing(b)
    for key in sorted(mine.keys() & theirs.keys()):
        pairs = [(x, y) for x in mine[key] for y in theirs[key]]
        if not any(x.reading.interval.overlaps(y.reading.interval) for x, y in pairs):
            x, y = pairs[0]
            return (f"figures disagree: {key[0]} {x.figure.text} {x.reading.interval} "
                    f"vs {y.figure.text} {y.reading.interval}")  # fmt: skip
    return ""


Node = tuple[int, int]  # (file number, event number)


def _candidates(
    files: Sequence[Timeline], cutoff: float
) -> list[tuple[float, float, float, Node, Node]]:
    """The pairs of events of different files sharing a day that score `cutoff` or more,
    with their scores, best first (ties in the order of the events' content)."""
    nodes = sorted(
        ((f, i) for f, t in enumerate(files) for i in range(len(t.events))),
        key=lambda n: files[n[0]].events[n[1]].date,
    )
    texts = {node: _texts(files[node[0]].events[node[1]]) for node in nodes}
    out: list[tuple[float, float, float, Node, Node]] = []
    for at, node in enumerate(nodes):
        last_day = files[node[0]].events[node[1]].last_day
        for other in nodes[at + 1 :]:
            if files[other[0]].events[other[1]].date > last_day:
                break
            if other[0] != node[0]:
                scores = _similarity(texts[node], texts[other], cutoff)
                if scores is not None:
                    low, high = sorted((node, other))
                    out.append((*scores, low, high))

    def rank(c: tuple[float, float, float, Node, Node]) -> tuple[object, ...]:
        return (-c[0], *sorted((texts[c[3]].content, texts[c[4]].content)))

    return sorted(out, key=rank)


def _groups(files: Sequence[Timeline], threshold: float) -> tuple[list[list[Node]], list[Pair]]:
    """Join the candidates best first: each group holds at most one event of each file,
    and every two members' figures agree."""
    group: dict[Node, list[Node]] = {
        (f, i): [(f, i)] for f, t in enumerate(files) for i in range(len(t.events))
    }
    pairs = []
    for score, title, quote, a, b in _candidates(files, max(threshold - SHOWN_BELOW, 0)):
        first, second = files[a[0]].events[a[1]], files[b[0]].events[b[1]]
        why = _why_apart(files, group, a, b, score, threshold)
        merged = not why
        if merged:
            joined = sorted(group[a] + group[b])
            for node in joined:
                group[node] = joined
            why = _why_together(first, second, title, quote)
        pairs.append(Pair(first, second, files[a[0]].path, files[b[0]].path,
                          score, title, quote, merged, why))  # fmt: skip
    unique = {id(g): g for g in group.values()}
    return sorted(unique.values()), pairs


def _why_apart(
    files: Sequence[Timeline],
    group: dict[Node, list[Node]],
    a: Node,
    b: Node,
    score: float,
    threshold: float,
) -> str:
    if group[a] is group[b]:
        return "already in one event"
    if score < threshold:
        return f"score {score:.1f} is below the threshold {threshold:g}"
    if {f for f, _ in group[a]} & {f for f, _ in group[b]}:
        return "one of them is already merged with another event of the other's file"
    for x in group[a]:
        for y in group[b]:
            reason = _figures_disagree(files[x[0]].events[x[1]], files[y[0]].events[y[1]])
            if reason:
                return reason
    return ""


def _why_together(a: Event, b: Event, title: float, quote: float) -> str:
    day = f"same date {a.date}" if a.date == b.date else "spans overlap"
    return f"{day}; title {title:.0f}, quote {quote:.0f}; figures agree"


def _union(*parts: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for part in parts for x in part))


def _combined(members: Sequence[Event]) -> Event:
    """The first member with every member's sources, figures (renumbered), tags and names;
    the others' ids (and aliases) become its aliases."""
    primary, others = members[0], members[1:]
    sources = list(primary.sources)
    figures = list(primary.figures)
    for other in others:
        for source in other.sources:
            if source not in sources:
                sources.append(source)
        for figure in other.figures:
            mine = (
                other.sources[min(figure.source, len(other.sources)) - 1] if other.sources else None
            )
            moved: Figure = replace(figure, source=sources.index(mine) + 1 if mine else 1)
            if moved not in figures:
                figures.append(moved)
    aliases = _union(primary.aliases, *([o.id, *o.aliases] for o in others))
    return replace(
        primary,
        summary=primary.summary or next((o.summary for o in others if o.summary), ""),
        tags=_union(*(m.tags for m in members)),
        people=_union(*(m.people for m in members)),
        orgs=_union(*(m.orgs for m in members)),
        places=_union(*(m.places for m in members)),
        figures=tuple(figures),
        sources=tuple(sources),
        aliases=tuple(a for a in aliases if a != primary.id),
    )


def merge_timelines(
    timelines: Sequence[Timeline], out_path: str, threshold: float = DEFAULT_THRESHOLD
) -> MergeResult:
    """One timeline written at `out_path` from `timelines` (in the order given)."""
    _same_setting(timelines)
    out_dir = str(Path(out_path).resolve().parent) if out_path != STDIN else os.getcwd()
    files = [_rebased(t, out_dir) for t in timelines]
    groups, pairs = _groups(files, threshold)
    taken: set[str] = set()
    renamed = []
    events = []
    for nodes in groups:  # sorted: the first file's events first, in their order
        event = _combined([files[f].events[i] for f, i in nodes])
        if event.id in taken:
            number = 2
            while f"{event.id}-{number}" in taken:
                number += 1
            renamed.append((event.id, f"{event.id}-{number}", files[nodes[0][0]].path))
            event = replace(event, id=f"{event.id}-{number}")
        taken.add(event.id)
        events.append(event)
    merged = Timeline(
        path=out_path,
        events=tuple(sorted(events, key=lambda e: e.date)),  # stable: within a day, file order
        title=next((t.title for t in files if t.title), ""),
        timezone=files[0].timezone if files else "Asia/Shanghai",
        reference=next((t.reference for t in files if t.reference), None),
        sources=_seeds(files),
        base_dir=out_dir,
    )
    total = sum(len(t.events) for t in files)
    return MergeResult(merged, pairs, renamed, total, _outside(merged))


def _outside(timeline: Timeline) -> list[str]:
    """The cited files that lie outside the output's folder (``../``, or absolute): a
    timeline's sources are read from its own folder unless the user allows another."""
    files = {s.file for s in timeline.sources} | {
        s.file for e in timeline.events for s in e.sources
    }
    return sorted(f for f in files if f.startswith("../") or f == ".." or os.path.isabs(f))
