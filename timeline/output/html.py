"""`-F html`: one self-contained HTML page of any selection of events.

The page is a document a reader can keep, mail or open offline: everything is inline
(style, script, data) and a Content-Security-Policy forbids every request, so the page
works from ``file://`` and nothing in it can reach the network. The inline style and
script are allowed by their SHA-256 hashes, computed here from the exact text written,
so the same data always gives the same bytes (a nonce would change every run).

The header (title, sources) is rendered by Jinja2 with autoescaping; the events travel as
JSON in a ``<script type="application/json">`` block, escaped for that context, and the
page's script builds them with ``textContent`` a chunk at a time (10,000 events are
interactive in about half a second; bench/html_bench.py), and its search folds text
exactly as :func:`timeline.text.fold.fold` does, so the page and ``timeline search`` agree.

The events are written as they come (the JSON is streamed through the template), so a
long listing costs no more memory than one batch of records. Jinja2 is imported only
when an ``html`` page is asked for (the registry imports this module by name).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import jinja2
from markupsafe import Markup

from timeline.cite import QuoteContext, locate
from timeline.model import Event, SeedSource, Source, Timeline
from timeline.output.records import DATE_KIND_LABELS, OutputContext, event_record
from timeline.output.safety import clean_line, json_dumps

__all__ = ["FACETS", "content_security_policy", "script_json", "write_html"]

#: The facets the page offers: (URL key, label). The JS reads the event field of each.
FACETS = (("tag", "标签"), ("person", "人物"), ("org", "机构"), ("place", "地点"))
#: Records per write: one write per event costs more than the JSON at 10,000 events.
_BATCH = 256
#: Distinct quotes whose sentence is remembered while writing (a file cites few sentences
#: many times, or many sentences once; either way memory stays bounded).
_CONTEXTS_KEPT = 4096
# In a <script> element only "</script" and "<!--" can end or derail the JSON; escaping
# every <, > and & (and the JS line terminators U+2028/2029) keeps any text inert.
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")
# What must never occur in our own inline CSS or JS (it would end the element early).
_RAW_TEXT_END = re.compile(r"</(style|script)|<!--", re.IGNORECASE)
# A source's address becomes a link only when it is plainly a web page (never javascript:).
_WEB_URL = re.compile(r"https?://[^\s\\<>\"']+\Z", re.IGNORECASE)


@dataclass(frozen=True)
class _Assets:
    """The page template and its inline CSS and JS, read once per process."""

    template: jinja2.Template
    css: str
    js: str


def script_json(text: str) -> str:
    r"""JSON text made safe inside ``<script type="application/json">``.

    >>> script_json('{"t": "</script><!-- & \u2028"}')
    '{"t": "\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    """
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _source_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(css: str, js: str) -> str:
    """No request of any kind; only our own inline style and script, named by hash.

    ``base-uri`` and ``form-action`` do not fall back to ``default-src``, so they are
    closed too.
    """
    return (
        f"default-src 'none'; style-src {_source_hash(css)}; script-src {_source_hash(js)}; "
        "base-uri 'none'; form-action 'none'"
    )


@lru_cache(maxsize=1)
def _assets() -> _Assets:
    """Template, CSS and JS from the package (they ship in the wheel under timeline/)."""
    folder = resources.files("timeline.output").joinpath("html")
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = env.from_string(folder.joinpath("page.html.j2").read_text(encoding="utf-8"))
    css = folder.joinpath("page.css").read_text(encoding="utf-8")
    js = folder.joinpath("page.js").read_text(encoding="utf-8")
    for name, text in (("page.css", css), ("page.js", js)):
        if _RAW_TEXT_END.search(text):
            raise RuntimeError(
                f"timeline/output/html/{name} must not contain </style, </script or <!--"
            )
    return _Assets(template, css, js)


def _web_address(url: str) -> str:
    """The source's address when it is an http(s) URL the page may link to, else ""."""
    url = clean_line(url).strip()
    return url if _WEB_URL.match(url) else ""


def _seed_record(source: SeedSource) -> dict[str, Any]:
    """A header source as the page shows it: every text one clean line."""
    return {
        "file": clean_line(source.file),
        "title": clean_line(source.title),
        "publisher": clean_line(source.publisher),
        "dateline": source.dateline.isoformat() if source.dateline else "",
        "url": _web_address(source.url),
        "retrieved": source.retrieved.isoformat() if source.retrieved else "",
    }


def _context_finder(timeline: Timeline) -> Callable[[Source], QuoteContext | None]:
    """cite.locate, remembered per (file, quote): generated and real files repeat quotes."""
    kept: dict[tuple[str, str], QuoteContext | None] = {}

    def find(source: Source) -> QuoteContext | None:
        key = (source.file, source.quote)
        if key not in kept:
            if len(kept) >= _CONTEXTS_KEPT:
                kept.clear()
            kept[key] = locate(timeline, source)
        return kept[key]

    return find


def _page_records(events: Iterable[Event], timeline: Timeline) -> Iterator[dict[str, Any]]:
    """event_record (the shape every format shares) plus, per source, where its quote is.

    ``contexts`` runs parallel to ``sources``: the index of the header source (``seed``)
    and, when the quote is found in its file, its ``line`` and the rest of its sentence
    (``before``, ``after``), which the page shows around the quote. The record's
    ``source`` is left out: it repeats ``sources[0]``, a fifth of a page's bytes, and the
    browser reads every byte before the page can start.
    """
    seeds = {s.file: i for i, s in enumerate(timeline.sources)}
    find = _context_finder(timeline)
    for event in events:
        record = event_record(event)
        del record["source"]
        contexts = []
        for source in event.sources:
            found = find(source)
            contexts.append(
                {
                    "seed": seeds.get(source.file),
                    "line": found.line if found else None,
                    "before": found.before if found else "",
                    "after": found.after if found else "",
                }
            )
        record["contexts"] = contexts
        yield record


def _data_pieces(events: Iterable[Event], timeline: Timeline) -> Iterator[Markup]:
    """The page's JSON, in batches, each escaped for the script element it goes into: the
    header's sources, the date-kind markers every view shows (records.DATE_KIND_LABELS),
    then the events."""
    head = {"sources": [_seed_record(s) for s in timeline.sources], "kinds": DATE_KIND_LABELS}
    yield Markup(script_json(json_dumps(head)[:-1] + ', "events": [\n'))
    batch: list[str] = []
    separator = ""
    for record in _page_records(events, timeline):
        batch.append(separator + json_dumps(record))
        separator = ",\n"
        if len(batch) >= _BATCH:
            yield Markup(script_json("".join(batch)))
            batch.clear()
    yield Markup(script_json("".join(batch) + "\n]}"))


def _title(timeline: Timeline) -> str:
    """The header's title, else the file's name: a page needs a title."""
    return clean_line(timeline.title) or Path(timeline.path).stem or "Timeline"


def write_html(events: Iterable[Event], out: TextIO, ctx: OutputContext) -> None:
    """One HTML page: header from Jinja2 (autoescaped), events as escaped JSON, inline
    CSS and JS allowed by hash. An empty selection is a valid page that says so."""
    from timeline import __version__

    assets = _assets()
    timeline = ctx.timeline
    page = assets.template.generate(
        csp=content_security_policy(assets.css, assets.js),
        version=__version__,
        title=_title(timeline),
        sources=[_seed_record(s) for s in timeline.sources],
        facets=FACETS,
        css=Markup(assets.css),
        js=Markup(assets.js),
        data=_data_pieces(events, timeline),
    )
    for piece in page:
        out.write(piece)
