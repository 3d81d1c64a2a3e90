"""The commands that prove, propose and count: check, extract, figures, stats."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from timeline import query
from timeline.cli.app import app
from timeline.cli.options import (
    STATE,
    FromOpt,
    KindOpt,
    MinSourcesOpt,
    OutputOpt,
    SourceOpt,
    TagOpt,
    ToOpt,
    event_test,
    not_empty,
    note,
    open_timeline,
    pick_format,
    same_file,
    select,
    use_color,
)
from timeline.errors import DataError, UsageError
from timeline.model import Timeline
from timeline.output.records import OutputContext
from timeline.output.safety import visible
from timeline.text.shorten import shorten


@app.command("check")
def check_command(
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help="File to check (default: as for every command).",
            callback=not_empty,
        ),
    ] = None,
) -> None:
    """Prove a timeline file: schema, dates, unique ids, quotes verbatim in their sources,
    figures inside their quotes with the right values. Exit 1 if anything is wrong.

    \b
    Examples:
      timeline check
      timeline check --file my-events.yaml
    """
    from timeline.check import check_file

    timeline, problems = check_file(file or STATE.file)
    for problem in problems:
        print(visible(str(problem)))
    if problems:
        raise DataError(f"{len(problems)} problem{'s' * (len(problems) != 1)} in {timeline.path}")
    quotes = sum(len(e.sources) for e in timeline.events)
    figures = sum(len(e.figures) for e in timeline.events)
    print(
        visible(
            f"{timeline.path}: ok: {len(timeline.events)} events, {quotes} quotes verified "
            f"in their sources, {figures} figures checked"
        )
    )


@app.command("extract")
def extract_command(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A UTF-8 text file, or - for stdin.")],
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference",
            metavar="DATE",
            help="Publication date completing year-less dates (default: the text's dateline).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help="table (terminal default), tsv (piped default), json, jsonl, or yaml "
            "(candidate events in the events.yaml schema, ready to edit).",
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Find the dates, times, durations and counted figures in a Chinese news text.

    \b
    Examples:
      timeline extract seeds/hebei-daily-2022-03-31-tangshan.txt --reference 2022-03-31
      timeline extract article.txt --reference 2022-03-31 -F yaml >> my-events.yaml
      timeline extract - --reference 2022-03-31 -F jsonl < article.txt | jq -r .date
    """
    from timeline import extract
    from timeline.output.atomic import write_text
    from timeline.source.files import read_source
    from timeline.text.dates import parse_span

    name = pick_format(fmt, ("table", "tsv", "json", "jsonl", "yaml"), "extract")
    ref = parse_span(reference, today=dt.date.today()).start if reference else None
    if output and same_file(output, file):
        raise UsageError(f"-o '{shorten(output)}' is the text being read; choose another file")
    shown, text = read_source(file)
    mentions = extract.extract(text, ref, name=shown)
    if name == "table" and not output:
        from timeline.output import render

        ctx = OutputContext(Timeline("", ()), color=use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.mentions_view(mentions))
        return
    if name == "yaml":
        body = extract.candidates_yaml(mentions, "seeds/" + Path(shown).name)
    elif name == "tsv":
        body = "".join(_mention_tsv(m) for m in mentions)
    else:
        from timeline.output.safety import json_dumps

        records = [extract.mention_record(m) for m in mentions]
        if name == "json":
            body = json_dumps(records, indent=2) + "\n"
        else:
            body = "".join(json_dumps(r) + "\n" for r in records)
    write_text(body, output)


def _mention_tsv(m: Any) -> str:
    """kind, offset, text, normalised value, notes, sentence: one line each."""
    from timeline.extract import mention_reading
    from timeline.output.safety import clean_line

    value, notes = mention_reading(m, grouping=False)
    extra = ",".join(notes)
    cells = (m.kind, str(m.offset), m.text, value, extra, m.sentence)
    return "\t".join(clean_line(c) for c in cells) + "\n"


@app.command("figures")
def list_figures(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    min_sources: MinSourcesOpt = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="date|value",
            help="date (default), or value: largest first, which is the useful way to "
            "rank them; figures without a value go last.",
        ),
    ] = "date",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help="table (default on a terminal), tsv (default when piped; no header, "
            "approx as true/false), csv (with a header), json or jsonl.",
        ),
    ] = None,
) -> None:
    """Every figure the selected events report: event id, date, what it counts, the text
    as written, its value, unit, and whether it is approximate.

    \b
    Examples:
      timeline figures --sort value
      timeline figures --from 3月20日 --tag 志愿者
      timeline figures -F json | jq '.[] | select(.approx)'
    """
    from timeline import stats
    from timeline.output import summaries

    if sort not in stats.FIGURE_SORTS:
        raise UsageError(f"unknown sort '{shorten(sort)}'; choose from date, value")
    name = pick_format(fmt, stats.FIGURE_FORMATS, "figures")
    store = open_timeline()
    timeline = store.full_timeline()
    keep = event_test(timeline, tag, kind, source, min_sources)
    events = query.sort_events(select(timeline.events, store.reference, since, until, keep))
    rows = stats.sort_rows(stats.figure_rows(events), sort)
    if not rows:
        note("no figures match")
        return
    if name == "table":
        from timeline.output import render

        ctx = OutputContext(timeline, color=use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.figures_view(rows), render.TABLE_MIN_WIDTH)
    else:
        summaries.write_figures(rows, name, sys.stdout)


@app.command("stats")
def show_stats(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    min_sources: MinSourcesOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help="table (default on a terminal: totals and bar charts), tsv (default when "
            "piped: one 'date<TAB>events' line per day, empty days included) or json (every "
            "number, also when nothing matches).",
        ),
    ] = None,
) -> None:
    """Counts: events and figures, first and last date, events per day (an event counts
    on the day it starts) and per tag.

    \b
    Examples:
      timeline stats
      timeline stats --tag 志愿者 -F json | jq .per_day
      timeline stats --from 3月19日 | sort -k2 -n -r | head -3
    """
    from timeline import stats
    from timeline.output import summaries

    name = pick_format(fmt, stats.STATS_FORMATS, "stats")
    store = open_timeline()
    timeline = store.full_timeline()
    keep = event_test(timeline, tag, kind, source, min_sources)
    numbers = stats.timeline_stats(select(timeline.events, store.reference, since, until, keep))
    if name == "json":
        summaries.write_stats(numbers, name, sys.stdout)
    elif not numbers.events:
        note("no events match")
    elif name == "table":
        from timeline.output import render

        ctx = OutputContext(timeline, color=use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.stats_view(numbers), render.TABLE_MIN_WIDTH)
    else:
        summaries.write_stats(numbers, name, sys.stdout)
