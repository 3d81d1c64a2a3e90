"""Timeline files (YAML) -> validated `Timeline`; every problem carries file:line:column.

Only PyYAML's safe loader is used (the C one when available): no tag can build a
Python object. Aliases are refused, so an alias bomb cannot blow up memory, and
YAML timestamps are kept as text so that ``2022-02-30`` is reported by us, with
its position, rather than crashing inside PyYAML. A repeated key is an error (PyYAML
would keep the last one silently), and so are a value longer than ``MAX_TEXT`` and a
number Python cannot print; too deep nesting is refused by libyaml or as a RecursionError.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from timeline import embedded_path
from timeline.errors import DataError
from timeline.model import DATE_KINDS, Event, Figure, SeedSource, Source, Timeline

__all__ = ["Problem", "embedded_path", "load_timeline", "parse_timeline", "read_source"]

STDIN = "-"
#: Longest text one field may hold. A long quote is a few hundred characters; a title of
#: megabytes is a broken or hostile file, and would take minutes to lay out on a terminal.
MAX_TEXT = 100_000
#: Python refuses to print integers of more than 4300 digits; refuse them when reading.
_MAX_INT_BITS = 14_000
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_EVENT_FIELDS = frozenset(
    {"id", "date", "time", "end", "date_kind", "date_note", "title", "summary"}
    | {"tags", "people", "orgs", "places", "figures", "source"}
)
_FIGURE_FIELDS = frozenset({"text", "value", "unit", "label", "approx"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a timeline file, located for the user."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        return f"{where}: {self.message}"


class _Map(dict[Any, Any]):
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


class _Seq(list[Any]):
    """A list that remembers where each item starts, to locate an item that is wrong."""

    marks: list[tuple[int, int]]


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            mark = node.start_mark
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not supported in timeline files",
                problem_mark=mark,
            )
        return super().construct_object(node, deep=deep)


def _construct_map(loader: Any, node: yaml.MappingNode) -> Iterator[_Map]:
    first: dict[str, int] = {}
    for key_node, _ in node.value:  # before merge keys (<<) are expanded: those may repeat
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            if key_node.value in first:
                raise yaml.constructor.ConstructorError(
                    problem=f"duplicate key '{_shown(key_node.value)}' "
                    f"(first at line {first[key_node.value]})",
                    problem_mark=key_node.start_mark,
                )
            first[key_node.value] = key_node.start_mark.line + 1
    data = _Map()
    data.line, data.column = node.start_mark.line + 1, node.start_mark.column + 1
    data.marks = {}
    yield data
    data.update(loader.construct_mapping(node, deep=True))
    for key_node, value_node in node.value:
        raw = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        mark = value_node.start_mark
        data.marks[key_node.value] = (mark.line + 1, mark.column + 1, raw)


def _construct_seq(loader: Any, node: yaml.SequenceNode) -> Iterator[_Seq]:
    data = _Seq()
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


def _shown(value: object) -> str:
    """Data quoted inside a one-line message, cut at 40 characters."""
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _read_all(stream: io.BufferedIOBase) -> bytes:
    """Everything in `stream`, a chunk at a time. CPython's readall() loops in C without
    looking at signals, so Ctrl-C on a slow pipe (`ssh host cat x | timeline --file -`)
    would wait for the pipe's end; here each chunk returns to Python, which raises it."""
    chunks = []
    while chunk := stream.read1(1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def read_source(path: str) -> tuple[str, str]:
    """Read a timeline file (or stdin for ``-``) as text; returns (display name, text)."""
    name = "<stdin>" if path == STDIN else path
    if path == STDIN and sys.stdin is None:
        raise DataError(f"{name}: standard input is closed")
    try:
        if path == STDIN:
            raw = _read_all(cast(io.BufferedIOBase, sys.stdin.buffer))
        else:
            with open(path, "rb") as stream:
                raw = _read_all(stream)
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{name}: is a directory, not a timeline file") from None
    except OSError as exc:
        raise DataError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        return name, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{name}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "convert it first, e.g. iconv -f GBK -t UTF-8"
        ) from None


def load_timeline(
    path: str | os.PathLike[str] | None = None, *, use_cache: bool = True
) -> Timeline:
    """Load and validate a timeline file; the embedded one when path is None.

    A file without problems is answered from (or first copied into) the
    per-user cache of timeline.cache, which skips YAML on later runs and never
    changes the result; `use_cache=False` or TIMELINE_NO_CACHE=1 reads the file.
    Raises DataError naming the first problem (``timeline check`` lists them all).
    """
    target = str(path) if path is not None else str(embedded_path())
    if use_cache and target != STDIN:
        from timeline.cache import cached_timeline

        cached = cached_timeline(target)
        if cached is not None:
            return cached
    name, text = read_source(target)
    base = os.getcwd() if target == STDIN else str(Path(target).resolve().parent)
    timeline, problems = parse_timeline(text, name, base)
    if problems:
        more = f" (and {len(problems) - 1} more; run 'timeline check')" if len(problems) > 1 else ""
        raise DataError(f"{problems[0]}{more}")
    return timeline


def parse_timeline(text: str, name: str, base_dir: str = "") -> tuple[Timeline, list[Problem]]:
    """Parse YAML text into a Timeline plus every problem found (empty when valid).

    The garbage collector is paused meanwhile: a large file builds millions of objects,
    none in cycles, so collections are pure waste (2.3x faster at 10,000 events).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, name, base_dir)
    finally:
        if paused:
            gc.enable()


def _parse(text: str, name: str, base_dir: str) -> tuple[Timeline, list[Problem]]:
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "invalid YAML"
        if "could not determine a constructor" in what:
            tag = what.split("the tag ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
            what = f"tag '{tag}' is not allowed (timeline files hold plain data only)"
        return Timeline(name, ()), [Problem(name, line, col, f"invalid YAML: {what}")]
    except yaml.reader.ReaderError as exc:  # a raw control character such as ESC or NUL
        # libyaml counts bytes of the UTF-8 text; the pure-Python reader counts characters.
        if _BaseLoader is yaml.SafeLoader:
            before = text[: exc.position]
        else:
            before = text.encode()[: exc.position].decode(errors="ignore")
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        what = f"control character U+{char:04X} is not allowed; write it as an escape in quotes"
        return Timeline(name, ()), [Problem(name, line, col, f"invalid YAML: {what}")]
    except yaml.YAMLError as exc:
        return Timeline(name, ()), [Problem(name, 0, 0, f"invalid YAML: {exc}")]
    except RecursionError:
        return Timeline(name, ()), [Problem(name, 0, 0, "invalid YAML: nested too deeply")]
    return _Validator(name, base_dir).timeline(doc)


class _Validator:
    """Turns the loaded YAML document into records, collecting every problem."""

    def __init__(self, name: str, base_dir: str) -> None:
        self.name = name
        self.base_dir = base_dir
        self.problems: list[Problem] = []

    def _at(self, where: _Map | None, key: str | None, message: str) -> None:
        line, col = (0, 0)
        if isinstance(where, _Map):
            line, col = where.line, where.column
            if key is not None and key in where.marks:
                line, col, _ = where.marks[key]
        self.problems.append(Problem(self.name, line, col, message))

    def timeline(self, doc: Any) -> tuple[Timeline, list[Problem]]:
        if doc is None:
            doc = _Map()
        if isinstance(doc, list):
            header, raw_events = _Map(), doc
        elif isinstance(doc, _Map):
            unknown = sorted(str(k) for k in doc if k not in ("timeline", "events"))
            if unknown:
                self._at(doc, unknown[0], f"unknown top-level key '{_shown(unknown[0])}'")
            header = doc.get("timeline") or _Map()
            raw_events = doc.get("events", [])
            if not isinstance(header, _Map):
                self._at(doc, "timeline", "'timeline' must be a mapping")
                header = _Map()
        else:
            self._at(None, None, "a timeline file must be a mapping with 'events:' or a list")
            return Timeline(self.name, ()), self.problems
        if not isinstance(raw_events, list):
            self._at(doc, "events", "'events' must be a list")
            raw_events = []
        marks = raw_events.marks if isinstance(raw_events, _Seq) else []
        events = []
        for i, raw in enumerate(raw_events):
            event = self.event(raw, i, marks[i] if i < len(marks) else (0, 0))
            if event:
                events.append(event)
        self._check_unique(events)
        tl = Timeline(
            path=self.name,
            events=tuple(events),
            title=self._text(header, "title", "timeline"),
            timezone=self._text(header, "timezone", "timeline") or "Asia/Shanghai",
            reference=self._date(header, "reference", "timeline"),
            sources=self._sources(header),
            base_dir=self.base_dir,
        )
        return tl, self.problems

    def _check_unique(self, events: list[Event]) -> None:
        first: dict[str, Event] = {}
        for event in events:
            if event.id in first:
                msg = f"event '{event.id}': duplicate id (first at line {first[event.id].line})"
                self.problems.append(Problem(self.name, event.line, 1, msg))
            else:
                first[event.id] = event

    def _sources(self, header: _Map) -> tuple[SeedSource, ...]:
        raw = header.get("sources") or []
        if not isinstance(raw, list):
            self._at(header, "sources", "timeline: 'sources' must be a list")
            return ()
        out = []
        for item in raw:
            if not isinstance(item, _Map) or not isinstance(item.get("file"), str):
                self._at(header, "sources", "timeline: each source needs a 'file'")
                continue
            out.append(
                SeedSource(
                    file=item["file"],
                    title=self._text(item, "title", "source"),
                    publisher=self._text(item, "publisher", "source"),
                    dateline=self._date(item, "dateline", "source"),
                    articles=self._texts(item, "articles", "source"),
                )
            )
        return tuple(out)

    def event(self, raw: Any, index: int, where: tuple[int, int] = (0, 0)) -> Event | None:
        if not isinstance(raw, _Map):
            message = f"events[{index}]: each event must be a mapping"
            self.problems.append(Problem(self.name, *where, message))
            return None
        ident = raw.get("id")
        if isinstance(ident, int) and not isinstance(ident, bool):
            ident = str(ident)
        if not isinstance(ident, str) or not ident.strip():
            self._at(raw, "id", f"events[{index}]: 'id' is required (a short unique name)")
            return None
        who = f"event '{_shown(ident)}'"
        for key in raw:
            if key not in _EVENT_FIELDS:
                self._at(raw, key, f"{who}: unknown field '{_shown(key)}'")
        date = self._date(raw, "date", who, required=True)
        title = self._text(raw, "title", who, required=True)
        end = self._date(raw, "end", who)
        if date and end and end < date:
            self._at(raw, "end", f"{who}: end {end} is before date {date}")
        kind = self._text(raw, "date_kind", who) or "event"
        if kind not in DATE_KINDS:
            self._at(
                raw,
                "date_kind",
                f"{who}: date_kind '{_shown(kind)}' is not one of {', '.join(DATE_KINDS)}",
            )
        if date is None or not title:
            return None
        return Event(
            id=ident,
            date=date,
            title=title,
            time=self._time(raw, who),
            end=end,
            summary=self._text(raw, "summary", who),
            tags=self._texts(raw, "tags", who),
            people=self._texts(raw, "people", who),
            orgs=self._texts(raw, "orgs", who),
            places=self._texts(raw, "places", who),
            figures=self._figures(raw, who),
            source=self._source(raw, who),
            date_kind=kind,
            date_note=self._text(raw, "date_note", who),
            line=raw.line,
        )

    def _text(self, raw: _Map, key: str, who: str, required: bool = False) -> str:
        value = raw.get(key)
        if value is None:
            if required:
                self._at(raw, None, f"{who}: '{key}' is required")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self._at(raw, key, f"{who}: '{key}' must be text")
            return ""
        if len(value) > MAX_TEXT:
            size = f"{len(value):,} characters; {MAX_TEXT:,} at most"
            self._at(raw, key, f"{who}: '{key}' is too long ({size})")
            return ""
        if required and not value.strip():
            self._at(raw, key, f"{who}: '{key}' must not be empty")
        return value

    def _texts(self, raw: _Map, key: str, who: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self._at(raw, key, f"{who}: '{key}' must be a list of text")
            return ()
        if any(len(str(v)) > MAX_TEXT for v in value):
            self._at(raw, key, f"{who}: an item of '{key}' is longer than {MAX_TEXT:,} characters")
            return ()
        return tuple(str(v) for v in value)

    def _date(self, raw: _Map, key: str, who: str, required: bool = False) -> dt.date | None:
        value = raw.get(key)
        if value is None:
            if required:
                self._at(raw, None, f"{who}: '{key}' is required (YYYY-MM-DD)")
            return None
        text = str(value).strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                self._at(raw, key, f"{who}: {key} '{text}' is not a real date")
            else:
                shown = _shown(text)
                self._at(raw, key, f"{who}: {key} '{shown}' is not an ISO date (YYYY-MM-DD)")
            return None

    def _time(self, raw: _Map, who: str) -> str | None:
        value = raw.get("time")
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            written = _shown(raw.marks.get("time", (0, 0, None))[2] or value)
            self._at(
                raw,
                "time",
                f'{who}: time {written} must be quoted, as time: "{written}" '
                f"(unquoted, YAML reads it as the number {value})",
            )
            return None
        text = str(value).strip()
        if not _TIME.match(text):
            self._at(raw, "time", f"{who}: time '{_shown(text)}' is not a real HH:MM time")
            return None
        return text

    def _figures(self, raw: _Map, who: str) -> tuple[Figure, ...]:
        value = raw.get("figures")
        if value is None:
            return ()
        if not isinstance(value, list):
            self._at(raw, "figures", f"{who}: 'figures' must be a list")
            return ()
        out = []
        for i, item in enumerate(value):
            where = f"{who}: figures[{i}]"
            if not isinstance(item, _Map):
                self._at(raw, "figures", f"{where} must be a mapping with 'text'")
                continue
            for key in item:
                if key not in _FIGURE_FIELDS:
                    self._at(item, key, f"{where}: unknown field '{key}'")
            text = self._text(item, "text", where, required=True)
            number = item.get("value")
            if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
                self._at(item, "value", f"{where}: value must be a whole number")
                number = None
            approx = item.get("approx", False)
            if not isinstance(approx, bool):
                self._at(item, "approx", f"{where}: approx must be true or false")
                approx = False
            unit, label = self._text(item, "unit", where), self._text(item, "label", where)
            out.append(Figure(text=text, value=number, unit=unit, label=label, approx=approx))
        return tuple(out)

    def _source(self, raw: _Map, who: str) -> Source | None:
        value = raw.get("source")
        if value is None:
            return None
        if not isinstance(value, _Map):
            self._at(raw, "source", f"{who}: 'source' must be a mapping with file and quote")
            return None
        file = self._text(value, "file", f"{who}: source", required=True)
        quote = self._text(value, "quote", f"{who}: source", required=True)
        return Source(file=file, quote=quote)
