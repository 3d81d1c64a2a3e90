"""Rules of issue #14's twelfth round: what held11's first score found, as general rules.

Each test uses sentences of its own, not the held-out texts, so that the rule and not the
text is what passes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from helpers import mention_dates
from timeline.extract import candidate_timeline, extract, find_dateline
from timeline.text.numbers import parse_figure

D = dt.date


def _figures(text: str) -> dict[str, tuple[Decimal | None, str | None, Decimal | None]]:
    return {m.text: (m.value, m.unit, m.high) for m in extract(text, D(2024, 6, 1))
            if m.kind == "figure"}  # fmt: skip


# --- dates ----------------------------------------------------------------------------------


def test_same_year_takes_the_year_of_the_date_named_before_it() -> None:
    text = "本报讯 2019年11月3日，工程开工。同年12月20日，主体结构封顶。"
    assert mention_dates(text, D(2025, 3, 1))["同年12月20日"][0] == "2019-12-20"


def test_same_year_alone_names_no_day() -> None:
    # a quote check reads alone has no date before it: no guess at the dateline's year
    assert "同年12月20日" not in mention_dates("同年12月20日，主体结构封顶。", D(2025, 3, 1))


def test_ji_ri_qi_is_the_reports_day_from_then_on() -> None:
    text = "本报讯 2024年5月6日，市交通局决定，自即日起调整公交线路。"
    assert mention_dates(text, None)["即日"] == ("2024-05-06", "from")


def test_a_date_opening_a_line_then_its_issuer_is_a_dateline() -> None:
    text = "標題一則\n\n2023年8月2日　新聞局\n\n當局今日公佈數字，共有300人參加。"
    found = find_dateline(text, None)
    assert found.date == D(2023, 8, 2)
    assert text[found.start : found.end] == "2023年8月2日"


def test_a_bracketed_date_with_paper_and_byline_is_a_dateline() -> None:
    text = "村里新事\n\n（2023年4月9日　农民日报　记者 张三）\n\n今年村里种了300亩。"
    assert find_dateline(text, None).date == D(2023, 4, 9)


def test_an_official_accounts_message_is_a_dateline() -> None:
    text = "标题\n\n市法院官方微博2023年7月1日消息，当天上午公开宣判一起案件。"
    assert find_dateline(text, None).date == D(2023, 7, 1)
    assert mention_dates(text, None)["2023年7月1日"][1] == "report"


def test_a_date_opening_a_sentence_line_is_no_dateline() -> None:
    # a line that goes on as a sentence (发布了数字，…) is no issuer's line
    text = "标题\n\n据悉，有关部门表示\n2023年8月2日　新闻局发布了数字，共有300人参加。"
    assert find_dateline(text, None).date is None


def test_a_reviews_candidates_complete_year_less_days_in_its_year() -> None:
    text = "2023年全市气候盘点\n\n市气象台　2024年1月5日\n\n1月中旬，全市降温。其中1月12日最低气温-3℃。"
    mentions = extract(text, None)
    timeline = candidate_timeline(mentions, "a.txt", D(2024, 1, 5), D(2024, 1, 5))
    assert timeline.reference == D(2023, 12, 31)


# --- figures and durations --------------------------------------------------------------------


def test_memory_sizes_are_figures_and_model_names_are_not() -> None:
    got = _figures("该机配备12GB内存和512GB存储，型号X9，支持5G。")
    assert got["12GB"] == (Decimal(12), "GB", None)
    assert got["512GB"] == (Decimal(512), "GB", None)
    assert not any("X9" in t or t == "5G" for t in got)


def test_a_share_and_a_half() -> None:
    assert _figures("客流上升一成半。")["一成半"] == (Decimal("1.5"), "成", None)
    assert parse_figure("两倍半").value == Decimal("2.5")


def test_a_range_with_its_unit_written_twice() -> None:
    assert _figures("每公斤售价30元至45元。")["30元至45元"] == (Decimal(30), "元", Decimal(45))
    q = parse_figure("3人至5人")
    assert (q.value, q.high, q.unit) == (Decimal(3), Decimal(5), "人")


def test_yue_ending_a_word_is_no_about() -> None:
    assert _figures("全市新签约亿元以上项目80个。") == {"80个": (Decimal(80), "个", None)}
    assert "约1亿元" in _figures("投资约1亿元。")


def test_a_round_number_after_a_verb_of_reaching_is_a_figure() -> None:
    assert _figures("力争收入突破百万元。")["百万元"] == (Decimal(1000000), "元", None)
    assert _figures("万名干部下基层。") == {}  # a slogan stays no count


def test_a_span_led_by_wei_qi_with_one() -> None:
    spans = [
        m.text for m in extract("开展为期一个月的整治。", D(2024, 6, 1)) if m.kind == "duration"
    ]
    assert spans == ["一个月"]
