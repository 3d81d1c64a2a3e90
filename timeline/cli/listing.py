"""The commands that select events: list, on, search, show."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Annotated

import typer

from timeline import query
from timeline.cli.app import app
from timeline.cli.complete import complete_ids
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
    bounds,
    certain_first,
    event_test,
    first,
    selecting,
    surely_within,
)
from timeline.cli.options import (
    FormatOpt,
    LimitOpt,
    NoIdsOpt,
    OutputOpt,
    ReverseOpt,
    choose_format,
    day_span,
    emit,
    open_timeline,
    reading,
    searched,
    use_color,
)
from timeline.errors import UsageError
from timeline.model import Event, Timeline
from timeline.output.records import OutputContext
from timeline.output.registry import FORMATS
from timeline.text.shorten import shorten


@app.command("list")
def list_events(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    min_sources: MinSourcesOpt = None,
    person: PersonOpt = None,
    org: OrgOpt = None,
    place: PlaceOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_ids: NoIdsOpt = False,
) -> None:
    """List events in date-time order.

    \b
    Examples:
      timeline list
      timeline list --from 3月20日 --to 2022-03-29 --tag 志愿者
      timeline list --kind as_of --min-sources 2 --place 唐山市
      timeline list -F json | jq -r '.[].title'
    """
    store = open_timeline()
    timeline = store.timeline
    start, end = bounds(store.reference, since, until)
    searched(start, end)
    events: Iterable[Event] = store.ordered(start, end, reverse)
    keep = event_test(timeline, tag, kind, source, min_sources, person, org, place)
    if keep:
        events = filter(keep, events)
    emit(first(events, limit), timeline, fmt, output, ids=not no_ids)  # streamed from the cache


@app.command("on")
def on_date(
    date: Annotated[str, typer.Argument(metavar="DATE", help="A day, month or range A..B.")],
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    min_sources: MinSourcesOpt = None,
    person: PersonOpt = None,
    org: OrgOpt = None,
    place: PlaceOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_ids: NoIdsOpt = False,
    certain: Annotated[
        bool,
        typer.Option(
            "--certain", help="Leave out events dated only to a wider span (3月中旬) that overlaps."
        ),
    ] = False,
) -> None:
    """Events on a day, in a month, or in an inclusive range (spans that overlap count).

    Events certainly within the dates come first; then, marked as possible, those dated
    only to a part of a month or year that overlaps them (on 3月15日 lists a 3月中旬 event
    as possible). A year-less date is the latest such day on or before the timeline's
    reference date.

    \b
    Examples:
      timeline on 2022-03-20
      timeline on 三月二十日 --org 唐山市委组织部
      timeline on 3月19日..3月21日 -F tsv
      timeline on 3月中旬 --certain
    """
    store = open_timeline()
    span = day_span(date, store.reference)
    searched(span.start, span.end)
    keep = event_test(store.timeline, tag, kind, source, min_sources, person, org, place)
    stream = certain_first(store.ordered(span.start, span.end, reverse), span, keep, certain)
    if not FORMATS[choose_format(fmt, output, list(FORMATS))].uses_rich:
        # Streamed: only the terminal views mark possible events, and need them all first.
        emit(first(stream, limit), store.timeline, fmt, output, ids=not no_ids)
        return
    answer = list(first(stream, limit))
    possible = frozenset(e.id for e in answer if not surely_within(e, span))
    emit(answer, store.timeline, fmt, output, ids=not no_ids, possible=possible)


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
    person: PersonOpt = None,
    org: OrgOpt = None,
    place: PlaceOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    no_ids: NoIdsOpt = False,
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
    keep = event_test(store.timeline, tag, kind, source, min_sources, person, org, place)
    # Streamed in date-time order (or its reverse): the cache's search text is in that order.
    found = store.found(patterns, any_term, reverse)
    events = first(selecting(found, store.reference, since, until, keep), limit)
    # Matches are highlighted with the search's own patterns over the same folded text.
    emit(events, store.timeline, fmt, output, patterns, ids=not no_ids)


def _by_part(events: Sequence[Event], ident: str) -> Event | None:
    """The one event whose id starts with `ident`, else the one containing it; several
    are a usage error listing them (the first few), none is None."""
    for test in (str.startswith, str.__contains__):
        matches = [e.id for e in events if test(e.id, ident)]
        if len(matches) == 1:
            return next(e for e in events if e.id == matches[0])
        if matches:
            shown = ", ".join(shorten(m) for m in matches[:5])
            more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
            raise UsageError(
                f"id '{shorten(ident)}' is ambiguous: {len(matches)} events match "
                f"({shown}{more}); type more of it"
            )
    return None


def _find(timeline: Timeline, ident: str) -> Event:
    for event in timeline.events:
        if event.id == ident:
            return event
    for event in timeline.events:  # an id merged into another event (timeline merge)
        if ident in event.aliases:
            return event
    partial = _by_part(timeline.events, ident)
    if partial is not None:
        return partial
    import difflib  # deferred: only a mistyped id needs it

    close = difflib.get_close_matches(ident, [e.id for e in timeline.events], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "; 'timeline list' shows the ids"
    raise UsageError(f"no event with id '{shorten(ident)}'{hint}")


@app.command("show")
def show_event(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The event's id, or any unique beginning or part of it.",
            autocompletion=complete_ids,
        ),
    ],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Show one event in full: figures, and its quote inside the source sentence.

    Without colour (--no-color, NO_COLOR) the quote is marked 【like this】 inside its
    sentence.

    \b
    Examples:
      timeline show org-dept-urgent-notice-2022-03-20
      timeline show org-dept-urgent
      timeline show urgent-notice -F json | jq .figures
    """
    with reading():
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
        view = render.detail_view(event, cited_quotes(timeline, event), mark=not ctx.color)
        render.print_to(sys.stdout, ctx, view)
        return
    emit([event], timeline, fmt, output)
