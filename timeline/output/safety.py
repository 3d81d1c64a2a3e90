"""Text from data made safe to print: no terminal escapes, no broken lines, no raw controls.

A leaf of the output layer: every writer and view uses it, and it imports nothing of ours.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

__all__ = ["clean_line", "clean_text", "json_dumps", "visible"]

# C0 and C1 control characters (ESC, BEL, CSI, OSC …) and DEL: never let data drive a terminal.
# Also the bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069, the "Trojan
# Source" set): one unbalanced U+202E in a title would reverse the rest of the line, other
# columns included. Bidi marks (U+200E, U+200F, U+061C) cannot leak and stay.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")
# Characters json.dumps(ensure_ascii=False) leaves raw but a terminal could act on.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What a one-line message must not carry raw: controls, breaks and bidi controls.
_MESSAGE_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    r"""Multi-line text made safe: CRLF, CR and Unicode separators become LF; controls and
    bidi overrides go; tabs stay.

    >>> clean_text("a\r\nb\u2028c\x07\u202e")
    'a\nb\nc'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text.replace("\u2028", "\n").replace("\u2029", "\n"))


def clean_line(text: str) -> str:
    """Text made safe for one line of output: breaks become spaces, controls go.

    >>> clean_line("a\\tb\\nc\\x1b[31m")
    'a b c[31m'
    >>> clean_line("\\u202eexe.txt")
    'exe.txt'
    """
    if text.isprintable():  # the common case, and no character below is printable
        return text
    return _CONTROLS.sub("", _BREAKS.sub(" ", text))


def visible(text: str) -> str:
    """A message made safe for one line of stderr, with every unsafe character shown as an
    escape rather than dropped, so the user sees what is in the file or argument.

    >>> print(visible("event 'a\\x1b]0;x\\x07': bad\\ndate"))
    event 'a\\x1b]0;x\\x07': bad\\ndate
    """
    return _MESSAGE_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _number(value: object) -> int | float | str:
    """An exact figure value in JSON: a whole Decimal as an integer, a fraction as the
    number it is when the float's shortest form prints the same digits (48.6 does), else
    as a string of its digits, so no value is ever rounded.

    >>> _number(Decimal("59000")), _number(Decimal("48.6")), _number(Decimal("0.1000000000000000055511"))
    (59000, 48.6, '0.1000000000000000055511')
    """  # noqa: E501
    if not isinstance(value, Decimal):
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)


def json_dumps(value: Any, indent: int | None = None) -> str:
    """JSON with real Unicode (readable Chinese) but every control char escaped; exact
    Decimal figure values as numbers."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=_number)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
