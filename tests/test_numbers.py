"""The numbers module on every numeral form the seed text uses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from timeline.errors import NumberError
from timeline.text.numbers import Quantity, parse_decimal, parse_figure, parse_numeral


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


# --- issue #13's figures: exact decimals, scales, ranges, units as written -------------------

FIGURES_13 = [
    # text, value, high, unit, approx
    ("48.6米", "48.6", None, "米", False),
    ("3.6公里", "3.6", None, "公里", False),
    ("312毫米", "312", None, "毫米", False),
    ("5.2%", "5.2", None, "%", False),
    ("1,300人", "1300", None, "人", False),
    ("4.4千公顷", "4400", None, "公顷", False),
    ("2.9亿", "290000000", None, "", False),
    ("2.9亿美元", "290000000", None, "美元", False),
    ("1700余万元", "17000000", None, "元", True),
    ("近4000人次", "4000", None, "人次", True),
    ("3000辆次", "3000", None, "辆次", False),
    ("3.2个百分点", "3.2", None, "个百分点", False),
    ("3至5人", "3", "5", "人", False),
    ("10-15万元", "100000", "150000", "元", False),
    ("10－15万元", "100000", "150000", "元", False),
    ("两三个", "2", "3", "个", True),
    ("100人左右", "100", None, "人", True),
    ("50人上下", "50", None, "人", True),
    ("不到100人", "100", None, "人", True),
    ("约50公里", "50", None, "公里", True),
    ("百分之五十", "50", None, "%", False),
    ("50 million", "50000000", None, "", False),
    ("1700餘萬元", "17000000", None, "元", True),
    ("3萬個", "30000", None, "個", False),
]


@pytest.mark.parametrize(("text", "value", "high", "unit", "approx"), FIGURES_13)
def test_figures_of_news_reports(
    text: str, value: str, high: str | None, unit: str, approx: bool
) -> None:
    parsed = parse_figure(text)
    assert (parsed.value, parsed.high, parsed.unit, parsed.approx) == (
        Decimal(value),
        None if high is None else Decimal(high),
        unit,
        approx,
    )
    assert isinstance(parsed.value, Decimal)
    assert str(parsed.value) == value  # exact, shortest: 48.6 stays 48.6, 59000 has no .0


def test_whole_values_still_equal_the_ints_of_old_files() -> None:
    assert parse_figure("1528个").value == 1528
    assert parse_figure("16.9万余名").value == 169000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12个3", "cannot read figure '12个3': unit '个3' has a digit in it"),
        ("5.55", "cannot read figure '5.55': a decimal needs a unit or a scale word"),
        ("万万万个", "cannot read figure '万万万个': numeral '万万万' is no number"),
        ("15-10人", "cannot read figure '15-10人': range 15-10 ends below"),
        ("名", "cannot read figure '名': no number in it"),
    ],
)
def test_errors_name_the_part_they_could_not_read(text: str, message: str) -> None:
    with pytest.raises(NumberError) as err:
        parse_figure(text)
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(
    ("numeral", "value"), [("4.4千", "4400"), ("1,300", "1300"), ("48.6", "48.6")]
)
def test_parse_decimal(numeral: str, value: str) -> None:
    assert parse_decimal(numeral) == Decimal(value)
