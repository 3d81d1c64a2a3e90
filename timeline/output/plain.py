"""Plain-text writers of events: json, jsonl, tsv and csv. None imports rich.

Each takes any iterable and writes as it goes, so a large listing streams.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from timeline.model import Event
from timeline.output.records import OutputContext, event_record
from timeline.output.safety import clean_line, json_dumps

__all__ = ["write_csv", "write_json", "write_jsonl", "write_lines", "write_tsv"]


def write_json(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    separator = "[\n  "
    for event in events:
        out.write(separator)
        out.write(json_dumps(event_record(event)))
        separator = ",\n  "
    out.write("[]\n" if separator.startswith("[") else "\n]\n")


def write_lines(lines: Iterable[str], out: TextIO, batch: int = 512) -> None:
    """Write lines in batches: one write per line costs more than the formatting at 100k.

    Output still streams: a reader sees each batch as soon as it is ready.
    """
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= batch:
            out.write("".join(chunk))
            chunk.clear()
    if chunk:
        out.write("".join(chunk))


def write_jsonl(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    write_lines((json_dumps(event_record(event)) + "\n" for event in events), out)


#: Columns added later go at the end, so `cut -f` scripts keep working.
TSV_COLUMNS = ("date", "time", "end", "id", "title", "tags", "date_kind", "sources", "precision")


def _tsv_line(e: Event) -> str:
    cells = (
        e.written_date,
        e.time or "",
        e.end.isoformat() if e.end else "",
        e.id,
        e.title,
        ",".join(e.tags),
        e.date_kind,
        str(len(e.sources)),
        e.precision,
    )
    if "".join(cells).isprintable():  # the common case: nothing to clean in any cell
        return "\t".join(cells) + "\n"
    return "\t".join([clean_line(c) for c in cells]) + "\n"


def write_tsv(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    write_lines(map(_tsv_line, events), out)


CSV_COLUMNS = [
    "id",
    "date",
    "time",
    "end",
    "date_kind",
    "title",
    "summary",
    "tags",
    "people",
    "orgs",
    "places",
    "figures",
    "source_file",
    "quote",
    "sources",
    "precision",
    "links",
]


def write_csv(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in events:
        row = [
            e.id,
            e.written_date,
            e.time or "",
            e.end.isoformat() if e.end else "",
            e.date_kind,
            e.title,
            e.summary,
            ";".join(e.tags),
            ";".join(e.people),
            ";".join(e.orgs),
            ";".join(e.places),
            ";".join(f.text for f in e.figures),
            e.source.file if e.source else "",
            e.source.quote if e.source else "",
            str(len(e.sources)),
            e.precision,
            " ".join(e.links),  # an address holds no space, but may hold ;
        ]
        writer.writerow([clean_line(c) for c in row])
