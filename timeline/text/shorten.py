"""The one way a long piece of data is cut to fit inside a one-line message."""

from __future__ import annotations

__all__ = ["shorten"]


def shorten(text: object, size: int = 40) -> str:
    """`text` as a string of at most `size` characters, an ellipsis marking a cut.

    >>> shorten("a" * 50, 10)
    'aaaaaaaaaa…'
    >>> shorten(42)
    '42'
    """
    value = str(text)
    return value if len(value) <= size else value[:size] + "…"
