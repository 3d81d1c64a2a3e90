"""TimelineJS3's JSON (``title``, ``events``, ``eras``) read into slides.

Dates are ``start_date``/``end_date`` objects (year … second, ``display_date``), text is
``text.headline``/``text.text``, media ``media.url``; ``unique_id`` is kept as the id.
The mapping is :mod:`.slides`'. Syntax errors name their line and column; a nesting
bomb is an error, not a crash; every slide's message names its line.
"""

from __future__ import annotations

import json
from typing import Any

from timeline.importers.common import Notes
from timeline.importers.slides import DATE_PARTS, Slide, Slides
from timeline.text.shorten import shorten

__all__ = ["read_json"]


def _lines(text: str, offsets: list[int]) -> list[int]:
    """The line of each offset (in increasing order), counting each stretch once."""
    lines, line, last = [], 1, 0
    for at in offsets:
        line += text.count("\n", last, at)
        lines.append(line)
        last = at
    return lines


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _values(text: str, at: int, close: str, keys: bool) -> list[tuple[str, int]]:
    """Where each value of the object or array opening at `at` starts (with its key):
    for line numbers in messages, read after json.loads accepted the whole text."""
    decoder, out = json.JSONDecoder(), []
    at = _skip(text, at + 1)
    while text[at] != close:
        name = ""
        if keys:
            name, at = decoder.raw_decode(text, at)
            at = _skip(text, _skip(text, at) + 1)  # past the colon
        out.append((str(name), at))
        at = _skip(text, decoder.raw_decode(text, at)[1])
        at = _skip(text, at + 1) if text[at] == "," else at
    return out


def _positions(text: str) -> dict[str, list[int]]:
    """The line of each top-level key, and of each element of a top-level array, by key
    (the key's own line first)."""
    out: dict[str, list[int]] = {}
    try:
        for name, at in _values(text, _skip(text, 0), "}", keys=True):
            offsets = [at]
            if text[at] == "[":
                offsets += [a for _, a in _values(text, at, "]", keys=False)]
            out[name] = _lines(text, offsets)
    except (ValueError, IndexError, RecursionError):
        pass
    return out


def _date_parts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {k: str(value[k]) for k in DATE_PARTS if value.get(k) not in (None, "")}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _slide(raw: Any, line: int, where: str, kind: str = "") -> Slide:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}is not an object")
    text, media, start = _dict(raw.get("text")), _dict(raw.get("media")), raw.get("start_date")
    display = raw.get("display_date") or _dict(start).get("display_date")
    tags = raw.get("tags") if isinstance(raw.get("tags"), list) else []
    slide = Slide(
        line, where, _date_parts(start), _date_parts(raw.get("end_date")), _str(display),
        _str(text.get("headline")), _str(text.get("text")), _str(media.get("url")),
        _str(raw.get("group")), kind or _str(raw.get("type")), _str(raw.get("unique_id")),
        [_str(t) for t in tags or [] if isinstance(t, (str, int))],
    )  # fmt: skip
    unkept = {
        "media credit": media.get("credit"),
        "media caption": media.get("caption"),
        "media thumbnail": media.get("thumbnail"),
        "background": raw.get("background"),
    }
    slide.unkept = [name for name, value in unkept.items() if value]
    return slide


def read_json(text: str, notes: Notes) -> Slides:
    """A TimelineJS3 JSON document's title slide, events and eras."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise notes.error(exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise notes.error(0, "invalid JSON: nested too deeply") from None
    if not isinstance(document, dict) or not isinstance(document.get("events", []), list):
        raise notes.error(1, "not TimelineJS JSON: an object with an 'events' list is expected")
    slides, lines = Slides(notes), _positions(text)
    if document.get("title") is not None:
        line = lines.get("title", [0])[0]
        try:
            slides.add(_slide(document["title"], line, "title: ", "title"))
        except ValueError as exc:
            raise notes.error(line, str(exc)) from None
    for key, kind in (("events", ""), ("eras", "era")):
        items = document.get(key) or []
        if not isinstance(items, list):
            raise notes.error(lines.get(key, [0])[0], f"'{key}' must be a list")
        where = lines.get(key, [0])[1:]
        for n, raw in enumerate(items):
            line = where[n] if n < len(where) else 0
            try:
                slides.add(_slide(raw, line, f"{key}[{n}]: ", kind))
            except ValueError as exc:
                raise notes.error(line, str(exc)) from None
    if document.get("scale") not in (None, "human"):
        notes.add(
            1, f"scale '{shorten(_str(document['scale']))}' is not kept: dates are calendar days"
        )
    slides.finish()
    return slides
