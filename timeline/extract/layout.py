"""Where things stand in a news text: sentences, headlines, photo captions, quotes, articles.

The finders need to know more than characters: a month-less ``20日`` takes its month from
the previous full date of the same article but never from a photo caption (photos carry
their own dates), and ``今天`` inside dialogue is the speaker's day, not the dateline's.
One :class:`Layout` per text answers those questions by offset with a bisect, so a
finder never rescans the text.

>>> layout = Layout("标题\\n\\n河北日报记者 王\\n\\n3月1日,开会。“今天好”\\n左图:志愿者。")
>>> layout.sentence(14)
(14, '3月1日,开会。')
>>> layout.is_caption(layout.text.index("左图")), layout.in_quote(layout.text.index("今天"))
(True, True)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any

__all__ = ["BYLINE", "DATELINE", "Found", "Layout", "is_headline"]

#: What every finder yields: kind, start, end, and the Mention fields of that kind.
Found = Iterator[tuple[str, int, int, dict[str, Any]]]

_PAPER = r"[^\s(（]{1,12}?(?:报|社|台|网|中心|客户端)讯?"
#: A byline line: the paper or agency, then the reporter (``河北日报(记者…``, ``新华社记者``,
#: ``本报讯（记者…``, ``县融媒体中心讯（记者…``).
BYLINE = re.compile(rf"\s*{_PAPER}\s*(?:[(（]\s*(?:记者|通讯员)|记者)")
#: What stands before a dateline's date on its line: ``河北日报(记者…)`` or ``新华社北京``.
DATELINE = re.compile(rf"\s*(?:{_PAPER}\s*[(（][^)）\n]*[)）]|新华社\S{{0,6}})\s*$")
#: A sentence ends at 。！？ (with any closing quotes or brackets) or at a line break;
#: a lone carriage return too, since a reader with universal newlines sees one there.
SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)\"']*|\r\n|[\r\n]")
_CAPTION_START = ("左图", "右图", "上图", "下图", "图为")


def is_headline(line: str) -> bool:
    """A short line without sentence punctuation that is no photo credit.

    >>> is_headline("唐山5.9万名党员干部下沉一线"), is_headline("3月30日,开会。")
    (True, False)
    """
    return len(line) <= 60 and not any(c in line for c in "。,，") and not line.endswith("摄")


class Layout:
    """Sentences, photo captions and article bodies of a text, looked up by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
        self.line_starts: list[int] = []
        lines: list[str] = []
        pos = 0
        for line in text.split("\n"):
            self.line_starts.append(pos)
            lines.append(line.strip())
            pos += len(line) + 1
        self.caption = _captions(lines)
        self.article_starts = [0] + [self.line_starts[i] for i in _article_heads(lines)]

    def sentence(self, offset: int) -> tuple[int, str]:
        """The start and stripped text of the sentence (split on 。！？ and newlines)."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        start = self.sentence_starts[i]
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        raw = self.text[start:end]
        stripped = raw.lstrip()
        return start + len(raw) - len(stripped), stripped.rstrip()

    def line_start(self, offset: int) -> int:
        """Where the line holding ``offset`` starts."""
        return self.line_starts[bisect.bisect_right(self.line_starts, offset) - 1]

    def is_caption(self, offset: int) -> bool:
        """Whether ``offset`` is in a photo caption (its dates are no narrative context)."""
        return self.caption[bisect.bisect_right(self.line_starts, offset) - 1]

    def article(self, offset: int) -> int:
        """The number of the article holding ``offset`` (a page may hold several)."""
        return bisect.bisect_right(self.article_starts, offset)

    def in_quote(self, offset: int) -> bool:
        """Inside “…” on this line: dialogue says 今天 of its own day, not the dateline's."""
        before = self.text[self.line_start(offset) : offset]
        return before.rfind("“") > before.rfind("”")


def _captions(lines: list[str]) -> list[bool]:
    """A caption is a line ending in 摄 (the photographer's credit), a 左图/右图 line,
    or any line of the block right before a credit: photos get their own date."""
    caption = [line.startswith(_CAPTION_START) for line in lines]
    in_block = False
    for i in range(len(lines) - 1, -1, -1):
        in_block = bool(lines[i]) and (in_block or lines[i].endswith("摄"))
        caption[i] |= in_block
    return caption


def _article_heads(lines: list[str]) -> list[int]:
    """Line numbers where articles start: the headline lines just above each byline."""
    heads = []
    for i, line in enumerate(lines):
        if BYLINE.match(line):
            start, j = i, i - 1
            while j >= 0 and (not lines[j] or is_headline(lines[j])):
                start = j if lines[j] else start
                j -= 1
            heads.append(start)
    return heads
