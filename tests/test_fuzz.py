"""Properties and a short, bounded fuzz run: the numbers module, what tests/test_dates.py does
not already cover of the date parser, and the loader fed random and mutated bytes.

Every fuzz target may fail only with the project's own error type (TimelineError), and its
message stays one line. Budgets are fixed (max_examples, no deadline, no example database
writes outside .hypothesis) so the whole file runs in a few seconds.
"""

from __future__ import annotations

import calendar
import datetime as dt
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers import MINI
from timeline.errors import DataError, DateError, NumberError, TimelineError
from timeline.model import DateSpan
from timeline.output.safety import visible
from timeline.source.files import read_source
from timeline.source.load import parse_timeline
from timeline.store.open import load
from timeline.text.dates import parse_bound, parse_span
from timeline.text.numbers import (
    APPROX_PREFIXES,
    APPROX_SUFFIXES,
    MAX_NUMERAL,
    parse_figure,
    parse_numeral,
)

FAST = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
D = dt.date

# ---------------------------------------------------------------- numbers

CN_DIGITS = "零一二三四五六七八九"
UNITS = ("", "名", "人", "个", "家", "支", "例", "%")


def cn_group(k: int) -> str:
    """1..9999 digit by digit: a run of zeros between digits is one 零, trailing zeros none."""
    text, zero = "", False
    for digit, unit in zip(
        (k // 1000, k // 100 % 10, k // 10 % 10, k % 10), "千百十 ", strict=True
    ):
        if digit == 0:
            zero = zero or bool(text)
            continue
        text += ("零" if zero else "") + CN_DIGITS[digit] + unit.strip()
        zero = False
    return text


def cn_numeral(n: int) -> str:
    """0..99,999,999 as written in Chinese (an independent writer, not cn2an's an2cn)."""
    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    text = cn_group(high) + "万" if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + cn_group(low)
    return text[1:] if text.startswith("一十") else text  # 十二, 十万: no leading 一


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "零"), (7, "七"), (10, "十"), (12, "十二"), (105, "一百零五"), (1010, "一千零一十"),
     (10_001, "一万零一"), (23_000, "二万三千"), (30_500, "三万零五百"), (100_000, "十万"),
     (99_999, "九万九千九百九十九"), (1_000_010, "一百万零一十")],
)  # fmt: skip
def test_cn_numeral_writer(n: int, text: str) -> None:
    assert cn_numeral(n) == text


@FAST
@given(st.integers(0, 10**12), st.sampled_from(UNITS))
def test_arabic_digits_with_a_unit_read_as_themselves(n: int, unit: str) -> None:
    quantity = parse_figure(f"{n}{unit}")
    assert (quantity.value, quantity.unit, quantity.approx) == (n, unit, False)
    full_width = unicodedata.normalize("NFKC", str(n)).translate(
        {ord(d): ord(d) + 0xFEE0 for d in "0123456789"}
    )
    assert parse_figure(full_width + unit).value == n  # ２０２２ reads as 2022


@FAST
@given(st.integers(1, 99_999), st.integers(0, 9), st.sampled_from(UNITS[:4]))
def test_wan_and_yi_multiply(n: int, tenth: int, unit: str) -> None:
    assert parse_figure(f"{n}万{unit}").value == n * 10_000
    assert parse_figure(f"{n}.{tenth}万{unit}").value == n * 10_000 + tenth * 1000
    assert parse_figure(f"{n}亿").value == n * 100_000_000


@FAST
@given(st.integers(0, 99_999_999))
def test_chinese_numerals_read_as_their_value(n: int) -> None:
    assert parse_numeral(cn_numeral(n)) == n
    assert parse_figure(cn_numeral(n) + "名").value == n


@FAST
@given(
    st.integers(1, 10**6),
    st.sampled_from([p for p in APPROX_PREFIXES if p != "数"] + [""]),
    st.sampled_from([*APPROX_SUFFIXES, ""]),
    st.sampled_from(UNITS[1:4]),
)
def test_approximation_markers_set_approx_and_keep_the_value(
    n: int, prefix: str, suffix: str, unit: str
) -> None:
    quantity = parse_figure(f"{prefix}{n}{suffix}{unit}")
    assert (quantity.value, quantity.unit) == (n, unit)
    assert quantity.approx == bool(prefix or suffix)


@FAST
@given(st.sampled_from(["十", "百", "千", "万"]), st.sampled_from(UNITS[1:4]))
def test_shu_is_an_order_of_magnitude_without_a_value(unit_word: str, unit: str) -> None:
    quantity = parse_figure(f"数{unit_word}{unit}")
    assert (quantity.value, quantity.approx) == (None, True)


@settings(deadline=None, max_examples=100)
@given(st.integers(0, 10**MAX_NUMERAL - 1))
def test_numerals_up_to_the_limit_are_exact_and_longer_ones_refused(n: int) -> None:
    assert parse_numeral(str(n)) == n
    with pytest.raises(NumberError, match="too long"):
        parse_numeral(str(n) + "0" * MAX_NUMERAL)


NUMBERISH = st.text(
    alphabet="0123456789.,%万亿千百十一二两三四五六七八九零〇余多几近超约逾数以上左右名人个 -+፩٣²",
    max_size=50,
)


@settings(deadline=None, max_examples=400)
@given(st.text(max_size=60) | NUMBERISH)
@example("1" * 5000)  # more digits than Python converts
@example("1" * 5000 + "万")  # more than a float holds
@example("፩")  # a digit int() does not read
def test_fuzz_numbers_raise_only_number_errors(text: str) -> None:
    for parse in (parse_numeral, parse_figure):
        try:
            parse(text)
        except NumberError as err:
            assert isinstance(err, TimelineError)
            assert len(visible(str(err))) < 200


# ---------------------------------------------------------------- dates: what test_dates lacks

MONTHS = [calendar.month_name[m] for m in range(13)]
ABBR = [calendar.month_abbr[m] for m in range(13)]


@st.composite
def impossible_days(draw: st.DrawFn) -> tuple[int, int, int]:
    """A year and month with a day past its end (29 Feb of a common year included)."""
    year, month = draw(st.integers(1900, 2100)), draw(st.integers(1, 12))
    return year, month, draw(st.integers(calendar.monthrange(year, month)[1] + 1, 32))


@settings(deadline=None, max_examples=150)
@given(impossible_days())
@example((2023, 2, 29))
@example((2100, 2, 29))  # not a leap year: divisible by 100, not by 400
def test_an_impossible_day_is_refused_in_every_accepted_form(ymd: tuple[int, int, int]) -> None:
    y, m, d = ymd
    reference = D(y, 1, 1)
    # Without a year, 2月29日 is the latest 29 February there was (the year-less rule):
    # only the other impossible days are refused in that form.
    leap_day = (m, d) == (2, 29)
    numeric = [f"{y}/{m}/{d}", f"{y}.{m}.{d}", f"{y:04d}{m:02d}{d:02d}"]
    numeric += [] if leap_day else [f"{m}月{d}日"]
    english = [f"{ABBR[m]} {d} {y}", f"{d} {MONTHS[m]} {y}"]
    english += [] if leap_day else [f"{MONTHS[m]} {d}"]
    for text in numeric:
        with pytest.raises(DateError, match="is not a real date"):
            parse_span(text, reference=reference)
    for text in english:  # dateutil may also call it unreadable; never a date
        with pytest.raises(DateError):
            parse_span(text, reference=reference)
    with pytest.raises(DateError):
        parse_bound(f"{y}-{m:02d}-{d:02d}", end=True)


@settings(deadline=None, max_examples=150)
@given(st.dates(D(1900, 1, 1), D(2100, 12, 31)))
def test_a_real_day_reads_the_same_as_a_bound_and_without_its_year(day: dt.date) -> None:
    y, m, d = day.year, day.month, day.day
    reference = D(y, 12, 31)  # a year-less day: the latest such day on or before it
    for text in (f"{m}月{d}日", f"{ABBR[m]} {d}", f"{d} {MONTHS[m]}", f"{y}.{m}.{d}"):
        assert parse_span(text, reference=reference) == DateSpan(day, day), text
    iso = day.isoformat()
    assert parse_bound(iso) == parse_bound(iso, end=True) == day


@settings(deadline=None, max_examples=300)
@given(st.binary(max_size=64))
@example(b"\xff\xfe2\x002\x00")
@example("2022-03-20".encode("utf-16"))
@example(b"2022-03-20\x00")
@example(b"\x00" * 13 + b"\x80" * 22)  # escapes made the quoted input five times longer
def test_fuzz_dates_from_random_bytes(raw: bytes) -> None:
    """Bytes as a shell hands them over in argv (undecodable ones as surrogates)."""
    text = raw.decode("utf-8", "surrogateescape")
    for call in (
        lambda: parse_span(text, reference=D(2022, 6, 1), today=D(2022, 3, 20)),
        lambda: parse_bound(text, end=True),
    ):
        try:
            call()
        except DateError as err:
            assert "\n" not in visible(str(err))
            assert len(str(err)) < 250


# ---------------------------------------------------------------- the loader

GOOD = MINI.read_bytes()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """The mini timeline with a few bytes replaced, inserted or removed: mostly near-valid
    YAML, which reaches much deeper into the loader than random bytes do."""
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["replace", "insert", "delete"]))
        chunk = draw(st.binary(min_size=1, max_size=4) | st.sampled_from(
            [b":", b"-", b"[", b"{", b"&a", b"*a", b"!!", b"'", b'"', b"\n  ", b"\t", b"#",
             b"\xe5", b"\x00", b"2022-02-30", b"11:45", b"<<: ", b"? "]
        ))  # fmt: skip
        if kind == "replace":
            data[at : at + len(chunk)] = chunk
        elif kind == "insert":
            data[at:at] = chunk
        else:
            del data[at : at + len(chunk)]
    return bytes(data)


@settings(
    deadline=None,
    max_examples=250,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.binary(max_size=200) | mutated())
def test_fuzz_the_parser_never_raises(raw: bytes) -> None:
    """Decoded text goes to parse_timeline, which reports problems and never raises."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    timeline, problems = parse_timeline(text, "fuzz.yaml")
    for problem in problems:
        assert "\n" not in visible(str(problem))
    if not problems:
        assert all(event.id and event.title for event in timeline.events)


@settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200) | mutated())
def test_fuzz_loading_files_raises_only_data_errors(raw: bytes) -> None:
    """The whole loader on a real file: read, decode, parse, validate (and any cache)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(raw)
        try:
            read_source(str(path))
            load(path)
        except DataError as err:
            assert "\n" not in visible(str(err))
