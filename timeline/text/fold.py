"""Search folding: the one normalisation that search, highlighting and the cache share.

Text is compared after NFKC (full-width forms become ASCII) and case-folding, so
``ＶＯＬＵＮＴＥＥＲ`` finds "Volunteer day". :func:`match_spans` maps a match in
folded text back to the characters of the original, which is how a view
highlights exactly what the search matched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["fold", "match_spans"]


def fold(text: str) -> str:
    """Normalise text for matching: NFKC (full-width -> ASCII) then case-fold.

    >>> fold("ＡＢＣ社区（二）")
    'abc社区(二)'

    Chinese text is rarely NFKC already: its full-width punctuation (，：（）) is not,
    and ``unicodedata.normalize`` then works through every character, about 40 µs
    for an event's text, a quarter of building a cache. Those forms are swapped for
    their NFKC forms first (a regular expression finds them), which leaves the NFKC
    of the text unchanged (NFKC decomposes each character on its own, and these
    decompose to one ASCII character); when the rest is already NFKC, which
    ``unicodedata.is_normalized`` checks quickly, that is the answer, else NFKC runs
    as before. tests/test_query.py checks this against plain NFKC on random text.
    """
    if not text.isascii():
        text = _FULL_WIDTH.sub(_narrow, text)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return text.casefold()


# The full-width forms of ASCII (U+FF01-FF5E) and the ideographic space.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _narrow(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def match_spans(text: str, patterns: Sequence[re.Pattern[str]]) -> list[tuple[int, int]]:
    """Where `patterns` (compiled against folded text) match `text`, as spans of `text`.

    Each character is folded on its own and the folded offsets map back to it; a
    match covering part of a character's folding covers that whole character.

    >>> match_spans("Ｖｏｌｕｎｔｅｅｒ day", [re.compile("volunteer")])
    [(0, 9)]
    >>> match_spans("益民园社区", [re.compile("社区")])
    [(3, 5)]
    """
    if not patterns:
        return []
    pieces = [fold(char) for char in text]
    folded = "".join(pieces)
    owner: list[int] = []  # owner[k]: the character of `text` folded offset k comes from
    for index, piece in enumerate(pieces):
        owner.extend([index] * len(piece))
    spans = []
    for pattern in patterns:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if end > start:
                spans.append((owner[start], owner[end - 1] + 1))
    return sorted(set(spans))
