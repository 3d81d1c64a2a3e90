"""Reading counted figures such as ``16.9万余名``: the one place that calls cn2an.

cn2an is only ever given the isolated numeral span (``16.9万``), never running
text: its ``transform`` over a whole sentence turns 第一时间 into 第1时间.
cn2an is imported lazily, so plain Arabic numbers never pay for it.

>>> parse_figure("16.9万余名")
Quantity(value=169000, unit='名', approx=True, numeral='16.9万')
>>> parse_figure("1528个").value
1528
>>> parse_figure("十余家")
Quantity(value=10, unit='家', approx=True, numeral='十')
>>> parse_figure("数万")
Quantity(value=None, unit='', approx=True, numeral='万')
>>> parse_numeral("二〇二二")
2022
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from timeline.errors import NumberError

__all__ = [
    "APPROX_PREFIXES",
    "APPROX_SUFFIXES",
    "MAX_NUMERAL",
    "Quantity",
    "parse_figure",
    "parse_numeral",
]

CN_DIGITS = "零〇一二两三四五六七八九"
CN_UNITS = "十百千万亿"
#: Markers that make a figure approximate, before or after the numeral.
APPROX_PREFIXES = ("近", "超过", "超", "约", "逾", "数")
APPROX_SUFFIXES = ("余", "多", "几", "以上", "左右")

#: Longer numerals are refused before cn2an, which turns a long one into a float that
#: overflows or loses digits; no count in a news text is written with more characters.
MAX_NUMERAL = 40

_NUMERAL = rf"(?:\d+(?:\.\d+)?[{CN_UNITS}]*|[{CN_DIGITS}{CN_UNITS}]+)"
_FIGURE = re.compile(
    rf"^(?P<pre>{'|'.join(APPROX_PREFIXES)})?"
    rf"(?P<num>{_NUMERAL})"
    rf"(?P<suf>{'|'.join(APPROX_SUFFIXES)})?"
    r"(?P<unit>%|[^\d\s%]?)"
    rf"(?P<post>{'|'.join(APPROX_SUFFIXES)})?$"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed figure: integer value (None when the text gives none), unit, approx flag."""

    value: int | None
    unit: str
    approx: bool
    numeral: str


def parse_numeral(numeral: str) -> int:
    """Read one isolated numeral (``5.9万``, ``1528``, ``三十二``) as an integer.

    >>> parse_numeral("5.9万"), parse_numeral("1.4万"), parse_numeral("十")
    (59000, 14000, 10)
    """
    text = unicodedata.normalize("NFKC", numeral).strip()
    if not text:
        raise NumberError("empty numeral")
    if len(text) > MAX_NUMERAL:
        raise NumberError(f"numeral {numeral[:MAX_NUMERAL]!r}… is too long")
    if text.isdigit():
        try:
            return int(text)
        except ValueError:  # a digit int() does not read, such as Ethiopic ፩
            raise NumberError(f"cannot read numeral {numeral!r}") from None
    import cn2an  # deferred: ~80 ms to import, needed only for Chinese numerals

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, OverflowError) as exc:
        raise NumberError(f"cannot read numeral {numeral!r}") from exc
    if float(value) != int(value):
        raise NumberError(f"numeral {numeral!r} is not a whole number ({value})")
    return int(value)


def parse_figure(text: str) -> Quantity:
    """Split a figure as written into numeral, approximation markers and unit.

    ``数万`` (tens of thousands) has no value: it is approximate with value None.

    >>> parse_figure("超千人")
    Quantity(value=1000, unit='人', approx=True, numeral='千')
    >>> parse_figure("70%以上")
    Quantity(value=70, unit='%', approx=True, numeral='70')
    """
    clean = unicodedata.normalize("NFKC", text).strip()
    match = _FIGURE.match(clean)
    if match is None:
        raise NumberError(f"cannot read figure {text!r}")
    pre, num, suf, unit, post = match.group("pre", "num", "suf", "unit", "post")
    approx = bool(pre or suf or post)
    if pre == "数":  # 数万, 数百: an order of magnitude, not a number
        return Quantity(None, unit, True, num)
    if num[0] in CN_UNITS and num[0] != "十":  # 千, 万 alone mean one thousand, ten thousand
        num_value = parse_numeral("一" + num)
    else:
        num_value = parse_numeral(num)
    return Quantity(num_value, unit, approx, num)
