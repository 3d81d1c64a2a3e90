"""Benchmark the `-F html` page in headless Chromium, next to TimelineJS 3, and take its pictures.

Run from the project's virtualenv (it needs the project, jinja2 and playwright installed,
and a Chromium at /usr/bin/chromium or $CHROMIUM; node/npm for TimelineJS):

    .venv/bin/python bench/html_bench.py              # about a minute
    .venv/bin/python bench/html_bench.py --runs 3 --no-timelinejs --no-screenshots

What it measures, every time from scratch, in bench/work/html/ (git-ignored):

* the page's own code: an empty page (HTML, CSS and JS, no data), in KB;
* writing the page in Python (`write_html`) for 1,000 and 10,000 events of bench/synth.py,
  its time and the writer's peak traced memory, and the page's size;
* time to interactive, opening the page from file:// in a fresh tab: the page's own
  ``timeline-ready`` mark (data parsed, indexes built, the first chunk of events in the
  DOM, every handler attached) and the first frame painted after it, from navigation start;
* a search keystroke at 10,000 events: the time from the input event to the next frame
  painted (filter, facet counts, first chunk re-rendered), for each keystroke of a few
  words typed one character at a time; the first keystroke also folds every event's text;
* TimelineJS 3 (npm ``@knight-lab/timelinejs``, installed into bench/work/tljs, loaded
  from those local files, never a CDN) rendering 1,000 events of our ``-F timelinejs``
  export: navigation start to its ``loaded`` event and the next frame.

It prints a Markdown table of medians, and writes docs/img/html-1280.png (wide, light)
and docs/img/html-390.png (phone, dark) of the shipped timeline.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
OUT = WORK / "html"
TLJS_DIR = WORK / "tljs"
TLJS_VERSION = "3.9.11"
sys.path.insert(0, str(HERE))

from synth import SEARCH_WORD, write_yaml  # noqa: E402

from timeline.model import Timeline  # noqa: E402
from timeline.output.html import write_html  # noqa: E402
from timeline.output.records import OutputContext  # noqa: E402
from timeline.store.open import load  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: Typed one character at a time: a word in about a fifth of the events, a rare word
#: (SEARCH_WORD, in about 1%), and two terms.
TYPED = ("网格", SEARCH_WORD, "社区 志愿者")
_FRAME = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"


def timeline_file(count: int) -> Path:
    """A synthetic timeline of `count` events with the seeds beside it (quotes resolve)."""
    OUT.mkdir(parents=True, exist_ok=True)
    seeds = OUT / "seeds"
    if not seeds.exists():
        seeds.symlink_to(ROOT / "seeds", target_is_directory=True)
    path = OUT / f"synth-{count}.yaml"
    if not path.exists():
        write_yaml(path, count)
    return path


def write_page(timeline: Timeline, path: Path) -> dict[str, float]:
    """Write the page of every event; its time, the writer's peak memory and the size."""
    events = sorted(timeline.events, key=lambda e: e.sort_key)
    started = time.perf_counter()
    with path.open("w", encoding="utf-8") as out:
        write_html(events, out, OutputContext(timeline))
    seconds = time.perf_counter() - started
    with open(os.devnull, "w", encoding="utf-8") as sink:  # the page itself is not kept
        tracemalloc.start()
        write_html(events, sink, OutputContext(timeline))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"write_s": seconds, "peak_mb": peak / 1e6, "size_mb": path.stat().st_size / 1e6}


def code_size() -> float:
    """KB of an empty page: the page's own HTML, CSS and JS, no data."""
    out = io.StringIO()
    write_html([], out, OutputContext(Timeline("empty.yaml", ())))
    return len(out.getvalue().encode("utf-8")) / 1000


def open_ready(browser: Any, url: str, **options: Any) -> tuple[Any, Any]:
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.extend([m.text] if m.type == "error" else []))
    page.goto(url)
    page.wait_for_selector("html[data-ready]", state="attached")
    if errors:
        raise SystemExit(f"{url}: {errors}")
    return context, page


#: Installed before the page's own script: when the page marks itself ready, wait for the
#: next frame and note the time (the page itself is not changed for the benchmark).
_WATCH_READY = """
new MutationObserver((changes, observer) => {
  if (!document.documentElement.hasAttribute('data-ready')) return;
  observer.disconnect();
  requestAnimationFrame(() => setTimeout(() => { window.__paintedAt = performance.now(); }, 0));
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-ready']});
"""


def time_to_interactive(browser: Any, url: str, runs: int) -> tuple[float, float]:
    """Median ms from navigation start to the ready mark, and to the next frame after it."""
    ready, painted = [], []
    for _ in range(runs):
        context = browser.new_context()
        context.add_init_script(_WATCH_READY)
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => window.__paintedAt !== undefined")
        ready.append(
            page.evaluate("() => performance.getEntriesByName('timeline-ready')[0].startTime")
        )
        painted.append(page.evaluate("() => window.__paintedAt"))
        context.close()
    return statistics.median(ready), statistics.median(painted)


def keystrokes(browser: Any, url: str) -> tuple[float, float, float, int]:
    """First keystroke (builds the folded text), then median and max of the others, in ms."""
    context, page = open_ready(browser, url)
    times = page.evaluate(
        """async (words) => {
             const input = document.querySelector('input[name=q]');
             const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
             const out = [];
             for (const word of words) {
               for (let i = 1; i <= word.length; i++) {
                 const t0 = performance.now();
                 input.value = word.slice(0, i);
                 input.dispatchEvent(new Event('input', {bubbles: true}));
                 await frame();
                 out.push(performance.now() - t0);
               }
               input.value = '';
               input.dispatchEvent(new Event('input', {bubbles: true}));
               await frame();
             }
             return out;
           }""",
        list(TYPED),
    )
    context.close()
    rest = times[1:]
    return times[0], statistics.median(rest), max(rest), len(times)


def install_timelinejs() -> Path:
    """TimelineJS from npm into bench/work/tljs (git-ignored); its dist folder."""
    dist = TLJS_DIR / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
    if not (dist / "js" / "timeline.js").exists():
        TLJS_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", f"@knight-lab/timelinejs@{TLJS_VERSION}"],
            cwd=TLJS_DIR,
            check=True,
            capture_output=True,
        )
    return dist


def timelinejs_page(yaml_path: Path, dist: Path) -> Path:
    """Our `-F timelinejs` export of the file, handed unedited to TimelineJS from local files."""
    folder = OUT / "tljs"
    folder.mkdir(parents=True, exist_ok=True)
    exported = folder / "timeline.json"
    subprocess.run(
        [sys.executable, "-m", "timeline", "--file", str(yaml_path), "list", "-F", "timelinejs",
         "-o", str(exported)],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    # file:// cannot fetch JSON, so the export becomes a script that sets one variable.
    (folder / "data.js").write_text(
        "window.TIMELINE_DATA = " + exported.read_text(encoding="utf-8") + ";\n", encoding="utf-8"
    )
    page = folder / "index.html"
    page.write_text(
        f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>TimelineJS bench</title>
<link rel="stylesheet" href="{(dist / "css" / "timeline.css").as_uri()}">
<style>html, body {{ height: 100%; margin: 0; }} #embed {{ height: 100%; }}</style>
<script src="{(dist / "js" / "timeline.js").as_uri()}"></script>
<script src="data.js"></script></head>
<body><div id="embed"></div>
<script>
  const timeline = new TL.Timeline('embed', window.TIMELINE_DATA,
    {{script_path: '{(dist / "js").as_uri()}/', hash_bookmark: false}});
  timeline.on('loaded', () => requestAnimationFrame(() => setTimeout(() => {{
    window.loadedAt = performance.now();
  }}, 0)));
</script></body></html>
""",
        encoding="utf-8",
    )
    return page


def timelinejs_time(browser: Any, page_path: Path, runs: int) -> tuple[float, int, list[str]]:
    """Median ms from navigation start to TimelineJS's `loaded` and the next frame.

    TimelineJS's stylesheet asks fonts.gstatic.com for its fonts: those requests are
    refused (no network here, and none for a fair comparison) and returned for the report.
    """
    times: list[float] = []
    slides = 0
    refused: list[str] = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        refused.clear()

        def refuse(request_route: Any) -> None:
            refused.append(request_route.request.url)
            request_route.abort()

        context.route(re.compile(r"^(https?|wss?)://"), refuse)
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_function("() => window.loadedAt !== undefined", timeout=120_000)
        times.append(page.evaluate("window.loadedAt"))
        slides = page.evaluate("document.querySelectorAll('.tl-slide').length")
        context.close()
    return statistics.median(times), slides, sorted({u.split("/")[2] for u in refused})


#: Opens the first event on screen whose quote has words of its sentence around it.
_OPEN_A_QUOTE = """() => {
  const shown = [...document.querySelectorAll('.event')].filter(
    e => e.getBoundingClientRect().top < innerHeight - 300);
  const pick = shown.find(e => [...e.querySelectorAll('.before, .after')].some(
    s => s.textContent.trim().length > 4)) || shown[0];
  pick.querySelector('details').open = true;
}"""


def screenshots(browser: Any, folder: Path) -> list[Path]:
    """The shipped timeline's page, wide and light, then phone-sized and dark."""
    page_path = OUT / "shipped.html"
    write_page(load(str(ROOT / "events.yaml")), page_path)
    url = page_path.as_uri()
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    views = (
        ("html-1280.png", {"width": 1280, "height": 900}, "light"),
        ("html-390.png", {"width": 390, "height": 844}, "dark"),
    )
    for name, viewport, scheme in views:
        context, page = open_ready(
            browser, url, viewport=viewport, color_scheme=scheme, locale="zh-CN"
        )
        if viewport["width"] > 600:  # open a quote that sits inside a longer sentence
            page.evaluate(_OPEN_A_QUOTE)
        page.evaluate(_FRAME)
        page.screenshot(path=str(folder / name))
        shots.append(folder / name)
        context.close()
    return shots


def python_rows(pages: dict[int, Path]) -> list[tuple[str, str]]:
    """The page's own code, and the Python writer at each size (writes `pages`)."""
    rows = [("page's own code (HTML + CSS + JS, no data)", f"{code_size():.1f} KB")]
    for count, path in pages.items():
        written = write_page(load(str(timeline_file(count))), path)
        rows.append(
            (
                f"write_html, {count:,} events (Python)",
                f"{written['write_s'] * 1000:.0f} ms; writer's peak {written['peak_mb']:.0f} MB"
                f" traced; page {written['size_mb']:.1f} MB",
            )
        )
    return rows


def browser_rows(browser: Any, pages: dict[int, Path], args: argparse.Namespace) -> list[Any]:
    """Time to interactive at each size, keystrokes at 10,000, TimelineJS at 1,000."""
    rows = []
    for count, path in pages.items():
        ready, painted = time_to_interactive(browser, path.as_uri(), args.runs)
        name = f"time to interactive, {count:,} events (ready mark / next frame)"
        rows.append((name, f"{ready:.0f} ms / {painted:.0f} ms"))
    first, median, worst, typed = keystrokes(browser, pages[10_000].as_uri())
    rows.append(("search keystroke, 10,000 events: the first", f"{first:.0f} ms"))
    name = f"search keystroke, 10,000 events: median / max of the next {typed - 1}"
    rows.append((name, f"{median:.0f} ms / {worst:.0f} ms"))
    if not args.no_timelinejs:
        page = timelinejs_page(timeline_file(1_000), install_timelinejs())
        tljs, slides, refused = timelinejs_time(browser, page, args.runs)
        hosts = f"; requests to {', '.join(refused)} refused" if refused else ""
        name = f"TimelineJS {TLJS_VERSION}, 1,000 events ({slides} slides{hosts}): loaded + frame"
        rows.append((name, f"{tljs:.0f} ms"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh page loads per measurement")
    parser.add_argument("--no-timelinejs", action="store_true", help="skip TimelineJS")
    parser.add_argument("--no-screenshots", action="store_true", help="skip docs/img pictures")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    pages = {count: OUT / f"page-{count}.html" for count in (1_000, 10_000)}
    rows = python_rows(pages)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        rows += browser_rows(browser, pages, args)
        version = browser.version
        shots = [] if args.no_screenshots else screenshots(browser, ROOT / "docs" / "img")
        browser.close()
    print(f"Chromium {version} (headless), {os.cpu_count()} CPUs, medians of {args.runs} loads\n")
    print("| measure | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    for shot in shots:
        print(f"\nwrote {shot.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
