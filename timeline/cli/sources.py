"""The commands about sources: sources (and --uncovered), conflicts, merge.

Their engines are timeline.coverage, timeline.corroborate and timeline.merge; the plain
formats are written by timeline.output.tables, the terminal tables by
timeline.output.render.sources.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from timeline.cli.app import app
from timeline.cli.options import not_empty, note, open_timeline, same_file, use_color
from timeline.errors import DataError, UsageError
from timeline.model import Timeline
from timeline.output.records import OutputContext
from timeline.source.files import STDIN
from timeline.text.shorten import shorten

REPORT_FORMATS = ("table", "tsv", "csv", "json", "jsonl")
_EXTENSIONS = {".tsv": "tsv", ".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".txt": "table"}

ReportFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-F",
        metavar="FORMAT",
        help="table (default on a terminal), tsv (default when piped; no header), csv "
        "(with a header), json or jsonl.",
    ),
]
ReportOutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically); the format follows its extension "
        "(.tsv .csv .json .jsonl .txt) unless -F is given.",
        callback=not_empty,
    ),
]


def _format(fmt: str | None, output: str | None, command: str) -> str:
    """-F, else -o's extension, else table on a terminal and tsv when piped."""
    if fmt is None and output:
        dot = output.rfind(".")
        fmt = _EXTENSIONS.get(output[dot:].lower()) if dot > output.rfind("/") else None
        if fmt is None:
            known = " ".join(_EXTENSIONS)
            raise UsageError(f"-o '{shorten(output)}': unknown extension; use {known}, or -F")
    name = fmt if fmt is not None else ("table" if sys.stdout.isatty() else "tsv")
    if name not in REPORT_FORMATS:
        choices = ", ".join(REPORT_FORMATS)
        raise UsageError(f"unknown format '{shorten(name)}' for {command}; choose from {choices}")
    return name


def _write(
    name: str,
    output: str | None,
    rows: Sequence[Any],
    report: Callable[[Sequence[Any]], Any],
    view: str,
    what: str,
) -> None:
    """The rows as a terminal table (`view`, a function of timeline.output.render.sources,
    imported only then: plain formats never load rich) or a plain report, to stdout or
    atomically to -o."""
    if not rows:
        note(f"no {what}")
        if name == "table" and not output:
            return
    if name == "table":
        from timeline.output import render
        from timeline.output.render import sources as views

        def fill(out: Any) -> None:
            color = use_color(sys.stdout) if output is None else False
            ctx = OutputContext(Timeline("", ()), color=color)
            render.print_to(out, ctx, getattr(views, view)(rows), render.TABLE_MIN_WIDTH)
    else:
        from timeline.output.tables import write_report

        def fill(out: Any) -> None:
            write_report(report(rows), name, out)

    if output:
        from timeline.output.atomic import atomic_write

        atomic_write(output, fill)
    else:
        fill(sys.stdout)


@app.command("sources")
def sources_command(
    uncovered: Annotated[
        bool,
        typer.Option(
            "--uncovered",
            help="List the days each source's text mentions (found as `timeline extract` "
            "finds them) that no event citing it covers.",
        ),
    ] = False,
    fmt: ReportFormatOpt = None,
    output: ReportOutputOpt = None,
) -> None:
    """One row per source: file, title, publisher, dateline, the events citing it, and the
    first and last day they cover. Files cited but not in the header come last.

    \b
    Examples:
      timeline sources
      timeline --file flood.yaml sources --uncovered
      timeline sources -F json | jq '.[] | select(.events == 0) | .file'
    """
    from timeline import coverage
    from timeline.output import tables

    name = _format(fmt, output, "sources")
    store = open_timeline()
    timeline = store.full_timeline()
    if uncovered:
        gaps = coverage.uncovered(timeline, store.reference)
        _write(name, output, gaps, tables.uncovered_report, "uncovered_view",
               "uncovered days: every day the sources mention has an event")  # fmt: skip
    else:
        rows = coverage.source_rows(timeline)
        _write(name, output, rows, tables.sources_report, "sources_view", "sources")


@app.command("conflicts")
def conflicts_command(
    fail: Annotated[
        bool, typer.Option("--fail", help="Exit 1 when any figures conflict (for CI).")
    ] = False,
    fmt: ReportFormatOpt = None,
    output: ReportOutputOpt = None,
) -> None:
    """Figures that disagree: two figures of one event, or of events of one day with the
    same label and unit, from different source files, whose readings cannot both be true.

    Each figure reads as an interval: 1528个 is [1528, 1528], 16.9万余 [169000, 170000),
    超千人 [1000, 2000), 近4000 [3600, 4000], 约1.3万 ±10%, 数万 [20000, 100000).
    Overlapping intervals agree. Exit 0 whatever is found, unless --fail.

    \b
    Examples:
      timeline conflicts
      timeline --file merged.yaml conflicts --fail
      timeline conflicts -F json | jq '.[].first.source.file'
    """
    from timeline.corroborate import find_conflicts
    from timeline.output import tables

    name = _format(fmt, output, "conflicts")
    timeline = open_timeline().full_timeline()
    found = find_conflicts(timeline.events)
    _write(name, output, found, tables.conflicts_report, "conflicts_view",
           "conflicting figures")  # fmt: skip
    if fail and found:
        count = f"{len(found)} conflict{'s' * (len(found) != 1)}"
        raise DataError(f"{timeline.path}: {count} between figures of different sources")


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise typer.BadParameter(f"'{shorten(text)}' is not a score from 0 to 100")
    return value


@app.command("merge")
def merge_command(
    files: Annotated[
        list[str], typer.Argument(metavar="FILE...", help="Two or more timeline files.")
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT.yaml",
            help="The merged timeline ('-' for stdout); its source paths are written "
            "relative to its folder.",
            callback=not_empty,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Write nothing; list the pairs compared, scores and why."),
    ] = False,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            metavar="N",
            parser=_threshold,
            help="Similarity (0-100) two events need to merge; default 70.",
        ),
    ] = None,
    fmt: ReportFormatOpt = None,
) -> None:
    """Merge timelines into one, keeping every event and every source: events that are the
    same happening (a shared day, similar title and quote, agreeing figures) become one
    event citing all their sources, the other ids kept as its aliases.

    \b
    Examples:
      timeline merge port.yaml coast.yaml -o typhoon.yaml
      timeline merge port.yaml coast.yaml --dry-run
      timeline merge a.yaml b.yaml c.yaml --threshold 80 -o all.yaml
    """
    from timeline.merge import DEFAULT_THRESHOLD, merge_timelines
    from timeline.store.open import load

    if len(files) < 2:
        raise UsageError("merge needs two or more timeline files")
    if not dry_run and output is None:
        raise UsageError("merge needs -o OUT.yaml (or --dry-run)")
    if fmt is not None and not dry_run:
        raise UsageError("-F is for --dry-run; the merged timeline is always YAML")
    for file in files:
        if output and output != STDIN and same_file(output, file):
            raise UsageError(f"-o '{shorten(output)}' is one of the files being merged")
    result = merge_timelines(
        [load(f) for f in files],
        output or STDIN,
        DEFAULT_THRESHOLD if threshold is None else threshold,
    )
    if dry_run:
        from timeline.output import tables

        name = _format(fmt, None, "merge --dry-run")
        _write(name, None, result.pairs, tables.pairs_report, "pairs_view",
               "events share a day across the files")  # fmt: skip
        return
    _write_merged(result, output or STDIN)


def _write_merged(result: Any, output: str) -> None:
    """The merged timeline to `output` (atomically) and one summary line (stderr for -)."""
    from timeline.output.atomic import write_text
    from timeline.output.safety import visible
    from timeline.source.write import dump_timeline

    write_text(dump_timeline(result.timeline), None if output == STDIN else output)
    out = sys.stderr if output == STDIN else sys.stdout
    for old, new, file in result.renamed:
        print(visible(f"renamed {old} to {new}: the id is taken ({file})"), file=out)
    if result.outside:
        first, more = result.outside[0], len(result.outside) - 1
        listed = first + (f" and {more} more" if more else "")
        print(
            visible(
                f"timeline: warning: {listed} lie outside the folder of {output}; timeline "
                "check reads sources inside a timeline's folder (or a folder allowed in "
                "TIMELINE_ALLOW_SOURCES): write the merged file in a folder that holds them"
            ),
            file=sys.stderr,
        )
    timeline = result.timeline
    joined = result.events_in - len(timeline.events)
    quotes = sum(len(e.sources) for e in timeline.events)
    print(
        visible(
            f"{timeline.path}: {len(timeline.events)} events from {result.events_in} "
            f"({joined} merged into others), {quotes} quotes, {len(timeline.sources)} sources"
        ),
        file=out,
    )
