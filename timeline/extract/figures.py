"""Counted figures in running text (``5.9万名党员干部``, ``近4000人次``), with what they count.

A numeral-shaped run is a figure only when it counts something: 一名领导 is the
indefinite article, 万名干部下基层 a campaign's name, “五个一” a slogan, 第三 and 三期工程
ordinals, 5G and G20 names. The unit is one of a closed list of units as news reports
write them (人次, 公顷, 个百分点, 美元 …), longest first, so 人次 is never cut to 人. The
value is whatever :func:`timeline.text.numbers.parse_figure` reads from the text as
written, which is exactly what ``timeline check`` verifies later.

>>> [(t[a:b], f["value"], f["unit"], f["label"]) for t in ["5.9万名党员干部下沉一线"]
...  for _, a, b, f in find_figures(t)]
[('5.9万名', Decimal('59000'), '名', '党员干部')]
>>> [(t[a:b], f["value"], f["high"], f["unit"]) for t in ["投入1700余万元,安置3至5人"]
...  for _, a, b, f in find_figures(t)]
[('1700余万元', Decimal('17000000'), None, '元'), ('3至5人', Decimal('3'), Decimal('5'), '人')]
"""

from __future__ import annotations

import re

from timeline.errors import NumberError
from timeline.extract.layout import Found
from timeline.extract.patterns import INDEX_BEFORE
from timeline.text.numbers import parse_figure

__all__ = ["UNITS", "find_figures", "index_points"]

_CN = "〇零一二两三四五六七八九十"
#: Units of tallies as written, longest first where one starts another (人次 before 人).
#: Ranks (级) and calendar words (时, 日, 月, 年) are left out on purpose; 点 counts only
#: index points (3351.76点, 报3351点), never a clock time (see _is_tally).
UNITS = (
    "个百分点", "平方公里", "平方米", "平方英尺", "平方呎", "立方米", "千公顷", "摄氏度", "百分点",
    "人次", "辆次", "架次", "车次", "艘次", "班次", "批次", "户次", "家次", "场次",
    "公顷", "公里", "千米", "毫米", "厘米", "千克", "公斤", "美元", "欧元", "港元",
    "名", "个", "家", "人", "支", "件", "户", "栋", "幢", "例", "亩", "岁", "辆", "台",
    "次", "所", "座", "处", "项", "条", "批", "吨", "元", "只", "套", "张", "份", "位",
    "起", "架", "艘", "剂", "针", "箱", "株", "棵", "头", "匹", "间", "省", "市", "县",
    "区", "期", "场", "米", "倍", "度", "趟", "列", "部", "袋", "%", "％", "‰", "℃",
    "对", "顶", "管", "床", "根", "块", "片", "本", "册", "篇", "首", "幅", "把", "盏",
    "双", "副", "包", "瓶", "罐", "盒", "班", "股", "笔", "宗", "单", "轮", "层", "届",
    "回", "遍", "门", "种", "类", "辆车", "车", "船", "立方", "千瓦", "千瓦时", "度电",
    "点", "毫升", "升", "澳门元", "新台币", "日元", "英镑", "澳元", "韩元",
    "英尺", "呎", "周岁", "款", "成", "GB", "TB", "MB", "KB",
)  # fmt: skip
#: The units, longest first (千瓦时 before 千瓦, whatever their order above).
_UNIT = "|".join(map(re.escape, sorted(UNITS, key=len, reverse=True)))
#: A rate after a unit, written with a slash: 18万吨/日, 42米/秒.
_PER = r"(?:/(?:日|天|秒|小时|时|年|月|周|人|亩|户))?"
#: Scale words after digits; 千 of 千米, 千克, 千瓦 (a unit's prefix) is none.
_SCALE = r"(?:[十百万亿]|千(?![米克瓦伏卡]))*"
_NUM = (
    rf"\d{{1,4}}万(?:\d,\d{{3}}|\d{{4}})(?!\d)|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?{_SCALE}"
    rf"|\d+(?:\.\d+)?{_SCALE}|[{_CN}百千万亿]+"
)
#: 约 that ends a word (签约, 预约, 节约 …) is no "about": 签约亿元以上项目 has no figure.
_ABOUT = r"(?<![签预节合履违特邀公制条契])"
#: A verb of reaching before a round number (突破百万元, 达到千人): a figure, no slogan.
_REACH = re.compile(r"(?:突破|达到|达|超出)\Z")
#: A temperature below zero: -8℃, 零下8℃ (never the dash of a range, 3-8℃).
_MINUS = r"(?:[-－−]|零下)(?=\d+(?:\.\d+)?(?:[-－—~～至到]\d+(?:\.\d+)?)?℃)"
_FIGURE = re.compile(
    rf"(?=[\d{_CN}百千万亿将接不超近约逾数\-－−])"  # a cheap first test at every position
    rf"(?<![\d.第A-Za-z\-{_CN}百千])(?<!\d,)(?P<minus>{_MINUS})?(?P<pre>将近|接近|不到|不足|超过|超|近|{_ABOUT}约|逾|数(?=[十百千万亿]))?"
    rf"(?:百分之(?P<pct>{_NUM})|(?P<num>{_NUM})"
    rf"(?:(?P<u1>[%％℃]|{_UNIT})?(?P<sep>[-－—~～至到])(?P<high>{_NUM})(?(u1)(?=(?P=u1))))?"
    rf"(?P<suf>余|多|几)?(?P<scale>[万亿]+(?:余|多)?)?"
    rf"(?:(?P<unit>{_UNIT})(?P<half>(?<=[成倍])半)?{_PER}(?P<post>以上|左右|上下|之多)?)?)"
    r"(?![A-Za-z])"
)
_LABEL = re.compile(r"[\u4e00-\u9fff]+")
_SPAN_AFTER = re.compile(r"月|小时|星期|工作日|季度|钟头")
_CLOSE_QUOTE = re.compile(r"[”」]")
_WORDS = {"单": "元位据价", "台": "风阶湾", "场": "馆", "门": "店诊", "轮": "车摩驱",
          "成": "不为本功交员立果绩群"}  # fmt: skip
_PLACE_WORD = re.compile(r"[民场长委政级属内外域城份会]")
_MEETING = re.compile(
    r"全会|全体会议|会议|代表大会|党代会|常委会|全国人大|人大|政协|中央|全运会|运动会|博览会|论坛"
)
#: After a Chinese-numeral count, the rest of a company's name: 狼集团, 松鼠等48家企业.
_NAME_AFTER = re.compile(
    r"[\u4e00-\u9fff]{1,4}?(?:集团|公司|股份|品牌|商标|牌|"
    r"等(?:\d+|[〇零一二两三四五六七八九十百千]+)(?:家|个)(?:企业|公司|品牌|商家))"
)
#: Where a label (the counted noun) stops: function words and the verbs the seed uses.
_LABEL_STOP = re.compile(
    "的|在|和|与|及|是|被|把|将|从|向|到|等|已|都|也|就|并|于|由|让|给|下|"
    "逆行|按照|抽调|全部|办理|奔赴|发电|始终|组成|组建|投身|积极|化身|甘于|可能|参与|参加|"
    "进行|开展|实现|成立|支援|来自|出现|分别|先后|累计|主动|坚守|承担|预计|完成|共|已经"
)


def find_figures(text: str) -> Found:
    """Counted figures, read by timeline.text.numbers; lookalikes are filtered by _is_tally."""
    for m in _FIGURE.finditer(text):
        if not m.group() or not _is_tally(m, text):
            continue
        try:
            q = parse_figure(m.group())
        except NumberError:
            continue
        fields = {"value": q.value, "unit": q.unit, "approx": q.approx, "high": q.high}
        yield "figure", m.start(), m.end(), {**fields, "label": _label(text, m.end())}


def _is_tally(m: re.Match[str], text: str) -> bool:
    """Whether a numeral-shaped match counts something (see the lookalikes in the tests)."""
    if m.group("pct") or m.group("half"):
        return True  # 百分之五; 一成半, 两倍半: a share or multiple and a half
    num, unit = m.group("num"), m.group("unit")
    if unit == "点" and not index_points(text, m.start(), num):
        return False  # 8点, 两点: a clock time; 3351.76点, 上涨312点: index points
    approx = m.group("pre") or m.group("suf")
    after = text[m.end() : m.end() + 1]
    if unit == "位" and text[m.start() - 1 : m.start()] in "后末" and after in "为是数：:":
        return False  # 身份证号后四位为0312: digits of a number, no people
    if unit in _WORDS and (after and after in _WORDS[unit] or _guess(num, unit)):
        return False  # 1单元, 9台风, 三轮车, 两三成: words or guesses, no orders or shares
    if num in ("一", "〇", "零", "两") and not (approx or m.group("high")) and unit != "个":
        return num == "两" and unit is not None  # 一名领导: the indefinite article; 两名 counts
    if num[0] in "百千万亿" and not (
        approx or _REACH.search(text, max(0, m.start() - 2), m.start())
    ):
        return False  # 万名干部下基层: a slogan's round number, not a count
    if unit is None:  # 数万粉丝, 观众达5.9万, 人次约6,800: a count without its noun
        return num[-1] in "万亿" or bool(m.group("scale")) or bool(re.search(r"\d,\d{3}", num))
    if num[0] in _CN and unit == "期" and re.match(r"[\u4e00-\u9fff]", after):
        return False  # 三期工程: an ordinal, part of a name
    if num in ("一",) and unit == "个":
        return False  # 一个企业: the indefinite article
    if unit in ("名", "位") and text[m.start() - 1 : m.start()] == "前" and not approx:
        return False  # 前8名选手: a rank to reach, no count
    if unit == "个" and _SPAN_AFTER.match(text, m.end()):
        return False  # 前5个月, 3个小时: a span of time, never a count
    if unit in ("次", "届") and _MEETING.match(text, m.end()):
        return False  # 十五届四次全会, 二次会议: the ordinal of a meeting
    if num[0] in _CN and _in_a_name(text, m.end()) or _quoted_name(text, m):
        return False  # 七匹狼集团, 三只松鼠等48家企业, “48家集团”: a company's name
    if unit in "省市县区" and _PLACE_WORD.match(text, m.end()):
        return False  # 1999市民专线, 3区域: 市民 and 区域 are words, no count of cities
    # “五个一” is a slogan: a Chinese numeral, a unit and another numeral
    return not (num[0] in _CN and after and after in _CN)


def _guess(num: str, unit: str) -> bool:
    """两三成, 三五成群: a guess or an idiom, no share."""
    return unit == "成" and len(num) > 1 and num[0] in _CN


def index_points(text: str, start: int, num: str) -> bool:
    """Whether a number before 点 counts index points: a decimal or grouped number
    (3351.76点, 23,018.5点), one no clock can show (收盘3351点: over 24), or one right
    after 报, 收于, 涨, 跌, 盘 (收在23018点, 大涨312点, 收盘12点)."""
    return (
        any(c in num for c in ".,")
        or (num.isdigit() and int(num) > 24)
        or INDEX_BEFORE.search(text, max(0, start - 2), start) is not None
    )


def _quoted_name(text: str, m: re.Match[str]) -> bool:
    """A count that opens a short quoted name (“48家集团”, “三只松鼠”)."""
    if text[m.start() - 1 : m.start()] not in ("“", "「"):
        return False
    close = _CLOSE_QUOTE.search(text, m.end(), m.end() + 7)
    return close is not None and close.start() > m.end()


def _in_a_name(text: str, end: int) -> bool:
    return _NAME_AFTER.match(text, end) is not None


def _label(text: str, end: int) -> str:
    """The short noun run after a figure (党员干部 in 5.9万名党员干部下沉), or ""."""
    run = _LABEL.match(text, end)
    if run is None:
        return ""
    words = run.group()
    stop = _LABEL_STOP.search(words)
    return (words[: stop.start()] if stop else words)[:10]
