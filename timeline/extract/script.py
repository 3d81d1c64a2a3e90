"""Traditional-character text read as simplified, with every offset kept.

Reports from Hong Kong, Macao and Taiwan write 時, 萬, 個, 餘; the finders know the
simplified forms only. OpenCC (a well-kept converter) turns a copy of the text into
simplified characters, the finders run on the copy, and each mention is cut from the
original text at the same offsets, so quotes stay exactly as the text has them. That
needs a copy of the same length: when a phrase conversion changes the length (rare),
the text is converted one character at a time instead.

>>> simplified("截至3月18日24時,累計1700餘萬個")
'截至3月18日24时,累计1700余万个'
"""

from __future__ import annotations

import functools
import importlib
from typing import Any

__all__ = ["republic_years", "simplified"]


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    # Deferred (only extract reads running text), and through import_module: the binding
    # ships partial type hints, and a module object is what the call needs anyway.
    opencc = importlib.import_module("opencc")
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters, of the same length, offset for offset."""
    if text.isascii():
        return text
    convert = _converter().convert
    copy: str = convert(text)
    if len(copy) == len(text):
        return copy
    chars = (convert(c) for c in text)
    return "".join(new if len(new) == 1 else old for old, new in zip(text, chars, strict=True))


def republic_years(text: str, read: str) -> bool:
    """Whether a bare three-digit year (113年) of ``text`` (``read`` is its simplified
    copy) may be a year of the Republic, counted from 1912 as Taiwan writes them: in a
    text in traditional characters (Hong Kong and Macao write four digits), also in a
    quote cut from it, which ``check`` reads alone.

    >>> republic_years("113年10月1日開打", "113年10月1日开打"), republic_years("113年", "113年")
    (True, False)
    """
    return read != text
