"""HTML from other tools (TimelineJS text, headlines, media embeds) reduced to plain text.

Built on the standard library's :class:`html.parser.HTMLParser`, which reads markup as a
browser's tokenizer does (entities decoded once, broken tags tolerated) and never
recurses, so deeply nested or unclosed markup costs no stack. What a reader sees is
kept; script and style bodies and comments are not text. The result is literal text:
a ``&lt;b&gt;`` in the source becomes ``<b>`` in the timeline and is printed as such.

Blocks are kept apart so an importer can tell them apart: paragraphs (``p``, ``div``,
headings, loose text), list items, and quotations (``blockquote``, with the ``cite``
inside it kept separately, which is how ``timeline list -F timelinejs`` writes a quote
and its source file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["Block", "blocks", "media_links", "plain_text"]

#: Tags that start a new block of text (a paragraph), as a browser lays them out.
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "main",
        "nav",
        "figure",
        "figcaption",
        "address",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "hr",
        "form",
        "fieldset",
        "details",
        "summary",
    ]
)
_SKIPPED = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
_SPACE = re.compile(r"[ \t\r\n\f\v]+")


@dataclass
class Block:
    """One block of text: ``kind`` is "p" (a paragraph), "li" (a list item) or "quote"
    (a blockquote, whose ``cite`` holds the text of a <cite> inside it)."""

    kind: str
    text: str
    cite: str = ""


@dataclass
class _Open:
    kind: str = "p"
    parts: list[str | None] = field(default_factory=list)  # None: a <br>
    cite: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """Collects blocks of visible text; attributes named ``src``/``href`` are kept aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.links: list[str] = []
        self._open = _Open()
        self._skip = 0  # inside script, style…: depth of skipped elements
        self._quote = 0  # inside blockquote: depth
        self._cite = 0  # inside cite within a blockquote: depth

    def _close(self) -> None:
        lines: list[str] = []
        line: list[str] = []
        for part in [*self._open.parts, None]:
            if part is None:
                lines.append(_SPACE.sub(" ", "".join(line)).strip())
                line = []
            else:
                line.append(part)
        body = "\n".join(text for text in lines if text)
        cite = _SPACE.sub(" ", "".join(self._open.cite)).strip()
        if body or cite:
            self.blocks.append(Block(self._open.kind, body, cite))
        kind = "quote" if self._quote else "p"
        self._open = _Open(kind)

    def _keep_links(self, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value and value.strip():
                self.links.append(value.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._keep_links(attrs)
        if tag in _SKIPPED:
            self._skip += 1
        elif tag == "br":
            self._open.parts.append(None)
        elif tag == "blockquote":
            self._close()
            self._quote += 1
            self._open.kind = "quote"
        elif tag == "li":
            self._close()
            self._open.kind = "li"
        elif tag == "cite" and self._quote:
            self._cite += 1
        elif tag in _BLOCK_TAGS and not self._quote:
            self._close()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """<br/>, <hr/>, <img src=…/>: nothing is opened (a self-closed <iframe/> skips
        nothing after it)."""
        self._keep_links(attrs)
        if tag == "br":
            self._open.parts.append(None)
        elif tag in _BLOCK_TAGS and not self._quote:
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag == "blockquote" and self._quote:
            self._close()
            self._quote -= 1
            self._open.kind = "quote" if self._quote else "p"
        elif tag == "cite" and self._cite:
            self._cite -= 1
        elif tag == "li" or (tag in _BLOCK_TAGS and not self._quote):
            self._close()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        (self._open.cite if self._cite else self._open.parts).append(data)

    def finish(self) -> list[Block]:
        self.close()
        self._close()
        return self.blocks


def _read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.finish()
    return reader


def blocks(markup: str) -> list[Block]:
    """The blocks of visible text in `markup`, in reading order.

    >>> [(b.kind, b.text, b.cite) for b in blocks("<p>a &amp; <b>b</b></p><ul><li>x</li></ul>"
    ...     "<blockquote>q<cite>f.txt</cite></blockquote>")]
    [('p', 'a & b', ''), ('li', 'x', ''), ('quote', 'q', 'f.txt')]
    """
    if "<" not in markup and "&" not in markup:  # plain text: only the spaces to tidy
        reader = _Reader()
        reader.handle_data(markup)
        return reader.finish()
    return _read(markup).blocks


def plain_text(markup: str) -> str:
    """What a reader of `markup` sees, as plain text: blocks apart by a blank line, list
    items as ``- item``, a line break kept as one, runs of spaces as one space.

    >>> plain_text("<p>One<br>two</p><p>&lt;b&gt; <script>x()</script>three</p>")
    'One\\ntwo\\n\\n<b> three'
    """
    out: list[str] = []
    for block in blocks(markup):
        text = block.text
        if block.kind == "li":
            text = "- " + text
        elif block.kind == "quote" and block.cite:
            text = f"{text} —— {block.cite}" if text else block.cite
        if block.kind == "li" and out and out[-1].startswith("- "):
            out[-1] += "\n" + text
        else:
            out.append(text)
    return "\n\n".join(out)


def media_links(media: str) -> list[str]:
    """The addresses a TimelineJS media field names: the field itself when it is an
    address, else the ``src``/``href`` of the embed markup it holds.

    >>> media_links("https://example.org/a.jpg"), media_links('<iframe src="https://v/1"></iframe>')
    (['https://example.org/a.jpg'], ['https://v/1'])
    """
    text = media.strip()
    if not text:
        return []
    if not text.startswith("<"):
        return [text]
    return list(dict.fromkeys(_read(text).links))
