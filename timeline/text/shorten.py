"""The one way a long piece of data is cut to fit inside a one-line message."""

from __future__ import annotations

__all__ = ["quoted", "shorten"]


def shorten(text: object, size: int = 40) -> str:
    """`text` as a string of at most `size` characters, an ellipsis marking a cut.

    >>> shorten("a" * 50, 10)
    'aaaaaaaaaa…'
    >>> shorten(42)
    '42'
    """
    value = str(text)
    return value if len(value) <= size else value[:size] + "…"


def quoted(text: str, width: int = 60) -> str:
    """`text` quoted for a one-line message, escapes and all (repr), cut so the whole quote
    stays within `width` characters: 40 NULs must not make a 300-character line.

    >>> quoted("2022-13-45")
    "'2022-13-45'"
    >>> len(quoted(chr(0) * 50))  # 14 escapes of 4 characters, the ellipsis and the quotes
    59
    >>> quoted("1" * 50, width=42)[-4:]
    "11…'"
    """
    cut = text[:40]
    while len(repr(cut)) > width:
        cut = cut[:-1]
    return repr(cut if cut == text else cut + "…")
