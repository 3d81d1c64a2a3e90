#!/usr/bin/env bash
# Install the real clients the verify scripts drive, all outside the repository:
#   TimelineJS3 (npm) in /tmp/tljs, khal (PyPI) in /tmp/khalvenv, markdown-it-py (PyPI) in
#   /tmp/mdvenv, and from Debian: chromium + CJK fonts (screenshots), calcurse, cmark-gfm.
# Run as root (apt-get). Idempotent; takes a few minutes the first time.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null || ! command -v calcurse >/dev/null || ! command -v cmark-gfm >/dev/null \
   || ! fc-list 2>/dev/null | grep -i 'noto.*cjk' >/dev/null; then
    apt-get update -q
    apt-get install -y -q chromium fonts-noto-cjk calcurse cmark-gfm
fi
if [ ! -f /tmp/tljs/node_modules/@knight-lab/timelinejs/dist/js/timeline.js ]; then
    echo "TimelineJS on npm: $(npm view @knight-lab/timelinejs version)"
    mkdir -p /tmp/tljs && (cd /tmp/tljs && { [ -f package.json ] || npm init -y >/dev/null; } \
        && npm install --no-audit --no-fund @knight-lab/timelinejs)
fi
[ -x /tmp/khalvenv/bin/khal ] || { python3 -m venv /tmp/khalvenv && /tmp/khalvenv/bin/pip install -q khal; }
/tmp/mdvenv/bin/python -c 'import markdown_it' 2>/dev/null \
    || { python3 -m venv /tmp/mdvenv && /tmp/mdvenv/bin/pip install -q markdown-it-py; }
echo "ready: TimelineJS $(python3 -c 'import json; print(json.load(open("/tmp/tljs/node_modules/@knight-lab/timelinejs/package.json"))["version"])'),"\
     "$(chromium --version 2>/dev/null), $(/tmp/khalvenv/bin/khal --version), $(calcurse --version | head -n1 | cut -d' ' -f1-2),"\
     "$(cmark-gfm --version | head -n1 | cut -d' ' -f1-2), markdown-it-py $(/tmp/mdvenv/bin/python -c 'import markdown_it; print(markdown_it.__version__)')"
