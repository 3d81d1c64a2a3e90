"""The commands that count: figures (every figure of the selected events) and stats
(totals and events per day, week, month or year)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from timeline import query
from timeline.cli.app import app
from timeline.cli.complete import complete_choices
from timeline.cli.filters import (
    FromOpt,
    KindOpt,
    MinSourcesOpt,
    OrgOpt,
    PersonOpt,
    PlaceOpt,
    SourceOpt,
    TagOpt,
    ToOpt,
    event_test,
    select,
)
from timeline.cli.options import (
    OutputOpt,
    format_option,
    nothing_found,
    open_timeline,
    pick_format,
    reading,
    use_color,
    write_to,
)
from timeline.errors import UsageError
from timeline.model import Event, Timeline
from timeline.output.records import OutputContext
from timeline.text.shorten import shorten

_FIGURE_FORMATS = ("table", "tsv", "json", "jsonl", "csv")
_STATS_FORMATS = ("table", "tsv", "csv", "json", "jsonl")


def _selected(
    since: str | None,
    until: str | None,
    tests: tuple[list[str] | None, ...],
    min_sources: int | None,
) -> tuple[Timeline, list[Event]]:
    """The whole timeline and its events passing the filters, in date-time order."""
    with reading():
        store = open_timeline()
        timeline = store.full_timeline()
    tags, kinds, sources, people, orgs, places = tests
    keep = event_test(timeline, tags, kinds, sources, min_sources, people, orgs, places)
    return timeline, query.sort_events(select(timeline.events, store.reference, since, until, keep))


def _table(timeline: Timeline, output: str | None, view: object) -> None:
    """A terminal view to stdout (colour if it is one) or, plain, to the -o file."""
    from timeline.output import render

    ctx = OutputContext(timeline, color=use_color(sys.stdout) and not output)
    write_to(output, lambda out: render.print_to(out, ctx, view, render.TABLE_MIN_WIDTH))  # type: ignore[arg-type]


@app.command("figures")
def list_figures(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    min_sources: MinSourcesOpt = None,
    person: PersonOpt = None,
    org: OrgOpt = None,
    place: PlaceOpt = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="date|value",
            help="date (default), or value: largest first, which is the useful way to "
            "rank them; figures without a value go last.",
            autocompletion=complete_choices(("date", "value")),
        ),
    ] = "date",
    fmt: Annotated[
        str | None,
        format_option(
            _FIGURE_FORMATS,
            "table (default on a terminal), tsv (default when piped; no header, approx as "
            "true/false), csv (with a header), json or jsonl.",
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Every figure the selected events report: event id, date, what it counts, the text
    as written, its value, unit, and whether it is approximate.

    \b
    Examples:
      timeline figures --sort value
      timeline figures --from 3月20日 --tag 志愿者 -o figures.csv
      timeline figures -F json | jq '.[] | select(.approx)'
    """
    from timeline import stats
    from timeline.output import summaries

    if sort not in stats.FIGURE_SORTS:
        raise UsageError(f"unknown sort '{shorten(sort)}'; choose from date, value")
    name = pick_format(fmt, stats.FIGURE_FORMATS, "figures", output)
    tests = (tag, kind, source, person, org, place)
    timeline, events = _selected(since, until, tests, min_sources)
    rows = stats.sort_rows(stats.figure_rows(events), sort)
    if not rows:
        nothing_found("figures")
    if name != "table":
        write_to(output, lambda out: summaries.write_figures(rows, name, out))
    elif rows:
        from timeline.output import render

        _table(timeline, output, render.figures_view(rows))


@app.command("stats")
def show_stats(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    min_sources: MinSourcesOpt = None,
    person: PersonOpt = None,
    org: OrgOpt = None,
    place: PlaceOpt = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="day|week|month|year",
            help="Count events per day, ISO week (Monday to Sunday, labelled 2022-W11), "
            "month or year: the chart and the tsv, csv and jsonl rows. Default: day.",
            autocompletion=complete_choices(("day", "week", "month", "year")),
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        format_option(
            _STATS_FORMATS,
            "table (default on a terminal: totals and bar charts), tsv (default when piped: "
            "one 'date<TAB>events' line per day, or per period with --by, empty ones "
            "included), csv or jsonl (one row per period: period, start, end, events) or "
            "json (every number, also when nothing matches).",
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Counts: events and figures, first and last date, events per day (an event counts
    on the day it starts), week, month or year, and per tag.

    \b
    Examples:
      timeline stats
      timeline stats --by week
      timeline stats --tag 志愿者 -F json | jq .per_day
      timeline stats --by month -o months.csv
    """
    from timeline import stats
    from timeline.output import summaries

    if by is not None and by not in stats.ROLLUPS:
        raise UsageError(f"unknown period '{shorten(by)}'; choose from {', '.join(stats.ROLLUPS)}")
    name = pick_format(fmt, stats.STATS_FORMATS, "stats", output)
    tests = (tag, kind, source, person, org, place)
    timeline, events = _selected(since, until, tests, min_sources)
    numbers = stats.timeline_stats(events)
    periods = stats.rollup(events, by or "day") if by or name in ("csv", "jsonl") else ()
    if not events:
        nothing_found()
    if name != "table":
        write_to(output, lambda out: summaries.write_stats(numbers, name, out, periods, by))
    elif events:
        from timeline.output import render

        _table(timeline, output, render.stats_view(numbers, periods, by))
