"""Plain-text writers of `timeline figures` and `timeline stats` (tsv, csv, json, jsonl)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from timeline.output.safety import clean_line, json_dumps
from timeline.stats import FIGURE_COLUMNS, FigureRow, Stats

__all__ = ["write_figures", "write_stats"]


def write_figures(rows: Sequence[FigureRow], fmt: str, out: TextIO) -> None:
    """Rows as tsv (no header, one figure per line), csv (header), json or jsonl."""
    if fmt == "tsv":
        for row in rows:
            out.write("\t".join(clean_line(c) for c in row.cells()) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIGURE_COLUMNS)
        writer.writerows([clean_line(c) for c in row.cells()] for row in rows)
    elif fmt == "json":
        out.write(json_dumps([r.record() for r in rows], indent=2) + "\n")
    elif fmt == "jsonl":
        out.write("".join(json_dumps(r.record()) + "\n" for r in rows))
    else:
        raise ValueError(f"not a plain-text figures format: '{fmt}'")


def write_stats(stats: Stats, fmt: str, out: TextIO) -> None:
    """tsv: one `date<TAB>events` line per day (what a plotting script wants); json: all."""
    if fmt == "tsv":
        out.write("".join(f"{d.isoformat()}\t{n}\n" for d, n in stats.per_day))
    elif fmt == "json":
        out.write(json_dumps(stats.record(), indent=2) + "\n")
    else:
        raise ValueError(f"not a plain-text stats format: '{fmt}'")
