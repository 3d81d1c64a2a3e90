"""The numbers module on every numeral form the seed text uses."""

from __future__ import annotations

import pytest

from timeline.errors import NumberError
from timeline.text.numbers import Quantity, parse_figure, parse_numeral


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        # Arabic
        ("1528个", 1528, "个", False),
        ("10034名", 10034, "名", False),
        ("183个", 183, "个", False),
        ("2例", 2, "例", False),
        # mixed Arabic + 万
        ("5.9万名", 59000, "名", False),
        ("1.4万个", 14000, "个", False),
        ("10万名", 100000, "名", False),
        ("16.9万余名", 169000, "名", True),
        ("1.5万余名", 15000, "名", True),
        ("1万多亩", 10000, "亩", True),
        # Chinese numerals
        ("十余家", 10, "家", True),
        ("十几个", 10, "个", True),
        ("两个", 2, "个", False),
        ("一例", 1, "例", False),
        ("超千人", 1000, "人", True),
        ("三十二栋", 32, "栋", False),
        # approximate markers
        ("1800多个", 1800, "个", True),
        ("600余名", 600, "名", True),
        ("近100%", 100, "%", True),
        ("70%以上", 70, "%", True),
        ("150多名", 150, "名", True),
        # no value
        ("数万", None, "", True),
        ("数万名", None, "名", True),
        # full-width digits
        ("１５２８个", 1528, "个", False),
    ],
)
def test_parse_figure(text: str, value: int | None, unit: str, approx: bool) -> None:
    parsed = parse_figure(text)
    assert (parsed.value, parsed.unit, parsed.approx) == (value, unit, approx)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("二〇二二", 2022), ("三十一", 31), ("十", 10), ("5.9万", 59000), ("007", 7)],
)
def test_parse_numeral(numeral: str, value: int) -> None:
    assert parse_numeral(numeral) == value


@pytest.mark.parametrize("bad", ["", "名", "第一时间", "abc", "5.55", "万万万个"])
def test_unreadable_figures_raise_number_error(bad: str) -> None:
    with pytest.raises(NumberError):
        parse_figure(bad)


def test_quantity_keeps_the_numeral_span() -> None:
    assert parse_figure("16.9万余名") == Quantity(169000, "名", True, "16.9万")
