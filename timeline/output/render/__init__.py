"""Terminal views, the only package that imports rich: console (shared plumbing), events
(timeline, table, one event), summaries (tags, figures, stats, extract mentions)."""

from timeline.output.render.console import MIN_WIDTH, TABLE_MIN_WIDTH, plain, print_to
from timeline.output.render.events import (
    detail_view,
    table_view,
    timeline_view,
    write_table,
    write_timeline,
)
from timeline.output.render.summaries import figures_view, mentions_view, stats_view, tags_view

__all__ = [
    "MIN_WIDTH",
    "TABLE_MIN_WIDTH",
    "detail_view",
    "figures_view",
    "mentions_view",
    "plain",
    "print_to",
    "stats_view",
    "table_view",
    "tags_view",
    "timeline_view",
    "write_table",
    "write_timeline",
]
