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
import re
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


#: Signs of a text from Taiwan, where a bare 113年 is a year of the Republic: 民國 itself,
#: its news agency, its cities and its government (Hong Kong and Macao write 113年 only as
#: a count of years, 逾113年歷史).
_TAIWAN = re.compile(r"民國|民国|中央社|臺北|新北|行政院")


def republic_years(text: str, read: str) -> bool:
    """Whether a bare three-digit year (113年) of ``text`` (``read`` is its simplified
    copy) may be a year of the Republic, counted from 1912 as Taiwan writes them: in a
    text in traditional characters that shows it comes from Taiwan (民國, 中央社, 臺北,
    新北, 行政院). A quote that ``check`` reads alone is read the same way, so a bare
    113年 there counts only with 民國 written in the quote itself.

    >>> republic_years("中央社：113年10月1日開打", "中央社：113年10月1日开打")
    True
    >>> republic_years("澳門：113年10月1日開打", "澳门：113年10月1日开打")
    False
    >>> republic_years("113年", "113年")
    False
    """
    return read != text and _TAIWAN.search(text) is not None
