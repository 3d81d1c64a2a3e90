"""The short dates people type at a prompt, read by timeline.text.dates: ``3.20``, ``3/20``
(month first, as Chinese readers write them), ``3月20`` (the 日 left off), and runs of
digits that are no date, told what they lack rather than read as a year (``0320`` is no
year 320).

>>> month_day("3/20"), month_day("2022/3")
((3, 20), None)
>>> with_day_mark("3月20"), with_day_mark("3月二十"), with_day_mark("3月")
('3月20日', '3月二十日', '3月')
>>> digits_missing("0320")
'month and day need a year, e.g. 20220320 or 3月20日'
>>> digits_missing("2022"), digits_missing("20220320"), digits_missing("3月")
(None, None, None)
"""

from __future__ import annotations

import re

__all__ = ["MONTH_FIRST", "digits_missing", "month_day", "with_day_mark"]

#: What a month/day whose first number is no month is told.
MONTH_FIRST = "month and day are written month first, e.g. 3/20 or 3.20"

#: Digit runs that are neither a year (4 digits, not 0 first) nor YYYYMMDD.
_NOT_A_YEAR = re.compile(r"[0-9]{1,3}|0[0-9]{3}|[0-9]{5,7}|[0-9]{9,}")
_MONTH_DAY = re.compile(r"(?P<m>[0-9]{1,2})[./](?P<d>[0-9]{1,2})")
_DAY_WITHOUT_MARK = re.compile(r"(月(?:[0-9]{1,2}|[零〇一二三四五六七八九十]{1,3}))$")


def month_day(text: str) -> tuple[int, int] | None:
    """3.20 or 3/20 as (month, day), unchecked; None for any other text."""
    match = _MONTH_DAY.fullmatch(text)
    return (int(match["m"]), int(match["d"])) if match else None


def with_day_mark(text: str) -> str:
    """3月20 as 3月20日: a day number ending the text after a month gets its 日."""
    return _DAY_WITHOUT_MARK.sub(r"\1日", text)


def digits_missing(text: str) -> str | None:
    """What a run of digits that is no year and no YYYYMMDD lacks; None for other text."""
    if not _NOT_A_YEAR.fullmatch(text):
        return None
    if len(text) == 4:
        month, day = int(text[:2]), int(text[2:])
        return f"month and day need a year, e.g. 2022{text} or {month}月{day}日"
    if len(text) <= 2:
        return f"a day needs its month, e.g. 3月{int(text)}日"
    return f"{len(text)} digits are no date: a full one is 8, YYYYMMDD (e.g. 20220320)"
