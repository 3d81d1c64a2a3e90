"""The regular expressions of date, time and duration mentions, in one place.

Every pattern is anchored on a closed vocabulary (年/月/日/号, 时/点/分, holiday names,
relative words, duration units), so that 第一时间 is never 01:00 and 1800多个 never the
year 1800. The numerals they capture are read elsewhere, by :mod:`timeline.text.numbers`
and :mod:`timeline.text.calendar_rules`.
"""

from __future__ import annotations

import re

from timeline.text.calendar_rules import HOLIDAYS

__all__ = [
    "AM",
    "CHRONICLE",
    "CHRONICLE_WORDS",
    "CLOCK",
    "DATE",
    "BRACKET_DAY",
    "DAY_END",
    "DURATION",
    "FROM_UNTIL",
    "INDEX_BEFORE",
    "LUNAR_MONTHS",
    "NEXT_DAY",
    "PLANNED",
    "PLANNED_AFTER",
    "PLANNED_CLAUSE",
    "PLANNED_LATER",
    "PM",
    "RANGE_SEP",
    "RECURRING",
    "REL_DAY",
    "REL_MONTH",
    "REL_YEAR",
    "SECONDS",
    "SINCE_APART",
    "SLASH_END",
    "SUFFIX",
    "SUFFIX_QUALIFIER",
    "TIME_START",
]

CN = "〇零一二两三四五六七八九十"
_MD = r"\d{1,2}|[一二三四五六七八九十]{1,3}"  # a month or a day
_Y4 = r"\d{4}|[〇零一二三四五六七八九]{4}"
_Y2 = r"\d{2}|[〇零一二三四五六七八九]{2}"
_SEP = r"(?:——|[-－—–~～至到])"  # 2018年2——4月: a doubled dash too
REL_YEAR = {"今": 0, "去": -1, "上": -1, "前": -2, "明": 1}
#: Days relative to the dateline (今天) or to the date the text last named (当天, 次日).
REL_DAY = {
    "今天": ("reference", 0), "今日": ("reference", 0), "昨天": ("reference", -1),
    "昨日": ("reference", -1), "前天": ("reference", -2), "明天": ("reference", 1),
    "明日": ("reference", 1), "后天": ("reference", 2), "当日": ("context", 0),
    "当天": ("context", 0), "同日": ("context", 0), "当晚": ("context", 0),
    "当夜": ("context", 0), "次日": ("context", 1), "翌日": ("context", 1),
    "第二天": ("context", 1), "次晚": ("context", 1), "前一天": ("context", -1),
    "前一日": ("context", -1), "首日": ("start", 0), "是日": ("context", 0),
    "今晚": ("reference", 0), "今晨": ("reference", 0), "今早": ("reference", 0),
    "昨晚": ("reference", -1), "明晚": ("reference", 1), "即日": ("reference", 0),
}  # fmt: skip
REL_MONTH = {"本月": 0, "当月": 0, "是月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
#: A chronicle of one year, named at the top: 2023年大事记, 2023年度纪事, 2024年工作大事记.
CHRONICLE = re.compile(
    r"(?P<y>(?:19|20)\d\d)年度?[\u4e00-\u9fff]{0,4}?(?:大事记|大事件|纪事|回顾|回眸|盘点)"
)
#: A chronicle's words: 是日 and 是月 (that day, that month) only start a clause.
CHRONICLE_WORDS = ("是日", "是月")
#: 五一 and 十一 are holidays only before a holiday word (not 十一月, 十一五, 五一广场);
#: no holiday follows a numeral (二十一人, 第十一届) or precedes a place word (五一路).
_SHORT = "五一|十一"
_HOLIDAY = (
    r"(?<![〇零一二两三四五六七八九十百千第])"
    rf"(?P<hol>五一(?:国际)?劳动节|{'|'.join(h for h in HOLIDAYS if h not in _SHORT.split('|'))}"
    rf"|(?:{_SHORT})(?=假期|小长假|长假|黄金周|期间|前后|前夕|当天|当日|劳动节|国庆|以来|过后|"
    r"[前后，,。、；;]))"
    r"(?!路|街|村|乡|镇|桥|广场|大道|小区|公园|中学|小学|上河|商场|大厦|社区)"
)
#: Lunar days: 正月初七, 腊月二十三, 农历八月十五, 大年初一 or 年初一 (大年三十 is 除夕).
LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}
_LUNAR_DAY = (
    r"初[一二三四五六七八九十]|廿[一二三四五六七八九]|二十[一二三四五六七八九]?"
    r"|十[一二三四五六七八九]?|三十"
)
_LUNAR = (
    rf"(?:农历|阴历)?(?:(?P<lm>[正冬腊])|(?<=农历|阴历)(?P<lm1>十[一二]|[一二三四五六七八九十]))月"
    rf"(?P<ld>{_LUNAR_DAY})日?|大年(?P<ld2>初[一二三四五六七八九十]|三十)"
    r"|(?<![\d今去明前本近每当同])年(?P<ld3>初[一二三四五六七八九十])"
    r"(?![度些直季个月周级期项次批场家名位份])"
)
#: 民国113年, and in a Taiwan text a bare 113年 (read by AtomReader: Republic years).
_ROC = r"民国\d{1,3}|\d{3}(?=年)"
_YEARS = (
    rf"(?<![\d.])(?:{_Y4}|(?:{_Y2})(?=年(?:{_MD})月)|{_ROC}|[今去前明]|(?<![以之马向])上"
    rf"|同(?=年(?:{_MD})月))"  # 同年5月28日: the year of the date named before it
)
#: Every character a date mention can start with: one cheap test rules out most positions.
_STARTS = "".join(
    sorted(
        set(f"截{CN}〇今去前明农阴正冬腊大年上本这下民")
        | {name[0] for name in (*HOLIDAYS, *REL_DAY, *REL_MONTH)}
    )
)
#: What 年 of a bare 年初 or 年底 (the dateline's year) never follows: a year (今年底,
#: 2024年底), or a word ending in 年 (全年, 新年, 周年, 青年, 多年, 财年 …).
_NO_BARE_YEAR = "今去明前后本上下全新跨当该同次翌每逐近元周学财历往早晚童老青少中多数半来头末"
#: What may follow 初 when it parts a year (年初，), not a word it begins (年初一, 初步).
_PART_END = r"(?=[，,。、；;：:）)\s]|$|前|后|以来|起|至|到|开始|将|的|左右|时|完成)"
#: A month/day with a slash (10/30) is a date only where no fraction, score or ratio
#: stands: with a clock time after it (10/30 13:40), after 自/从/截至 or a 于/在 that opens
#: a plan (将于10/30, not 相当于1/3 or 降至1/3), or before 起/开始/以来/（周… or a slash end.
_SLASH_LEAD = (
    r"(?<=[自从])|(?<=截至)|(?<=截止)|(?<=[将定拟已并均，,。、\s]于)|(?<=[将定拟已并均，,。、\s]在)"
    r"|(?=\d{1,2}/\d{1,2}(?:\s*\d{1,2}:\d\d(?!\d)|\s*(?:起|开始|以来|至今|[（(](?:周|星期))"
    r"|\s*[至到—～~-]\s*\d{1,2}/\d{1,2}(?![\d/.%])))"
)
_SLASH_NOT = r"(?![\d/.%:]|\s*(?:的|左右|以上|以下|之|处|强|弱|成|个|倍))"
#: A headline's 今起, 明起 (from today, from tomorrow; not 说明起, 至今起).
_HEADLINE_FROM = (
    r"(?<![说证表声透文鲜光聪发阐标简查照英开分失])明(?=起)|(?<![至迄如当古而从])今(?=起)"
)
DATE = re.compile(
    rf"(?=[\d{_STARTS}])(?P<pre>截至到?|截止到?)?(?:"
    r"(?<![\d.])(?P<ny>(?:19|20)\d\d)"
    r"(?:(?P<ns>[-/])(?P<nm>\d{1,2})|(?P<ns2>\.)(?P<nm2>\d\d|\d(?=\.\d)))"
    r"(?:(?:(?P=ns)|(?P=ns2))(?P<nd>\d{1,2}))?(?![\d.%万亿千百十])"
    r"|(?<![\d.])(?P<by>(?:19|20)\d\d)(?=\s*(?:——|[-－—–~～至到])\s*\d{2}(?:\d\d)?年)"
    rf"|(?:(?P<hyear>{_YEARS})年)?{_HOLIDAY}"
    rf"|(?:(?P<lyear>{_YEARS})年)?(?:{_LUNAR})"
    rf"|(?:(?P<year>{_YEARS})年)?(?<![\d.第])(?P<month>{_MD})(?:{_SEP}(?P<month2>{_MD}))?月份?"
    rf"(?:(?P<day>{_MD})(?:{_SEP}(?P<day2>{_MD}))?[日号])?"
    rf"|(?P<yonly>(?<![\d.])(?:{_Y4}|{_ROC}|[今去前明]|(?<![以之马向])上))年(?!代|级|龄|限|纪|轻)"
    rf"|(?<![\d{CN}{_NO_BARE_YEAR}])(?P<ypart>年)(?=底|末|初{_PART_END})"  # 年初, 年底前
    r"|(?P<relp>[今昨明前])[（(](?P<relpd>\d{1,2})[）)][日号]"  # Taiwan's 今（17）日
    rf"|(?<![\d./:])(?:{_SLASH_LEAD})(?P<sm>\d{{1,2}})/(?P<sd>\d{{1,2}}){_SLASH_NOT}"  # 10/30起
    # the n-th day of a holiday's days off: 假期第三天, 国庆长假第2天
    r"|(?:(?<=假期)|(?<=长假)|(?<=黄金周))第(?P<nth>\d{1,2}|[一二三四五六七八九十]{1,3})天"
    rf"|(?P<rel>{'|'.join(sorted(REL_DAY, key=len, reverse=True))}|{_HEADLINE_FROM})"
    r"|(?P<week>上|本|这|下)(?:周|星期)(?P<wd>[一二三四五六日天])"
    rf"|(?P<relm>{'|'.join(sorted(REL_MONTH, key=len, reverse=True))})(?:(?P<relmd>{_MD})[日号])?"
    r"|(?<![\d.月第])(?<!连续)(?<!持续)(?<!历时)(?<!长达)(?<!为期)(?<!用了)(?<!耗时)"
    r"(?<!累计)(?<![近共每首头前])(?P<dayonly>\d{1,2})(?:日|号(?=[，,。、；;\s]|$|[上下中凌早晚傍夜深至到起前后以当开举召发])"
    r"(?![至到\-－—~～]\d{1,3}号[楼栋幢院室单门]))"  # 1号至6号楼: buildings
    r"(?!内|以内|之内|来|左右|以上))"
)
#: The end of a range: a full date, or a day alone (十五号, 21日) after 至/到.
DAY_END = re.compile(rf"(?P<d>{_MD})[日号]")
SECONDS = re.compile(r"([01]?\d|2[0-3]):([0-5]\d):[0-5]\d(?![\d:])")
#: A relative day's date in brackets after it: 明天（7日）, 本周六（14日）.
BRACKET_DAY = re.compile(r"[（(]\d{1,2}[日号][）)]")
NEXT_DAY = re.compile(r"次日|翌日|第二天")
#: The end of a range written with a slash (10/30至11/5).
SLASH_END = re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/.%])")
RANGE_SEP = re.compile(r"\s*(?:至|到|—+|－|-|~|～|–)\s*")
#: 自1月14日起至2月22日止: 起 and then the end of the range.
FROM_UNTIL = re.compile(r"起\s*(?:至|到)\s*")
AM = ("凌晨", "清晨", "早上", "早晨", "上午", "午夜", "深夜")
PM = ("下午", "傍晚", "晚上", "晚间", "夜间", "夜里", "晚")
_PERIOD = "|".join((*AM[:5], "中午", "午间", *PM))
CLOCK = re.compile(
    rf"(?P<period>{_PERIOD})?(?:(?P<h>\d{{1,2}}|[{CN}]{{1,3}})(?:{_SEP}(?P<h2>\d{{1,2}}))?[时点]"
    rf"(?:(?P<m>\d{{1,2}}|[{CN}]{{1,3}})分|(?P<half>半)|(?P<q>一刻|三刻))?(?P<xu>许|左右|整)?"
    r"(?![间候期代段])"
    r"|(?P<hh>\d{1,2}):(?P<mm>\d{2})(?![\d:]))?"
)
#: Where a stand-alone clock time may start; Chinese-numeral hours need 上午/下午 …,
#: so that 第一时间 and 一时 never become 01:00.
TIME_START = re.compile(
    rf"(?<![\d.:第])(?:(?:{_PERIOD})?\d{{1,2}}(?:{_SEP}\d{{1,2}})?(?:[时点]|:\d\d)"
    rf"|(?:{_PERIOD})[{CN}]{{1,3}}[时点])"
)
#: Words right before a number of index points (报3351点, 收于, 收盘, 大涨312点): no clock time.
INDEX_BEFORE = re.compile(r"(?:报|收|收于|收在|收市|涨|跌|升|降|高开|低开|盘|指数)\Z")
RECURRING = re.compile(r"每天|每日|每晚|每早|每周|每个工作日|天天")
#: What follows a date and says how it bounds the event.
SUFFIX = re.compile(
    r"以来|至今|起至今|起|开始|以后|之后|过后|后(?!续|期|方|勤|来)|以前|之前|前(?!后|夕)"
)
SUFFIX_QUALIFIER = {"以来": "since", "至今": "since", "起至今": "since", "起": "from",
                    "开始": "from",
                    "以后": "after", "之后": "after", "后": "after", "过后": "after",
                    "以前": "before", "之前": "before", "前": "before"}  # fmt: skip
#: 自4月15日开幕以来: 以来 a few words after its date, inside the same clause.
SINCE_APART = re.compile(r"[^，,。；;！？!?\n]{0,12}?(以来|起)")
#: Words before a date that mark it as planned, so it may lie after the dateline.
PLANNED = re.compile(r"预计|预测|将于|将在|将从|将自|拟于|拟在|计划于|计划在|即将|有望|预报|定于")
#: 将 and 到/至/在/于 right before the date: 将持续到5月5日, 将出现在1月25日 (not 将比国庆节).
PLANNED_CLAUSE = re.compile(r"将[\u4e00-\u9fff]{0,4}?[到至在于]\Z")
#: A word after the date in its clause: 5月23日至25日可能发生余震, 中秋节假期临近.
#: After a holiday, anywhere in its sentence: 元宵节过后，入境处将公布统计数字.
PLANNED_LATER = re.compile(r"将(?![近军士领帅])|预计|计划|拟")
PLANNED_AFTER = re.compile(
    r"[^，,。；;！？!?\n]{0,16}?(?:可能|有望|预计|即将|将要|将会|临近|将至|来临|在即)"
)
DURATION = re.compile(
    rf"(?=[\d{CN}半连持历长为用仅耗累近约超])(?<![\d./第每{CN}])(?P<lead>连续|持续|历时|长达|为期|用了|仅用|耗时|累计)?"
    rf"(?P<pre>近|约|超过|超)?(?P<num>\d{{1,4}}|[{CN}]+|半)(?P<suf>余|多|几)?"  # not 12121天气
    r"(?P<unit>个小时|小时|分钟|个星期|星期|天|周(?!岁)|个月|年|日)(?P<post>之内|以内|内|时间|来)?"
)
