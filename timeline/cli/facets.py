"""The commands that count names: tags, people, orgs, places (facets, as Datasette calls
them): each name with the number of selected events giving it, most named first."""

from __future__ import annotations

import sys
from typing import Annotated

from timeline import query
from timeline.cli.app import app
from timeline.cli.filters import (
    FromOpt,
    KindOpt,
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
from timeline.model import Timeline
from timeline.output.records import OutputContext

#: Every table format of a list of counts.
COUNT_FORMATS = ("table", "tsv", "csv", "json", "jsonl")
_FORMAT_HELP = (
    "table (default on a terminal), tsv (default when piped: name<TAB>count, no header), "
    "csv (with a header), json or jsonl."
)
CountFormatOpt = Annotated[str | None, format_option(COUNT_FORMATS, _FORMAT_HELP)]

#: field of an event -> (what one is called in JSON keys and headers, what the note says).
_FIELDS = {
    "tags": ("tag", "tags"),
    "people": ("person", "people"),
    "orgs": ("org", "organisations"),
    "places": ("place", "places"),
}


def _counts(
    field: str,
    fmt: str | None,
    output: str | None,
    filters: tuple[str | None, str | None],
    tests: tuple[list[str] | None, ...],
) -> None:
    """Count `field` over the selected events and write it in the chosen format."""
    from timeline.output import summaries

    name = pick_format(fmt, COUNT_FORMATS, field, output)
    with reading():
        store = open_timeline()
        timeline = store.full_timeline()
    tags, kinds, sources, people, orgs, places = tests
    keep = event_test(timeline, tags, kinds, sources, None, people, orgs, places)
    events = select(timeline.events, store.reference, *filters, keep)
    counts = query.name_counts(events, field)
    key, plural = _FIELDS[field]
    if not counts:
        nothing_found(plural)
    if name == "table":
        if not counts:
            return
        from timeline.output import render

        color = use_color(sys.stdout) and not output
        ctx = OutputContext(Timeline("", ()), color=color)
        view = render.tags_view(counts, key.capitalize())
        write_to(output, lambda out: render.print_to(out, ctx, view))
    else:
        write_to(output, lambda out: summaries.write_counts(counts, key, name, out))


@app.command("tags")
def list_tags(
    since: FromOpt = None,
    until: ToOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    person: PersonOpt = None,
    org: OrgOpt = None,
    place: PlaceOpt = None,
    fmt: CountFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Each tag with the number of events carrying it, most used first.

    \b
    Examples:
      timeline tags
      timeline tags --from 3月25日 -F json | jq '.[0]'
      timeline tags -o tags.csv
    """
    _counts("tags", fmt, output, (since, until), (None, kind, source, person, org, place))


@app.command("people")
def list_people(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    org: OrgOpt = None,
    place: PlaceOpt = None,
    fmt: CountFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Each person the events name, with the number of events naming them.

    \b
    Examples:
      timeline people
      timeline people --tag 会议 -F csv
      timeline list --person 张三
    """
    _counts("people", fmt, output, (since, until), (tag, kind, source, None, org, place))


@app.command("orgs")
def list_orgs(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    person: PersonOpt = None,
    place: PlaceOpt = None,
    fmt: CountFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Each organisation the events name, with the number of events naming it.

    \b
    Examples:
      timeline orgs
      timeline orgs --place 唐山市 -F json | jq -r '.[].org'
      timeline list --org 唐山市委组织部
    """
    _counts("orgs", fmt, output, (since, until), (tag, kind, source, person, None, place))


@app.command("places")
def list_places(
    since: FromOpt = None,
    until: ToOpt = None,
    tag: TagOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    person: PersonOpt = None,
    org: OrgOpt = None,
    fmt: CountFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Each place the events name, with the number of events naming it.

    \b
    Examples:
      timeline places
      timeline places --from 3月20日 -o places.tsv
      timeline on 3月20日 --place 唐山市
    """
    _counts("places", fmt, output, (since, until), (tag, kind, source, person, org, None))
