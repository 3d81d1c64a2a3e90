"""Reading a timeline file one event at a time, straight from libyaml's parse events.

Why: the full loader (timeline.source.load) builds the whole document before
validating it, which for 100,000 events means gigabytes. This reader hands each
event to the one validator as soon as it is read, so memory stays flat; the cache
(timeline.store.build) uses it to build its copy. It covers plain YAML only and raises
StreamFallback for anything else, leaving that file to the full loader, which
reports problems exactly as always.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from yaml import events as ev

from timeline.model import Event, Timeline
from timeline.source.files import base_dir
from timeline.source.validate import Validator
from timeline.source.yamlsafe import Loader, Map, Seq

__all__ = ["StreamFallback", "StreamReader"]


class StreamFallback(Exception):
    """Leave this file to the full loader: a problem, or YAML we do not stream."""


class StreamReader:
    """libyaml's events -> the values timeline.load builds, one timeline event at a time.

    Every scalar's type comes from PyYAML's resolver and the full loader's own
    constructors, and every mapping and list is the loader's position-aware ``Map``
    and ``Seq``, so each event reaches the shared validator exactly as the full
    loader would hand it over. Anything beyond plain mappings, sequences and
    scalars (anchors, aliases, tags, merge keys, repeated keys) raises
    :class:`StreamFallback`.
    """

    def __init__(self, source: Any, name: str, unique_ids: bool = True) -> None:
        """`source`: the text, or a file-like object whose read() hands out text a chunk
        at a time (libyaml then never holds the whole file). Without `unique_ids` a
        repeated id is left for the caller to find (the cache build does, in SQLite)."""
        parser = getattr(yaml, "CParser", None) or getattr(
            getattr(yaml, "_yaml", None), "CParser", None
        )
        if parser is None:
            raise StreamFallback("libyaml is not available")
        self._next = parser(source).get_event
        self.ev = ev
        self.node = yaml.ScalarNode
        self.loader = Loader("")  # its resolver and constructors only
        self.Map = Map
        self.Seq = Seq
        self.validator = Validator(name, base_dir(name))
        self.top: Any = None
        self.seen: set[str] | None = set() if unique_ids else None
        self.plain_tags: dict[str, str] = {}  # resolver answers for short plain scalars

    # -- values

    def _scalar(self, event: Any) -> Any:
        if event.anchor is not None:
            raise StreamFallback("anchor")
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return value  # quoted (or '!'): the resolver's answer is always str
            tag = self.plain_tags.get(value)
            if tag is None:
                tag = self.loader.resolve(self.node, value, event.implicit)
                if len(value) <= 40 and len(self.plain_tags) < 4096:
                    self.plain_tags[value] = tag
        if tag == _STR:
            return value
        if tag not in _PLAIN_TAGS:
            raise StreamFallback(f"tag {tag}")
        node = self.node(tag, value, event.start_mark, event.end_mark, style=event.style)
        return self.loader.yaml_constructors[tag](self.loader, node)

    def _value(self, event: Any) -> Any:
        kind = type(event)
        if kind is self.ev.ScalarEvent:
            return self._scalar(event)
        if event.anchor is not None or event.tag not in (None, "!"):
            raise StreamFallback("anchor or tag")
        if kind is self.ev.MappingStartEvent:
            return self._mapping(event)
        if kind is self.ev.SequenceStartEvent:
            return self._sequence()
        raise StreamFallback(kind.__name__)  # an alias

    # _sequence and _mapping inline _scalar's commonest case, a string without anchor or
    # tag that is quoted or resolves to str: a third of the time of a build goes here.

    def _sequence(self) -> Any:
        items = self.Seq()
        marks = items.marks = []
        end, get, scalar, known = (
            self.ev.SequenceEndEvent,
            self._next,
            self.ev.ScalarEvent,
            self.plain_tags,
        )
        while (kind := type(item := get())) is not end:
            mark = item.start_mark
            marks.append((mark.line + 1, mark.column + 1))
            if (
                kind is scalar
                and item.anchor is None
                and item.tag is None
                and (not item.implicit[0] or known.get(item.value) == _STR)
            ):
                items.append(item.value)
            else:
                items.append(self._value(item))
        return items

    def _mapping(self, start: Any) -> Any:
        data = self.Map()
        mark = start.start_mark
        data.line, data.column = mark.line + 1, mark.column + 1
        marks = data.marks = {}
        scalar, end, get, known = (
            self.ev.ScalarEvent,
            self.ev.MappingEndEvent,
            self._next,
            self.plain_tags,
        )
        put = dict.__setitem__
        while (kind := type(key_event := get())) is not end:
            if kind is not scalar:
                raise StreamFallback("complex key")
            name = key_event.value
            if key_event.anchor is None and key_event.tag is None and known.get(name) == _STR:
                key = name
            else:
                key = self._scalar(key_event)
            if key in data:
                raise StreamFallback("repeated key")
            value_event = get()
            if type(value_event) is scalar:
                raw = value_event.value
                if (
                    value_event.anchor is None
                    and value_event.tag is None
                    and (not value_event.implicit[0] or known.get(raw) == _STR)
                ):
                    put(data, key, raw)
                else:
                    put(data, key, self._scalar(value_event))
            else:
                raw = None
                put(data, key, self._value(value_event))
            mark = value_event.start_mark
            marks[name] = (mark.line + 1, mark.column + 1, raw)
        return data

    # -- the document

    def events(self) -> Iterator[Event]:
        """Each validated event in file order; the header is read on the way."""
        ev = self.ev
        if type(self._next()) is not ev.StreamStartEvent:
            raise StreamFallback("stream")
        if type(self._next()) is not ev.DocumentStartEvent:
            raise StreamFallback("empty document")
        root = self._next()
        if type(root) is ev.SequenceStartEvent and root.anchor is None and root.tag is None:
            self.top = self.Map()
            yield from self._items()
        elif type(root) is ev.MappingStartEvent and root.anchor is None and root.tag is None:
            self.top = self.Map()
            seen = set()
            while type(key_event := self._next()) is not ev.MappingEndEvent:
                key = self._scalar(key_event) if type(key_event) is ev.ScalarEvent else None
                if key not in ("timeline", "events") or key in seen:
                    raise StreamFallback("top-level key")
                seen.add(key)
                value_event = self._next()
                if key == "events":
                    if (
                        type(value_event) is not ev.SequenceStartEvent
                        or value_event.anchor
                        or (value_event.tag not in (None, "!"))
                    ):
                        raise StreamFallback("events is not a plain list")
                    yield from self._items()
                else:
                    self.top["timeline"] = self._value(value_event)
        else:
            raise StreamFallback("root")
        if type(self._next()) is not ev.DocumentEndEvent:
            raise StreamFallback("document end")
        if type(self._next()) is not ev.StreamEndEvent:
            raise StreamFallback("more than one document")

    def _items(self) -> Iterator[Event]:
        validator = self.validator
        index = 0
        while type(item := self._next()) is not self.ev.SequenceEndEvent:
            raw = self._value(item)
            event = validator.event(raw, index)
            if event is None or validator.problems:
                raise StreamFallback("problem")
            if self.seen is not None:
                if event.id in self.seen:
                    raise StreamFallback("duplicate id")
                self.seen.add(event.id)
            index += 1
            yield event

    def header(self) -> Timeline:
        """The header, validated as the full loader does; a problem falls back."""
        validator = self.validator
        header = self.top.get("timeline") if self.top is not None else None
        header = header or self.Map()
        if not isinstance(header, self.Map):
            raise StreamFallback("header")
        timeline = validator.header(header)
        if validator.problems:
            raise StreamFallback("header problem")
        return timeline


_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("null", "bool", "int", "float", "timestamp")
)
