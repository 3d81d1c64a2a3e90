"""Plain-text writers of `timeline figures`, `timeline stats` and the name counts of `tags`,
`people`, `orgs` and `places` (tsv, csv, json, jsonl). An empty list is each format's empty
document: nothing for tsv and jsonl, a header for csv, `[]` for json."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from timeline.output.safety import clean_line, json_dumps
from timeline.stats import FIGURE_COLUMNS, FigureRow, Period, Stats

__all__ = ["write_counts", "write_figures", "write_stats"]


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


def write_stats(
    stats: Stats, fmt: str, out: TextIO, periods: Sequence[Period] = (), by: str | None = None
) -> None:
    """tsv: one `date<TAB>events<TAB>happenings<TAB>reports` line per day (what a plotting
    script wants; a run of more than stats.GAP_DAYS days without events has no lines, json
    lists it in `gaps`), or the same per period with --by; csv and
    jsonl: one row per period; json: every number, the periods with --by."""
    if fmt == "tsv" and by is None:
        out.write("".join(f"{d.isoformat()}\t{n}\t{n - r}\t{r}\n" for d, n, r in stats.per_day))
    elif fmt == "tsv":
        out.write(
            "".join(
                f"{p.label}\t{p.events}\t{p.events - p.reports}\t{p.reports}\n" for p in periods
            )
        )
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(PERIOD_COLUMNS)
        writer.writerows(p.record().values() for p in periods)
    elif fmt == "jsonl":
        out.write("".join(json_dumps(p.record()) + "\n" for p in periods))
    elif fmt == "json":
        record = stats.record()
        if by is not None:
            record.update(by=by, per_period=[p.record() for p in periods])
        out.write(json_dumps(record, indent=2) + "\n")
    else:
        raise ValueError(f"not a plain-text stats format: '{fmt}'")


#: Columns of a period row in csv (and keys of its json record).
PERIOD_COLUMNS = ("period", "start", "end", "events", "reports")


def write_counts(counts: Sequence[tuple[str, int]], key: str, fmt: str, out: TextIO) -> None:
    """Names with their counts: tsv `name<TAB>count`, csv with a `KEY,count` header, json
    (a list of {KEY: name, "count": n}) or jsonl."""
    records = [{key: name, "count": count} for name, count in counts]
    if fmt == "tsv":
        out.write("".join(f"{clean_line(name)}\t{count}\n" for name, count in counts))
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow((key, "count"))
        writer.writerows((clean_line(name), count) for name, count in counts)
    elif fmt == "json":
        out.write(json_dumps(records, indent=2) + "\n")
    elif fmt == "jsonl":
        out.write("".join(json_dumps(r) + "\n" for r in records))
    else:
        raise ValueError(f"not a plain-text counts format: '{fmt}'")
