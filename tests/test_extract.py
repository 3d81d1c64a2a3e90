"""Tests for timeline.extract: the seed's hand-made tables, invented cases, properties."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.check import check_sources
from timeline.errors import TimelineError, UsageError
from timeline.extract import (
    Mention,
    candidate_events,
    candidate_timeline,
    candidates_yaml,
    extract,
    mention_record,
)
from timeline.model import Figure, SeedSource
from timeline.source.load import load_file, parse_timeline
from timeline.text.numbers import parse_figure

ROOT = Path(__file__).resolve().parents[1]
SEED_NAME = "hebei-daily-2022-03-31-tangshan.txt"
SEED = (ROOT / "seeds" / SEED_NAME).read_text(encoding="utf-8")
REF = dt.date(2022, 3, 31)

# Every date expression of the seed, read by hand, in text order:
# (text, date, time, qualifier, resolution).
Y, C, E = "year_from_reference", "month_from_context", "explicit"
SEED_DATES = [
    ("3月31日", "2022-03-31", None, "report", Y),  # dateline of article 1
    ("3月", "2022-03", None, None, Y),  # 进入3月
    ("3月12日", "2022-03-12", None, None, Y),
    ("3月19日", "2022-03-19", None, None, Y),
    ("2020年3月以来", "2020-03", None, "since", E),  # 自2020年3月以来
    ("3月30日", "2022-03-30", None, None, Y),  # photo caption
    ("20日凌晨2时30分", "2022-03-20", "02:30", None, C),  # not April: caption is no context
    ("截至3月29日", "2022-03-29", None, "as_of", Y),
    ("3月19日", "2022-03-19", None, None, Y),
    ("20日以来", "2022-03-20", None, "since", C),
    ("3月31日", "2022-03-31", None, None, Y),  # caption of the 滦南 photo
    ("3月19日", "2022-03-19", None, None, Y),
    ("3月20日", "2022-03-20", None, None, Y),
    ("3月27日", "2022-03-27", None, None, Y),  # 左图
    ("3月27日", "2022-03-27", None, None, Y),  # 右图
    ("3月19日11时45分", "2022-03-19", "11:45", None, Y),
    ("3月29日", "2022-03-29", None, None, Y),
    ("2020年", "2020", None, None, E),
    ("3月30日", "2022-03-30", None, None, Y),  # "3月30日," ends a page
    ("3月29日下午", "2022-03-29", None, None, Y),  # 下午 without a clock time
]

# Every counted figure of the seed, read by hand, in text order: (text, value, unit, label).
SEED_FIGURES = [
    ("5.9万名", 59000, "名", "党员干部"),  # headline
    ("5.9万名", 59000, "名", "党员干部"),
    ("数万名", None, "名", ""),  # 数万名下|沉党员干部: the page break cuts the label
    ("5390个", 5390, "个", "农村"),
    ("630个", 630, "个", "社区"),
    ("1528个", 1528, "个", "战疫临时党支部"),
    ("6074个", 6074, "个", "临时党小组"),
    ("10034名", 10034, "名", "各级领导干部"),
    ("18家", 18, "家", "市直单位"),
    ("680名", 680, "名", "机关干部"),
    ("6家", 6, "家", "市属重点企业"),
    ("450名", 450, "名", "干部职工"),
    ("超千人", 1000, "人", ""),
    ("24支", 24, "支", "援助预备队"),  # not 24 + 支援
    ("7支", 7, "支", "队伍"),
    ("350人", 350, "人", ""),
    ("3718个", 3718, "个", "国有企业党组织"),
    ("2386个", 2386, "个", "非公企业党组织"),
    ("566件", 566, "件", ""),
    ("4家", 4, "家", "疾控中心"),
    ("183个", 183, "个", "疫情防控监督检查组"),  # headline
    ("183个", 183, "个", "监督检查组"),
    ("1.4万个", 14000, "个", ""),
    ("1800多个", 1800, "个", ""),  # a count, never the year 1800
    ("超70%", 70, "%", ""),
    ("70%以上", 70, "%", ""),
    ("近100%", 100, "%", ""),
    ("600余名", 600, "名", "党员干部"),
    ("两个", 2, "个", "热电企业"),
    ("两个", 2, "个", "电厂"),
    ("30余名", 30, "名", "员工"),
    ("十余家", 10, "家", "医院"),
    ("100名", 100, "名", "各级机关党员干部"),
    ("200余支", 200, "支", ""),
    ("1万多亩", 10000, "亩", ""),
    ("十几个", 10, "个", "品种"),
    ("16.9万余名", 169000, "名", "志愿者"),  # headline
    ("16.9万余名", 169000, "名", "志愿者"),
    ("数万", None, "", "粉丝"),
    ("1.5万余名", 15000, "名", "志愿者"),
    ("10万名", 100000, "名", "志愿者"),
    ("2例", 2, "例", "新冠肺炎确诊病例"),
    ("32栋", 32, "栋", "住宅楼"),
    ("3048户", 3048, "户", ""),
    ("6518名", 6518, "名", "居民"),
    ("9名", 9, "名", "社区工作人员"),
    ("52名", 52, "名", "楼长"),
    ("150多名", 150, "名", "志愿者"),
    ("6个", 6, "个", "临时党支部"),
    ("5例", 5, "例", "确诊病例"),
    ("90多岁", 90, "岁", ""),
]

SEED_DURATIONS = [("12天", 12, "天"), ("3天内", 3, "天"), ("24小时", 24, "小时")]
SEED_DURATIONS += [("24小时", 24, "小时"), ("一天时间", 1, "天"), ("一天时间", 1, "天")]
SEED_TIMES = [("7:30", "07:30", True), ("15时", "15:00", True)]  # 每天7:30 … 持续到15时

# Words that merely contain a numeral character: none of them may overlap any mention.
# Judgement calls: a bare 一 is the indefinite article (一名领导, 其中一例, 一支强大的队伍);
# 一米间距 is a distance, not a tally (米 is no counting unit); 级 is a rank (两级, 四级体系);
# 万名干部下基层 is a campaign's name; 107楼 is an address; “五个一” is a slogan.
LOOKALIKES = [
    "一线", "第一时间", "进一步", "一直", "逐一", "一下子", "一面旗帜", "一幕幕", "每一名党员",
    "一个企业", "一套方案", "一名领导", "一个专班", "五个一", "三网合一", "三结一专", "五在前",
    "四级体系", "黄敬一", "三女河", "队伍", "一米间距", "万名干部", "其中一例", "一支强大",
    "两级", "三级", "107楼", "第一线", "一片繁忙",
]  # fmt: skip


@pytest.fixture(scope="module")
def seed() -> list[Mention]:
    return extract(SEED, REF)


def of_kind(mentions: list[Mention], kind: str) -> list[Mention]:
    return [m for m in mentions if m.kind == kind]


# --- the seed -------------------------------------------------------------------------------


def test_seed_dates_are_all_found_and_none_is_false(seed: list[Mention]) -> None:
    found = [(m.text, m.date, m.time, m.qualifier, m.resolution) for m in of_kind(seed, "date")]
    assert found == SEED_DATES


def test_seed_figures_found_with_right_value(seed: list[Mention]) -> None:
    found = [(m.text, m.value, m.unit, m.label) for m in of_kind(seed, "figure")]
    right = [f for f in SEED_FIGURES if f[:2] in {g[:2] for g in found}]
    assert len(right) >= 0.9 * len(SEED_FIGURES)
    assert [f[:3] for f in found] == [f[:3] for f in SEED_FIGURES]  # in fact all, none false
    assert found == SEED_FIGURES  # labels too


def test_seed_durations_and_routine_times(seed: list[Mention]) -> None:
    durations = [(m.text, m.value, m.unit) for m in of_kind(seed, "duration")]
    assert durations == SEED_DURATIONS
    times = [(m.text, m.time, m.recurring, m.date) for m in of_kind(seed, "time")]
    assert times == [(*t, None) for t in SEED_TIMES]


def test_seed_reports_no_lookalike(seed: list[Mention]) -> None:
    spans = [(m.offset, m.offset + len(m.text)) for m in seed]
    for word in LOOKALIKES:
        hits = [h.start() for h in re.finditer(re.escape(word), SEED)]
        assert hits, word
        for at in hits:
            overlapping = [s for s in spans if s[0] < at + len(word) and at < s[1]]
            assert not overlapping, (word, [SEED[a:b] for a, b in overlapping])


def test_seed_needs_a_reference_its_dateline_has_no_year() -> None:
    with pytest.raises(
        UsageError, match=r"no dateline with a year, and none to infer .*; pass --reference DATE"
    ):
        extract(SEED)


def test_seed_sentences_and_offsets(seed: list[Mention]) -> None:
    for m in seed:
        assert SEED[m.offset : m.offset + len(m.text)] == m.text
        assert m.sentence in SEED
        assert m.text in m.sentence
        assert "\n" not in m.sentence
        assert m.sentence == m.sentence.strip()
    dateline = seed[1].sentence  # the byline is in the dateline's sentence
    assert dateline.startswith("河北日报(记者汤润清")
    assert dateline.endswith("奋战了12天。")


# --- invented sentences ---------------------------------------------------------------------

D = dt.date
DATES: list[tuple[str, dt.date | None, list[tuple[str, str, str | None, str | None]]]] = [
    ("1月30日,召开会议。2日,发布通知。", D(2022, 2, 10),
     [("1月30日", "2022-01-30", None, None), ("2日", "2022-02-02", None, None)]),  # rollover
    ("3月5日下午3时,召开会议。", REF, [("3月5日下午3时", "2022-03-05", "15:00", None)]),
    ("3月5日晚上8时,发布通知。", REF, [("3月5日晚上8时", "2022-03-05", "20:00", None)]),
    ("3月5日上午10时30分开会。", REF, [("3月5日上午10时30分", "2022-03-05", "10:30", None)]),
    ("3月5日凌晨1时开会。", REF, [("3月5日凌晨1时", "2022-03-05", "01:00", None)]),
    ("3月5日中午1点半开会。", REF, [("3月5日中午1点半", "2022-03-05", "13:30", None)]),
    ("二〇二二年三月十九日,出现病例。", None,
     [("二〇二二年三月十九日", "2022-03-19", None, None)]),
    ("2022年3月19日出现病例。", None, [("2022年3月19日", "2022-03-19", None, None)]),
    ("截至目前,共办理业务566件。", REF, []),
    ("截至3月29日,成立1528个党支部。", REF, [("截至3月29日", "2022-03-29", None, "as_of")]),
    ("2020年3月,出现病例。", None, [("2020年3月", "2020-03", None, None)]),
    ("2020年新冠肺炎疫情发生后", None, [("2020年", "2020", None, None)]),
    ("12月30日,召开会议。", D(2022, 1, 5), [("12月30日", "2021-12-30", None, None)]),
    ("昨天,召开会议。", REF, [("昨天", "2022-03-30", None, None)]),
    ("“大妈,今天身体咋样?”", REF, []),  # dialogue: not the dateline's day
    ("今年3月", REF, [("今年3月", "2022-03", None, None)]),
    ("第一时间下发通知,发现问题1800多个。", None, []),
    ("2月30日,不存在。", REF, []),
    ("30日内完成。", REF, []),  # a duration, not a day
    # year-less days: the last one, unless planned (a marker, or at most a month ahead)
    ("本届旅游节将持续到5月5日。", D(2024, 4, 16), [("5月5日", "2024-05-05", None, "until")]),
    ("4月20号至22号,交通管制。", D(2024, 4, 16),
     [("4月20号至22号", "2024-04-20", None, "range")]),
    ("6月5日,开会。", D(2024, 4, 16), [("6月5日", "2023-06-05", None, None)]),
    ("12月28日至1月3日,举办。", D(2024, 1, 5),
     [("12月28日至1月3日", "2023-12-28", None, "range")]),
    ("今年春运自1月14日起至2月22日止。", D(2025, 1, 14),
     [("今年", "2025", None, None), ("1月14日起至2月22日", "2025-01-14", None, "range")]),
    # lunar days and holidays by lunar-python
    ("正月初七,复工。", D(2024, 1, 20), [("正月初七", "2024-02-16", None, None)]),
    ("腊月二十三,小年。", D(2024, 3, 1), [("腊月二十三", "2024-02-02", None, None)]),
    ("农历新年假期后,增设接种点。", D(2025, 2, 10), [("农历新年", "2025-01-29", None, "after")]),
    ("下周四开幕。", D(2024, 11, 8), [("下周四", "2024-11-14", None, None)]),
    # a chronicle: its year, 是月 and 当月 of the month just named
    ("某县2023年大事记\n1月上旬,开展活动。是月,召开全会。5月,降雨。当月,重建。", D(2024, 1, 8),
     [("2023年", "2023", None, None), ("1月上旬", "2023-01 上旬", None, None),
      ("是月", "2023-01", None, None), ("5月", "2023-05", None, None),
      ("当月", "2023-05", None, None)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "reference", "expected"), DATES)
def test_dates(
    text: str, reference: dt.date | None, expected: list[tuple[str, str, str | None, str | None]]
) -> None:
    found = of_kind(extract(text, reference), "date")
    assert [(m.text, m.date_text, m.time, m.qualifier) for m in found] == expected


def dates_of(
    text: str, reference: dt.date | None = REF
) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.date, m.resolution) for m in of_kind(extract(text, reference), "date")]


def test_caption_between_a_date_and_a_month_less_day_is_not_context() -> None:
    text = (
        "3月19日,出现病例。\n\n4月2日,志愿者在社区值守。\n河北日报通讯员 赵亮摄\n\n20日,发布通知。"
    )
    found = dates_of(text, D(2022, 6, 30))
    assert found[-1] == ("20日", "2022-03-20", "month_from_context")  # not 04-20


def test_caption_block_lines_and_picture_lines_are_captions() -> None:
    text = "3月1日,开会。\n\n左图:4月2日,志愿者值守。\n右图:志愿者搬运物资。\n本组图片由刘江海摄\n\n5日,发布。"
    assert dates_of(text, D(2022, 6, 30))[-1] == ("5日", "2022-03-05", "month_from_context")


def test_month_from_context_never_after_the_reference() -> None:
    assert dates_of("3月30日,开会。25日,通知。")[-1][1] == "2022-03-25"
    assert dates_of("25日,通知。")[-1] == ("25日", "2022-03-25", "month_from_reference")
    assert dates_of("3月30日开会。", D(2022, 3, 31))[0][1] == "2022-03-30"


def test_context_does_not_cross_articles() -> None:
    text = (
        "第一篇标题\n\n河北日报(记者甲)2月10日,召开会议。\n\n"
        "第二篇标题\n\n河北日报记者 乙\n\n本轮疫情以来,志愿者投身一线。20日,发布通知。"
    )
    assert dates_of(text)[-1] == ("20日", "2022-03-20", "month_from_reference")  # not 02-20


def test_dateline_with_a_year_is_the_reference() -> None:
    text = "标题\n\n河北日报(记者王育民)2022年3月31日,开会。3月19日,出现病例。20日凌晨,通知。"
    assert dates_of(text, None) == [
        ("2022年3月31日", "2022-03-31", "explicit"),
        ("3月19日", "2022-03-19", "year_from_reference"),
        ("20日凌晨", "2022-03-20", "month_from_context"),
    ]


def test_no_reference_is_needed_when_every_date_has_a_year() -> None:
    assert dates_of("2020年3月19日,出现病例。", None) == [
        ("2020年3月19日", "2020-03-19", "explicit")
    ]
    assert extract("共有1528个党支部。") == extract("共有1528个党支部。", REF)
    with pytest.raises(
        UsageError,
        match="pass --reference DATE, the day it was published, e.g. timeline extract ARTICLE --reference 2022-03-31",
    ):
        extract("3月19日,出现病例。")


FIGURES = [
    ("5.9万名党员干部下沉一线", ("5.9万名", 59000, "名", False, "党员干部")),
    ("组建了24支援助预备队。", ("24支", 24, "支", False, "援助预备队")),
    ("出勤率保持在70%以上。", ("70%以上", 70, "%", True, "")),
    ("在岗生产近100%,", ("近100%", 100, "%", True, "")),
    ("拥有数万粉丝。", ("数万", None, "", True, "粉丝")),
    ("十余家医院", ("十余家", 10, "家", True, "医院")),
    ("共发现问题1800多个,", ("1800多个", 1800, "个", True, "")),
]


@pytest.mark.parametrize(("text", "expected"), FIGURES)
def test_figures(text: str, expected: tuple[str, int | None, str, bool, str]) -> None:
    (m,) = extract(text, REF)
    assert (m.kind, m.text, m.value, m.unit, m.approx, m.label) == ("figure", *expected)


@pytest.mark.parametrize(
    "text",
    ["第一时间下发通知", "一线", "进一步完善", "逐一入户", "每一名党员", "“一个企业、一名领导”",
     "“五个一”工作机制", "三网合一", "三结一专", "五在前", "四级体系", "通讯员黄敬一", "三女河机场",
     "队伍", "注意一米间距", "一幕幕", "一下子", "一面旗帜", "万名干部下基层", "有一天",
     "第十二届博览会", "七匹狼集团", "“48家集团”", "十五届四次全会", "五一广场", "清明上河图",
     "拨打1999市民专线", "3号楼1单元", "2024/25年度", "记者张国庆报道", "于是日益增长"],
)  # fmt: skip
def test_lookalikes_are_not_mentions(text: str) -> None:
    assert extract(text, REF) == []


DURATIONS = [
    ("在一线奋战了12天。", ("12天", 12, "天")),
    ("3天内部署到位", ("3天内", 3, "天")),
    ("24小时在岗", ("24小时", 24, "小时")),
    ("仅用一天时间,", ("一天时间", 1, "天")),
    ("工作了3个月", ("3个月", 3, "月")),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations(text: str, expected: tuple[str, int, str]) -> None:
    (m,) = extract(text, REF)
    assert (m.kind, m.text, m.value, m.unit) == ("duration", *expected)


def test_times_recurring_and_not() -> None:
    found = extract("每天7:30,穿上防护服,一直持续到15时。当天晚上8时,召开会议。", REF)
    assert [(m.kind, m.text, m.time, m.recurring, m.date) for m in found] == [
        ("time", "7:30", "07:30", True, None),
        ("time", "15时", "15:00", True, None),
        ("date", "当天晚上8时", "20:00", False, "2022-03-31"),  # no date before: the dateline's
    ]


# --- properties -----------------------------------------------------------------------------

ALPHABET = (
    "0123456789.:%年月日号时分点半一二两三四五六七八九十百千万亿〇零余多几超近数约第每天小内"
    "截至以来凌晨上午下午晚上名个家支人今昨去“”。,!?\n 摄左图河北日报(记者)王育民"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.sampled_from([None, REF, D(1, 1, 1)]))
def test_any_text_slices_exactly_or_raises_only_timeline_errors(
    text: str, reference: dt.date | None
) -> None:
    try:
        mentions = extract(text, reference)
    except TimelineError:
        return
    assert mentions == sorted(mentions, key=lambda m: m.offset)
    for m in mentions:
        assert text[m.offset : m.offset + len(m.text)] == m.text
        assert m.text
        assert m.sentence in text
        json.dumps(mention_record(m), ensure_ascii=False)
    timeline, problems = parse_timeline(candidates_yaml(mentions, "x.txt", reference), "x.yaml")
    assert problems == []
    for event in timeline.events:  # what check proves, without a file to read
        assert event.title.strip()
        assert event.source is not None
        assert event.source.quote in text
        for figure in event.figures:
            assert figure.text in event.source.quote
            parsed = parse_figure(figure.text)
            assert (parsed.value, parsed.approx) == (figure.value, figure.approx)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_any_unicode_text_never_crashes(text: str) -> None:
    try:
        mentions = extract(text, REF)
    except TimelineError:
        return
    assert all(text[m.offset : m.offset + len(m.text)] == m.text for m in mentions)


# --- records and candidate events -----------------------------------------------------------


def test_mention_record_keeps_only_fields_of_its_kind(seed: list[Mention]) -> None:
    records = {m.kind: mention_record(m) for m in seed}
    assert set(records["date"]) == {
        "kind", "text", "offset", "date", "time", "qualifier", "resolution", "end", "end_time",
        "planned", "precision", "sentence",
    }  # fmt: skip
    assert set(records["time"]) == {
        "kind", "text", "offset", "time", "recurring", "end_time", "sentence",
    }  # fmt: skip
    assert set(records["figure"]) == {
        "kind", "text", "offset", "value", "unit", "approx", "label", "high", "sentence",
    }  # fmt: skip
    assert set(records["duration"]) == set(records["figure"]) - {"label", "high"}
    assert json.loads(json.dumps([mention_record(m) for m in seed]))


def test_candidate_events_one_per_sentence_with_a_full_date(seed: list[Mention]) -> None:
    events = candidate_events(seed, SEED_NAME)
    # 20 date mentions; 进入3月 and 2020年 name no day; 3月19日 and 2020年3月以来 share a sentence
    assert len(events) == 17
    first = events[0]
    assert first.id == "event-2022-03-31-1"
    assert first.date_kind == "report"
    assert first.title == "唐山市市直机关干部、共产党员志愿者张芳"  # the byline is no title
    by_id = {e.id: e for e in events}
    night = by_id["event-2022-03-20-1"]
    assert (night.date, night.time, night.date_kind) == (D(2022, 3, 20), "02:30", "event")
    assert by_id["event-2022-03-29-1"].date_kind == "as_of"
    assert by_id["event-2022-03-20-2"].date_kind == "since"
    assert by_id["event-2022-03-29-1"].figures == (
        Figure("1528个", 1528, "个", "战疫临时党支部", False),
        Figure("6074个", 6074, "个", "临时党小组", False),
    )
    assert len({e.id for e in events}) == len(events)
    assert all(e.title.strip() for e in events)
    for e in events:
        assert e.source is not None
        assert e.source.file == SEED_NAME
        assert e.source.quote in SEED


def test_candidates_yaml_is_a_timeline_file_the_loader_reads_back(seed: list[Mention]) -> None:
    text = candidates_yaml(seed, f"seeds/{SEED_NAME}", REF, REF)
    assert 'time: "02:30"' in text
    assert 'time: "11:45"' in text
    assert "\n  quote:" not in text  # the quote lives under source:, nowhere else
    timeline, problems = parse_timeline(text, "new.yaml", str(ROOT))
    assert problems == []
    assert timeline.events == tuple(candidate_events(seed, f"seeds/{SEED_NAME}", REF))
    reports = [e for e in timeline.events if e.date_note.startswith("a tally without")]
    assert [e.sources[0].quote[:8] for e in reports] == [
        "截至目前,唐山市", "截至目前,共线上", "截至目前,全市各", "目前,共发现农村", "截至目前,该集团",
    ]  # fmt: skip
    assert all((e.date, e.date_kind) == (REF, "report") for e in reports)
    assert timeline.reference == REF
    assert timeline.sources == (SeedSource(f"seeds/{SEED_NAME}", dateline=REF),)
    assert check_sources(timeline) == []


def test_candidate_timeline_without_any_date_has_no_events() -> None:
    timeline = candidate_timeline(extract("共有1528个党支部。"), "a.txt")
    assert timeline.events == ()
    assert timeline.reference is None
    assert timeline.sources == (SeedSource("a.txt"),)


def test_curated_events_dates_are_among_the_extracted(seed: list[Mention]) -> None:
    curated = load_file(str(ROOT / "events.yaml"))
    cited = f"seeds/{SEED_NAME}"
    events = [e for e in curated.events if any(s.file == cited for s in e.sources)]
    dates = of_kind(seed, "date")
    # an event known to its month only (2022-03) is dated as extract reads 进入3月
    written = {m.date for m in dates}
    missing = [(e.id, e.written_date) for e in events if e.written_date.split()[0] not in written]
    assert events
    assert not missing
    # an as_of / since event, or one with a clock time, is read the same way by extract
    readings = {(m.date, m.qualifier) for m in dates} | {(m.date, m.time) for m in dates}
    for e in events:
        if e.date_kind in ("as_of", "since"):
            assert (e.date.isoformat(), e.date_kind) in readings, e.id
        if e.time:
            assert (e.date.isoformat(), e.time) in readings, e.id
