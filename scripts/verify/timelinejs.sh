#!/usr/bin/env bash
# Verify that `timeline list -F timelinejs` renders in the real TimelineJS3, unedited.
#
# What it does:
#   1. exports a timeline with `timeline list -F timelinejs -o OUT/timeline.json`
#      (the embedded Tangshan timeline, or the file in $TIMELINE_FILE);
#   2. writes OUT/index.html, which loads TimelineJS's own dist/js/timeline.js and
#      dist/css/timeline.css from the npm package and hands TimelineJS the exported file
#      by URL — `new TL.Timeline('timeline-embed', 'timeline.json', {hash_bookmark: true})` —
#      exactly as a site embedding the file would. After TimelineJS fires `loaded`, the page
#      writes a JSON report of what TimelineJS built into <pre id="verify-report">;
#   3. serves OUT with `python3 -m http.server` on 127.0.0.1 (a free port) and drives
#      headless Chromium: --dump-dom for the report, --screenshot for the pictures,
#      --enable-logging=stderr to catch console errors. Views: the title slide, then
#      `#event-<unique_id>` for every timed or multi-day event (at most $MAX_VIEWS), and the
#      first timed event again with TimelineJS's zh-cn locale;
#   4. checks each view and prints one line per check:
#        PASS / FAIL  rendering: TimelineJS loaded, no config/JS/console error, one slide per
#                     event + the title slide, every headline, display_date and group label
#                     shown as exported (as text), a marker per event, the hash opens that slide;
#        DIFF         renders, but what a reader sees differs from the export's meaning
#                     (slide order; how much time a span's bar covers).
#
# Needs: the npm package in $TLJS_DIR (default /tmp/tljs:
#   mkdir -p /tmp/tljs && cd /tmp/tljs && npm install @knight-lab/timelinejs),
#   chromium and CJK fonts (apt-get install -y chromium fonts-noto-cjk), python3.
# Usage: scripts/verify/timelinejs.sh [OUT_DIR]     (default /tmp/timeline-verify/timelinejs)
# Env:   TIMELINE=path/to/timeline  TIMELINE_FILE=events.yaml  TLJS_DIR=/tmp/tljs
#        CHROMIUM=/usr/bin/chromium  MAX_VIEWS=8  IMG_DIR=dir (copy the screenshots there)
#        STRICT=1 (DIFF lines fail too)
# Exit status: 0 when no FAIL (and, with STRICT=1, no DIFF); 1 otherwise; 2 missing tools.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TIMELINE=${TIMELINE:-$ROOT/.venv/bin/timeline}
TLJS_DIR=${TLJS_DIR:-/tmp/tljs}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
MAX_VIEWS=${MAX_VIEWS:-8}
OUT=${1:-/tmp/timeline-verify/timelinejs}
DIST=$TLJS_DIR/node_modules/@knight-lab/timelinejs/dist

[ -f "$DIST/js/timeline.js" ] || { echo "no TimelineJS at $DIST (npm install @knight-lab/timelinejs in $TLJS_DIR)" >&2; exit 2; }
[ -x "$CHROMIUM" ] || { echo "no chromium at $CHROMIUM (apt-get install -y chromium)" >&2; exit 2; }

rm -rf "$OUT" && mkdir -p "$OUT"
ln -s "$DIST" "$OUT/dist"
TLJS_VERSION=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
    "$TLJS_DIR/node_modules/@knight-lab/timelinejs/package.json")
echo "TimelineJS $TLJS_VERSION; $("$CHROMIUM" --version 2>/dev/null); $("$TIMELINE" --version)"

"$TIMELINE" list -F timelinejs -o "$OUT/timeline.json"
echo "exported ${TIMELINE_FILE:-the embedded timeline} to $OUT/timeline.json ($(wc -c <"$OUT/timeline.json") bytes)"

cat >"$OUT/index.html" <<'HTML'
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>timeline -F timelinejs in TimelineJS3</title>
<link rel="stylesheet" href="dist/css/timeline.css">
<style>html, body { height: 100%; margin: 0; } #timeline-embed { height: 100%; }
#verify-report { display: none; }</style>
<script>
  // Record anything that goes wrong before and while TimelineJS runs.
  window.__errors = [];
  window.addEventListener('error', e => window.__errors.push('uncaught: ' + e.message));
  window.addEventListener('unhandledrejection', e => window.__errors.push('rejection: ' + e.reason));
  const _consoleError = console.error;
  console.error = function (...args) { window.__errors.push('console.error: ' + args.join(' ')); _consoleError.apply(console, args); };
</script>
<script src="dist/js/timeline.js"></script>
</head>
<body>
<div id="timeline-embed"></div>
<pre id="verify-report"></pre>
<script>
  const params = new URLSearchParams(location.search);
  // script_path: where TimelineJS fetches its locale files (by default its CDN, unreachable here).
  const options = { hash_bookmark: true, language: params.get('lang') || 'en',
                    script_path: new URL('dist/js/', location.href).href };
  const timeline = new TL.Timeline('timeline-embed', 'timeline.json', options);
  const text = el => (el ? el.textContent.trim() : null);
  function report(stage) {
    const current = document.querySelector('.tl-slide.tl-slide-active') ||
      (timeline.current_id && document.getElementById(timeline.current_id));
    const config = timeline.config || null;
    const out = {
      stage: stage,
      ready: !!timeline.ready,
      config_errors: config && config.getErrors ? config.getErrors().map(String) : ['no config'],
      js_errors: window.__errors,
      xss: window.__xss || 0,
      message: text(document.querySelector('.tl-message-container')),
      title_headline: text(document.querySelector('.tl-slide-titleslide .tl-headline')),
      title_text: text(document.querySelector('.tl-slide-titleslide .tl-text-content')),
      slides: Array.from(document.querySelectorAll('.tl-storyslider .tl-slide')).map(s => ({
        id: s.id,
        date: text(s.querySelector('.tl-headline-date')),
        headline: text(s.querySelector('.tl-headline')),
      })),
      markers: Array.from(document.querySelectorAll('.tl-timemarker')).map(m => ({
        headline: text(m.querySelector('.tl-headline')),
        left: parseFloat(m.style.left),
        span: /tl-timemarker-with-end/.test(m.className),
        width: parseFloat(m.style.width) || 0,
      })),
      groups: Array.from(document.querySelectorAll('.tl-timegroup-message')).map(g => ({
        text: text(g), elements: g.querySelectorAll('*').length })),
      // axis labels inside the visible window
      axis_ticks: Array.from(document.querySelectorAll('.tl-timeaxis-major .tl-timeaxis-tick'))
        .filter(t => { const r = t.getBoundingClientRect(); return r.left >= 0 && r.left < innerWidth; })
        .map(t => text(t.querySelector('.tl-timeaxis-tick-text'))).filter(Boolean),
      current_id: timeline.current_id || null,
      current: current ? { id: current.id, date: text(current.querySelector('.tl-headline-date')),
                           headline: text(current.querySelector('.tl-headline')) } : null,
    };
    document.getElementById('verify-report').textContent = JSON.stringify(out);
  }
  let loaded = false;
  report('constructed');
  timeline.on('loaded', () => { loaded = true; setTimeout(() => report('loaded'), 1500); });
  setTimeout(() => { if (!loaded) report('no loaded event after 6 s'); }, 6000);
</script>
</body>
</html>
HTML

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$OUT" >"$OUT/http.log" 2>&1 &
SERVER=$!
PROFILES=$(mktemp -d /tmp/tljs-chromium.XXXXXX)
cleanup() { kill "$SERVER" 2>/dev/null || true; rm -rf "$PROFILES"; }
trap cleanup EXIT
for _ in $(seq 50); do
    python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$PORT" 2>/dev/null && break
    sleep 0.1
done
BASE="http://127.0.0.1:$PORT/index.html"

chrome() {  # chrome LOGNAME ARGS... — one headless run with a fresh profile; stderr kept
    local name=$1; shift
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$(mktemp -d "$PROFILES/p.XXXXXX")" --window-size=1400,900 \
        --enable-logging=stderr --v=0 --virtual-time-budget=8000 "$@" 2>"$OUT/$name.stderr"
}

# Views: name|query|hash. Warm up once first: a cold font cache (CJK fonts) can make the
# first run's screenshot catch the time navigator before it is laid out.
python3 - "$OUT/timeline.json" "$MAX_VIEWS" >"$OUT/views.txt" <<'PY'
import json, sys
events = json.load(open(sys.argv[1], encoding="utf-8"))["events"]
picked = [e["unique_id"] for e in events if "hour" in e["start_date"] or "end_date" in e]
picked = picked[: int(sys.argv[2])]
print("title||")
for uid in picked:
    print(f"event-{uid}||#event-{uid}")
timed = [e["unique_id"] for e in events if "hour" in e["start_date"]]
if timed:
    last = timed[-1]  # the latest timed event, once more with TimelineJS's Chinese locale
    print(f"event-{last}-zh-cn|?lang=zh-cn|#event-{last}")
PY
chrome warmup --dump-dom "$BASE" >/dev/null || true
while IFS='|' read -r name query hash; do
    chrome "$name.dom" --dump-dom "$BASE$query$hash" >"$OUT/$name.html"
    chrome "$name.png" --screenshot="$OUT/timelinejs-$name.png" "$BASE$query$hash" >/dev/null
    echo "view $name: $BASE$query$hash"
done <"$OUT/views.txt"

status=0
python3 - "$OUT" "${STRICT:-0}" <<'PY' || status=$?
import datetime as dt
import html, json, re, sys
from pathlib import Path

out, strict = Path(sys.argv[1]), sys.argv[2] == "1"
doc = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
events = doc["events"]
expect = {e["unique_id"]: e for e in events}
fails: list[str] = []
diffs: list[str] = []


def check(ok: bool, what: str, kind: str = "FAIL") -> None:
    print(("PASS " if ok else f"{kind} ") + what)
    if not ok:
        (fails if kind == "FAIL" else diffs).append(what)


def report(name: str) -> dict:
    page = (out / f"{name}.html").read_text(encoding="utf-8")
    m = re.search(r'<pre id="verify-report">(.*?)</pre>', page, re.S)
    return json.loads(html.unescape(m.group(1))) if m and m.group(1).strip() else {}


def plain(value: str) -> str:
    """What a browser shows for the exporter's HTML: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", value)).strip()


def console_errors(name: str) -> list[str]:
    lines = []
    for suffix in ("dom", "png"):
        for line in (out / f"{name}.{suffix}.stderr").read_text(errors="replace").splitlines():
            if "CONSOLE" in line and re.search(r"error|TLError|exception|failed", line, re.I):
                lines.append(line.strip())
    return lines


def moment(date: dict) -> dt.datetime:
    return dt.datetime(date["year"], date["month"], date["day"], date.get("hour", 0), date.get("minute", 0))


views = [line.split("|") for line in (out / "views.txt").read_text().splitlines()]
for name, query, hash_ in views:
    target = hash_.removeprefix("#event-") or None
    r = report(name)
    print(f"--- view {name} ({query}{hash_}): stage={r.get('stage')}")
    check(r.get("stage") == "loaded", f"{name}: TimelineJS fired 'loaded'")
    check(r.get("config_errors") == [], f"{name}: no TimelineJS config errors {r.get('config_errors')}")
    check(r.get("js_errors") == [], f"{name}: no uncaught/console JS errors {r.get('js_errors')}")
    errs = console_errors(name)
    check(not errs, f"{name}: no console errors in chromium's log {errs[:2]}")
    check(r.get("xss", 0) == 0, f"{name}: no script from the data ran (window.__xss={r.get('xss')})")
    slides = r.get("slides", [])
    check(len(slides) == len(events) + 1, f"{name}: {len(slides)} slides = {len(events)} events + title slide")
    shown = {s["id"]: s for s in slides}
    missing = [i for i in expect if i not in shown]
    check(not missing, f"{name}: every event's unique_id is a slide id (missing: {missing[:5]})")
    wrong = [(i, shown[i]["headline"], plain(e["text"]["headline"])) for i, e in expect.items()
             if i in shown and shown[i]["headline"] != plain(e["text"]["headline"])]
    check(not wrong, f"{name}: every slide headline shows the exported headline as text {wrong[:3]}")
    wrong = [(i, shown[i]["date"], e["display_date"]) for i, e in expect.items()
             if i in shown and shown[i]["date"] != e["display_date"]]
    check(not wrong, f"{name}: every slide shows the exported display_date {wrong[:3]}")
    if "title" in doc:
        check(r.get("title_headline") == plain(doc["title"]["text"]["headline"]),
              f"{name}: title slide headline {r.get('title_headline')!r}")
    check(len(r.get("markers", [])) == len(events), f"{name}: {len(r.get('markers', []))} timenav markers")
    labels = [g["text"] for g in r.get("groups", [])]
    # The exporter escapes group twice because TimelineJS decodes it once before using it
    # as HTML; the label a reader sees is the tag itself.
    wanted = list(dict.fromkeys(plain(plain(e["group"])) for e in events if "group" in e))
    check(sorted(labels) == sorted(wanted), f"{name}: group labels show the exported groups as text "
          + ("" if sorted(labels) == sorted(wanted) else f"(got {sorted(set(labels) - set(wanted))}, "
             f"expected {sorted(set(wanted) - set(labels))})"))
    marked_up = [g["text"] for g in r.get("groups", []) if g["elements"]]
    check(not marked_up, f"{name}: no group label was parsed as HTML {marked_up}")
    if target is None:
        cur = r.get("current") or {}
        check(cur.get("headline") == r.get("title_headline") or "title" not in doc,
              f"{name}: opens on the title slide")
    else:
        cur = r.get("current") or {}
        check(cur.get("id") == target, f"{name}: #event-{target} opens that slide (current={cur.get('id')})")
        check(cur.get("date") == expect[target]["display_date"],
              f"{name}: its slide shows display_date {cur.get('date')!r}")
    print(f"    title: {r.get('title_headline')!r} / {r.get('title_text')!r}")
    print(f"    current slide: {r.get('current')}")
    print(f"    visible axis labels: {r.get('axis_ticks')}")
    print(f"    group labels: {labels}")

print("--- meaning (DIFF = renders, but reads differently from the export)")
r = report("title")
order_tl = [s["id"] for s in r.get("slides", [])[1:]]
order_ex = [e["unique_id"] for e in events]
moved = [f"{i}: export {b} / TimelineJS {a}" for i, (a, b) in enumerate(zip(order_tl, order_ex)) if a != b]
check(not moved, "slide order equals the export's order" + (f"; differs at {len(moved)} positions:\n      "
      + "\n      ".join(moved) if moved else ""), "DIFF")

# Marker positions: pixels per hour from the first and last markers, then each marker's
# place and each span bar's length in hours.
markers = {m["headline"]: m for m in r.get("markers", [])}
placed = [(moment(e["start_date"]), markers.get(plain(e["text"]["headline"]))) for e in events]
placed = [(t, m) for t, m in placed if m]
if len(placed) >= 2 and placed[-1][0] != placed[0][0]:
    (t0, m0), (t1, m1) = placed[0], placed[-1]
    px_per_hour = (m1["left"] - m0["left"]) / ((t1 - t0).total_seconds() / 3600)
    off = [(e["unique_id"], round((m["left"] - m0["left"]) / px_per_hour - (t - t0).total_seconds() / 3600, 2))
           for (t, m), e in zip(placed, events) if abs((m["left"] - m0["left"]) / px_per_hour - (t - t0).total_seconds() / 3600) > 0.1]
    check(not off, f"every marker sits at its start date-time on the time axis ({px_per_hour:.3f} px/h; off by hours: {off[:3]})")
    for e in events:
        if "end_date" not in e:
            continue
        m = markers.get(plain(e["text"]["headline"]))
        if not m:
            continue
        start = moment(e["start_date"])
        end = moment(e["end_date"])
        # The exporter writes end_date as 00:00 of the day after the inclusive last day (an
        # exclusive end, as the ics DTEND); a date-only end_date would mean that whole day.
        has_clock = "hour" in e["end_date"]
        through = end if has_clock else dt.datetime.combine(end.date() + dt.timedelta(days=1), dt.time(0))
        bar = m["width"] / px_per_hour
        check(m["span"], f"{e['unique_id']}: drawn as a span bar")
        check(abs(bar - (through - start).total_seconds() / 3600) < 0.5,
              f"{e['unique_id']}: span bar covers {bar:.1f} h, i.e. {start:%m-%d %H:%M} .. "
              f"{start + dt.timedelta(minutes=round(bar * 60)):%m-%d %H:%M}; the export means through the end of "
              f"{end:%m-%d} ({(through - start).total_seconds() / 3600:.1f} h, as the ics DTEND)", "DIFF")

print(f"\n{len(fails)} FAIL, {len(diffs)} DIFF")
sys.exit(1 if fails or (strict and diffs) else 0)
PY
if [ -n "${IMG_DIR:-}" ]; then mkdir -p "$IMG_DIR" && cp "$OUT"/timelinejs-*.png "$IMG_DIR"/; fi
ls -la "$OUT"/timelinejs-*.png
exit $status
