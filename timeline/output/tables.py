"""Plain writers of the source reports: `sources`, `sources --uncovered`, `conflicts` and
`merge --dry-run`, as tsv (no header), csv (a header), json (an array) and jsonl.

Each report is a list of records (a dict per row, the JSON shape); tsv and csv write the
same fields flat, in the order of the report's columns, a nested reading or source spelt
out in cells of its own. None imports rich.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from timeline.corroborate import Conflict, Side
from timeline.coverage import SourceRow, Uncovered
from timeline.merge import Pair
from timeline.output.safety import clean_line, json_dumps

__all__ = [
    "CONFLICT_COLUMNS",
    "PAIR_COLUMNS",
    "PLAIN_FORMATS",
    "SOURCE_COLUMNS",
    "UNCOVERED_COLUMNS",
    "Report",
    "conflict_record",
    "conflicts_report",
    "pair_record",
    "pairs_report",
    "sources_report",
    "uncovered_report",
    "write_report",
]

PLAIN_FORMATS = ("tsv", "csv", "json", "jsonl")
#: Columns added later go at the end, so `cut -f` scripts keep working.
SOURCE_COLUMNS = ("file", "title", "publisher", "dateline", "events", "first", "last", "listed")
UNCOVERED_COLUMNS = ("file", "date", "text", "line", "offset", "mentions")
_SIDE = ("event", "figure", "reading", "rule", "source", "quote")
CONFLICT_COLUMNS = (
    "date", "label", "unit", "same_event",
    *(f"first_{c}" for c in _SIDE), *(f"second_{c}" for c in _SIDE),
)  # fmt: skip
PAIR_COLUMNS = ("decision", "score", "title_score", "quote_score", "date",
                "first", "first_file", "second", "second_file", "why")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Report:
    """A report's records (the JSON shape) and its flat rows (for tsv and csv)."""

    columns: tuple[str, ...]
    records: list[dict[str, Any]]
    rows: list[list[Any]]


def _side_record(side: Side) -> dict[str, Any]:
    interval = side.reading.interval
    return {
        "event": side.event.id,
        "date": side.event.date.isoformat(),
        "figure": side.figure.text,
        "value": side.figure.value,
        "reading": {
            "low": interval.low,
            "high": interval.high,
            "open_high": interval.open_high,
            "text": str(interval),
            "rule": side.reading.rule,
        },  # fmt: skip
        "source": {"file": side.source.file, "quote": side.source.quote},
    }


def conflict_record(conflict: Conflict) -> dict[str, Any]:
    """One conflict as JSON: what is counted, and each side in full."""
    figure = conflict.first.figure
    return {
        "date": conflict.first.event.date.isoformat(),
        "label": figure.label,
        "unit": figure.unit,
        "same_event": conflict.same_event,
        "first": _side_record(conflict.first),
        "second": _side_record(conflict.second),
    }


def _side_cells(side: Side) -> list[Any]:
    return [side.event.id, side.figure.text, str(side.reading.interval), side.reading.rule,
            side.source.file, side.source.quote]  # fmt: skip


def conflicts_report(conflicts: Sequence[Conflict]) -> Report:
    rows = [
        [c.first.event.date.isoformat(), c.first.figure.label, c.first.figure.unit,
         c.same_event, *_side_cells(c.first), *_side_cells(c.second)]
        for c in conflicts
    ]  # fmt: skip
    return Report(CONFLICT_COLUMNS, [conflict_record(c) for c in conflicts], rows)


def sources_report(rows: Sequence[SourceRow]) -> Report:
    records = [r.record() for r in rows]
    return Report(SOURCE_COLUMNS, records, [[r[c] for c in SOURCE_COLUMNS] for r in records])


def uncovered_report(rows: Sequence[Uncovered]) -> Report:
    records = [r.record() for r in rows]
    return Report(UNCOVERED_COLUMNS, records, [[r[c] for c in UNCOVERED_COLUMNS] for r in records])


def pair_record(pair: Pair) -> dict[str, Any]:
    return {
        "decision": "merge" if pair.merged else "apart",
        "score": round(pair.score, 1),
        "title_score": round(pair.title, 1),
        "quote_score": round(pair.quote, 1),
        "date": pair.first.date.isoformat(),
        "first": pair.first.id,
        "first_file": pair.first_file,
        "second": pair.second.id,
        "second_file": pair.second_file,
        "why": pair.why,
    }


def pairs_report(pairs: Sequence[Pair]) -> Report:
    records = [pair_record(p) for p in pairs]
    return Report(PAIR_COLUMNS, records, [[r[c] for c in PAIR_COLUMNS] for r in records])


def _cell(value: Any) -> str:
    """A flat cell: nothing for None, true/false, exact numbers as written, text one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value, "f")
    return clean_line(str(value))


def _tsv(report: Report, out: TextIO) -> None:
    out.write("".join("\t".join(_cell(c) for c in row) + "\n" for row in report.rows))


def _csv(report: Report, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(report.columns)
    writer.writerows([_cell(c) for c in row] for row in report.rows)


def _json(report: Report, out: TextIO) -> None:
    out.write(json_dumps(report.records, indent=2) + "\n")


def _jsonl(report: Report, out: TextIO) -> None:
    out.write("".join(json_dumps(r) + "\n" for r in report.records))


_WRITERS: dict[str, Callable[[Report, TextIO], None]] = {
    "tsv": _tsv,
    "csv": _csv,
    "json": _json,
    "jsonl": _jsonl,
}


def write_report(report: Report, fmt: str, out: TextIO) -> None:
    """The report in a plain format; an empty one is the format's empty document."""
    if fmt not in _WRITERS:
        raise ValueError(f"not a plain-text report format: '{fmt}'")
    _WRITERS[fmt](report, out)
