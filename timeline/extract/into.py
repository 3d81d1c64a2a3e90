"""Adding candidate events to an existing timeline file, keeping every byte of it.

A curated file is hand-edited: comments, key order, quoting and blank lines are the
curator's. ``extract --into FILE`` therefore never rewrites it: the new events (those not
already there: same date and an overlapping quote) are written by the one schema writer
and inserted after the file's last event, indented like its events; the article is added
to the header's ``sources`` when it is not listed yet. The result is loaded again before
it is returned, and must hold the old events unchanged plus the new ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from timeline.errors import DataError
from timeline.extract.candidates import candidate_events
from timeline.extract.mentions import Mention
from timeline.model import Event, SeedSource, Timeline
from timeline.source.load import parse_timeline
from timeline.source.write import dump_events, dump_timeline

__all__ = ["Merged", "merge_into"]


@dataclass(frozen=True, slots=True)
class Merged:
    """The new text of the file, the events added, and how many were already there."""

    text: str
    added: tuple[Event, ...]
    skipped: int


def merge_into(
    text: str,
    name: str,
    base_dir: str,
    mentions: list[Mention],
    seed: SeedSource,
) -> Merged:
    """``text`` (the file ``name``) with the candidates of ``mentions`` appended."""
    timeline, problems = parse_timeline(text, name, base_dir)
    if problems:
        raise DataError(f"{problems[0]} (fix the file before adding to it)")
    reference = seed.dateline or timeline.reference
    taken = [e.id for e in timeline.events]
    candidates = candidate_events(mentions, seed.file, reference, taken)
    new = tuple(c for c in candidates if not _already_there(c, timeline.events))
    if not new:
        return Merged(text, (), len(candidates))
    newline = "\r\n" if "\r\n" in text else "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    inserts = [_events_insert(text, root, new)]
    if not any(s.file == seed.file for s in timeline.sources):
        inserts.append(_source_insert(text, root, seed))
    merged = text
    for at, block in sorted(inserts, key=lambda insert: insert[0], reverse=True):
        merged = merged[:at] + block.replace("\n", newline) + merged[at:]
    _verify(merged, name, base_dir, timeline, new)
    return Merged(merged, new, len(candidates) - len(new))


def _already_there(candidate: Event, events: tuple[Event, ...]) -> bool:
    """Same date and a quote that overlaps (one holds the other) an existing event's."""
    quote = candidate.sources[0].quote
    for event in events:
        if event.date != candidate.date:
            continue
        if any(q.quote in quote or quote in q.quote for q in event.sources):
            return True
    return False


def _content_end(node: yaml.Node) -> int:
    """Where a node's last value ends: a block node's own end mark lies past the blank
    lines and comments after it, which belong to what follows."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _content_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _content_end(node.value[-1])
    return int(node.end_mark.index)


def _line_end(text: str, index: int) -> int:
    """Where the line holding ``index - 1`` ends (after its newline), for inserting after."""
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _indented(block: str, column: int) -> str:
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in block.splitlines(True))


def _top_value(root: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    found: list[yaml.Node] = [v for k, v in root.value if getattr(k, "value", None) == key]
    return found[0] if found else None


def _events_insert(text: str, root: yaml.Node | None, new: tuple[Event, ...]) -> tuple[int, str]:
    """After the last event, indented as the events are; or a new ``events:`` at the end."""
    block = dump_events(new)
    events = root if isinstance(root, yaml.SequenceNode) else _top_value(root, "events")
    if isinstance(events, yaml.SequenceNode) and events.value and not events.flow_style:
        column = events.value[0].start_mark.column - 2
        at = _line_end(text, _content_end(events))
        return at, _indented(block, max(column, 0))
    if isinstance(events, yaml.SequenceNode) and not events.value:  # events: [] -> a list
        start, end = events.start_mark.index, events.end_mark.index
        if text[start:end].strip() == "[]":
            raise DataError("'events: []' is a flow list; write 'events:' alone, then retry")
    prefix = "" if text.endswith("\n") or not text else "\n"
    key = "" if isinstance(events, yaml.SequenceNode) else "events:\n"
    return len(text), prefix + key + block


def _source_insert(text: str, root: yaml.Node | None, seed: SeedSource) -> tuple[int, str]:
    """The article as the last item of the header's sources (adding what is missing)."""
    written = dump_timeline(Timeline(path="", events=(), sources=(seed,)))
    item = re.search(r"^  sources:\n(.*?)^events:", written, re.S | re.M)
    lines = "".join(line[2:] + "\n" for line in (item.group(1) if item else "").splitlines())
    header = _top_value(root, "timeline")
    if not isinstance(header, yaml.MappingNode) or not header.value:
        return 0, "timeline:\n  sources:\n" + _indented(lines, 2)
    sources = _top_value(header, "sources")
    if isinstance(sources, yaml.SequenceNode) and sources.value and not sources.flow_style:
        column = sources.value[0].start_mark.column - 2
        return _line_end(text, _content_end(sources)), _indented(lines, column)
    if sources is not None:
        raise DataError("the header's 'sources' is not a block list; add the article by hand")
    column = header.value[0][0].start_mark.column
    at = _line_end(text, _content_end(header))
    return at, " " * column + "sources:\n" + _indented(lines, column)


def _verify(
    merged: str, name: str, base_dir: str, before: Timeline, new: tuple[Event, ...]
) -> None:
    """The merged text loads, holds the old events unchanged and the new ones after them."""
    after, problems = parse_timeline(merged, name, base_dir)
    ids = [e.id for e in after.events]
    expected = [e.id for e in before.events] + [e.id for e in new]
    if problems or ids != expected or after.events[: len(before.events)] != before.events:
        why = problems[0] if problems else "the events would change"
        raise DataError(f"{name}: cannot add the candidates safely ({why}); file left as it was")
