#!/usr/bin/env bash
# Verify that `timeline list -F ics` imports into real calendar clients at the right local time.
#
# Clients: khal (PyPI, in $KHAL_VENV) and calcurse (Debian), each run in a throw-away
# calendar under OUT, once per local timezone in $ZONES (default: Asia/Shanghai, the
# timeline's own zone, and Europe/Berlin, to show the times are converted, not copied).
#
# For every event of the exported timeline (read with `timeline list -F json`, not from the
# ics) the script computes what a calendar in that zone must show — timed events at their
# start converted from the timeline header's timezone, date-only events all-day, `end`
# spans on every day through their last day — and compares it with what the client lists:
#   khal:     khal -c CONFIG import --batch tangshan.ics;  khal list --json … FROM TO
#   calcurse: TZ=ZONE calcurse -D DIR -i tangshan.ics;     calcurse -Q --from FROM --to TO
# Lines: PASS / FAIL (wrong day, time, all-day flag, title, categories, description text),
#        DIFF (the client shows something the ics does not say, e.g. an end time it invented).
#
# Needs: python3 -m venv /tmp/khalvenv && /tmp/khalvenv/bin/pip install khal;
#        apt-get install -y calcurse (optional: skipped with a note when absent).
# Usage: scripts/verify/ics_khal.sh [OUT_DIR]      (default /tmp/timeline-verify/ics)
# Env:   TIMELINE=path/to/timeline  TIMELINE_FILE=events.yaml  KHAL_VENV=/tmp/khalvenv
#        ZONES="Asia/Shanghai Europe/Berlin"  STRICT=1 (DIFF lines fail too)
# Exit status: 0 when no FAIL (and, with STRICT=1, no DIFF); 1 otherwise; 2 missing tools.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TIMELINE=${TIMELINE:-$ROOT/.venv/bin/timeline}
PYTHON=${PYTHON:-$(dirname "$TIMELINE")/python}   # the project's interpreter, to read the header
KHAL_VENV=${KHAL_VENV:-/tmp/khalvenv}
KHAL=$KHAL_VENV/bin/khal
ZONES=${ZONES:-Asia/Shanghai Europe/Berlin}
OUT=${1:-/tmp/timeline-verify/ics}

[ -x "$KHAL" ] || { echo "no khal at $KHAL (python3 -m venv $KHAL_VENV && $KHAL_VENV/bin/pip install khal)" >&2; exit 2; }
CALCURSE=$(command -v calcurse || true)

rm -rf "$OUT" && mkdir -p "$OUT"
echo "$("$KHAL" --version); ${CALCURSE:+$(calcurse --version | head -n1); }$("$TIMELINE" --version)"
"$TIMELINE" list -F ics -o "$OUT/tangshan.ics"
"$TIMELINE" list -F json -o "$OUT/events.json"
# The timeline header's timezone (what the data means), read from the input, not the ics.
"$PYTHON" - "${TIMELINE_FILE:-}" >"$OUT/source-tz.txt" <<'PY'
import sys
from timeline.load import load_timeline
print(load_timeline(sys.argv[1] or None).timezone or "Asia/Shanghai")
PY
echo "exported ${TIMELINE_FILE:-the embedded timeline} to $OUT/tangshan.ics ($(grep -c '^BEGIN:VEVENT' "$OUT/tangshan.ics") VEVENTs; header timezone $(cat "$OUT/source-tz.txt"))"
read -r FROM TO < <(python3 - "$OUT/events.json" <<'PY'
import datetime as dt, json, sys
ev = json.load(open(sys.argv[1], encoding="utf-8"))
first = min(dt.date.fromisoformat(e["date"]) for e in ev) - dt.timedelta(days=1)
last = max(dt.date.fromisoformat(e["end"] or e["date"]) for e in ev) + dt.timedelta(days=2)
print(first.isoformat(), last.isoformat())
PY
)

for zone in $ZONES; do
    tag=${zone//\//_}
    # ---- khal: a local vdir calendar, its own sqlite cache, the zone as local and default
    dir=$OUT/khal-$tag && mkdir -p "$dir/cal"
    cat >"$dir/config" <<EOF
[calendars]
[[timeline]]
path = $dir/cal
type = calendar
[locale]
local_timezone = $zone
default_timezone = $zone
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
[sqlite]
path = $dir/khal.db
EOF
    "$KHAL" -c "$dir/config" import --batch "$OUT/tangshan.ics"
    echo "khal ($zone): imported $(ls "$dir/cal" | wc -l) files into $dir/cal"
    "$KHAL" -c "$dir/config" list --format "{start-end-time-style} {title}" --day-format "{name} {date}" \
        "$FROM" "$TO" >"$dir/list.txt"
    "$KHAL" -c "$dir/config" list --json uid --json start --json end --json all-day --json title \
        --json categories --json description "$FROM" "$TO" >"$dir/list.jsonl"
    # ---- calcurse: a fresh data directory, the zone given by TZ (calcurse has no setting)
    if [ -n "$CALCURSE" ]; then
        dir=$OUT/calcurse-$tag && mkdir -p "$dir"
        TZ=$zone calcurse -D "$dir" -i "$OUT/tangshan.ics" >"$dir/import.txt" 2>&1
        echo "calcurse ($zone): $(tail -n1 "$dir/import.txt")"
        TZ=$zone calcurse -D "$dir" --input-datefmt 4 --output-datefmt '%Y-%m-%d' -Q --from "$FROM" --to "$TO" \
            >"$dir/list.txt"
        TZ=$zone calcurse -D "$dir" --input-datefmt 4 --output-datefmt '%Y-%m-%d' -Q --from "$FROM" --to "$TO" \
            --format-apt 'APT\t%(start:%Y-%m-%d %H:%M)\t%(end:%Y-%m-%d %H:%M)\t%m\t%N@@END@@\n' \
            --format-recur-apt 'APT\t%(start:%Y-%m-%d %H:%M)\t%(end:%Y-%m-%d %H:%M)\t%m\t%N@@END@@\n' \
            --format-event 'DAY\t\t\t%m\t%N@@END@@\n' --format-recur-event 'DAY\t\t\t%m\t%N@@END@@\n' >"$dir/list.tsv"
    fi
done

status=0
python3 - "$OUT" "$(cat "$OUT/source-tz.txt")" "$ZONES" "$FROM" "$TO" "${CALCURSE:+yes}" "${STRICT:-0}" <<'PY' || status=$?
import datetime as dt
import json, re, sys
from pathlib import Path
from zoneinfo import ZoneInfo

out, source_tz, zones = Path(sys.argv[1]), ZoneInfo(sys.argv[2]), sys.argv[3].split()
first, last = dt.date.fromisoformat(sys.argv[4]), dt.date.fromisoformat(sys.argv[5])
with_calcurse, strict = sys.argv[6] == "yes", sys.argv[7] == "1"
events = json.loads((out / "events.json").read_text(encoding="utf-8"))
fails, diffs = [], []


def check(ok, what, kind="FAIL"):
    print(("PASS " if ok else f"{kind} ") + what)
    if not ok:
        (fails if kind == "FAIL" else diffs).append(what)


def clean(s):  # the exporter turns a title into one line; compare the same way
    return " ".join(s.split())


def expected(zone):
    """uid -> what a calendar in `zone` must show, and day -> uids listed that day."""
    want, days = {}, {}
    tz = ZoneInfo(zone)
    for e in events:
        day = dt.date.fromisoformat(e["date"])
        end = dt.date.fromisoformat(e["end"]) if e["end"] else None
        item = {"title": clean(e["title"]), "tags": e["tags"], "summary": e["summary"].strip(),
                "quote": (e.get("source") or {}).get("quote", "")}
        if e["time"]:
            h, m = map(int, e["time"].split(":"))
            # Through UTC, so that a wall time the source zone skips (DST gap) is normalised, and
            # with fold=0: RFC 5545 3.3.5 reads a repeated wall time as its first occurrence and a
            # skipped one with the offset from before the gap (zoneinfo's fold=0 does both).
            start = dt.datetime.combine(day, dt.time(h, m), source_tz).astimezone(dt.timezone.utc).astimezone(tz)
            stop = (dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), source_tz)
                    .astimezone(dt.timezone.utc).astimezone(tz)
                    if end else None)  # no `end`: the ics has no DTEND, i.e. it ends at its start
            item.update(all_day=False, start=start, end=stop)
            covered = [start.date()]
            if stop:
                d = start.date()
                while dt.datetime.combine(d + dt.timedelta(days=1), dt.time(0), tz) < stop:
                    d += dt.timedelta(days=1)
                    covered.append(d)
        else:
            item.update(all_day=True, start=day, end=end or day)
            covered = [day + dt.timedelta(days=i) for i in range(((end or day) - day).days + 1)]
        want[e["id"]] = item
        for d in covered:
            days.setdefault(d, set()).add(e["id"])
    return want, days


for zone in zones:
    tag = zone.replace("/", "_")
    want, want_days = expected(zone)
    by_title = {}
    for uid, w in want.items():
        by_title.setdefault(w["title"], []).append(uid)

    # ---------------------------------------------------------------- khal
    print(f"--- khal, local_timezone = {zone}")
    lines = [json.loads(l) for l in (out / f"khal-{tag}" / "list.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    # khal --json prints one array per day from FROM through TO, [] for a day without events
    seen, got_days = {}, {}
    for i, group in enumerate(lines):
        uids = {x["uid"].removesuffix("@timeline") for x in group}
        if uids:
            got_days[first + dt.timedelta(days=i)] = uids
        for x in group:
            seen.setdefault(x["uid"].removesuffix("@timeline"), x)
    check(len(lines) == (last - first).days + 1, f"khal ({zone}): one listing per day {first}..{last} ({len(lines)})")
    # An event without `end` that khal gives a 1 h end (see the DIFF below) may spill into the
    # next day; that is the same DIFF, not a wrong day.
    no_end = {u for u, w in want.items() if not w["all_day"] and w["end"] is None}
    wrong, spill = {}, {}
    for d in sorted(set(want_days) | set(got_days)):
        w, g = want_days.get(d, set()), got_days.get(d, set())
        extra = {u for u in g - w if u in no_end and want[u]["start"].date() + dt.timedelta(days=1) == d}
        if extra:
            spill[d.isoformat()] = sorted(extra)
        if w != g - extra:
            wrong[d.isoformat()] = (sorted(w), sorted(g))
    check(not wrong, f"khal ({zone}): each of the {len(want_days)} days with events lists exactly the expected events"
          + "".join(f"\n      {d}: want {w}, got {g}" for d, (w, g) in wrong.items()))
    if spill:
        check(False, f"khal ({zone}): listed on the next day too, through khal's invented 1 h end: {spill}", "DIFF")
    missing = sorted(set(want) - set(seen))
    check(not missing, f"khal ({zone}): all {len(want)} events listed (missing {missing})")
    bad, invented = [], []
    for uid, w in want.items():
        x = seen.get(uid)
        if not x:
            continue
        if w["all_day"]:
            ok = (x["all-day"] == "True" and x["start"] == w["start"].isoformat() and x["end"] == w["end"].isoformat())
            if not ok:
                bad.append(f"{uid}: want all-day {w['start']}..{w['end']}, got {x['start']}..{x['end']} all-day={x['all-day']}")
        else:
            ok = x["all-day"] == "False" and x["start"] == f"{w['start']:%Y-%m-%d %H:%M}"
            if not ok:
                bad.append(f"{uid}: want {w['start']:%Y-%m-%d %H:%M} timed, got {x['start']} all-day={x['all-day']}")
            if w["end"] is not None and x["end"] != f"{w['end']:%Y-%m-%d %H:%M}":
                bad.append(f"{uid}: want end {w['end']:%Y-%m-%d %H:%M}, got {x['end']}")
            if w["end"] is None and x["end"] != x["start"]:
                invented.append(f"{uid}: {x['start']} - {x['end']}")
        if clean(x["title"]) != w["title"]:
            bad.append(f"{uid}: title {x['title']!r} != {w['title']!r}")
        if x["categories"] != ",".join(w["tags"]):
            bad.append(f"{uid}: categories {x['categories']!r} != {','.join(w['tags'])!r}")
        if w["summary"] and w["summary"] not in x["description"] or w["quote"] and w["quote"] not in x["description"]:
            bad.append(f"{uid}: description lacks the summary or the verbatim quote: {x['description'][:80]!r}")
    check(not bad, f"khal ({zone}): every event at its local date/time, all-day ones all-day, spans "
          f"through their last day; titles, categories, summary and quote intact" + "".join(f"\n      {b}" for b in bad))
    for uid in [u for u, w in want.items() if not w["all_day"] or w["end"] != w["start"]]:
        x = seen.get(uid, {})
        print(f"      {uid}: {x.get('start')} -> {x.get('end')} all-day={x.get('all-day')}")
    check(not invented, f"khal ({zone}): timed events without `end` shown without an end time"
          + "".join(f"\n      {i}" for i in invented)
          + ("\n      (the ics has no DTEND, which RFC 5545 3.6.1 defines as ending at DTSTART; khal's import"
             " writes DTEND = DTSTART + default_event_duration, 1h)" if invented else ""), "DIFF")

    # ---------------------------------------------------------------- calcurse
    if not with_calcurse:
        print(f"--- calcurse not installed: skipped")
        continue
    print(f"--- calcurse, TZ={zone}")
    path = out / f"calcurse-{tag}"
    report = (path / "import.txt").read_text()
    check(re.search(r"\b0 skipped", report) is not None, f"calcurse ({zone}): import skipped nothing: {report.strip().splitlines()[-1]}")
    text = (path / "list.tsv").read_text(encoding="utf-8")
    day = None
    got = {}  # title -> list of (day, kind, start, end, note)
    for record in text.split("@@END@@\n"):
        lines = record.split("\n")
        while lines and (not lines[0].strip() or re.fullmatch(r"\d{4}-\d{2}-\d{2}:", lines[0].strip())):
            if lines[0].strip():
                day = lines[0].strip().rstrip(":")
            lines.pop(0)
        if not lines:
            continue
        kind, start, end, title, note = ("\n".join(lines).split("\t", 4) + [""] * 5)[:5]
        note = "\n".join(l.removeprefix("\t") for l in note.split("\n"))  # calcurse indents notes
        got.setdefault(clean(title), []).append((day, kind, start, end, note))
    bad, invented = [], []
    for uid, w in want.items():
        rows = got.get(w["title"], [])
        days = sorted({r[0] for r in rows})
        want_d = sorted(d.isoformat() for d, s in want_days.items() if uid in s)
        if days != want_d:
            bad.append(f"{uid}: listed on {days}, want {want_d}")
        if not rows:
            continue
        kinds = {r[1] for r in rows}
        if w["all_day"]:
            if kinds != {"DAY"}:
                bad.append(f"{uid}: want an all-day event, got {kinds}")
        else:
            starts = sorted(r[2] for r in rows)
            if kinds != {"APT"} or starts[0] != f"{w['start']:%Y-%m-%d %H:%M}":
                bad.append(f"{uid}: want appointment at {w['start']:%Y-%m-%d %H:%M}, got {kinds} {starts[:1]}")
            ends = sorted(r[3] for r in rows)
            want_end = w["end"] or w["start"]
            if ends[-1] != f"{want_end:%Y-%m-%d %H:%M}":
                bad.append(f"{uid}: want end {want_end:%Y-%m-%d %H:%M}, got {ends[-1]}")
        note = rows[0][4]
        if w["summary"] and w["summary"] not in note or w["quote"] and w["quote"] not in note:
            bad.append(f"{uid}: note lacks the summary or the verbatim quote: {note[:80]!r}")
    check(not bad, f"calcurse ({zone}): every event on its local day(s) at its local time, all-day ones "
          f"as day events, spans through their last day; summary and quote in the note"
          + "".join(f"\n      {b}" for b in bad))
    for uid in [u for u, w in want.items() if not w["all_day"] or w["end"] != w["start"]]:
        rows = got.get(want[uid]["title"], [])
        print(f"      {uid}: " + "; ".join(f"{r[0]} {r[1]} {r[2]} -> {r[3]}".replace("DAY  -> ", "all-day") for r in rows))

print(f"\n{len(fails)} FAIL, {len(diffs)} DIFF")
sys.exit(1 if fails or (strict and diffs) else 0)
PY
for f in "$OUT"/khal-*/list.txt "$OUT"/calcurse-*/list.txt; do
    [ -f "$f" ] && { echo "=== $f"; cat "$f"; }
done >"$OUT/listings.txt"
echo "client listings: $OUT/listings.txt"
exit $status
