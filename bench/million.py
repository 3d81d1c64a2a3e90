"""A million events on a laptop (issue #19): build, stream and answer at 100,000 and 1,000,000.

Not part of CI (it takes about a quarter of an hour and 2 GB of disk):

    .venv/bin/python bench/million.py                 # measure, print, update RESULTS.md
    .venv/bin/python bench/million.py --no-write      # measure and print only
    .venv/bin/python bench/million.py --code /tmp/old # another copy of the package

The files are generated once by bench/synth.py into bench/work/million/ (git-ignored)
and reused. Every number is a whole process (`python -m timeline`), its peak RSS from
GNU time; "first line" is when the first line of standard output reached this script,
read through a pipe. The goals are the issue's; each line says whether it is met.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth import RARE_WORD, SEARCH_WORD, query_day, write_yaml  # noqa: E402

from bench import GNU_TIME, clean_env, ms  # noqa: E402

WORK = HERE / "work" / "million"
SIZES = (100_000, 1_000_000)
COMMON_WORD = "志愿者"
BEGIN, END = "<!-- million:begin -->", "<!-- million:end -->"


@dataclass
class Proc:
    """One process: seconds to its first line of output and to its end, peak RSS in MB."""

    first: float
    wall: float
    peak_mb: float
    lines: int


def measure(
    cmd: Sequence[str], env: dict[str, str], shell: bool = False, ok: tuple[int, ...] = (0,)
) -> Proc:
    fd, stats = tempfile.mkstemp(prefix="million-rss-")
    os.close(fd)
    argv = list(cmd) if not shell else ["sh", "-c", cmd[0]]
    if GNU_TIME:
        argv = [GNU_TIME, "-f", "%M", "-o", stats, *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(  # not from ROOT: `-m timeline` would import ./timeline first
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=env["HOME"]
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    first, lines = None, 0
    while chunk := proc.stdout.read1(1 << 16):
        if first is None and b"\n" in chunk:
            first = time.perf_counter() - start
        lines += chunk.count(b"\n")
    err = proc.stderr.read()
    code = proc.wait()
    wall = time.perf_counter() - start
    if code not in ok:
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{err.decode(errors='replace')}")
    try:
        peak = int(Path(stats).read_text().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        peak = float("nan")
    os.unlink(stats)
    return Proc(first if first is not None else wall, wall, peak, lines)


def best(
    cmd: Sequence[str],
    env: dict[str, str],
    times: int,
    shell: bool = False,
    ok: tuple[int, ...] = (0,),
) -> Proc:
    """The median of `times` runs (time to first line and wall), the largest peak."""
    runs = [measure(cmd, env, shell, ok) for _ in range(times)]
    return Proc(
        statistics.median(r.first for r in runs),
        statistics.median(r.wall for r in runs),
        max(r.peak_mb for r in runs),
        runs[0].lines,
    )


def data_file(count: int) -> Path:
    path = WORK / f"events-{count}.yaml"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        print(f"generating {count:,} events …", flush=True)
        tmp = path.with_suffix(".tmp")
        write_yaml(tmp, count)
        tmp.rename(path)
    seeds = WORK / "seeds"
    if not seeds.exists():
        seeds.symlink_to(ROOT / "seeds")
    return path


def cache_bytes(cache_home: Path) -> int:
    return sum(p.stat().st_size for p in cache_home.rglob("*") if p.is_file())


def verdict(ok: bool) -> str:
    return "✅ met" if ok else "❌ not met"


def measure_size(
    count: int, tl: list[str], env: dict[str, str], cache_home: Path, quick: bool
) -> dict[str, Proc | float]:
    """Every measurement of one file: the build, warm answers, streams, check."""
    path = data_file(count)
    f = [*tl, "--file", str(path)]
    day = query_day(count).isoformat()
    span_end = query_day(count).replace(day=28).isoformat()
    out: dict[str, Proc | float] = {"yaml": path.stat().st_size}
    shutil.rmtree(cache_home, ignore_errors=True)
    print(f"{count:,}: building …", flush=True)
    out["build"] = measure([*f, "on", day], env)
    out["cache"] = cache_bytes(cache_home)
    reps = 1 if quick else 3
    out["on DAY"] = best([*f, "on", day], env, reps)
    out[f"search {RARE_WORD}"] = best([*f, "search", RARE_WORD], env, reps)
    out[f"search {SEARCH_WORD}"] = best([*f, "search", SEARCH_WORD], env, reps)
    head = " ".join(map(quote, f)) + " list | head -1"
    out["list | head -1"] = best([head], env, reps, shell=True)
    print(f"{count:,}: streams …", flush=True)
    out[f"search {COMMON_WORD}"] = best([*f, "search", COMMON_WORD], env, 1)
    out["list"] = best([*f, "list"], env, 1)
    out["on a long span"] = best([*f, "on", f"2000-01-01..{span_end}"], env, 1)
    for fmt in ("jsonl", "csv", "json", "markdown"):
        out[f"search {COMMON_WORD} -F {fmt}"] = best([*f, "search", COMMON_WORD, "-F", fmt], env, 1)
    print(f"{count:,}: check …", flush=True)
    # The generated events quote the curated timeline's days, not their own: check finds
    # problems (exit 1) after proving every quote; the time and memory are what count here.
    out["check"] = best([*f, "check"], env, 1, ok=(0, 1))
    # check_file with a Tally: the events stream from the cache (the `check` command does
    # not use it yet: it counts the events of the whole timeline it is handed).
    code = (
        "import sys; from timeline.check import Tally, check_file; t = Tally(); "
        "_, p = check_file(sys.argv[1], t); print(len(p), t.events)"
    )
    out["check, streamed"] = best([tl[0], "-c", code, str(path)], env, 1)
    return out


def quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./:=+-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


STREAMS = (
    f"search {COMMON_WORD}",
    "list",
    "on a long span",
    *(f"search {COMMON_WORD} -F {fmt}" for fmt in ("jsonl", "csv", "json", "markdown")),
)


def report(results: dict[int, dict[str, Proc | float]], took: float) -> list[str]:
    small, large = (results[n] for n in SIZES)

    def p(r: dict[str, Proc | float], key: str) -> Proc:
        value = r[key]
        assert isinstance(value, Proc)
        return value

    lines = [
        "| measure | 100,000 events | 1,000,000 events | 1M / 100k |",
        "| --- | ---: | ---: | ---: |",
    ]
    yaml_mb = [float(r["yaml"]) / 2**20 for r in (small, large)]
    cache_mb = [float(r["cache"]) / 2**20 for r in (small, large)]
    lines.append(f"| YAML | {yaml_mb[0]:,.0f} MB | {yaml_mb[1]:,.0f} MB | |")
    lines.append(
        f"| cache on disk (/ YAML) | {cache_mb[0]:,.0f} MB ({cache_mb[0] / yaml_mb[0]:.2f}x) "
        f"| {cache_mb[1]:,.0f} MB ({cache_mb[1] / yaml_mb[1]:.2f}x) | |"
    )
    rows = ["build", "on DAY", f"search {RARE_WORD}", f"search {SEARCH_WORD}", "list | head -1",
            *STREAMS, "check", "check, streamed"]  # fmt: skip
    for key in rows:
        a, b = p(small, key), p(large, key)
        first = key in STREAMS
        cell = [
            (f"first line {ms(r.first)}, " if first else "")
            + f"{ms(r.wall)}, {r.peak_mb:,.0f} MB"
            + (f", {r.lines:,} lines" if first else "")
            for r in (a, b)
        ]
        lines.append(
            f"| `{key}` | {cell[0]} | {cell[1]} | time {b.wall / a.wall:.1f}x, "
            f"memory {b.peak_mb / a.peak_mb:.2f}x |"
        )
    build_a, build_b = p(small, "build"), p(large, "build")
    lines += ["", "Goals at 1,000,000 events:", ""]
    goals = [
        (
            f"first run's peak memory {build_b.peak_mb / build_a.peak_mb:.2f}x that at "
            "100,000 (goal ≤ 1.5x)",
            build_b.peak_mb / build_a.peak_mb <= 1.5,
        ),
        (
            f"first run's time {build_b.wall / build_a.wall:.1f}x that at 100,000 (goal ≤ 11x)",
            build_b.wall / build_a.wall <= 11,
        ),
    ]
    for key in STREAMS:
        r = p(large, key)
        goals.append(
            (
                f"`{key}`: first line after {ms(r.first)} (goal ≤ 300 ms), peak "
                f"{r.peak_mb:,.0f} MB (goal < 150 MB)",
                r.first <= 0.3 and r.peak_mb < 150,
            )
        )
    for key in ("on DAY", f"search {RARE_WORD}", "list | head -1"):
        ratio = p(large, key).wall / p(small, key).wall
        text = f"warm `{key}`: {ratio:.2f}x its time at 100,000 (goal ≤ 1.5x)"
        goals.append((text, ratio <= 1.5))
    for word in (COMMON_WORD, SEARCH_WORD):
        ratio = p(large, f"search {word}").wall / p(small, f"search {word}").wall
        goals.append((f"`search {word}`, the whole answer: {ratio:.1f}x (goal ≤ 11x)", ratio <= 11))
    size = float(large["cache"]) / float(large["yaml"])
    goals.append((f"cache on disk {size:.2f}x the YAML (goal ≤ 1.2x)", size <= 1.2))
    check_a, check_b = p(small, "check, streamed"), p(large, "check, streamed")
    goals.append(
        (
            f"`check_file` streamed: time {check_b.wall / check_a.wall:.1f}x (goal ≤ 11x, "
            "linear), memory "
            f"{check_b.peak_mb / check_a.peak_mb:.2f}x (goal ≤ 1.5x, flat)",
            check_b.wall / check_a.wall <= 11 and check_b.peak_mb / check_a.peak_mb <= 1.5,
        )
    )
    lines += [f"- {text}: {verdict(ok)}" for text, ok in goals]
    lines += ["", f"_Whole run: {took / 60:.1f} minutes; load average at the end "
              f"{os.getloadavg()[0]:.2f}._"]  # fmt: skip
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, help="run the package found in this folder")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="one run of each query")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load = os.getloadavg()[0]
    tl = [sys.executable, "-m", "timeline"]
    results = {}
    with tempfile.TemporaryDirectory(prefix="timeline-million-") as tmp_name:
        tmp = Path(tmp_name)
        home, cache_home = tmp / "home", tmp / "cache"
        home.mkdir()
        env = clean_env(home, XDG_CACHE_HOME=str(cache_home))
        env["PYTHONPATH"] = str(args.code or ROOT)
        for count in SIZES:
            results[count] = measure_size(count, tl, env, cache_home, args.quick)
    lines = [
        f"Generated by `bench/million.py` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} "
        f"cores, load average {load:.2f} when it started.",
        "",
        *report(results, time.perf_counter() - started),
    ]
    print("\n".join(lines))
    if not args.no_write:
        target = HERE / "RESULTS.md"
        text = target.read_text(encoding="utf-8")
        block = "\n".join([BEGIN, *lines, END])
        if BEGIN in text and END in text:
            text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip("\n") + "\n\n## 5. A million events (bench/million.py)\n\n"
            text += block + "\n"
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
