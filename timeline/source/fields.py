"""Reading one field of a timeline document: text, lists, dates, times and numbers.

Each reader returns a value or records a :class:`Problem` at the field's line and
column and returns nothing; :class:`timeline.source.validate.Validator` builds
events and headers from them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from typing import Any

from timeline.source.schema import MAX_TEXT, TIME, Problem, read_event_date
from timeline.source.yamlsafe import Map
from timeline.text.shorten import shorten

__all__ = ["FieldReader"]


class FieldReader:
    """Field readers sharing one list of problems for one file."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def _at(self, where: Map | None, key: str | None, message: str, known: Any = ()) -> None:
        """A problem at `key` of `where`; with the `known` names, the nearest as a hint."""
        line, col = (0, 0)
        if isinstance(where, Map):
            line, col = where.line, where.column
            if key is not None and key in where.marks:
                line, col, _ = where.marks[key]
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.7) if known else []
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.problems.append(Problem(self.name, line, col, message + hint))

    def _sha256(self, item: Map) -> str:
        value = self._text(item, "sha256", "source").strip().lower()
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            self._at(item, "sha256", f"source: sha256 '{shorten(value)}' is not 64 hex digits")
            return ""
        return value

    def _text(self, raw: Map, key: str, who: str, required: bool = False) -> str:
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

    def _texts(self, raw: Map, key: str, who: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if isinstance(value, str):  # `tags: 医疗, 救治` is one string: never a silent list
            items = ", ".join(p.strip() for p in re.split(r"[,，、;；]", value) if p.strip())
            self._at(raw, key, f"{who}: '{key}' must be a list, as {key}: [{shorten(items)}]")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self._at(raw, key, f"{who}: '{key}' must be a list of text")
            return ()
        if any(len(str(v)) > MAX_TEXT for v in value):
            self._at(raw, key, f"{who}: an item of '{key}' is longer than {MAX_TEXT:,} characters")
            return ()
        return tuple(str(v) for v in value)

    def _date(self, raw: Map, key: str, who: str, required: bool = False) -> dt.date | None:
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
                shown = shorten(text)
                self._at(raw, key, f"{who}: {key} '{shown}' is not an ISO date (YYYY-MM-DD)")
            return None

    def _event_date(self, raw: Map, who: str) -> tuple[dt.date | None, str]:
        """The event's date and its precision (a day unless written as 2022-03, 2022 年底…)."""
        value = raw.get("date")
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return self._date(raw, "date", who, required=True), "day"
        try:
            return read_event_date(str(value).strip())
        except ValueError as exc:
            self._at(raw, "date", f"{who}: date {exc}")
            return None, "day"

    def _time(self, raw: Map, who: str, precision: str = "day") -> str | None:
        value = raw.get("time")
        if value is None:
            return None
        if precision != "day":
            self._at(raw, "time", f"{who}: a time needs a day, but the date is only a {precision}")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            written = shorten(raw.marks.get("time", (0, 0, None))[2] or value)
            # The advice is a time the loader accepts: two-digit hours, no seconds.
            hm = re.fullmatch(r"(\d{1,2}):([0-5]\d)(?::[0-5]\d)?", str(written))
            fix = f"{int(hm[1]):02d}:{hm[2]}" if hm and int(hm[1]) < 24 else "HH:MM"
            self._at(
                raw,
                "time",
                f'{who}: time {written} must be quoted, as time: "{fix}" '
                f"(unquoted, YAML reads it as the number {value})",
            )
            return None
        text = str(value).strip()
        if not TIME.match(text):
            self._at(raw, "time", f"{who}: time '{shorten(text)}' is not a real HH:MM time")
            return None
        return text

    def _number(self, item: Map, key: str, where: str) -> int | Decimal | None:
        """A figure's exact value: a whole number stays an int; a decimal is read from the
        text as written (``48.6``), never through a binary float."""
        value = item.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, float):
            raw = item.marks.get(key, (0, 0, None))[2]
            written = str(raw).replace("_", "") if raw is not None else repr(value)
            try:
                exact = Decimal(written)
            except ArithmeticError:
                exact = None
            if exact is not None and exact.is_finite():
                return int(exact) if exact == exact.to_integral_value() else exact
        self._at(item, key, f"{where}: {key} must be a number such as 1528 or 48.6")
        return None
