"""PyYAML's safe loader, made position-aware and strict for timeline files.

Only the safe loader is used (the C one when available): no tag can build a
Python object. Aliases are refused, so an alias bomb cannot blow up memory, and
YAML timestamps are kept as text so that ``2022-02-30`` is reported by the
schema, with its position, rather than crashing inside PyYAML. A repeated key is
an error (PyYAML would keep the last one silently), and so is a number Python
cannot print; too deep nesting is refused by libyaml or as a RecursionError.
Every mapping is a :class:`Map` and every list a :class:`Seq` that remember where
they and their items start, so each problem can name its file:line:column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from timeline.source.schema import Problem
from timeline.text.shorten import shorten

__all__ = ["BaseLoader", "Loader", "Map", "Seq", "parse_yaml"]

#: Python refuses to print integers of more than 4300 digits; refuse them when reading.
_MAX_INT_BITS = 14_000


class Map(dict[Any, Any]):
    """A mapping that remembers where it and each of its values start."""

    line: int = 0
    column: int = 0
    marks: dict[Any, tuple[int, int, str | None]]

    def __setitem__(self, key: Any, value: Any) -> None:
        # The streaming cache fills maps key by key: a repeated key must not pass silently
        # (it falls back to the full loader, whose _construct_map reports it with its line).
        if key in self:
            raise ValueError(f"duplicate key {key!r}")
        super().__setitem__(key, value)


class Seq(list[Any]):
    """A list that remembers where each item starts, to locate an item that is wrong."""

    marks: list[tuple[int, int]]


BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(BaseLoader):  # type: ignore[misc]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            mark = node.start_mark
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not supported in timeline files",
                problem_mark=mark,
            )
        return super().construct_object(node, deep=deep)


def _construct_map(loader: Any, node: yaml.MappingNode) -> Iterator[Map]:
    first: dict[str, int] = {}
    for key_node, _ in node.value:  # before merge keys (<<) are expanded: those may repeat
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            if key_node.value in first:
                raise yaml.constructor.ConstructorError(
                    problem=f"duplicate key '{shorten(key_node.value)}' "
                    f"(first at line {first[key_node.value]})",
                    problem_mark=key_node.start_mark,
                )
            first[key_node.value] = key_node.start_mark.line + 1
    data = Map()
    data.line, data.column = node.start_mark.line + 1, node.start_mark.column + 1
    data.marks = {}
    yield data
    data.update(loader.construct_mapping(node, deep=True))
    for key_node, value_node in node.value:
        raw = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        mark = value_node.start_mark
        data.marks[key_node.value] = (mark.line + 1, mark.column + 1, raw)


def _construct_seq(loader: Any, node: yaml.SequenceNode) -> Iterator[Seq]:
    data = Seq()
    data.marks = [(item.start_mark.line + 1, item.start_mark.column + 1) for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> str:
    return str(node.value)


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    try:
        value: int = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:  # more digits than Python converts
        value = 1 << _MAX_INT_BITS
    if value.bit_length() >= _MAX_INT_BITS:
        raise yaml.constructor.ConstructorError(
            problem="number too long (more than 4000 digits)", problem_mark=node.start_mark
        )
    return value


Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def parse_yaml(text: str, name: str) -> tuple[Any, list[Problem]]:
    """The YAML document of `text` (Map, Seq and scalars), or None and the one problem."""
    try:
        return yaml.load(text, Loader=Loader), []  # Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "invalid YAML"
        if "could not determine a constructor" in what:
            tag = what.split("the tag ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
            what = f"tag '{tag}' is not allowed (timeline files hold plain data only)"
        return None, [Problem(name, line, col, f"invalid YAML: {what}")]
    except yaml.reader.ReaderError as exc:  # a raw control character such as ESC or NUL
        # libyaml counts bytes of the UTF-8 text; the pure-Python reader counts characters.
        if BaseLoader is yaml.SafeLoader:
            before = text[: exc.position]
        else:
            before = text.encode()[: exc.position].decode(errors="ignore")
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        what = f"control character U+{char:04X} is not allowed; write it as an escape in quotes"
        return None, [Problem(name, line, col, f"invalid YAML: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 0, 0, f"invalid YAML: {exc}")]
    except RecursionError:
        return None, [Problem(name, 0, 0, "invalid YAML: nested too deeply")]
