"""Score `timeline extract` on the project's own news corpus, side by side with jionlp.

The corpus is tests/data/news/: texts the team wrote in the style of real reports
(bulletins, round-ups, disaster and transport news, traditional-character variants), each
with a hand-made answer key NAME.key.yaml. For every kind this prints recall (found),
precision, and how often the reading is exactly right, then writes bench/EXTRACT.md.

jionlp (the best Chinese time extractor) is a benchmark-only dependency, run in its own
venv so that it never enters the project's:

    python3 -m venv bench/.venv-jionlp && bench/.venv-jionlp/bin/pip install jionlp
    .venv/bin/python bench/extract_score.py            # add --no-jionlp to skip it

A key mention is found when a reported mention overlaps its span; precision counts the
reported mentions of a kind that overlap a key mention of that kind.

A text is read as `timeline extract FILE` reads it: with the key's `reference` when it has
one (as --reference), else as the text dates itself; when no source in the text gives a
year (the library's `extract()` raises YearUnknown), the CLI reads it against the file's
modification date with a note, and so does the bench, against the key's `file_date`
(default: its `reference`, else its dateline, the first full date keyed `report`). Such
texts are counted and named in the report, so refusals stay visible without zeroing the
text. The speed line times
the shipped seed extracted 100 times (the goal: about 1.5 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.check import check_file  # noqa: E402
from timeline.extract import (  # noqa: E402
    Mention,
    YearUnknown,
    candidates_yaml,
    extract,
    find_dateline,
)
from timeline.text.dates import parse_span  # noqa: E402

NEWS = ROOT / "tests" / "data" / "news"
#: The held-out sets, each written and keyed after the extractor was frozen, scored once.
HELD_OUT = (
    "held-",
    "held2-",
    "held3-",
    "held4-",
    "held5-",
    "held6-",
    "held7-",
    "held8-",
    "held9-",
    "held10-",
    "held11-",
)
JIONLP = ROOT / "bench" / ".venv-jionlp" / "bin" / "python"
SEED = ROOT / "seeds" / "hebei-daily-2022-03-31-tangshan.txt"
#: jionlp's extended absolute forms, 20 in all, with their spans and jionlp's base day
#: (where they come from: the file's comment).
_FORMS = yaml.safe_load((ROOT / "tests" / "data" / "jionlp_forms.yaml").read_text("utf-8"))
JIONLP_FORMS: list[tuple[str, str, str]] = [tuple(form) for form in _FORMS["forms"]]
FORMS_REFERENCE: dt.date = _FORMS["reference"]
_CONTEXT_WORDS = re.compile(
    r"春节|除夕|元宵|清明|端午|七夕|中秋|重阳|国庆|元旦|五一|劳动节|"
    r"当日|当天|同日|当晚|次日|翌日|第二天|今天|昨天|前天|明天|今年|去年|本月|上月"
)
_TO_SIMPLE = str.maketrans("國慶節當時", "国庆节当时")


@dataclass
class Key:
    """One hand-made key entry, located in its text."""

    kind: str
    text: str
    start: int
    fields: list[Any]

    @property
    def end(self) -> int:
        return self.start + len(self.text)


#: Set by --misses: every wrong item is printed with the text it is about.
SHOW_MISSES: list[str] = []


@dataclass
class Tally:
    """Counts of one metric: right of total."""

    right: int = 0
    total: int = 0

    def add(self, ok: bool, about: object = "") -> None:
        self.right += ok
        self.total += 1
        if not ok and SHOW_MISSES:
            print(f"  miss [{SHOW_MISSES[0]}] {about}", file=sys.stderr)

    def rate(self) -> str:
        return (
            f"{100 * self.right / self.total:.0f}% ({self.right}/{self.total})"
            if self.total
            else "—"
        )


@dataclass
class Scores:
    """Every metric of one extractor over a set of texts."""

    metrics: dict[str, Tally] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Tally:
        return self.metrics.setdefault(name, Tally())


def locate(text: str, entries: list[list[Any]], kind: str) -> list[Key]:
    """Each entry's span, found in text order (a repeated text takes its next occurrence)."""
    keys, cursor = [], 0
    for entry in entries:
        written = str(entry[0])
        at = text.find(written, cursor)
        if at < 0:
            at = text.find(written)
        if at < 0:
            raise SystemExit(f"key text {written!r} ({kind}) is not in the text")
        keys.append(Key(kind, written, at, entry))
        cursor = at + len(written)
    return keys


def load_corpus() -> list[tuple[str, str, dict[str, Any], list[Key]]]:
    corpus = []
    for key_file in sorted(NEWS.glob("*.key.yaml")):
        name = key_file.name.removesuffix(".key.yaml")
        text = (NEWS / f"{name}.txt").read_text(encoding="utf-8")
        key = yaml.safe_load(key_file.read_text(encoding="utf-8"))
        keys = [k for kind in ("dates", "times", "figures", "durations")
                for k in locate(text, key.get(kind) or [], kind)]  # fmt: skip
        corpus.append((name, text, key, keys))
    return corpus


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def text_of(value: Any) -> str | None:
    return None if value is None else str(value)


# --- our extractor ----------------------------------------------------------------------


def file_date(key: dict[str, Any]) -> dt.date | None:
    """The day a text's file is taken to be saved on, for a text that gives no year: the
    key's `file_date`, else its `reference`, else its dateline (the key's first full date
    with the qualifier `report`); None when the key gives none of these."""
    for field_name in ("file_date", "reference"):
        if isinstance(key.get(field_name), dt.date):
            return key[field_name]  # type: ignore[no-any-return]
    for entry in key.get("dates") or []:
        if entry[3] == "report" and re.fullmatch(r"\d{4}-\d\d-\d\d", str(entry[1])):
            return dt.date.fromisoformat(str(entry[1]))
    return None


#: The texts read against their file date (no source in them gave a year), as the CLI
#: reads them: `extract()` raises YearUnknown, `timeline extract` falls back to the file's
#: modification day with a note. Filled by `ours`.
FILE_DATED: list[str] = []


def reading_day(text: str, key: dict[str, Any]) -> dt.date | None:
    """The reference `timeline extract FILE` reads the text with: the key's reference when it
    passes one, else none when the text gives a year, else the file date (as the CLI does)."""
    ref = key.get("reference")
    if isinstance(ref, dt.date):
        return ref
    try:
        extract(text, None)
    except YearUnknown:
        return file_date(key)
    return None


def ours(name: str, text: str, key: dict[str, Any]) -> list[Mention]:
    """Our mentions, as the CLI gives them: a text that gives no year is read against its
    file date (see `file_date`) and counted in FILE_DATED; a text refused even so (a key
    with no file date) gives none, and every key item of it counts as missed."""
    ref = key.get("reference")
    try:
        return extract(text, ref if isinstance(ref, dt.date) else None)
    except YearUnknown:
        day = file_date(key)
        if day is None:
            print(f"  refused, no file date in its key: {name}", file=sys.stderr)
            return []
        FILE_DATED.append(name)
        return extract(text, day)


def span(m: Mention) -> tuple[int, int]:
    return m.offset, m.offset + len(m.text)


def score_ours(
    scores: Scores, text: str, keys: list[Key], mentions: list[Mention], lookalikes: list[str]
) -> None:
    kinds = {"dates": ("date",), "times": ("time", "date"), "figures": ("figure",),
             "durations": ("duration",)}  # fmt: skip
    for k in keys:
        hits = [
            m for m in mentions if m.kind in kinds[k.kind] and overlaps(span(m), (k.start, k.end))
        ]
        hit = hits[0] if hits else None
        if k.kind == "dates":
            date_metrics(scores, k, hit)
        elif k.kind == "times":
            got = None if hit is None else (hit.text, hit.time, hit.end_time)
            ok = hit is not None and (hit.time, hit.end_time) == (k.fields[1], k.fields[2])
            scores["clock times right"].add(ok, (k.fields, got))
        elif k.kind == "figures":
            figure_metrics(scores, k, hit)
        else:
            scores["durations found"].add(hit is not None)
    precision(scores, keys, mentions)
    for word in lookalikes:
        for found in re.finditer(re.escape(word), text):
            bad = [m.text for m in mentions if overlaps(span(m), found.span())]
            scores["lookalikes left alone"].add(not bad, (word, bad))


def date_metrics(scores: Scores, k: Key, hit: Mention | None) -> None:
    _, date, clock, qualifier, end, end_time = k.fields
    scores["dates found"].add(hit is not None, k.text)
    if hit is None:
        return
    exact = hit.date_text == text_of(date) and (end is None or hit.end == text_of(end))
    got = (hit.text, hit.date, hit.time, hit.qualifier, hit.end, hit.end_time)
    scores["dates resolved exactly"].add(exact, (k.fields, got))
    if clock is not None:
        scores["clock times right"].add((hit.time, hit.end_time) == (clock, end_time), got)
    if qualifier is not None:
        scores["qualifiers right"].add(hit.qualifier == qualifier, (k.fields, got))
    if _CONTEXT_WORDS.search(k.text.translate(_TO_SIMPLE)):
        scores["holidays and 当日 resolved"].add(exact, (k.fields, got))


def figure_metrics(scores: Scores, k: Key, hit: Mention | None) -> None:
    value = Decimal(str(k.fields[1]))
    high = Decimal(str(k.fields[3])) if len(k.fields) > 3 else None
    right = hit is not None and hit.value == value and hit.high == high
    got = None if hit is None else (hit.text, hit.value, hit.unit, hit.high)
    scores["figures found with exact value"].add(right, (k.fields, got))
    scores["figures with the right unit"].add(hit is not None and hit.unit == k.fields[2], got)


def precision(scores: Scores, keys: list[Key], mentions: list[Mention]) -> None:
    groups = {"date": ("dates", "times"), "time": ("times", "dates"), "figure": ("figures",)}
    names = {"date": "dates: reported that are right", "time": "dates: reported that are right",
             "figure": "figures: reported that are right"}  # fmt: skip
    for m in mentions:
        if m.kind in groups:
            ok = any(k.kind in groups[m.kind] and overlaps(span(m), (k.start, k.end)) for k in keys)
            scores[names[m.kind]].add(ok, ("reported", m.kind, m.text, m.date or m.value))


# --- jionlp -------------------------------------------------------------------------------

_JIONLP_RUN = r"""
import json, sys, datetime as dt
import jionlp as jio
jobs = json.load(sys.stdin)
out = {}
for name, text, base in jobs["texts"]:
    y, m, d = map(int, base.split("-"))
    try:
        out[name] = jio.ner.extract_time(text, time_base={"year": y, "month": m, "day": d},
                                         with_parsing=True)
    except Exception as exc:
        out[name] = [{"error": str(exc)}]
forms = {}
for form in jobs["forms"]:
    try:
        forms[form] = jio.parse_time(form, time_base={"year": 2023, "month": 1, "day": 1})["time"]
    except Exception as exc:
        forms[form] = str(exc)
print(json.dumps({"texts": out, "forms": forms}, ensure_ascii=False))
"""


def run_jionlp(corpus: list[tuple[str, str, dict[str, Any], list[Key]]]) -> dict[str, Any] | None:
    if not JIONLP.exists():
        return None
    texts = []
    for name, text, key, _ in corpus:
        ref = reading_day(text, key) or find_dateline(text, None).date
        texts.append((name, text, str(ref)))
    jobs = json.dumps(
        {"texts": texts, "forms": [f for f, _, _ in JIONLP_FORMS]}, ensure_ascii=False
    )
    done = subprocess.run([str(JIONLP), "-c", _JIONLP_RUN], input=jobs, capture_output=True,
                          text=True, check=True)  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def jio_span(e: dict[str, Any]) -> tuple[int, int]:
    return e["offset"][0], e["offset"][1]


def jio_times(e: dict[str, Any]) -> list[str]:
    times = e.get("detail", {}).get("time")
    return (
        times if isinstance(times, list) and len(times) == 2 and isinstance(times[0], str) else []
    )


def jio_date_right(k: Key, times: list[str]) -> bool:
    date, qualifier, end = text_of(k.fields[1]) or "", k.fields[3], text_of(k.fields[4])
    n = len(date)
    if not times:
        return False
    first, last = times[0][:n], times[1][:n]
    if end is not None:
        return first == date and times[1][: len(end)] == end
    return first == date or (qualifier in ("as_of", "before") and last == date)


def jio_clock(times: list[str], first: bool, clock: str) -> bool:
    if not times:
        return False
    stamp = times[0] if first else times[1]
    if clock == "24:00":
        return stamp[11:16] in ("23:59", "00:00")
    return stamp[11:16] == clock


def jio_qualifier(k: Key, times: list[str]) -> bool:
    date, qualifier, end = text_of(k.fields[1]) or "", k.fields[3], text_of(k.fields[4])
    if not times:
        return False
    first, last = times[0][: len(date)], times[1][: len(date)]
    if qualifier == "range":
        return first == date and end is not None and times[1][: len(end)] == end
    if qualifier in ("since", "from", "after"):
        return first == date and last != date
    if qualifier in ("as_of", "before"):
        return last == date and first != date
    return False  # report: a dateline is a point to jionlp


def score_jionlp(
    scores: Scores, text: str, keys: list[Key], found: list[dict[str, Any]], lookalikes: list[str]
) -> None:
    entities = [e for e in found if "offset" in e and e.get("type") in ("time_point", "time_span")]
    for k in keys:
        if k.kind not in ("dates", "times"):
            continue
        hits = [e for e in entities if overlaps(jio_span(e), (k.start, k.end))]
        times = jio_times(hits[0]) if hits else []
        if k.kind == "times":
            ok = jio_clock(times, True, k.fields[1]) and jio_clock(times, False, k.fields[2])
            scores["clock times right"].add(bool(hits) and ok)
            continue
        scores["dates found"].add(bool(hits))
        if not hits:
            continue
        exact = jio_date_right(k, times)
        scores["dates resolved exactly"].add(exact)
        _, _, clock, qualifier, _, end_time = k.fields
        if clock is not None:
            ok = jio_clock(times, True, clock) and (
                end_time is None or jio_clock(times, False, end_time)
            )
            scores["clock times right"].add(ok)
        if qualifier is not None:
            scores["qualifiers right"].add(jio_qualifier(k, times))
        if _CONTEXT_WORDS.search(k.text.translate(_TO_SIMPLE)):
            scores["holidays and 当日 resolved"].add(exact)
    for e in entities:
        ok = any(
            k.kind in ("dates", "times") and overlaps(jio_span(e), (k.start, k.end)) for k in keys
        )
        scores["dates: reported that are right"].add(ok)
    all_found = [e for e in found if "offset" in e]
    for word in lookalikes:
        for hit in re.finditer(re.escape(word), text):
            reported = any(overlaps(jio_span(e), hit.span()) for e in all_found)
            scores["lookalikes left alone"].add(not reported)


# --- the round trip, the forms, the speed ---------------------------------------------------


def round_trip(name: str, text: str, key: dict[str, Any]) -> bool:
    """extract -> a timeline file -> check, with the article next to the file, read as the
    CLI reads it (against the file date when the text gives no year)."""
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / f"{name}.txt"
        article.write_text(text, encoding="utf-8")
        ref = reading_day(text, key)
        found = find_dateline(text, ref).date
        try:
            mentions = extract(text, ref)
        except YearUnknown:
            return False  # refused: nothing to check
        body = candidates_yaml(mentions, article.name, ref or found, found or ref)
        (Path(folder) / "new.yaml").write_text(body, encoding="utf-8")
        _, problems = check_file(str(Path(folder) / "new.yaml"))
        return not problems


def mention_span(m: Mention) -> tuple[str, str]:
    """The first and last day a date mention names (2008.03-2009: 2008-03-01..2009-12-31)."""
    first = (m.date or "") + "-01-01"[len(m.date or "") - 4 :]
    last = m.end or m.date or ""
    if len(last) < 10:
        year, month = int(last[:4]), int(last[5:7]) if len(last) == 7 else 12
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        last = (nxt - dt.timedelta(days=1)).isoformat()
    return first[:10], last


def forms_right() -> tuple[int, int]:
    """jionlp's 20 forms read right by `timeline on` (parse_span) and by `extract`."""
    on = by_extract = 0
    for form, start, end in JIONLP_FORMS:
        got = parse_span(form, reference=FORMS_REFERENCE)
        on += (got.start.isoformat(), got.end.isoformat()) == (start, end)
        dates = [
            m for m in extract(f"据悉，{form}，情况如下。", FORMS_REFERENCE) if m.kind == "date"
        ]
        by_extract += len(dates) == 1 and mention_span(dates[0]) == (start, end)
    return on, by_extract


def jionlp_forms_right(found: dict[str, Any]) -> int:
    return sum(
        isinstance(found.get(f), list) and (found[f][0][:10], found[f][1][:10]) == (s, e)
        for f, s, e in JIONLP_FORMS
    )


def speed() -> float:
    text, ref = SEED.read_text(encoding="utf-8"), dt.date(2022, 3, 31)
    extract(text, ref)
    best = float("inf")
    for _ in range(3):  # the best of three: other work on the machine only slows a run
        began = time.perf_counter()
        for _ in range(100):
            extract(text, ref)
        best = min(best, time.perf_counter() - began)
    return best


# --- report ----------------------------------------------------------------------------------

METRICS = [
    ("dates found", "≥ 98%", 98),
    ("dates: reported that are right", "≥ 98% (≤ 2% false)", 98),
    ("dates resolved exactly", "≥ 99%", 99),
    ("clock times right", "≥ 90%", 90),
    ("qualifiers right", "≥ 85%", 85),
    ("holidays and 当日 resolved", "≥ 80%", 80),
    ("figures found with exact value", "≥ 92%", 92),
    ("figures with the right unit", "≥ 90%", 90),
    ("figures: reported that are right", "—", None),
    ("durations found", "—", None),
    ("lookalikes left alone", "≥ 97% (≤ 3% reported)", 97),
]

INTRO = """\
Regenerated by `.venv/bin/python bench/extract_score.py` (see its docstring; `--misses`
prints every wrong item). Corpus: {n} texts in tests/data/news/ written by the team in the
style of real reports (bulletins, 通报, round-ups, weather, flood and typhoon news, transport
and railway, trade figures, sports, a court notice, an exam, a 大事记 chronicle, texts across
the new year and around 春节, an earthquake bulletin, a power outage notice dated at its
foot, a health commission report, a fuel price notice, stock index reports, a space launch, a
school notice, a rainstorm warning, a metro notice, a web page, a 通告, a live blog, a
finance report, a text full of lookalikes, an overnight fire, a tournament, a trade fair,
a half-year economy report, a parking notice, web pages as pasted with captions and
责任编辑, a bullet digest, a programme list, an interview, a 更正, a text of Chinese
numerals), each with a
hand-made answer key; never copied from real articles. The development texts were used to
find and fix misses, so the whole-corpus rates are an upper bound; the held-out sections
below are the honest estimate for new reports."""

YEARLESS = """\
## The year-less rule (`calendar_rules.complete_year`) and the 12 dates it changed

`complete_year` is the one rule shared with `timeline on`: the latest such day on or before
the dateline, or, for a date the text marks as planned, the earliest on or after it (the
half-year window is gone). It took "dates resolved exactly" from 114/114 to 102/114 and
holidays from 30/30 to 28/30. Every one of the 12 was a future day the extractor did not
recognise as planned; no key was wrong and no dateline either. The rule is unchanged; what
counts as planned is now decided in `timeline/extract/planned.py`:

{cases}

The window is a month (`PLANNED_AHEAD`): an unmarked year-less day at most 31 days after the
dateline can only be announced by a report, and read as the last one it would be eleven
months old, which a report writes with its year (去年3月5日). A chronicle of a past year
(2023年大事记) has no window. Other callers now pass a better reference: the end of a range
without a year is the first such day on or after its start (12月28日至1月3日), a year written
earlier in the sentence is the year of its year-less days (今年春运自1月14日起至2月22日止),
a compared day is never planned (将比国庆节略有下降), and a holiday that frames a sentence in
the future tense is the coming one (元宵节过后，入境处将公布…)."""

#: The 12 dates complete_year changed: (texts, the words, what was read, cause and fix).
CASES = [
    ("culture-01", "本届旅游节将持续到5月5日 (2024-04-16)", "2023-05-05",
     "bare 将…到 before the date: now a marker (将持续到, 将延长至, 将出现在)"),
    ("culture-01", "4月20号至22号部分路段将实行交通管制 (2024-04-16)", "2023-04-20..22",
     "an announcement four days ahead, 将 after it: the month window"),
    ("disaster-01, trad-disaster-01 (3 each)",
     "5月23日至25日可能发生4级左右余震 (2023-05-22), then 19日至21日 and 21日",
     "2022-05-23..25, 2022-06-19..21, 2022-06-21",
     "可能 after the date: words after it in its clause now mark it (可能, 有望, 临近, 即将);"
     " the two month-less days took the wrong month from it"),
    ("held-market-01", "活动将持续至8月31日 (2024-06-18)", "2023-08-31", "bare 将…至, as above"),
    ("held-trad-health-01", "當局宣布，由2月12日起延長… (2025-02-10)", "2024-02-12",
     "no marker, two days ahead: the month window"),
    ("held-trad-health-01", "元宵節期間市民應避免… (2025-02-10)", "2024-02-24",
     "a holiday two days ahead: the month window"),
    ("held-typhoon-01", "中秋节假期临近 (2024-09-14)", "2023-09-29",
     "临近 after the holiday: a marker after the date"),
]  # fmt: skip


def cases_table() -> str:
    rows = ["| text | the words (dateline) | was read as | cause, and the fix |",
            "|---|---|---|---|"]  # fmt: skip
    return "\n".join(rows + ["| " + " | ".join(case) + " |" for case in CASES])


HELD_NOTES = """\
**held-\\*** (3 texts, written after the extractor was frozen before this issue's last round)
was scored once before any fix: dates found 24/25, resolved exactly 23/24, clock times 7/7,
qualifiers 15/15, holidays 6/6, figures 19/20 with value and unit, reported figures right
19/21, lookalikes left alone 7/9. Fixed after it: a month-less day just after the dateline
(自15日12时起) went back a month; a count without a unit (约6,800) was not read; 农历新年
and a holiday's 假期后 were unread; 前5个月 was a duration. Two key corrections: 沿海三市
and 约380万人次 are counts, not lookalikes (the key listed 三市 as a lookalike and left the
other out).

**held2-\\*** (7 texts: flood, railway across the new year, trade fair, court notice, exam,
a 大事记 chronicle, 农历新年 in traditional characters) was written and keyed before the
extractor ran on it, after the year-less fixes above, and scored once: dates found 95%
(56/59), reported dates right 59/59, resolved exactly 95% (53/56), clock times 9/9,
qualifiers 96% (22/23), holidays and 当日 88% (7/8), figures 49/49 with value and unit,
reported figures right 89% (49/55), durations 91% (10/11), lookalikes left alone 87%
(40/46). (The first run stopped on a YAML quoting slip in a key, "超過1,050萬人次", before
any score; the key was quoted and the same code run again.) The misses, all fixed after:
the chronicle's 1月上旬 read as the dateline's January, not the chronicled year's; 是月,
是日 unread and 当月 taken from the dateline instead of the month just named; 年初一至年初三
(Hong Kong usage) unread; 元宵節過後 a year early and without its qualifier; 开考前30分钟 no
longer a duration (a rule of this round was too broad); lookalikes 第十二届 and 第十三届
(read as 二届, 三届), 十五届四次全会, 七匹狼 and 三只松鼠 (company names) reported as counts.

**held3-\\*** (4 texts: a fire, the wheat harvest, a Hong Kong budget in traditional
characters, 腊八节 relief) was written and keyed after all of the above, to estimate the
extractor as it now stands, and scored once: dates found 93% (25/27), reported dates right
26/26, resolved exactly 84% (21/25), clock times 2/2, qualifiers 70% (7/10), holidays and
当日 75% (9/12), figures 29/30 with value, 30/30 with unit, reported figures right 31/32,
durations 2/2, lookalikes left alone 78% (7/9). Fixed after it: 腊八节 unknown; 今年腊八节为
1月7日 (the lunar year's 腊八 falls in the next January); 6月上旬以来 and 6月底前 lost their
qualifier; 上年 unread; 2%至3% read as 2%; 2024/25年度 gave a duration 25年; 3号楼1单元
gave a count 1单.

**held4-\\*** (7 texts for issue #14: stock market, aviation across the new year, a police
notice dated at its foot, a golden-week tourism round-up, a snowstorm, a Taiwan flu bulletin
and a Hong Kong court verdict in traditional characters; traps: 去年同期, 上年, 今年 with a
December dateline, month-less days after the new year, 王国庆/李建军/周建军/刘国庆, 十八洞村,
三峡, 五四大街, hotlines, flight and train numbers, 第七届, 本年, 今（17）日, the 民國 year 113年)
was written and keyed before the extractor ran on it, after the partial-date and jionlp-form
work of this round, and scored once: dates found 82% (47/57), reported dates right 98%
(47/48), resolved exactly 98% (46/47), clock times 4/4, qualifiers 95% (19/20), holidays
and 当日 92% (11/12), figures 80% (33/41) with value and unit, reported figures right 92%
(33/36), durations 7/7, lookalikes left alone 96% (27/28), round trip 6/7. Most of the
misses were one text: the Taiwan bulletin's stamp line (2024/12/17 14:30 中央社) was no
dateline, so extract refused the text without --reference (the bench now counts a refused
text as all missed). Fixed after it, as rules: a date-and-time stamp on a line of its own
is a dateline, with its time also after a slash date; a duration's number has at most
four digits (12121天气预报 is a hotline). Two key corrections: 两市 (沪深两市) is a count,
as 沿海三市 is in held-*; the key's 国庆 located 王国庆 (now 国庆假期). The misses left
after that were fixed in the fifth round, each as a rule with tests
(tests/test_extract_rules.py): index points are figures (点 after a decimal or grouped
number, or right after 报, 收, 收于, 涨, 跌, 升, 降, 高开, 低开, 指数; there 8点 is no clock
time either, while 晚上8点 and 提出3点要求 stay as they were); 今（17）日 and 昨（16）日 are
the dateline's day or the one before; 民國113年 is 2024 and, in a text in traditional
characters, a bare three-digit year near the dateline's (113年10月1日, 113年以來) too, never
after 逾/近/約 or before 來/歷史; a relative year with a month (明年1月下旬) is the year of
its sentence's holidays; 起至今 is since; 10萬2,315 is one number; 当日 after days still to
come is the report's day unless its sentence speaks of the future (将, 预计, 计划, 拟, 可于,
届时); a full date alone on one of a text's last three lines is its dateline when nothing
at the top is (a notice's 落款; held4-police-01's key no longer passes a reference).

**held5-\\*** (7 texts for issue #14's fifth round: an earthquake bulletin, a power outage
notice dated only at its foot, an exam results release, a health commission's daily
report, a fuel price notice, Macao's golden week and a Taiwan stock market report in
traditional characters; traps: 5.0级 and 三级响应, 10千伏, 1号至6号楼, 92号汽油, 第十次,
a weekday in brackets, 0—24时, 今（8）日, 明（9）日, 113年 and 114年, 23,018.5點, 澳門元,
hotlines) was written and keyed after the fixes above, before the extractor ran on it, and
scored once: dates found 100% (49/49), reported dates right 96% (50/52), resolved exactly
94% (46/49), clock times 87% (13/15), qualifiers 92% (24/26), holidays and 当日 91% (10/11),
figures 95% (40/42) with value, 93% (39/42) with unit, reported figures right 41/41,
durations 60% (3/5), lookalikes left alone 97% (28/29), round trip 7/7; the foot-dated
notice was read without a reference. No key was corrected. The misses and their general
causes, all fixed after as rules with tests: 1号至6号楼 read as the days 1 to 6 (then its
当日 took that month's 6th); an hour range after a date (5月20日0—24时) lost its end; a
weekday in brackets (8月20日（星期二）7时至18时) parted a date from its clock time; the 千
of 12千米 read as a scale (12000米); 升 and 澳門元 were no units; 首三日 was no span.

**held6-\\*** (8 texts for issue #14's sixth round: league results with scores, a space
launch with countdown times, a court trial schedule, a school semester notice dated at its
foot, a rainstorm warning with 24-hour clock ranges, a Hong Kong shop opening in
traditional characters with counts in 年, a wire story whose dateline has no year (the
year only in its headline), and a metro notice for new year's eve; traps: 2比1, 3:3,
第12分钟, 天舟九号, 长征七号, 1号线, 8级, 12345, 八折, 高三, 113年 as a count, 0时至24时,
上午10时至下午4时, 18:30—20:00, 20时许, 凌晨3时左右, 12时整) was written and keyed after
round 3's leftovers were fixed (a year-less dateline's year from the headline, its own
paragraph or a 发布时间 stamp; 收盘3351点; 民國 years only with a Taiwan marker), before
the extractor ran on it, and scored once: dates found 72% (33/46), reported dates right
100% (38/38), resolved exactly 82% (27/33), clock times 84% (16/19), qualifiers 100%
(15/15), holidays and 当日 83% (5/6), figures 56% (10/18) with value, 50% (9/18) with unit,
reported figures right 91% (10/11), durations 10/10, lookalikes left alone 95% (21/22),
round trip 6/8. Most misses were two refused texts: the wire story's headline year
(2024年全国秋粮收购) was taken for a sum of a whole year (the rule skipped 年全…, meant
for 年全年), and the warning opened with its issuer's stamp (江城市气象台2024年7月9日
16时20分发布), no dateline form. Fixed after it, as rules with tests
(tests/test_extract_round6.py): only 全年 stops a headline year; an issuer's stamp with a
full date opening a line near the top is a dateline (not one inside a sentence,
据悉，教育部…发布); a month-less day inside the last range is of the range's month
(10月26日至27日…26日晚8点 had become 11月26日); 12时整至13时 keeps its range; 高三年级 is
no span of 三年; 平方呎, 呎 and 英尺 are units. Not fixed (no general rule found in the
time): 庭审当日 after an open bound (12月6日前) is the trial's day, read as the last day
named before it; a school notice's semester days more than a month after its foot date
(2月17日开学, 7月4日结束) are read as last year's (both fixed in the seventh round, below).
One key correction: 擴大近一倍 is a figure (1 倍), left out of the key by mistake.

**held7-\\*** (8 texts for issue #14's seventh round, deliberately varied in layout: a web
page with a 来源/发布时间 header, a wire story (新华社酒泉2025年3月22日电), a 通告 of two
issuers dated at its foot, a 大事记 of 2024 with 上旬/中旬/是月 issued in January 2025, a live
blog opened by clock times (08:15, 9时20分, 10时05分许, 下午3点半, 当晚8时许), a finance report
in 万亿元, 亿元, % and 个百分点 whose year is only in its paragraph (2024年前三季度), a
Taiwan typhoon report in traditional characters (中央社, a stamp line with an update time,
113年度), and a text of lookalikes: 双11, 3·15, 9·11, 二十大, 19大, 5G, G1234次, CA1234航班,
3号线, 第5届, 8折, 12345, 12315 and phone numbers) was written and keyed after round 6's
fixes, before the extractor ran on it, and scored once: dates found 46% (24/52), reported
dates right 100% (31/31), resolved exactly 96% (23/24), clock times 100% (10/10),
qualifiers 100% (10/10), holidays and 当日 100% (5/5), figures 40% (19/47) with value and
38% (18/47) with unit, reported figures right 95% (19/20), durations 2/2, lookalikes left
alone 98% (42/43), round trip 5/8. As in held6, the misses were mostly whole texts refused
for want of a year (three of eight): the chronicle's date stood under its title after its
issuer (高新区管委会办公室　2025年1月10日), no dateline form; the finance report's only year
(2024年前三季度) was skipped as a year followed by 前 (meant for 2030年前); the Taiwan stamp
line had an update time in brackets after it. The lookalikes held (only 前8名 was read as
a count). Fixed after it, as rules with tests (tests/test_extract_round7.py): a year-less
dateline, when the headline, its paragraph and a stamp give no year, takes it from a URL
date in the text (/2024-03/15/, 20240315) or the latest full date written in it (the year
that puts the dateline nearest that day); a text with no dateline at all is read against
a URL date or its latest full date; a © or 版权所有 year and a bare year elsewhere
(2020年3月以来) are never sources; the refusal names every source it tried and says
`timeline extract FILE --reference YYYY-MM-DD`; 年前 followed by a count (2024年前三季度)
keeps its year; a date ending a line under the title, after an issuer or alone, is a
dateline; a stamp line may carry a bracketed update; 2024年工作大事记 is a chronicle; a
notice's days after its date are the coming ones; 庭审当日 is the day of the event it
names; 提出3点要求 is no clock time; 前8名 is a rank. Left: 10/30 13:40 (a month/day with a
slash) was not read (it is since round 8). One key correction: the key wrote 12℃'s unit as
℃; the project writes it °C (parse_figure's unit, which `check` reads back).

**Notices** (`timeline/extract/events.py`): a text titled 通知, 公告, 通告, 告知书, 须知 or
启事, or dated at its foot, announces what is to come, so a year-less day of it on or after
its date in the same year is the coming one (2月17日开学 and 7月4日结束 in a notice of
2025年1月6日 are 2025's, with no 将); a day before its date keeps the one rule (the last
such day). News reports keep the one rule. The candidates file of a foot-dated notice with
such days completes year-less dates with the end of the notice's year, so that `check`,
which reads each quote alone and never as a notice, reads them the same way.

**当日 after an open bound**: a relative day right after an event's name (庭审当日,
考试当天, 开幕次日) counts from the last day named earlier in the article in a sentence that
names that event (定于12月9日…开庭审理 … 须于12月6日前登记；庭审当日: 12月9日); an open
bound (12月6日前, 截至, 起) is never that day.

First scores of every held-out round (each set scored once, before any fix for it;
found: dates found, exact: dates resolved exactly, 当日: holidays and 当日 resolved,
figures: with exact value, lookalikes: left alone, no year: texts that give no year, until
held7 refused and scored as all missed, from held8 read against their file date as the CLI
reads them):

| set | texts | found | exact | clock | qualifiers | 当日 | figures | lookalikes | no year |
|---|---|---|---|---|---|---|---|---|---|
| held | 3 | 96% | 96% | 100% | 100% | 100% | 95% | 78% | 0 |
| held2 | 7 | 95% | 95% | 100% | 96% | 88% | 100% | 87% | 0 |
| held3 | 4 | 93% | 84% | 100% | 70% | 75% | 97% | 78% | 0 |
| held4 | 7 | 82% | 98% | 100% | 95% | 92% | 80% | 96% | 1 |
| held5 | 7 | 100% | 94% | 87% | 92% | 91% | 95% | 97% | 0 |
| held6 | 8 | 72% | 82% | 84% | 100% | 83% | 56% | 95% | 2 |
| held7 | 8 | 46% | 96% | 100% | 100% | 100% | 40% | 98% | 3 |
| held8 | 8 | 94% | 98% | 91% | 95% | 100% | 100% | 95% | 1 |
| held9 | 8 | 99% | 92% | 89% | 85% | 79% | 89% | 100% | 1 |
| held10 | 8 | 97% | 87% | 100% | 94% | 82% | 92% | 100% | 0 |
| held11 | 8 | 99% | 91% | 100% | 80% | 94% | 91% | 100% | 0 |

There is no steady trend: on the texts that were read, exact days, clock times,
qualifiers and lookalikes stayed between 82% and 100%, while dates found and figures fell
from held5 to held7 because more whole texts were refused for want of a year, a new
layout each round; the sources added in round 7 answer the three layouts held7 found.
held8, whose one year-less text was read against its file date, found 94% of its dates
and every figure; its misses were words for parts of a year and a stamp form, not whole
texts. held9, the first set shaped like pages pasted from the web, found 99% of its
dates and left every lookalike alone, but resolved 92% exactly: its misses were forms of
relative days (明起, 明天（7日）, 当晚…至次日), not whole texts.

**held8-\\*** (8 texts for issue #14's eighth round: an overnight fire across midnight
(7日深夜, 当晚23时40分许, 次日凌晨1时15分, a bare 凌晨3时左右), a youth basketball
tournament (小组赛, 半决赛, 决赛, 当地时间 and 北京时间 before dates, 明日 in the headline),
a trade fair (亿元, 万人次, 3至5天, 10—15万元, 明年9月中旬), a city's half-year economy
report (年初, 年底, 年底前, 截至6月底, 10月底前, 1至6月; 第一季度, 二季度, 前三季度 as
lookalikes), a 国庆中秋 travel report (the year only in the headline, 假期首日, 中秋节当天,
节后首个工作日即10月9日), Hong Kong's first-quarter figures in traditional characters
(a 年月日 stamp with a time, 港元 with 億 and 萬, 去年同期, 由6月1日起至8月31日止), a
parking notice dated at its foot (自…起施行, 有效期至…止, 每日7时至21时, 第三十三条) and a
local story with no year anywhere, full of lookalikes (解放路128号, 2号楼3单元, 身份证号后四位
为0312, 快递单号 SF1402387765, 车牌 浙A·3B721, 110, 119, 120, a hotline)) was written and
keyed after round 7's fixes and this round's fixes of its leftovers (10/30 13:40, a notice
told by its body), before the extractor ran on it, and scored once: dates found 94%
(49/52), reported dates right 100% (52/52), resolved exactly 98% (48/49), clock times 91%
(10/11), qualifiers 95% (19/20), holidays and 当日 100% (13/13), figures 100% (60/60) with
value and with unit, reported figures right 97% (60/62), durations 10/10, lookalikes left
alone 95% (19/20), round trip 7/8; the year-less local story was read against its file
date (the first text scored so). No key was corrected. The misses and their general
causes, all fixed after as rules with tests (tests/test_extract_round8.py): a bare 年初,
年底 or 年底前 (no year before it) was unread, and is now the dateline's year with its part
(never after a word ending in 年: 全年, 新年, 多年, 周年 …); a full 年月日 date with a time on a
line of its own (2025年5月2日 16:45 香港經濟日報) was no stamp dateline, so its time was lost
and its round trip failed; 假期首日 after 国庆中秋假期 took 中秋's day, and is now the earlier
of two holidays named together; 身份证号后四位为 gave a count 四位 and 电动三轮车 a count 三轮
(后/末 and a count of 位 before 为/是/数 are digits; 轮 before 车/摩/驱 is a vehicle).

**held9-\\*** (8 texts for issue #14's ninth round, shaped like ordinary daily news as
it is pasted from web pages: a page with 来源/发布时间, 作者/编辑, a photo caption (…记者
周立 摄) and 责任编辑 at its foot; a morning digest of bullet points under 6月12日 星期四
with no year (read against its file date); a festival programme as a table-like list
(3月22日　开幕式, 3月29日 19:30); an interview in question and answer with dates in quoted
speech (1992年7月, 去年8月, 明年国庆节, the first 春节 after 1992年7月); a correction notice
(更正) dated at its foot; a Taiwan report in traditional characters (a stamp line,
今（27）日上午9時30分, 下午2時許, 民國114年1月1日起, 113年度); a holiday notice mixing
Chinese and Arabic numerals (二〇二五年一月一日, 十二月三十日前, 12月31日24時前,
当晚20时至次日1时, 一千二百余名); and a weather warning (明起 in the headline, a stamp with
seconds, 明天（7日）起至9日, -8℃, 4至6级)) was written and keyed after round 8's leftover
(a slashed month/day without a time) was fixed, before the extractor ran on it, and
scored once: dates found 99% (73/74), reported dates right 97% (83/86), resolved exactly
92% (67/73), clock times 89% (16/18), qualifiers 85% (22/26), holidays and 当日 79%
(15/19), figures 89% (32/36) with value and with unit, reported figures right 100%
(32/32), durations 75% (3/4), lookalikes left alone 100% (21/21), round trip 8/8; the
digest was read against its file date. It met 3 of the 9 goals on first sight (dates
found, qualifiers, lookalikes). (The first run stopped on a key slip before any score:
the key wrote 約249萬名 where the text has 約有249萬名; it was keyed as 249萬名 and the
same code run again.) Three key corrections, all dates the key had left out and the
extractor read right: 本月 in the correction's quoted headline, 今日 of 今日要闻, 当天 of
3月12日植树节当天; and in the development text transport-02 the headline's 今起. The
misses and their general causes, fixed after as rules with tests
(tests/test_extract_round9.py): a headline's 明起 and 今起 were unread (now from the day);
a relative day with its date in brackets (明天（7日）, 本周六（14日）) stopped before the
bracket and lost its range; a stamp with seconds (2025-01-06 16:40:12) lost its time; an
hour range across midnight (当晚20时至次日1时) lost its end, and 当晚 in a notice after a
coming day took the notice's date; -8℃ and 零下8℃ were no figures; 款 and 周岁 were no
units (and 60周岁 gave a span 60周); 放假一天 was no span. Not fixed: a digest's first line
(早安江城｜6月12日 星期四) is no dateline; the first 春节 after 1992年7月 is read as the
last one before the dateline (the one rule; a past year in the sentence before is no
source).
**held10-\\*** (8 texts for issue #14's tenth round, stressing the weak metrics: an
airport's spring-festival round-up (今年春节假期（1月28日至2月4日）, 假期第三天,
当天上午9点半至11时, 晚间7时许起, 次日凌晨1时前, 元宵节前后, 去年春节), a wire story on
power demand (当日12时至18时,
7日24时前 then 次日起, 8月5日当天 then 前一天; 亿千瓦, 亿千瓦时, 万吨, 吨/日, 个百分点, 倍, 四成),
a typhoon page (今天夜里11点左右, 今天17:00-19:00, 当晚20时30分起, 截至今天18时, 16日白天至17日,
隔天（17日）, 中秋节, 去年中秋节, 米/秒, 公顷), a railway holiday report (国庆假期第三天,
7日当天 then 前一天即6日, 今年端午节前后, 2023年中秋国庆假期, 明年元旦, 12月中旬), a harvest
report (万吨, 万公顷, 平方公里, 余万元, 倍, 五成, 近三成, 6月20日24时前), a Hong Kong new
year's eve report in traditional characters (晚上11時起, 翌日凌晨1時半後, 當晚11時59分, 去年元旦,
明年農曆新年, 約三成), a traffic notice dated at its foot (4月4日（星期五）当日, 4月3日为管制前一天,
当日17:00-19:00, 同日起, 清明节假期结束后的次日即4月7日) and a marathon whose dateline has its
year only in the headline (次日起, 翌日即11月12日, 同日晚间7时许, 明年元旦)) was written and
keyed after this round's fixes of held9's leftovers (a digest's first line with a weekday
is a dateline; 第一个春节 after 1992年7月 is the first one after that month), before the
extractor ran on it, and scored once: dates found 97% (93/96), reported dates right 100%
(100/100), resolved exactly 87% (81/93), clock times 100% (27/27), qualifiers 94% (33/35),
holidays and 当日 82% (40/49), figures 92% (59/64) with value, 88% (56/64) with unit,
reported figures right 100% (59/59), durations 4/4, lookalikes left alone 100% (6/6),
round trip 8/8. It met 6 of the 9 goals on first sight (not dates found, resolved exactly
or figures with the right unit). No key was corrected. The misses, grouped by cause:
(1) a share in tenths (近三成, 超过五成, 約三成, 超过四成: 4 texts) was no figure, and the
development keys had left such shares out too (两成, 近六成, 約七成, 約三成, 八成, now keyed);
(2) a unit that begins a longer one was cut (亿千瓦时 read as 千瓦) and a rate unit lost its
slash (18万吨/日, 42米/秒); (3) an open bound with a clock time (2月6日晚间7时许起,
12月31日晚上11時起) was no day for the 次日 or 当晚 after it; (4) the n-th day of a holiday
(假期第三天) was unread, and the 当天 after it took the range's end; (5) a relative day
followed by its date (翌日即11月12日, 次日即4月7日) or predicated of a date (4月3日为管制前一天)
counts from the last day instead of taking it; (6) 16日白天至17日 lost its range at 白天;
(7) 明年元旦假期火车票将于12月中旬开售 gave 12月中旬 the year of 明年; (8) 7日24时前…次日起
in a report: a day after the dateline with no future word in the sentence counts from the
dateline. Fixed after it, as general rules with tests (tests/test_extract_round10.py):
(1) 成 is a unit after a one-character or Arabic numeral (not 一成不变, 三五成群, 两三成,
成本, 成为 …); (2) units are matched longest first, and a unit may carry a rate
(/日, /天, /秒, /小时, /年 …); (3) a from or before bound with a clock time is a moment, so
次日 and 当晚 count from its day (12月6日前 without one still is not: 庭审当日). (4) to (8)
were fixed in the eleventh round, below.

**Round 11** (no new texts: held10's leftovers, each a general rule with tests in
tests/test_extract_round11.py): (4) 假期第三天 (also 长假, 黄金周; 第N天 right after the
season word) is the holiday's first day off plus n−1, and 假期首日 its first day off:
the first day of a range written for it (今年春节假期（1月28日至2月4日）), else the run of
days off lunar-python's `HolidayUtil` lists around the holiday (2025's 春节假期 starts on
除夕, 1月28日, so a round-8 test now expects 2025-01-28), else the holiday's own day (a
year the library does not list); the 当天 after it is that day. (5) A relative day
followed by 即 and a date (翌日即11月12日, 前一天即6日, 假期第三天即10月3日) is the date
written; one said of a date, the date the subject of its clause before 为, 是 or 即 and at
most six characters (4月3日为管制前一天, 10日是开幕次日), is that date; a relative day
apart from a date (6月9日开考，前一天) still counts from it. 假期结束后的次日 counts from the
holiday's last day off where the library lists its days off (清明节 of 2025: 4月6日, so
4月7日), otherwise from the holiday's own day (元宵节假期结束后的次日: the 16th of the first
month), which is documented, not guessed. (6) 白天, 全天, 整天 or 白昼 between a day and 至
(16日白天至17日) no longer ends the range. (7) A year said with a holiday or a lunar day
(明年元旦, 今年腊八节) is the year of its sentence's year-less days as before, but a day that
is nearer the holiday's day in the year before or after takes that year (明年元旦…将于
12月中旬开售: December 2024, a month before 2025-01-01); a year said alone (今年春运自1月14日起)
keeps its sentence's days in that year, the rule of earlier rounds. (8) An instruction
is about days to come: 要求, 务必, 须 (not 无须, 须知), 应于/应在/应当/应按 and
请于/请在/请各 join 将, 预计 … as future words of a sentence, so 要求各单位于7日24时前完成，
次日起实行 counts 次日 from the 7th (a bare 应 or 请 is not one: 供应, 响应, 申请). Two
more, found on the way: a bare 时间： or 日期： is a stamp only as a field of its own, not
after another word (管制时间：2025年4月4日 in a notice's terms had become its dateline; the
foot date is); and the key's 當晚11時59分開始 now has the qualifier `from` (开始 means
from, by the project's rule; the extractor already read it so).

**held11-\\*** (8 texts for issue #14's twelfth round, chosen to be unlike the 86 before
them in topic and shape: a provincial press conference as a transcript with questions and
answers (发布时间 stamp, 3月份, 今年清明节假期, 五一假期, 下月中旬, 截至3月末), a hospital's
通报 dated at its foot with a timeline of bare clock times on their own lines (次日0时40分,
自即日起, 为期一个月), a football fixture list months ahead (a zero-padded stamp, 当地时间
and 北京时间, 当晚18时35分, a bare 20时, 2026年世界杯, 18强赛), a court verdict spanning
2008年至2023年 dated by 江州中院官方微信2025年6月20日消息 (同年5月28日, 2015年春节前后), a
weather office's review of 2024 issued in January 2025 (1月中旬至2月上旬, 3月下旬, -5.3℃),
a Macao government press release in traditional characters (a date then 新聞局 under the
title, 今（28）日, 國慶黃金周, 一成半, 5萬澳門元), a rural feature dated in brackets with its
paper and byline (亩, 公斤, 80元至120元, 万元, 百万元, 一村一品, 王建国) and a technology
launch (a stamp with seconds, 16GB, 1TB; lookalikes 3纳米, 2纳米, 5G-A, Wi-Fi 7, X7,
第四季度)) was written and keyed before the extractor ran on it, after round 11, and scored
once. This is the estimate to trust most: no rule had seen these shapes. dates found 99%
(75/76), reported dates right 100% (79/79), resolved exactly 91% (68/75), clock times 100%
(14/14), qualifiers 80% (16/20), holidays and 当日 94% (16/17), figures 91% (53/58) with
value, 93% (54/58) with unit, reported figures right 98% (55/56), durations 89% (8/9),
lookalikes left alone 100% (25/25), round trip 6/8, no text without a year. It met 6 of
the 9 goals on first sight (not resolved exactly, qualifiers or figures with exact value).
One key correction, after the score: the key split 今年清明节假期 into 今年 and 清明节, where
the project keys a year with its holiday as one mention (2025年清明节); that cost one exact
day and one holiday of the first score. The misses, by cause: (1) three datelines of new
shapes lost `report`: a date then its issuer on a line under the title
(2024年10月28日　新聞局), a bracketed date with paper and byline, and an official account's 消息
(江州中院官方微信2025年6月20日消息); (2) 同年5月28日 took the dateline's year; (3) 自即日起
was no date; (4) 1月中旬至2月上旬 lost its range (two misses); (5) a fixture list's days after
a planned day (首战将于9月5日…。9月10日…; 10月10日和10月15日，中国队将分别…; 11月的两场比赛)
were read as last year's (four misses); (6) figures: 16GB and 1TB had no unit, 一成半 was
no share, 80元至120元 lost its end, 突破百万元 was taken for a slogan, and 签约亿元以上项目
gave a figure 约亿元; (7) 为期一个月 was no span; and round trips failed for the review
(check reads a quote alone, without the review's year) and, after (2) was fixed, for
同年. **Round 12** fixed, as general rules with tests (tests/test_extract_round12.py):
(1) a full date opening a line near the top, then an issuer or a paper and byline to the
line's end, bare or in brackets, is a dateline, and 消息 ends an agency dateline as 电 and
讯 do, after 微信, 微博 or 公众号 too; (2) 同年 before a month is the year of the last date
named, and names no day when none was (a quote `check` reads alone); (3) 即日 is the
report's day; (6) GB, TB, MB and KB are units; 半 after 成 or 倍 adds a half (parse_figure
too); a range may write its unit on both ends (80元至120元, also in parse_figure); 约 that
ends a word (签约, 预约, 节约 …) is no "about"; a round number after 突破, 达到 or 达 is a
figure; (7) 为期, 持续, 连续 … before 一 make a span; the candidates file of a review or
chronicle of a past year (2024年…盘点) completes year-less dates with that year's last day,
as a foot-dated notice's does, so `check` reads its quotes as the text does. Left: (4) and
(5), below."""


def rate_of(tally: Tally) -> float:
    return 100 * tally.right / tally.total if tally.total else 100.0


def goal_lines(mine: Scores, simple: Scores, trad: Scores, trips: int, total: int) -> list[str]:
    """Which goals the whole corpus meets (rates rounded as the tables show them)."""
    met = [m for m, _, low in METRICS if low is not None and round(rate_of(mine[m])) >= low]
    unmet = [m for m, _, low in METRICS if low is not None and m not in met]
    gap = max(
        (abs(rate_of(simple[m]) - rate_of(trad[m])) for m, _, _ in METRICS if m in trad.metrics),
        default=0.0,
    )
    return [
        f"- rates on the whole corpus: {len(met)} of {len(met) + len(unmet)} goals met"
        + (f"; not met: {', '.join(unmet)}" if unmet else ""),
        f"- traditional within 3 points of simplified: {'yes' if gap <= 3 else 'no'} "
        f"(largest gap {gap:.1f} points)",
        f"- round trip on every text: {'yes' if trips == total else 'no'}",
        "- texts that give no year, read against their file date as the CLI reads them: "
        + (f"{len(FILE_DATED)} ({', '.join(FILE_DATED)})" if FILE_DATED else "none"),
        "- on new texts, as the held-out first scores below show, the goals are not all met:",
        "  held2 and held3 first scored dates resolved exactly 95% and 84% (goal 99%),",
        "  lookalikes left alone 87% and 78% (goal 97%), dates found 95% and 93% (goal 98%);",
        "  held4 dates found 82%, resolved exactly 98%, figures 80%, lookalikes left alone 96%;",
        "  held5 (after every fix before it) dates found 100%, reported dates",
        "  right 96% (goal 98%), resolved exactly 94% (goal 99%), clock times 87% (goal 90%),",
        "  qualifiers 92%, holidays and 当日 91%, figures 95% with value and 93% with unit,",
        "  lookalikes left alone 97%, round trip 7/7;",
        "  held6 (8 texts, after round 3's leftovers were fixed) dates found 72%",
        "  (goal 98%; two texts were refused for want of a dateline year), reported dates right",
        "  100%, resolved exactly 82% (goal 99%), clock times 84% (goal 90%), qualifiers 100%,",
        "  holidays and 当日 83%, figures 56% with value and 50% with unit (goals 92% and 90%),",
        "  lookalikes left alone 95% (goal 97%), round trip 6/8;",
        "  held7 (8 texts, after round 6's fixes) dates found 46% (goal 98%; three",
        "  texts were refused for want of a year), reported dates right 100%, resolved exactly",
        "  96% (goal 99%), clock times 100%, qualifiers 100%, holidays and 当日 100%, figures 40%",
        "  with value and 38% with unit (goals 92% and 90%), lookalikes left alone 98%, round",
        "  trip 5/8. On the texts it read, held7 met every goal but resolved exactly; the",
        "  refusals are what fails the goals. The whole-corpus rates above are after fixing",
        "  the general causes those scores found, so they are an upper bound;",
        "  held8 (8 texts, after round 7's fixes; its one year-less text read against its",
        "  file date as the CLI reads it) dates found 94% (goal 98%), reported dates right",
        "  100%, resolved exactly 98% (goal 99%), clock times 91%, qualifiers 95%, holidays",
        "  and 当日 100%, figures 100% with value and unit, lookalikes left alone 95% (goal",
        "  97%), round trip 7/8: it met 6 of the 9 goals on first sight (not dates found,",
        "  resolved exactly or lookalikes);",
        "  held9 (8 texts shaped like pages pasted from the web, after round 8's fixes) dates",
        "  found 99%, reported dates right 97% (goal 98%), resolved exactly 92% (goal 99%),",
        "  clock times 89% (goal 90%), qualifiers 85%, holidays and 当日 79% (goal 80%),",
        "  figures 89% with value and unit (goals 92% and 90%), lookalikes left alone 100%,",
        "  round trip 8/8: it met 3 of the 9 goals on first sight (found, qualifiers and",
        "  lookalikes);",
        "  held10 (8 texts stressing clock forms, 当日 chains, holidays of other years and",
        "  figures with units, after round 9's leftovers were fixed) dates found 97% (goal",
        "  98%), reported dates right 100%, resolved exactly 87% (goal 99%), clock times 100%,",
        "  qualifiers 94%, holidays and 当日 82%, figures 92% with value and 88% with unit",
        "  (goal 90%), lookalikes left alone 100%, round trip 8/8: it met 6 of the 9 goals on",
        "  first sight (not dates found, resolved exactly or figures with the right unit);",
        "  held11 (8 texts unlike all before them in topic and shape, after round 11: the",
        "  estimate to trust most) dates found 99%, reported dates right 100%, resolved",
        "  exactly 91% (goal 99%), clock times 100%, qualifiers 80% (goal 85%), holidays and",
        "  当日 94%, figures 91% with value (goal 92%) and 93% with unit, lookalikes left",
        "  alone 100%, round trip 6/8: it met 6 of the 9 goals on first sight (not resolved",
        "  exactly, qualifiers or figures with exact value).",
    ]


def table(held: dict[str, Scores], metrics: list[str]) -> list[str]:
    rows = ["| metric | " + " | ".join(f"{p}* texts" for p in held) + " |",
            "|---|" + "---|" * len(held)]  # fmt: skip
    return rows + [f"| {m} | " + " | ".join(h[m].rate() for h in held.values()) + " |"
                   for m in metrics if any(m in h.metrics for h in held.values())]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-jionlp", action="store_true", help="skip the jionlp side")
    parser.add_argument("--no-write", action="store_true", help="print only; keep EXTRACT.md")
    parser.add_argument("--misses", action="store_true", help="print each wrong item (ours)")
    args = parser.parse_args()
    corpus = load_corpus()
    mine, simple, trad, theirs = Scores(), Scores(), Scores(), Scores()
    held = {prefix: Scores() for prefix in HELD_OUT}
    jio = None if args.no_jionlp else run_jionlp(corpus)
    trips = []
    for name, text, key, keys in corpus:
        mentions = ours(name, text, key)
        lookalikes = [str(w) for w in key.get("lookalikes") or []]
        SHOW_MISSES[:] = [name] if args.misses else []
        score_ours(mine, text, keys, mentions, lookalikes)
        SHOW_MISSES[:] = []
        score_ours(trad if "trad-" in name else simple, text, keys, mentions, lookalikes)
        for prefix, scores in held.items():
            if name.startswith(prefix):
                score_ours(scores, text, keys, mentions, lookalikes)
        if jio is not None:
            score_jionlp(theirs, text, keys, jio["texts"][name], lookalikes)
        trips.append((name, round_trip(name, text, key)))
    rows = [
        "| on tests/data/news | timeline extract | jionlp | goal |",
        "|---|---|---|---|",
    ]
    for metric, goal, _ in METRICS:
        other = theirs[metric].rate() if jio is not None and metric in theirs.metrics else "—"
        rows.append(f"| {metric} | {mine[metric].rate()} | {other} | {goal} |")
    both = {"simplified ": simple, "traditional ": trad}
    trad_rows = table(both, [m for m, _, _ in METRICS if m in trad.metrics])
    trad_rows[0] = "| metric | simplified texts | traditional texts |"
    held_rows = table(held, [m for m, _, _ in METRICS])
    seconds = speed()
    n_forms = len(JIONLP_FORMS)
    jio_forms = f"{jionlp_forms_right(jio['forms'])}/{n_forms}" if jio is not None else "—"
    on_forms, extract_forms = forms_right()
    ok_trips = sum(ok for _, ok in trips)
    n_trad = sum("trad-" in name for name, _, _, _ in corpus)
    lines = [
        "# timeline extract on the project's news corpus",
        "",
        INTRO.format(n=len(corpus)),
        "",
        *rows,
        "",
        "## Goals",
        "",
        *goal_lines(mine, simple, trad, ok_trips, len(trips)),
        "",
        YEARLESS.format(cases=cases_table()),
        "",
        f"## Traditional characters ({n_trad} texts)",
        "",
        "trad-bulletin-02, trad-disaster-01 and trad-transport-01 are their simplified texts",
        "converted with OpenCC s2t (same keys); trad-tw-typhoon-01, trad-mo-grandprix-01 and",
        "the held-out held-trad-health-01, held2-trad-newyear-01, held3-trad-hk-budget-01,",
        "held4-trad-tw-flu-01, held4-trad-hk-court-01, held5-trad-mo-01,",
        "held5-trad-tw-stock-01, held6-trad-hk-01, held7-trad-tw-01, held8-trad-hk-01,",
        "held9-trad-tw-01, held10-trad-hk-01 and held11-trad-mo-01",
        "were written in",
        "traditional characters",
        "(Taiwan, Macao and Hong Kong usage).",
        "",
        *trad_rows,
        "",
        "## Held-out texts",
        "",
        HELD_NOTES,
        "",
        "Their rates now, after the fixes (no longer an estimate; the first scores above",
        "are the estimate):",
        "",
        *held_rows,
        "",
        "## jionlp's extended absolute forms",
        "",
        f"The {n_forms} solar-calendar absolute forms of jionlp's own test suite beyond the",
        "plain 2015年8月12日 (tests/data/jionlp_forms.yaml holds the list and",
        f"where it comes from): `timeline on` (`parse_span`) reads {on_forms}/{n_forms} right,",
        f"`timeline extract` {extract_forms}/{n_forms} (each inside a sentence, one mention",
        f"spanning jionlp's days); jionlp's own `parse_time` {jio_forms}.",
        "",
        "## What is left",
        "",
        "What the held-out sets found and the fixes leave open:",
        "",
        "- held11's first score met 6 of the 9 goals (as held10's did): exact days (91%) are",
        "  still the weakest on first sight, with qualifiers (80%, three of four misses were",
        "  datelines of new shapes) and figures (91%, units not in the list); the",
        "  whole-corpus rates are an upper bound, not an estimate.",
        "- a range of parts of months (1月中旬至2月上旬) is read as its start alone; its end",
        "  is found as a date of its own, so the range's end and qualifier are missed.",
        "- the days of a fixture list after a planned day (首战将于9月5日…。9月10日，…) are",
        "  read by the one rule (the last such day): 将 after the date in another clause,",
        "  or after its subject (10月10日和10月15日，中国队将分别…), does not mark it planned,",
        "  since 3月12日，省长表示将… is a past day; held11 lost four exact days to this.",
        "- a holiday's days off come from lunar-python's list (HolidayUtil); for a year it",
        "  does not list, 假期第三天 and 假期结束后的次日 count from the holiday's own day.",
        "- a relative day takes a date only after 即 or when said of it (…为, 是 and at most",
        "  six characters); 次日（4月7日） or 次日，即4月7日 still count from the last day.",
        "- a year said with a holiday moves a later year-less day to the nearest year: a",
        "  sentence that really means a day eleven months after the holiday would be wrong.",
        "- instructions are told by a word list (要求, 务必, 须, 应于, 请于 …); 通知各单位",
        "  …次日起 with none of these still counts 次日 from the dateline.",
        "- a digest's first line (早安江城｜6月12日 星期四) is now a dateline, but without a",
        "  reference its year still comes from the file date: the weekday is not used.",
        "- a text with no year anywhere is read against the file's modification date (the",
        "  CLI says so on stderr); a report saved long after it appeared gets the wrong",
        "  year. The library's `extract()` still raises YearUnknown.",
        "- the latest full date of a text is a guess at its year: a report of January 2025",
        "  that names only 2023年12月5日 would be read as of 2023/2024 (nearest that day).",
        "- a month and day with a slash is a date only where no fraction can stand: with a",
        "  clock time (10/30 13:40), after 自/从/截至 or a 于/在 that opens a plan (将于10/30),",
        "  before 起/开始/以来 or a slashed end (10/30至11/5); 1/3 after any other word (降至,",
        "  相当于, 约占) stays unread, so 会议10/30召开 is missed.",
        "- a notice is told by its title (通知, 公告, 通告 …), its foot date or its body",
        "  (特此通知, 现将…公告如下, a line addressing 各有关单位：); a notice with none of",
        "  these is read as a report. A foot-dated notice with both",
        "  a day planned within a month (将于8月20日) and a coming day beyond it reads back",
        "  through check only for the one rule (check reads each quote alone, as a report).",
        "- a year-less dateline takes the first year of the headline, else of its own",
        "  paragraph, else a 发布时间 stamp's: a January report headed by last year's figures",
        "  (2023年GDP增长5.2%) would take the wrong year; only 全年, 年度, 年底, 年末, 以来,",
        "  以前, 前 (not before a count: 2024年前三季度) and a year after 到/至 are skipped.",
        "- a bare three-digit year is a 民國 year only in a traditional text with 民國, 中央社,",
        "  臺北, 新北 or 行政院 in it; a quote `check` reads alone has none of these, so there",
        "  113年10月1日 gives 10月1日 only when its year-less reading is 2024 (else no date).",
        "- index points need a decimal, a grouped number, a number over 24 or 报/收/盘/涨/跌…",
        "  right before them; a count of points made (提出3点要求) needs one of a closed list",
        "  of words after it (要求, 意见, 建议, 措施, 做法 …).",
        "- 当日 after days to come tells the future from a word list (将, 预计, 计划, 拟, 可于,",
        "  可在, 届时); 庭审当日 finds its event only when the event's two-character name",
        "  stands in an earlier dated sentence (庭审 in 开庭审理).",
        "",
        "## Round trip and speed",
        "",
        f"- extract -F yaml, then check: {ok_trips}/{len(trips)} texts pass"
        + ("" if ok_trips == len(trips) else f" (failing: {[n for n, ok in trips if not ok]})"),
        f"- the shipped seed extracted 100 times: {seconds:.2f} s, best of three "
        "(goal: about 1.5 s; the module before this issue took 0.70 s on the same machine;",
        "  a one-character look-ahead in front of the date, figure and duration patterns",
        "  rules out most positions before the alternatives are tried)",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        (ROOT / "bench" / "EXTRACT.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
