#!/usr/bin/env bash
# Verify that `timeline list -F markdown` renders as intended in real Markdown renderers.
#
# Renderers: cmark-gfm (Debian; GitHub's CommonMark + GFM extensions, with the tagfilter
# extension GitHub applies) and markdown-it-py (PyPI, CommonMark preset + tables and
# strikethrough), if installed. For each, the rendered HTML is parsed and checked against
# the timeline's own data (`timeline list -F json`, not the Markdown):
#   - one <h1> holding the title; one <h2> "YYYY-MM-DD 周X" per day, in order;
#   - one <li> per event under its day, whose first paragraph reads
#     "[HH:MM ]title[（至 YYYY-MM-DD）]" with only the time in <strong>;
#   - the summary, figures and the source quote (in a <blockquote>) as plain text;
#   - no other element anywhere (a <b>, <script>, <a>, <em>, <code>, <hr>, <table>… would
#     mean some text of the data was read as Markdown or HTML).
# It also writes OUT/markdown-cmark-gfm.html and a screenshot of it (if chromium exists).
#
# Needs: apt-get install -y cmark-gfm;  python3 -m venv /tmp/mdvenv && /tmp/mdvenv/bin/pip install markdown-it-py
# Usage: scripts/verify/markdown.sh [OUT_DIR]     (default /tmp/timeline-verify/markdown)
# Env:   TIMELINE=path/to/timeline  TIMELINE_FILE=events.yaml  MD_VENV=/tmp/mdvenv  IMG_DIR=dir
# Exit status: 0 when every check passed; 1 otherwise; 2 when no renderer is installed.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TIMELINE=${TIMELINE:-$ROOT/.venv/bin/timeline}
MD_VENV=${MD_VENV:-/tmp/mdvenv}
OUT=${1:-/tmp/timeline-verify/markdown}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

rm -rf "$OUT" && mkdir -p "$OUT"
"$TIMELINE" list -F markdown -o "$OUT/timeline.md"
"$TIMELINE" list -F json -o "$OUT/events.json"
echo "exported ${TIMELINE_FILE:-the embedded timeline} to $OUT/timeline.md ($(wc -l <"$OUT/timeline.md") lines); $("$TIMELINE" --version)"

renderers=()
if command -v cmark-gfm >/dev/null; then
    cmark-gfm -e table -e strikethrough -e autolink -e tagfilter "$OUT/timeline.md" >"$OUT/cmark-gfm.html"
    renderers+=("cmark-gfm")
    echo "$(cmark-gfm --version | head -n1)"
fi
if [ -x "$MD_VENV/bin/python" ] && "$MD_VENV/bin/python" -c 'import markdown_it' 2>/dev/null; then
    "$MD_VENV/bin/python" - "$OUT/timeline.md" >"$OUT/markdown-it-py.html" <<'PY'
import sys
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
sys.stdout.write(md.render(open(sys.argv[1], encoding="utf-8").read()))
PY
    renderers+=("markdown-it-py")
    echo "markdown-it-py $("$MD_VENV/bin/python" -c 'import markdown_it; print(markdown_it.__version__)')"
fi
[ ${#renderers[@]} -gt 0 ] || { echo "no Markdown renderer (apt-get install -y cmark-gfm)" >&2; exit 2; }

if [ -f "$OUT/cmark-gfm.html" ]; then
    { echo '<!doctype html><meta charset="utf-8"><title>timeline -F markdown</title>'
      echo '<style>body{font-family:sans-serif;max-width:860px;margin:2em auto;line-height:1.5}blockquote{color:#555;border-left:4px solid #ddd;margin-left:0;padding-left:1em}</style>'
      cat "$OUT/cmark-gfm.html"; } >"$OUT/markdown-cmark-gfm.html"
    if [ -x "$CHROMIUM" ]; then
        profile=$(mktemp -d /tmp/md-chromium.XXXXXX)
        timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
            --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
            --user-data-dir="$profile" --window-size=1000,1000 \
            --screenshot="$OUT/markdown-cmark-gfm.png" "file://$OUT/markdown-cmark-gfm.html" 2>/dev/null || true
        rm -rf "$profile"
        [ -n "${IMG_DIR:-}" ] && [ -f "$OUT/markdown-cmark-gfm.png" ] && mkdir -p "$IMG_DIR" && cp "$OUT/markdown-cmark-gfm.png" "$IMG_DIR/"
    fi
fi

status=0
python3 - "$OUT" "${renderers[@]}" <<'PY' || status=$?
import datetime as dt
import json, sys
from html.parser import HTMLParser
from pathlib import Path

out, renderers = Path(sys.argv[1]), sys.argv[2:]
events = json.loads((out / "events.json").read_text(encoding="utf-8"))
md_title = (out / "timeline.md").read_text(encoding="utf-8").splitlines()[0]
ALLOWED = {"h1", "h2", "ul", "li", "p", "strong", "blockquote"}
WEEK = "一二三四五六日"
fails = []


def check(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)


def norm(s):
    return " ".join(s.split())


class Tree(HTMLParser):
    """A tiny DOM: (tag, children, text) nodes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = {"tag": "root", "kids": [], "text": ""}
        self.stack = [self.root]
        self.tags = []

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "kids": [], "text": "", "attrs": attrs}
        self.stack[-1]["kids"].append(node)
        self.tags.append(tag)
        if tag not in ("br", "hr", "img", "input"):
            self.stack.append(node)

    def handle_endtag(self, tag):
        while len(self.stack) > 1:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        self.stack[-1]["kids"].append(data)


def text(node):
    return "".join(k if isinstance(k, str) else text(k) for k in node["kids"])


def elems(node, tag=None):
    return [k for k in node["kids"] if isinstance(k, dict) and (tag is None or k["tag"] == tag)]


for name in renderers:
    print(f"--- {name}")
    tree = Tree()
    tree.feed((out / f"{name}.html").read_text(encoding="utf-8"))
    other = sorted(set(tree.tags) - ALLOWED - {"a"})
    check(not other, f"{name}: only h1/h2/ul/li/p/strong/blockquote elements (data read as markup: {other})")
    # GFM's autolink extension links a bare URL, www. address or e-mail; the text stays as written.
    def walk(node):
        for k in node["kids"]:
            if isinstance(k, dict):
                yield k
                yield from walk(k)
    links = [(dict(n["attrs"]).get("href", ""), text(n)) for n in walk(tree.root) if n["tag"] == "a"]
    forged = [(h, t) for h, t in links if h.removeprefix("mailto:").removeprefix("http://") not in (t, t.removeprefix("http://"))]
    check(not forged, f"{name}: no link other than a bare URL/e-mail autolinked as written {forged}")
    if links:
        print(f"NOTE {name}: bare URLs/e-mails autolinked (text unchanged): {[t for _, t in links]}")
    top = elems(tree.root)
    h1 = [n for n in top if n["tag"] == "h1"]
    check(len(h1) == 1, f"{name}: one <h1> ({len(h1)}): {norm(text(h1[0])) if h1 else None!r}")
    days = sorted({e["date"] for e in events})
    h2 = [norm(text(n)) for n in top if n["tag"] == "h2"]
    want_h2 = [f"{d} 周{WEEK[dt.date.fromisoformat(d).weekday()]}" for d in days]
    check(h2 == want_h2, f"{name}: one <h2> per day, in order ({len(h2)} of {len(want_h2)})"
          + ("" if h2 == want_h2 else f": got {h2[:4]}…, want {want_h2[:4]}…"))
    # items: the <ul> after each <h2>
    items, day = {}, None
    for n in top:
        if n["tag"] == "h2":
            day = norm(text(n)).split()[0]
        elif n["tag"] == "ul":
            items.setdefault(day, []).extend(elems(n, "li"))
    bad = []
    for d in days:
        evs = [e for e in events if e["date"] == d]
        lis = items.get(d, [])
        if len(lis) != len(evs):
            bad.append(f"{d}: {len(lis)} items for {len(evs)} events")
            continue
        for e, li in zip(evs, lis):
            paras = elems(li, "p") or [li]
            head = paras[0]
            want = (f"{e['time']} " if e["time"] else "") + norm(e["title"]) + (f"（至 {e['end']}）" if e["end"] else "")
            if norm(text(head)) != want:
                bad.append(f"{e['id']}: first line {norm(text(head))!r} != {want!r}")
            strong = [norm(text(s)) for s in elems(head, "strong")]
            if strong != ([e["time"]] if e["time"] else []):
                bad.append(f"{e['id']}: bold parts {strong}, want only the time")
            body = norm(text(li))
            if e["summary"].strip() and e["summary"].strip() != e["title"].strip() and norm(e["summary"]) not in body:
                bad.append(f"{e['id']}: summary not shown verbatim")
            for f in e["figures"]:
                if norm(f"{f['label']} {f['text']}" if f.get("label") else f["text"]) not in body:
                    bad.append(f"{e['id']}: figure {f['text']!r} not shown")
            if e.get("source"):
                quotes = [norm(text(b)) for b in elems(li, "blockquote")]
                if not quotes or not quotes[0].startswith(norm(e["source"]["quote"])):
                    bad.append(f"{e['id']}: blockquote {quotes[:1]!r} does not start with the verbatim quote")
    check(not bad, f"{name}: every event is one list item under its day: time in bold, title, "
          f"summary, figures and quote shown verbatim" + "".join(f"\n      {b}" for b in bad[:12]))

print(f"\n{len(fails)} FAIL")
sys.exit(1 if fails else 0)
PY
exit $status
