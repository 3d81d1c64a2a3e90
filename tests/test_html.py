"""`-F html`: the writer without a browser, then the page itself in headless Chromium.

The browser tests need Playwright's Python package and a Chromium (``/usr/bin/chromium``,
or ``$CHROMIUM``); they skip when either is missing, which only a developer machine may be.
One browser serves the whole module. Every answer the page gives is compared with the CLI's
own (``list``/``search`` ``-F json``) on the same file, never with a hand-written list.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from helpers import DATA, ROOT, invoke_at_80
from timeline.model import Event, Figure, SeedSource, Source, Timeline
from timeline.output.html import content_security_policy, write_html
from timeline.output.records import DATE_KIND_LABELS, OutputContext, chinese_weekday
from timeline.output.safety import clean_line
from timeline.query import search_text
from timeline.store.open import load
from timeline.text.fold import fold

HTML_DATA = DATA / "html"
MIXED = HTML_DATA / "mixed.yaml"
HOSTILE = HTML_DATA / "hostile.yaml"
TERMINAL = DATA / "hostile" / "terminal.yaml"
SHIPPED = ROOT / "events.yaml"
ASSETS = ROOT / "timeline" / "output" / "html"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def page_text(path: Path | None, events: Sequence[Event] | None = None) -> str:
    """The page for a timeline file, its events in the CLI's `list` order."""
    timeline = load(str(path)) if path else Timeline("x.yaml", ())
    chosen = events if events is not None else sorted(timeline.events, key=lambda e: e.sort_key)
    out = io.StringIO()
    write_html(chosen, out, OutputContext(timeline))
    return out.getvalue()


def cli_ids(file: Path, *args: str) -> list[str]:
    """Event ids the CLI prints for `args` (an empty result prints nothing)."""
    text = invoke_at_80(file, *args, "-F", "json")
    return [record["id"] for record in json.loads(text or "[]")]


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in][-1] += data


def parse(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


def data_block(text: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" class="timeline-data">(.*?)</script>', text, re.S
    )
    assert match, "no data block"
    loaded: dict[str, Any] = json.loads(match.group(1))
    return loaded


# ---------------------------------------------------------------- the writer, no browser


def test_hostile_fields_stay_text() -> None:
    text = page_text(HOSTILE)
    page = parse(text)
    names = [tag for tag, _ in page.tags]
    assert not {"img", "svg", "iframe", "b"} & set(names)
    assert names.count("script") == 2
    assert names.count("style") == 1
    assert [attrs.get("type") for tag, attrs in page.tags if tag == "script"] == [
        "application/json",
        None,
    ]
    assert not [(t, a) for t, a in page.tags for name in a if name.startswith("on")]
    assert text.lower().count("</script") == 2
    assert text.lower().count("</style") == 1
    timeline = load(str(HOSTILE))
    escaped = "&lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=window.__pwned=1&gt;"
    assert f"<title>{escaped}</title>" in text
    assert f"<h1>{escaped}</h1>" in text
    assert "<cite>&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;</cite>" in text
    # The data survives byte for byte: the page shows exactly what the file says.
    records = data_block(text)["events"]
    by_id = {e.id: e for e in timeline.events}
    assert [r["id"] for r in records] == [
        e.id for e in sorted(timeline.events, key=lambda e: e.sort_key)
    ]
    for record in records:
        event = by_id[record["id"]]
        assert (record["title"], record["summary"], record["tags"]) == (
            event.title,
            event.summary,
            list(event.tags),
        )


def test_json_block_is_escaped_for_a_script_element() -> None:
    text = page_text(HOSTILE)
    block = re.search(r'class="timeline-data">(.*?)</script>', text, re.S)
    assert block
    assert not re.search("[<>&\u2028\u2029]", block.group(1))
    assert "\\u003c/script\\u003e" in block.group(1)
    assert "\\u2028" in block.group(1)
    assert data_block(text)["events"][0]["summary"].count("\u2028") == 1


def test_csp_forbids_every_request_and_names_our_code_by_hash() -> None:
    text = page_text(MIXED)
    page = parse(text)
    metas = [
        a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(metas) == 1
    policy = dict(p.strip().split(" ", 1) for p in str(metas[0]["content"]).split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["base-uri"] == policy["form-action"] == "'none'"

    def digest(code: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"

    assert policy["style-src"] == digest(page.raw["style"][0])
    assert policy["script-src"] == digest(page.raw["script"][1])
    assert "unsafe" not in str(metas[0]["content"])
    # The policy comes before anything it governs.
    assert text.index("Content-Security-Policy") < text.index("<style>") < text.index("<script")


def test_the_same_data_gives_the_same_bytes() -> None:
    assert page_text(MIXED) == page_text(MIXED)


def test_an_empty_selection_is_a_whole_page_and_the_code_is_small() -> None:
    text = page_text(MIXED, events=[])
    assert data_block(text)["events"] == []
    assert text.startswith("<!DOCTYPE html>")
    assert text.rstrip().endswith("</html>")
    # The page's own code (HTML, CSS, JS, no data) stays under 40 KB.
    code = page_text(None, events=[])
    assert len(code.encode("utf-8")) < 40_000


def test_records_carry_each_quote_in_its_sentence_and_its_seed() -> None:
    block = data_block(page_text(MIXED))
    records = {r["id"]: r for r in block["events"]}
    day = records["volunteer-day"]
    assert day["sources"] == [{"file": "seeds/report.txt", "quote": "益民园社区组织志愿者上门送菜"}]
    assert "source" not in day  # it repeats sources[0]
    assert day["contexts"] == [{"seed": 0, "line": 3, "before": "3月20日上午9时，", "after": "。"}]
    assert records["community-volunteers-deliver"]["contexts"] == []
    assert [c["seed"] for c in records["two-sources"]["contexts"]] == [0, 1]
    assert records["two-sources"]["contexts"][1]["line"] == 3
    assert block["kinds"] == DATE_KIND_LABELS
    assert block["sources"][1] == {
        "file": "seeds/second.txt",
        "title": "第二份报道",
        "publisher": "测试晚报",
        "dateline": "2022-04-01",
        "url": "https://example.org/second?id=1&x=2",
        "retrieved": "2022-04-02",
    }


def test_only_web_addresses_become_links() -> None:
    def links(text: str) -> list[str | None]:
        return [a["href"] for t, a in parse(text).tags if t == "a" and "href" in a]

    assert links(page_text(MIXED)) == ["https://example.org/second?id=1&x=2"]
    assert links(page_text(HOSTILE)) == []


def test_csp_helper_hashes_the_exact_text() -> None:
    policy = content_security_policy("a{}", "1;")
    assert "'sha256-" + base64.b64encode(hashlib.sha256(b"1;").digest()).decode() + "'" in policy


def _python_folds() -> dict[str, str]:
    """Each character whose casefold differs from its casefold-by-lowercase, as page.js lists."""
    table = {}
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or unicodedata.normalize("NFKC", char) != char:
            continue
        for low in char.lower():
            if low.casefold() != low:
                table[low] = low.casefold()
    return table


def test_the_js_fold_table_is_pythons() -> None:
    js = (ASSETS / "page.js").read_text(encoding="utf-8")
    match = re.search(r"var FOLDS = '([^']*)';", js)
    assert match
    listed = {pair[0]: pair[1:] for pair in match.group(1).split(" ")}
    assert listed == _python_folds()


# ---------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.skip("chromium is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _many_events(count: int) -> list[Event]:
    """Events enough to need paging: several a day, tags, figures, a quote each."""
    events = []
    for i in range(count):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=i // 7)
        events.append(
            Event(
                id=f"e{i:04d}",
                date=day,
                time=f"{8 + i % 7:02d}:00" if i % 2 else None,
                title=f"第{i}号事件 event {i}",
                summary=f"摘要 {i}",
                tags=("社区" if i % 3 == 0 else "志愿者", f"t{i % 5}"),
                figures=(Figure(text=f"{i}人", value=i, unit="人", label="人数"),),
                sources=(Source("seeds/none.txt", f"第{i}号引文"),),
            )
        )
    return events


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """file:// URLs of the pages the browser tests open."""
    folder = tmp_path_factory.mktemp("html")
    header = Timeline(
        "many.yaml", (), title="分页测试", sources=(SeedSource("seeds/none.txt", "来源"),)
    )
    texts = {
        "mixed": page_text(MIXED),
        "shipped": page_text(SHIPPED),
        "hostile": page_text(HOSTILE),
        "terminal": page_text(TERMINAL),
        "empty": page_text(MIXED, events=[]),
    }
    out = io.StringIO()
    write_html(_many_events(300), out, OutputContext(header))
    texts["many"] = out.getvalue()
    urls = {}
    for name, text in texts.items():
        path = folder / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        urls[name] = path.as_uri()
    return urls


class Opened:
    """A page in its own context, with every request, console message and error recorded."""

    def __init__(self, browser: Any, url: str, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.goto(url)
        self.page.wait_for_selector("html[data-ready]", state="attached")

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(message.text)

    def _route(self, route: Any) -> None:
        """Anything but the page's own file would be a request to the network: refuse it."""
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.problems.append(f"request to {route.request.url}")
            route.abort()

    def ids(self) -> list[str]:
        shown: list[str] = self.page.evaluate("timelinePage.shownIds()")
        rendered = self.page.eval_on_selector_all(".event", "els => els.map(e => e.id)")
        assert rendered == shown[: len(rendered)]
        return shown

    def search(self, query: str) -> list[str]:
        self.page.fill("input[name=q]", query)
        return self.ids()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def opened(browser: Any) -> Iterator[Any]:
    pages: list[Opened] = []

    def open_page(url: str, **options: Any) -> Opened:
        pages.append(Opened(browser, url, **options))
        return pages[-1]

    yield open_page
    for page in pages:
        page.close()


def test_the_page_loads_offline_and_shows_what_list_shows(
    opened: Any, pages: dict[str, str]
) -> None:
    view = opened(pages["shipped"])
    page = view.page
    records = json.loads(invoke_at_80(SHIPPED, "list", "-F", "json"))
    expected = [r["id"] for r in records]
    assert view.ids() == expected
    assert page.eval_on_selector_all(".event", "els => els.map(e => e.id)") == expected
    assert page.text_content(".count") == f"{len(expected)} / {len(expected)} 条事件"
    days = page.eval_on_selector_all(".day h2", "els => els.map(e => e.textContent)")
    headings = [  # a day's date and weekday; a span (是月: 2022-03) as written
        r["date"] if r["precision"] != "day" else
        f"{r['date']} {chinese_weekday(dt.date.fromisoformat(r['date']))}"
        for r in records
    ]  # fmt: skip
    assert [d.strip() for d in days] == list(dict.fromkeys(headings))
    assert "2022-03-20 周日" in days
    assert "2022-03 " in days
    assert page.eval_on_selector_all(
        ".day h2 time", "els => els.every(t => /^\\d{4}(-\\d\\d){1,2}$/.test(t.dateTime))"
    )
    notice = page.locator('[id="org-dept-urgent-notice-2022-03-20"]')
    assert notice.locator(".clock").get_attribute("datetime") == "2022-03-20T02:30"
    assert notice.locator(".clock").text_content() == "02:30"
    span = page.locator('[id="cadres-deployed-to-villages-communities-2022-03-20"]')
    assert span.locator(".until").text_content() == "至 2022-03-22"
    assert page.locator(".event .kind", has_text="报道日").count() > 0
    assert view.requests == [pages["shipped"]]
    assert view.problems == []


def test_the_quote_opens_inside_its_sentence(opened: Any, pages: dict[str, str]) -> None:
    page = opened(pages["mixed"]).page
    event = page.locator('[id="volunteer-day"]')
    assert not event.locator("mark.quoted").is_visible()
    event.locator("summary").click()
    assert event.locator("mark.quoted").text_content() == "益民园社区组织志愿者上门送菜"
    assert (
        event.locator(".quote").text_content() == "3月20日上午9时，益民园社区组织志愿者上门送菜。"
    )
    assert (
        event.locator(".cite").text_content()
        == "—— 测试报道 · 测试日报 · 2022-03-31 · seeds/report.txt 第 3 行"
    )
    assert event.locator(".tags .chip").all_text_contents() == ["志愿者", "社区", "Community"]
    both = page.locator('[id="two-sources"]')
    both.locator("summary").click()
    assert both.locator(".cite").all_text_contents() == [
        "来源 1 —— 测试报道 · 测试日报 · 2022-03-31 · seeds/report.txt 第 5 行",
        "来源 2 —— 第二份报道 · 测试晚报 · 2022-04-01 · seeds/second.txt 第 3 行",
    ]
    assert both.locator(".quote").nth(1).text_content() == (
        "3月20日，路南区磐石社区启用临时核酸采样点12个。"
    )
    assert both.locator(".figures li").text_content() == "临时核酸采样点12个来源 2"
    tally = page.locator('[id="volunteer-tally"]')
    assert tally.locator(".kind").text_content() == "截至"
    assert tally.locator(".figures li").text_content() == "投身疫情防控的志愿者16.9万余名"
    assert page.locator('[id="volunteers-register-online"] .kind').text_content() == "以来"


SEARCHES = [
    "社区",
    "志愿者",
    "社区 志愿者",
    "社区\u3000志愿者",
    "volunteer",
    "VoLuNtEeR",
    "ＶＯＬＵＮＴＥＥＲ",
    "strasse",
    "STRASSE",
    "οδοσ",
    "ガイド",
    "社区志",
    "小社区",
    "刘爱红",
    "16.9万",
    "磐石",
    "采样点 志愿者",
    "no-such-word",
]


def test_search_shows_exactly_what_the_cli_finds(opened: Any, pages: dict[str, str]) -> None:
    view = opened(pages["mixed"])
    for query in SEARCHES:
        assert view.search(query) == cli_ids(MIXED, "search", *query.split()), query
        assert view.page.text_content(".count .shown") == str(len(view.ids()))
    shipped = opened(pages["shipped"])
    for query in ["社区", "志愿者", "党员 社区", "临时党支部", "唐山", "核酸 检测"]:
        assert shipped.search(query) == cli_ids(SHIPPED, "search", *query.split()), query
    assert view.problems == shipped.problems == []


def test_the_page_searches_the_text_timeline_search_searches(
    opened: Any, pages: dict[str, str]
) -> None:
    """Same folded text per event and same folding of the terms: every query agrees."""
    for name, file in (("mixed", MIXED), ("shipped", SHIPPED), ("terminal", TERMINAL)):
        page = opened(pages[name]).page
        events = load(str(file)).events
        shown = page.evaluate("ids => ids.map(timelinePage.searchText)", [e.id for e in events])
        assert shown == [search_text(e) for e in events]


def test_the_page_folds_every_character_as_python_does(opened: Any, pages: dict[str, str]) -> None:
    page = opened(pages["empty"]).page
    chars = [
        chr(c) for c in range(1, 0x110000) if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")
    ]
    # One string each way, split at NUL (itself left out): quicker than 280,000 values.
    joined = page.evaluate(
        "s => s.split('\\0').map(timelinePage.fold).join('\\0')", "\0".join(chars)
    )
    folded = joined.split("\0")
    wrong = [(c, f) for c, f in zip(chars, folded, strict=True) if f != fold(c)]
    assert wrong == []
    # Context and composition: final sigma, combining marks, full width in a run.
    samples = ["ΟΔΟΣ ΟΔΟΣ", "e\u0301 \u1e9b\u0323", "ＡＢＣ社区（二）ß ﬁ ｶﾞ", "İstanbul ǅ ᾼ"]
    assert page.evaluate("ss => ss.map(timelinePage.fold)", samples) == [fold(s) for s in samples]
    spaces = "a" + "b".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\ufeffc"
    assert page.evaluate("s => timelinePage.terms(s)", spaces) == [fold(t) for t in spaces.split()]


def test_facets_dates_and_the_url_round_trip(opened: Any, pages: dict[str, str]) -> None:
    view = opened(pages["mixed"])
    page = view.page
    page.locator('.facet[data-kind="tag"] .chip', has_text="社区").first.click()
    assert view.ids() == cli_ids(MIXED, "list", "--tag", "社区")
    chip = page.locator('.facet[data-kind="tag"] .chip[aria-pressed="true"]')
    assert chip.text_content() == f"社区 {len(view.ids())}"
    view.search("志愿者")
    assert view.ids() == cli_ids(MIXED, "search", "志愿者", "--tag", "社区")
    assert page.evaluate("location.hash") == "#q=" + quote("志愿者") + "&tag=" + quote("社区")
    # Counts of the other facets are counts within the selection.
    counts = dict(
        page.eval_on_selector_all(
            '.facet[data-kind="tag"] .chip',
            "els => els.map(e => [e.firstChild.textContent, +e.querySelector('.n').textContent])",
        )
    )
    assert counts["志愿者"] == len(
        cli_ids(MIXED, "search", "志愿者", "--tag", "社区", "--tag", "志愿者")
    )
    page.fill("input[name=q]", "")
    page.fill("input[name=from]", "2022-03-21")
    page.fill("input[name=to]", "2022-03-25")
    page.locator("input[name=to]").dispatch_event("change")
    assert view.ids() == cli_ids(
        MIXED, "list", "--tag", "社区", "--from", "2022-03-21", "--to", "2022-03-25"
    )
    url = page.url
    assert "from=2022-03-21" in url
    assert "to=2022-03-25" in url
    again = opened(url)
    assert again.ids() == view.ids()
    assert again.page.input_value("input[name=from]") == "2022-03-21"
    assert again.page.locator('.facet .chip[aria-pressed="true"]').all_text_contents() == [
        chip.text_content()
    ]
    # Names filter as --person, --org and --place do: whole names, case and width aside.
    # (One page: a new hash, as from a link or the address bar, restores its state.)
    names = opened(pages["mixed"])
    for facets in (
        {"place": "路南区", "person": "刘爱红"},
        {"org": "唐山市委组织部"},
        {"place": "οδός αθηνάς"},
        {"person": "于欣", "tag": "志愿者"},
    ):
        names.page.evaluate(
            """h => new Promise(done => {
                 addEventListener('hashchange', () => setTimeout(done), {once: true});
                 location.hash = h;
               })""",
            "&".join(f"{k}={quote(v)}" for k, v in facets.items()),
        )
        args = [arg for k, v in facets.items() for arg in (f"--{k}", v)]
        assert names.ids() == cli_ids(MIXED, "list", *args), facets
    # The issue's own example, typed with its Chinese as it is.
    raw = opened(pages["mixed"] + "#q=志愿者&tag=社区")
    assert raw.ids() == cli_ids(MIXED, "search", "志愿者", "--tag", "社区")
    # A URL typed by hand: case and width do not matter to tags, as with --tag.
    typed = opened(pages["mixed"] + "#q=" + quote("ＶＯＬＵＮＴＥＥＲ") + "&tag=COMMUNITY")
    assert typed.page.input_value("input[name=q]") == "ＶＯＬＵＮＴＥＥＲ"
    assert typed.ids() == cli_ids(MIXED, "search", "ＶＯＬＵＮＴＥＥＲ", "--tag", "COMMUNITY")
    typed.page.click(".clear")
    assert typed.ids() == cli_ids(MIXED, "list")
    assert typed.page.evaluate("location.hash") == ""
    assert view.problems == again.problems == typed.problems == []


def test_a_permalink_opens_its_event_beyond_the_first_chunk(
    opened: Any, pages: dict[str, str]
) -> None:
    view = opened(pages["many"] + "#e0250", viewport={"width": 1280, "height": 800})
    page = view.page
    assert page.evaluate("document.activeElement.id") == "e0250"
    target = page.locator('[id="e0250"]')
    assert "is-target" in str(target.get_attribute("class"))
    box = target.bounding_box()
    assert box
    assert 0 <= box["y"] < 800
    # A hidden event's link drops the filters that hide it.
    page.fill("input[name=q]", "第1号事件")
    page.evaluate("location.hash = '#e0299'")
    page.wait_for_function("() => document.activeElement.id === 'e0299'")
    assert page.input_value("input[name=q]") == ""
    assert len(view.ids()) == 300
    assert view.problems == []


def test_large_selections_render_in_chunks(opened: Any, pages: dict[str, str]) -> None:
    page = opened(pages["many"]).page
    first = page.locator(".event").count()
    assert 20 <= first < 300
    assert page.text_content(".count") == "300 / 300 条事件"
    page.click(".more")
    assert page.locator(".event").count() >= 2 * first
    # Scrolling down renders the rest, a chunk each time the end comes near.
    for _ in range(20):
        if page.locator(".more").is_hidden():
            break
        page.mouse.wheel(0, 20_000)
        page.wait_for_timeout(50)
    assert page.locator(".event").count() == 300
    assert page.locator(".more").is_hidden()


def test_print_shows_every_event_expanded(opened: Any, pages: dict[str, str]) -> None:
    view = opened(pages["many"])
    page = view.page
    page.emulate_media(media="print")
    page.wait_for_function("() => document.querySelectorAll('.event').length === 300")
    assert page.eval_on_selector_all(".event details", "ds => ds.length && ds.every(d => d.open)")
    assert page.locator('[id="e0299"] mark.quoted').is_visible()
    assert page.locator("input[name=q]").is_hidden()
    assert page.locator(".facets").is_hidden()
    page.emulate_media(media="screen")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.event details')].every(d => !d.open)"
    )


def test_keyboard(opened: Any, pages: dict[str, str]) -> None:
    page = opened(pages["mixed"]).page
    keyboard = page.keyboard
    # Tab reaches the header's source link, then the controls, and shows where focus is.
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "原文链接"
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "q"
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "from"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.evaluate("document.activeElement.blur()")
    keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"
    keyboard.type("社区")
    assert page.text_content(".count .shown") == str(len(cli_ids(MIXED, "search", "社区")))
    keyboard.press("Escape")
    assert page.input_value("input[name=q]") == ""
    assert page.text_content(".count .shown") == str(len(cli_ids(MIXED, "list")))
    page.evaluate("document.activeElement.blur()")
    ids = cli_ids(MIXED, "list")
    keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == ids[0]
    keyboard.press("j")
    keyboard.press("j")
    keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == ids[1]
    keyboard.press("Enter")
    assert page.evaluate("document.activeElement.querySelector('details').open")
    keyboard.press("Enter")
    assert not page.evaluate("document.activeElement.querySelector('details').open")
    # From an event, Tab goes on to its title (the permalink), with a visible outline.
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "permalink"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    labels = page.eval_on_selector_all(
        "input", "els => els.map(e => e.closest('label') && e.closest('label').textContent.trim())"
    )
    assert labels == ["搜索", "从", "到"]


def test_hostile_data_runs_nothing_and_shows_literally(opened: Any, pages: dict[str, str]) -> None:
    for name, file in (("hostile", HOSTILE), ("terminal", TERMINAL)):
        timeline = load(str(file))
        first = sorted(timeline.events, key=lambda e: e.sort_key)[0]
        view = opened(pages[name] + "#" + quote(first.id, safe=""))
        page = view.page
        assert page.evaluate("document.activeElement.id") == first.id
        for summary in page.locator("summary").all():
            summary.click()
        for chip in page.locator(".chip").all()[:6]:
            chip.click()
        page.click(".clear")
        titles = page.eval_on_selector_all(".event .title", "els => els.map(e => e.textContent)")
        expected = [clean_line(e.title) for e in sorted(timeline.events, key=lambda e: e.sort_key)]
        assert titles == expected
        assert page.text_content("h1") == clean_line(timeline.title)
        assert page.evaluate("window.__pwned") is None
        assert page.locator("img, svg, iframe, .event script, .event style").count() == 0
        assert view.requests == [pages[name]]
        assert view.problems == []
    payload = "<img src=x onerror=window.__pwned=1>"
    view = opened(
        pages["hostile"]
        + "#q="
        + quote(payload)
        + "&tag="
        + quote("</script><script>window.__pwned=1</script>")
    )
    assert view.page.input_value("input[name=q]") == payload
    assert view.page.evaluate("window.__pwned") is None
    assert view.problems == []


def test_phone_and_dark(opened: Any, pages: dict[str, str]) -> None:
    phone = opened(pages["shipped"], viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Words of hundreds of letters wrap inside the column rather than widen the page.
    long_words = opened(pages["terminal"], viewport={"width": 390, "height": 844}).page
    long_words.eval_on_selector_all(
        ".event", "es => es.forEach(e => { e.style.contentVisibility = 'visible'; })"
    )
    long_words.eval_on_selector_all("details", "ds => ds.forEach(d => { d.open = true; })")
    assert long_words.evaluate("document.documentElement.scrollWidth") <= 390
    widths = long_words.eval_on_selector_all(
        ".event", "es => es.map(e => e.scrollWidth - e.clientWidth)"
    )
    assert widths
    assert max(widths) <= 0
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    light = opened(pages["shipped"], color_scheme="light").page.evaluate(
        "getComputedStyle(document.body).backgroundColor"
    )
    assert dark != light


def test_an_empty_page_says_so(opened: Any, pages: dict[str, str]) -> None:
    view = opened(pages["empty"])
    assert view.page.text_content(".count") == "0 / 0 条事件"
    assert view.page.locator(".empty").is_visible()
    assert view.problems == []


AXE = Path(os.environ.get("AXE_CORE", ROOT / ".axe" / "node_modules" / "axe-core" / "axe.min.js"))


@pytest.mark.parametrize("name", ["shipped", "mixed", "empty"])
def test_an_accessibility_checker_finds_nothing_serious(
    opened: Any, pages: dict[str, str], name: str
) -> None:
    """axe-core (npm, installed by .ci/run for the tests only) on the page as served."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm install --prefix .axe axe-core)")
    view = opened(pages[name])
    view.page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluate: the page's CSP still holds
    found = view.page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.length + ' ' + v.help)"
    )
    assert found == []
