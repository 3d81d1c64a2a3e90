"""Reading counted figures such as ``16.9万余名``: the one place that calls cn2an.

A figure is read as written in a news report: approximation markers wherever they
stand (``近``, ``约``, ``超``, ``不到``, ``数`` before; ``余``, ``多``, ``几`` inside;
``以上``, ``左右``, ``上下`` after), a numeral (Arabic with thousands separators and
decimals, or Chinese), scale words on it even after 余/多 (``1700余万元``), an optional
range (``3至5人``, ``10-15万元``), and the unit exactly as written (人次, 公顷, 个百分点,
美元 …). Scale words belong to the value, so the unit never holds one: ``4.4千公顷`` is
4400 公顷 and ``2.9亿美元`` is 290000000 美元 (the only normalisation of a unit).

Values are exact :class:`decimal.Decimal` numbers, never binary floats, so ``48.6米`` stays
48.6; a whole value equals the int of old files (``Decimal(1528) == 1528``).

cn2an is only ever given the isolated numeral span (``三十二``), never running text: its
``transform`` over a whole sentence turns 第一时间 into 第1时间. It is imported lazily,
so plain Arabic numbers never pay for it.

>>> parse_figure("16.9万余名")
Quantity(value=Decimal('169000'), unit='名', approx=True, numeral='16.9万', high=None)
>>> parse_figure("1528个").value
Decimal('1528')
>>> parse_figure("十余家").value, parse_figure("1700余万元").value
(Decimal('10'), Decimal('17000000'))
>>> q = parse_figure("10-15万元")
>>> (q.value, q.high, q.unit)
(Decimal('100000'), Decimal('150000'), '元')
>>> parse_figure("48.6米").value, parse_figure("5.2%").unit, parse_figure("1,300人").value
(Decimal('48.6'), '%', Decimal('1300'))
>>> q = parse_figure("2%至3%")
>>> (q.value, q.high, q.unit)
(Decimal('2'), Decimal('3'), '%')
>>> parse_figure("数万")
Quantity(value=None, unit='', approx=True, numeral='万', high=None)
>>> parse_figure("1700餘萬個")
Quantity(value=Decimal('17000000'), unit='個', approx=True, numeral='1700', high=None)
>>> parse_numeral("二〇二二")
2022
"""

from __future__ import annotations

import dataclasses
import decimal
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from timeline.errors import NumberError
from timeline.text.shorten import quoted

__all__ = [
    "APPROX_PREFIXES",
    "APPROX_SUFFIXES",
    "MAX_NUMERAL",
    "Quantity",
    "parse_decimal",
    "parse_figure",
    "parse_numeral",
]

CN_DIGITS = "零〇一二两三四五六七八九"
CN_UNITS = "十百千万亿"
#: Markers that make a figure approximate, before the numeral, and after it or its unit.
APPROX_PREFIXES = ("将近", "接近", "不到", "不足", "超过", "近", "超", "约", "逾", "数")
APPROX_SUFFIXES = ("以上", "左右", "上下", "之多", "余", "多", "几")
_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_ENGLISH_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}

#: Longer numerals are refused before cn2an, which turns a long one into a float that
#: overflows or loses digits; no count in a news text is written with more characters.
MAX_NUMERAL = 40

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: 10万2,315 (Taiwan): ten-thousands, then the four digits below them, grouped or not.
_MIXED = r"(\d{1,4})万(\d,\d{3}|\d{4})"
#: Scale words after digits; the 千 of 千米, 千克, 千瓦 belongs to the unit (12千米 is 12 千米).
_DIGIT_SCALES = r"(?:[十百万亿]|千(?![米克瓦伏卡]))*"
_NUMERAL = rf"(?:{_MIXED}(?!\d)|(?:{_ARABIC}){_DIGIT_SCALES}|[{CN_DIGITS}{CN_UNITS}]+)"
_PRE = "|".join(APPROX_PREFIXES)
_MID = _POST_WORDS = "以上|左右|上下|之多|余|多|几"
_POST = "|".join(APPROX_SUFFIXES)
_FIGURE = re.compile(
    rf"^(?P<pre>{_PRE})?(?P<num>{_NUMERAL})"
    rf"(?:\s*(?P<sep>[-~至到])\s*(?P<high>{_NUMERAL}))?"
    rf"(?P<mid>{_MID})?(?P<scale>(?:[十百万亿]|千(?![米克瓦伏卡]))+)?(?P<mid2>余|多)?"
    rf"(?:\s*(?P<english>{'|'.join(_ENGLISH_SCALES)}))?"
    rf"(?P<unit>.*?)(?P<post>{_POST})?$",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed figure: exact value (None when the text gives none), unit as written,
    approx flag, the numeral span, and the high end of a range (None for one number)."""

    value: Decimal | None
    unit: str
    approx: bool
    numeral: str
    high: Decimal | None = None


#: Enough digits for the longest numeral times the largest scales: arithmetic stays exact.
_EXACT = decimal.Context(prec=4 * MAX_NUMERAL, traps=[decimal.InvalidOperation])


def _exact(value: Decimal) -> Decimal:
    """``59000.0`` -> ``59000`` and ``48.60`` -> ``48.6``: the shortest exact form."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize(_EXACT)


def parse_decimal(numeral: str) -> Decimal:
    """Read one isolated numeral (``5.9万``, ``1,300``, ``48.6``, ``三十二``) exactly.

    >>> parse_decimal("5.9万"), parse_decimal("4.4千"), parse_decimal("2.9亿")
    (Decimal('59000'), Decimal('4400'), Decimal('290000000'))
    >>> parse_decimal("10万2,315"), parse_decimal("3万0500")
    (Decimal('102315'), Decimal('30500'))
    """
    text = unicodedata.normalize("NFKC", numeral).strip()
    if not text:
        raise NumberError("empty numeral")
    if len(text) > MAX_NUMERAL:
        raise NumberError(f"numeral {numeral[:MAX_NUMERAL]!r}… is too long")
    mixed = re.fullmatch(_MIXED, text.replace("萬", "万"), re.ASCII)
    if mixed:
        return Decimal(int(mixed.group(1)) * 10**4 + int(mixed.group(2).replace(",", "")))
    arabic = re.fullmatch(rf"({_ARABIC})([{CN_UNITS}]*)", text, re.ASCII)
    if arabic:
        with decimal.localcontext(_EXACT):
            value = Decimal(arabic.group(1).replace(",", ""))
            for scale in arabic.group(2):
                value *= _SCALES[scale]
            return _exact(value)
    if text.isdigit() or not re.fullmatch(f"[{CN_DIGITS}{CN_UNITS}]+", text):
        raise NumberError(f"cannot read numeral {_shown(numeral)}")  # such as Ethiopic ፩
    if text[0] in CN_UNITS and text[0] != "十":  # 千, 万 alone mean one thousand, ten thousand
        text = "一" + text
    import cn2an  # deferred: ~80 ms to import, needed only for Chinese numerals

    try:
        value = Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, IndexError, OverflowError) as exc:
        raise NumberError(f"cannot read numeral {_shown(numeral)}") from exc
    return _exact(value)


def parse_numeral(numeral: str) -> int:
    """Read one isolated whole numeral (``5.9万``, ``1528``, ``三十二``) as an int.

    >>> parse_numeral("5.9万"), parse_numeral("1.4万"), parse_numeral("十")
    (59000, 14000, 10)
    """
    value = parse_decimal(numeral)
    if value != value.to_integral_value():
        raise NumberError(f"numeral {numeral!r} is not a whole number ({value})")
    return int(value)


def parse_figure(text: str) -> Quantity:
    """Split a figure as written into markers, numeral (or range) and unit.

    ``数万`` (tens of thousands) has no value: it is approximate with value None.
    Errors name the part that could not be read.

    >>> parse_figure("超千人")
    Quantity(value=Decimal('1000'), unit='人', approx=True, numeral='千', high=None)
    >>> parse_figure("70%以上").approx, parse_figure("近4000人次").unit
    (True, '人次')
    >>> parse_figure("3.2个百分点").unit, parse_figure("4.4千公顷").value
    ('个百分点', Decimal('4400'))
    >>> parse_figure("12千米").unit, parse_figure("10萬2,315人次").value
    ('千米', Decimal('102315'))
    >>> parse_figure("12个3")
    Traceback (most recent call last):
    ...
    timeline.errors.NumberError: cannot read figure '12个3': unit '个3' has a digit in it
    """
    with decimal.localcontext(_EXACT):
        below = _BELOW_ZERO.match(text)
        if below is None:
            return _parse_figure(text)
        q = _parse_figure(text[below.end() :])  # -8℃, 零下8℃: a temperature below zero
        value = None if q.value is None else -q.value
        return dataclasses.replace(q, value=value, numeral=f"-{q.numeral}")


def _parse_figure(text: str) -> Quantity:
    clean = re.sub(r"[-－—–~～]", lambda m: "-" if m.group() != "～" else "~", text)
    clean = unicodedata.normalize("NFKC", clean).strip().translate(_TRADITIONAL)
    if clean.startswith("百分之"):  # 百分之五十: the percent sign written out
        clean = clean[3:] + "%"
    clean = _REPEATED_SIGN.sub(r"\1\3", clean)  # 2%至3%: the sign of both ends, written twice
    clean = _NEIGHBOURS.sub(_neighbours, clean)
    match = _FIGURE.match(clean)
    if match is None or not clean:
        raise NumberError(f"cannot read figure {_shown(text)}: no number in it")
    num, high_text, unit = match.group("num", "high", "unit")
    half = _HALF.fullmatch(unit.strip())
    unit = half.group(1) if half else unit
    _check_unit(text, unit.strip())
    markers = match.group("pre", "mid", "mid2", "post")
    approx = any(markers)
    scale = _scale(match)
    if match.group("pre") == "数":  # 数万, 数百: an order of magnitude, not a number
        return Quantity(None, unit.strip(), True, num + (match.group("scale") or ""))
    low = _read(text, num) * scale + (Decimal("0.5") if half else 0)
    high = None if high_text is None else _read(text, high_text) * scale
    if high is not None and not _has_scale(num) and _has_scale(high_text):
        low *= _trailing_scale(high_text)  # 10-15万元: the 万 of the end counts for both
    if high is not None and high < low:
        raise NumberError(f"cannot read figure {_shown(text)}: range {num}-{high_text} ends below")
    if low != low.to_integral_value() and not (unit.strip() or scale != 1):
        raise NumberError(
            f"cannot read figure {_shown(text)}: a decimal needs a unit or a scale word "
            "(5.2%, 48.6米, 2.9亿)"
        )
    numeral = num if high_text is None else f"{num}{match.group('sep')}{high_text}"
    high_value = None if high is None else _exact(high)
    return Quantity(_exact(low), unit.strip(), approx, numeral, high_value)


#: The traditional forms of the numeral and marker characters read here (餘 余, 萬 万 …);
#: the unit after them is kept as written, 個 stays 個.
_TRADITIONAL = str.maketrans("萬億兩幾餘約數過將於", "万亿两几余约数过将于")
#: A percent or degree sign written on both ends of a range (2%至3%, 18℃-25℃).
_BELOW_ZERO = re.compile(r"(?:[-－−]|零下)(?=\d)")
#: Any unit written on both ends (80元至120元, 3人至5人) is read the same way.
_REPEATED_SIGN = re.compile(
    r"^(.*?\d[十百千万亿]*)(%|°C|[^\W\d十百千万亿至到]{1,4}?)\s*([-~至到])"
    r"(?=[^-~至到]*\d[十百千万亿]*\2(?:以上|左右|上下)?$)"
)
#: A share or a multiple and a half (一成半, 两倍半): the unit, then 半.
_HALF = re.compile(r"(成|倍)半")
#: Two neighbouring digits (两三个, 三四十人, 七八百): "two or three", a rough range.
_NEIGHBOURS = re.compile(
    r"^(约|近)?([一两二三四五六七八])([二三四五六七八九])([十百千万亿]*)(?!\d)"
)
_DIGIT_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _neighbours(m: re.Match[str]) -> str:
    low, high, scale = m.group(2), m.group(3), m.group(4)
    if _DIGIT_VALUES[high] != _DIGIT_VALUES[low] + 1:
        return m.group()
    return f"约{low}{scale}至{high}{scale}"


def _read(text: str, numeral: str) -> Decimal:
    try:
        return parse_decimal(numeral)
    except NumberError:
        raise NumberError(
            f"cannot read figure {_shown(text)}: numeral {_shown(numeral)} is no number"
        ) from None


def _scale(match: re.Match[str]) -> Decimal:
    """The multiplier of scale words written after 余/多 (1700余万) or in English."""
    value = Decimal(1)
    for word in match.group("scale") or "":
        value *= _SCALES[word]
    if match.group("english"):
        value *= _ENGLISH_SCALES[match.group("english")]
    return value


def _has_scale(numeral: str) -> bool:
    return any(c in "千万亿" for c in numeral)


def _trailing_scale(numeral: str) -> Decimal:
    """The scale words ending a numeral (the 万 of 15万), as one multiplier."""
    value = Decimal(1)
    for word in reversed(numeral):
        if word not in "千万亿":
            break
        value *= _SCALES[word]
    return value


def _check_unit(text: str, unit: str) -> None:
    """A unit is words, not numbers: ``12个3`` is two figures or a typo, never one figure."""
    if any(c.isdigit() or c in CN_DIGITS for c in unit):
        raise NumberError(
            f"cannot read figure {_shown(text)}: unit {_shown(unit)} has a digit in it"
        )
    if len(unit) > 8:
        raise NumberError(
            f"cannot read figure {_shown(text)}: unit {_shown(unit[:8])}… is too long"
        )


def _shown(text: str) -> str:
    """A numeral quoted for a message, within 42 characters."""
    return quoted(text, width=42)
