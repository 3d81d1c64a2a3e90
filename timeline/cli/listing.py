"""The commands that select events: list, on, search, show, tags."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from timeline import query
from timeline.cli.app import app
from timeline.cli.options import (
    FormatOpt,
    FromOpt,
    KindOpt,
    LimitOpt,
    MinSourcesOpt,
    OutputOpt,
    ReverseOpt,
    SourceOpt,
    TagOpt,
    ToOpt,
    bounds,
    day_span,
    emit,
    event_test,
    finish,
    open_timeline,
    pick_format,
    select,
    use_color,
)
from timeline.errors import UsageError
from timeline.model import Event, Timeline
from timeline.output.records import OutputContext
from timeline.text.shorten import shorten


@app.command("list")
def list_events(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    min_sources: MinSourcesOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """List events in date-time order.

    \b
    Examples:
      timeline list
      timeline list --from 3月20日 --to 2022-03-29 --tag 志愿者
      timeline list --kind as_of --min-sources 2
      timeline list -F json | jq -r '.[].title'
    """
    store = open_timeline()
    timeline = store.timeline
    events: Iterable[Event] = store.ordered(*bounds(store.reference, since, until), reverse)
    keep = event_test(timeline, tag, kind, source, min_sources)
    if keep:
        events = filter(keep, events)
    if limit is not None:
        events = itertools.islice(events, min(limit, sys.maxsize))
    emit(events, timeline, fmt, output)  # streamed from the cache


@app.command("on")
def on_date(
    date: Annotated[str, typer.Argument(metavar="DATE", help="A day, month or range A..B.")],
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    min_sources: MinSourcesOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Events on a day, in a month, or in an inclusive range (spans that overlap count).

    \b
    Examples:
      timeline on 2022-03-20
      timeline on 三月二十日
      timeline on 3月19日..3月21日 -F tsv
    """
    store = open_timeline()
    events = store.in_span(day_span(date, store.reference))
    keep = event_test(store.timeline, tag, kind, source, min_sources)
    if keep:
        events = list(filter(keep, events))
    emit(finish(events, limit, reverse), store.timeline, fmt, output)


@app.command("search")
def search_events(
    terms: Annotated[list[str], typer.Argument(metavar="TERM...", help="Text to look for.")],
    any_term: Annotated[bool, typer.Option("--any", help="Match any term, not all.")] = False,
    regex: Annotated[
        bool, typer.Option("--regex", "-E", help="Terms are regular expressions.")
    ] = False,
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    min_sources: MinSourcesOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Find events whose title, summary, tags, names or quote contain every TERM.

    Matching ignores case and full-/half-width differences; Chinese matches
    any substring (社区 finds 益民园社区).

    \b
    Examples:
      timeline search 志愿者
      timeline search 党员 社区 --from 3月25日
      timeline search --regex '\\d+万' --any -F jsonl
    """
    store = open_timeline()
    patterns = query.compile_search(terms, regex=regex)
    found = store.search(patterns, any_term)  # asked before .timeline: overlaps the file's hash
    keep = event_test(store.timeline, tag, kind, source, min_sources)
    events = select(found, store.reference, since, until, keep)
    # Matches are highlighted with the search's own patterns over the same folded text.
    emit(finish(events, limit, reverse), store.timeline, fmt, output, patterns)


def _find(timeline: Timeline, ident: str) -> Event:
    for event in timeline.events:
        if event.id == ident:
            return event
    import difflib  # deferred: only a mistyped id needs it

    close = difflib.get_close_matches(ident, [e.id for e in timeline.events], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "; 'timeline list' shows the ids"
    raise UsageError(f"no event with id '{shorten(ident)}'{hint}")


@app.command("show")
def show_event(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Show one event in full: figures, and its quote inside the source sentence.

    \b
    Examples:
      timeline show org-dept-urgent-notice-2022-03-20
      timeline show org-dept-urgent-notice-2022-03-20 -F json | jq .figures
    """
    timeline = open_timeline().full_timeline()
    event = _find(timeline, ident)
    if fmt == "json":
        from timeline.output.atomic import write_text
        from timeline.output.records import event_record
        from timeline.output.safety import json_dumps

        write_text(json_dumps(event_record(event), indent=2) + "\n", output)
        return
    if fmt is None and output is None and sys.stdout.isatty():
        from timeline.cite import cited_quotes
        from timeline.output import render

        ctx = OutputContext(timeline, color=use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.detail_view(event, cited_quotes(timeline, event)))
        return
    emit([event], timeline, fmt, output)


@app.command("tags")
def list_tags(
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-F", metavar="FORMAT", help="table, tsv or json."),
    ] = None,
) -> None:
    """Each tag with the number of events carrying it, most used first.

    \b
    Examples:
      timeline tags
      timeline tags -F json | jq '.[0]'
    """
    counts = query.tag_counts(open_timeline().full_timeline().events)
    name = pick_format(fmt, ("table", "tsv", "json"), "tags")
    if name == "json":
        from timeline.output.safety import json_dumps

        sys.stdout.write(json_dumps([{"tag": t, "count": c} for t, c in counts], indent=2) + "\n")
    elif name == "tsv":
        from timeline.output.safety import clean_line

        sys.stdout.write("".join(f"{clean_line(t)}\t{c}\n" for t, c in counts))
    else:
        from timeline.output import render

        ctx = OutputContext(Timeline("", ()), color=use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.tags_view(counts))
