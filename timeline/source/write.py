"""Timeline records -> YAML text that the loader reads back equal, on the one schema.

Every command that writes a timeline file (``extract -F yaml``, imports, merges)
writes it here, from the field names of timeline.source.schema, so what is
written is what is read: a property test writes generated timelines and loads
them back equal. Clock times are always quoted (``07:30`` unquoted is the
sexagesimal 450 to YAML 1.1 readers); strings YAML would read as another type
(``yes``, ``null``, ``1.5``) are quoted by PyYAML's own resolver.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import yaml

from timeline.model import Event, Timeline
from timeline.source.schema import event_fields, header_fields

__all__ = ["dump_events", "dump_timeline"]

_HHMM = re.compile(r"\d\d:\d\d")
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


#: libyaml's emitter when PyYAML has it (ten times the pure-Python one's speed), with our
#: own representers either way: the property tests load what each writes back equal.
_BASE: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BASE):  # type: ignore[misc]
    def represent_str(self, data: str) -> yaml.ScalarNode:
        if _ISO_DAY.fullmatch(data):  # plain, as people write dates; the loader keeps the text
            node: yaml.ScalarNode = self.represent_scalar("tag:yaml.org,2002:timestamp", data)
            return node
        style = '"' if _HHMM.fullmatch(data) else None
        node = self.represent_scalar("tag:yaml.org,2002:str", data, style=style)
        return node

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader refuses aliases: never write one, even for repeated values


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    """An exact value written as the number it is (``48.6``, ``59000``), never a float's
    approximation: the loader reads the text back into the same Decimal."""
    if value == value.to_integral_value():
        return dumper.represent_scalar("tag:yaml.org,2002:int", str(int(value)))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_Dumper.add_representer(str, _Dumper.represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def dump_timeline(timeline: Timeline) -> str:
    """A whole timeline file: the `timeline:` header (when it says anything), then `events:`."""
    document: dict[str, Any] = {}
    header = header_fields(timeline)
    if header:
        document["timeline"] = header
    document["events"] = [event_fields(e) for e in timeline.events]
    return _dump(document)


def dump_events(events: Iterable[Event]) -> str:
    """Events as a YAML list, to append under an existing file's ``events:``."""
    return _dump([event_fields(e) for e in events])
