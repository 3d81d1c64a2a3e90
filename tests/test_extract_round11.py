"""Rules of issue #14's eleventh round: what held10's first score left, as general rules.

Each test uses sentences of its own, not the held-out texts, so that the rule and not the
text is what passes.
"""

from __future__ import annotations

import datetime as dt

from helpers import mention_dates
from timeline.extract import find_dateline
from timeline.text.calendar_rules import holiday_period

D = dt.date


# --- the n-th day of a holiday's days off ---------------------------------------------------


def test_the_nth_day_of_a_holiday_counts_from_its_first_day_off() -> None:
    text = "本报讯 10月9日，国庆假期第五天，全市景区接待游客42万人次。当天下午客流达到高峰。"
    got = mention_dates(text, D(2024, 10, 9))
    assert got["第五天"][0] == "2024-10-05"
    assert got["当天下午"][0] == "2024-10-05"  # 当天 is that day, not the holiday's


def test_the_nth_day_of_a_spring_festival_holiday_starts_on_its_eve() -> None:
    # lunar-python lists 2025's days off as 1月28日 (除夕) to 2月4日
    text = "本报讯 2月6日，春节假期第2天，全省高速车流量达到高峰。"
    assert mention_dates(text, D(2025, 2, 6))["第2天"][0] == "2025-01-29"


def test_a_holiday_with_its_days_written_counts_from_them() -> None:
    text = "本报讯 5月6日，今年劳动节假期（5月1日至5日），客流创新高。假期第三天，车站发送旅客9万人次。"
    assert mention_dates(text, D(2025, 5, 6))["第三天"][0] == "2025-05-03"


def test_the_first_day_of_a_holiday_period() -> None:
    text = "本报讯 2月8日，春节假期首日，全市客流平稳。"
    assert mention_dates(text, D(2025, 2, 8))["首日"][0] == "2025-01-28"


def test_the_nth_day_needs_a_holiday_and_is_no_plain_second_day() -> None:
    got = mention_dates("本报讯 3月5日，会议开幕。第二天，代表分组讨论。", D(2025, 3, 5))
    assert got["第二天"][0] == "2025-03-06"
    assert "第三天" not in mention_dates("本报讯 3月5日，比赛进入第三天。", D(2025, 3, 5))


def test_holiday_periods_come_from_the_calendar_library() -> None:
    assert holiday_period(D(2024, 10, 1)) == (D(2024, 10, 1), D(2024, 10, 7))
    assert holiday_period(D(2024, 4, 4)) == (D(2024, 4, 4), D(2024, 4, 6))
    assert holiday_period(D(2024, 3, 4)) is None  # no day off


# --- a relative day with its date written -----------------------------------------------------


def test_a_relative_day_followed_by_its_date_takes_the_date() -> None:
    text = "本报讯 6月3日，展会开幕。次日起开放预约，翌日即6月6日为最后报名日。"
    got = mention_dates(text, D(2025, 6, 3))
    assert got["翌日"][0] == "2025-06-06"
    assert got["次日"] == ("2025-06-04", "from")


def test_a_relative_day_said_of_a_date_is_that_date() -> None:
    text = "本报讯 6月20日，考试结束。6月9日为开考前一天，当日15时考生查看了考场。"
    got = mention_dates(text, D(2025, 6, 20))
    assert got["前一天"][0] == "2025-06-09"
    assert got["当日15时"][0] == "2025-06-09"


def test_a_relative_day_apart_from_a_date_still_counts_from_it() -> None:
    text = "本报讯 6月20日，考试结束。6月9日开考，前一天考生查看了考场。"
    assert mention_dates(text, D(2025, 6, 20))["前一天"][0] == "2025-06-08"


# --- the day after a holiday's days off end -----------------------------------------------------


def test_the_day_after_a_holiday_ended_counts_from_its_last_day_off() -> None:
    text = "本报讯 10月9日，国庆假期结束后的次日，全市恢复正常交通。"
    assert mention_dates(text, D(2024, 10, 9))["次日"][0] == "2024-10-08"


def test_without_days_off_listed_it_counts_from_the_holiday_itself() -> None:
    # 元宵节 has no day off: the day after it ended is the day after 元宵节
    text = "本报讯 2月20日，元宵节假期结束后的次日，灯会撤展。"
    assert mention_dates(text, D(2025, 2, 20))["次日"][0] == "2025-02-13"


# --- a part of a day between a day and 至 ------------------------------------------------------


def test_a_part_of_a_day_keeps_the_range() -> None:
    text = "本报讯 8月3日，受台风影响，5日白天至6日有大到暴雨，4日全天有雷阵雨。"
    got = mention_dates(text, D(2024, 8, 3))
    assert got["5日白天至6日"] == ("2024-08-05..2024-08-06", "range")
    assert got["4日"][0] == "2024-08-04"


# --- a year said with a holiday -----------------------------------------------------------------


def test_a_year_said_with_a_holiday_puts_later_days_near_it() -> None:
    text = "本报讯 11月20日，明年春节假期火车票将于1月中旬开售，明年元旦门票12月下旬发售。"
    got = mention_dates(text, D(2024, 11, 20))
    assert got["1月中旬"][0] == "2025-01"
    assert got["12月下旬"][0] == "2024-12"


def test_a_year_said_alone_is_still_the_year_of_its_sentence() -> None:
    text = "本报讯 1月10日，今年春运自1月14日起至2月22日止。"
    got = mention_dates(text, D(2025, 1, 10))
    assert got["1月14日起至2月22日"][0] == "2025-01-14..2025-02-22"


# --- an instruction's days to come ------------------------------------------------------------


def test_an_instruction_speaks_of_days_to_come() -> None:
    text = "新华社北京2025年5月6日电 有关部门要求各地于8日18时前完成排查，次日起实行日报告制度。"
    got = mention_dates(text, None)
    assert got["8日18时"] == ("2025-05-08", "before")
    assert got["次日"] == ("2025-05-09", "from")


def test_a_report_without_an_instruction_keeps_the_report_day() -> None:
    text = "新华社北京5月6日电 施工于8日18时前完成。次日起道路通行。"
    # no instruction, no future word: 次日 after a day still to come counts from the dateline
    assert mention_dates(text, D(2025, 5, 6))["次日"][0] == "2025-05-07"


# --- a notice's terms are no stamp --------------------------------------------------------------


def test_a_notice_term_with_a_colon_is_no_dateline() -> None:
    text = "关于道路管制的通告\n\n一、管制时间：2025年4月4日至6日。\n特此通告。\n\n江州市公安局\n2025年3月28日"
    found = find_dateline(text, None)
    assert found.date == D(2025, 3, 28)
    assert found.foot
    assert find_dateline("发布时间：2024-01-02\n正文。", None).date == D(2024, 1, 2)
