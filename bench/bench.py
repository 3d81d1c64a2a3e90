"""Benchmark `timeline` against jrnl and PyYAML, and write bench/RESULTS.md.

Run from the project's virtualenv (it needs the project installed):

    .venv/bin/python bench/bench.py            # the full run, about 10 minutes
    .venv/bin/python bench/bench.py --quick    # fewer repeats, no 100,000-event scale

What it does, every time from scratch:

* generates synthetic timelines of 1,000 / 10,000 / 100,000 events in our
  schema (bench/synth.py) and jrnl journals of 100 and 100,000 entries with
  the same content, in a temporary HOME;
* installs jrnl into bench/.venv-jrnl (a benchmark-only dependency, never a
  runtime one) and, for the typer comparison, typer versions into
  bench/out/typer-VERSION; all git-ignored;
* runs each pair of commands interleaved (A B A B …), whole processes, and
  reports medians, the ratios the goals name, and each process's peak RSS.

Both tools run from compiled bytecode, as installed packages do (this
machine sets PYTHONDONTWRITEBYTECODE, which would make every run recompile
our uninstalled source): the script compiles the package once and clears
that variable for the children.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import os
import platform
import pty
import re
import shlex
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth import SEARCH_WORD, query_day, write_jrnl, write_yaml  # noqa: E402

JRNL_VERSION = "4.6"
#: A word in about 22% of the generated events: with it, jrnl's search costs about seven
#: times its date query, as in the issue's measurements (9.5 s against 1.4 s).
COMMON_WORD = "网格"
SIZES = (1_000, 10_000, 100_000)
HEAVY = ("rich", "cn2an", "dateutil", "icalendar", "yaml", "pydantic")


@dataclass
class Run:
    """One measured process: wall seconds, peak resident memory (KiB), exit code."""

    wall: float
    peak_kb: int
    code: int
    out: bytes = b""


@dataclass
class Series:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_kb for r in self.runs) / 1024


def _gnu_time() -> str | None:
    """GNU time reports a child's own peak RSS; wait4 on our own child would also count the
    memory of this (forking) script, which Linux carries into the child's high-water mark."""
    path = shutil.which("time", path="/usr/bin:/bin")
    if path is None:
        return None
    proc = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    return path if "GNU" in proc.stdout + proc.stderr else None


GNU_TIME = _gnu_time()


def run(cmd: Sequence[str], env: dict[str, str], tty: bool = False) -> Run:
    """Run a whole process; its stdout is a pipe read by us (like `| cat`) or a terminal."""
    stats = None
    if GNU_TIME:
        fd, stats = tempfile.mkstemp(prefix="bench-rss-")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%M", "-o", stats, *cmd]
    start = time.perf_counter()
    if tty:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        proc = subprocess.Popen(
            cmd, stdin=slave, stdout=slave, stderr=subprocess.DEVNULL, env=env, close_fds=True
        )
        os.close(slave)
        source = master
    else:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env,
        )  # fmt: skip
        assert proc.stdout is not None
        source = proc.stdout.fileno()
    chunks = []
    while True:
        try:
            chunk = os.read(source, 1 << 16)
        except OSError:  # EIO: the child closed its terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    if tty:
        os.close(source)
    else:
        assert proc.stdout is not None
        proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss
    if stats is not None:
        with contextlib.suppress(ValueError, IndexError):
            peak = int(Path(stats).read_text().split()[-1])
        os.unlink(stats)
    return Run(wall, peak, proc.returncode, b"".join(chunks))


def interleave(
    pairs: Sequence[tuple[str, Sequence[str], dict[str, str]]],
    repeats: int,
    tty: bool = False,
    warmup: int = 1,
) -> list[Series]:
    """Each command `repeats` times, alternating, after `warmup` unmeasured rounds."""
    series = [Series(label) for label, _, _ in pairs]
    for i in range(warmup + repeats):
        for s, (_, cmd, env) in zip(series, pairs, strict=True):
            result = run(cmd, env, tty=tty)
            if result.code != 0:
                raise SystemExit(f"failed ({result.code}): {' '.join(cmd)}")
            if i >= warmup:
                s.runs.append(result)
    return series


def once(
    label: str, cmd: Sequence[str], env: dict[str, str], times: int = 1, ok: tuple[int, ...] = (0,)
) -> Series:
    series = Series(label)
    for _ in range(times):
        result = run(cmd, env)
        if result.code not in ok:
            raise SystemExit(f"failed ({result.code}): {' '.join(cmd)}")
        series.runs.append(result)
    return series


# ---------------------------------------------------------------- set-up


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "TIMELINE", "XDG"))}
    env.update(HOME=str(home), LANG="C.UTF-8", TERM="xterm-256color", COLUMNS="120")
    env.pop("NO_COLOR", None)
    # The generated files cite the seed through a symlink out of their folder: allow it.
    env["TIMELINE_ALLOW_SOURCES"] = str(ROOT / "seeds")
    env.update(extra)
    return env


def ensure_venv(where: Path, *requirements: str) -> Path:
    """A virtualenv at `where` holding `requirements` (made once, then reused)."""
    python = where / "bin" / "python"
    marker = where / ".installed"
    wanted = " ".join(requirements)
    if not marker.exists() or marker.read_text() != wanted:
        if where.exists():
            shutil.rmtree(where)
        subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, *requirements], check=True)
        marker.write_text(wanted)
    return python


def jrnl_home(home: Path, journal: Path) -> None:
    config = home / ".config" / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: true\n"
        f"indent_character: '|'\njournals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        f"version: v{JRNL_VERSION}\n",
        encoding="utf-8",
    )


def imported(cmd: Sequence[str], env: dict[str, str]) -> list[str]:
    """Which of the heavy packages a command imports (python -X importtime)."""
    env = dict(env, PYTHONPROFILEIMPORTTIME="1")
    proc = subprocess.run(cmd, env=env, capture_output=True, check=True)
    names = set(re.findall(rb"\|\s+([\w.]+)\s*$", proc.stderr, flags=re.MULTILINE))
    tops = {n.decode().split(".")[0] for n in names}
    return sorted(tops & set(HEAVY))


# ---------------------------------------------------------------- report


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def verdict(ratio: float, goal: float) -> str:
    return f"**{ratio:.3f}x** (goal ≤ {goal}x) {'✅ met' if ratio <= goal else '❌ not met'}"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)
        for line in lines:
            print(line, flush=True)

    def table(self, rows: Sequence[Series], note: dict[str, str] | None = None) -> None:
        self.add("| command | median | runs | peak RSS |", "| --- | ---: | ---: | ---: |")
        for s in rows:
            extra = f" {note[s.label]}" if note and s.label in note else ""
            self.add(
                f"| `{s.label}`{extra} | {ms(s.median)} | {len(s.runs)} | {s.peak_mb:,.0f} MB |"
            )
        self.add("")


# ---------------------------------------------------------------- the benchmark


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few repeats, no 100,000 events")
    parser.add_argument("--repeats", type=int, default=21, help="start-up repeats (default 21)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--scale", type=int, default=100_000, help="events in the largest file (default 100,000)"
    )
    parser.add_argument(
        "--typer",
        nargs="*",
        default=["0.28.0"],
        help="typer versions to compare (0.29 builds parameters another way and is excluded "
        "by pyproject.toml's pin; see RESULTS.md of earlier runs for its cost)",
    )
    args = parser.parse_args(argv)
    repeats = 5 if args.quick else args.repeats
    big = SIZES[:-1] if args.quick else (*SIZES[:-1], args.scale)
    started = time.perf_counter()
    load_before = os.getloadavg()

    python = Path(sys.executable)
    timeline = python.parent / "timeline"
    tl = [str(timeline)] if timeline.exists() else [str(python), "-m", "timeline"]
    jrnl = ensure_venv(HERE / ".venv-jrnl", f"jrnl=={JRNL_VERSION}").parent / "jrnl"
    subprocess.run(
        [str(python), "-m", "compileall", "-q", str(ROOT / "timeline")],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )

    report = Report()
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "seeds").symlink_to(ROOT / "seeds")
        cache_home = tmp / "cache"
        home = tmp / "home"
        home.mkdir()
        env = clean_env(home, XDG_CACHE_HOME=str(cache_home))
        plain_env = dict(env, TIMELINE_NO_CACHE="1")

        print("generating data …", flush=True)
        files = {n: tmp / f"events-{n}.yaml" for n in big}
        for n, path in files.items():
            write_yaml(path, n)
        small_home, big_home = tmp / "jrnl-100", tmp / "jrnl-100k"
        write_jrnl(tmp / "journal-100.txt", 100)
        jrnl_home(small_home, tmp / "journal-100.txt")
        jenv_small = clean_env(small_home)
        if not args.quick:
            write_jrnl(tmp / "journal-100k.txt", args.scale)
            jrnl_home(big_home, tmp / "journal-100k.txt")
        jenv_big = clean_env(big_home)

        versions = {
            "python": platform.python_version(),
            "typer": _version(python, "typer"),
            "PyYAML": _version(python, "PyYAML"),
            "SQLite": sqlite3.sqlite_version,
            "jrnl": JRNL_VERSION,
        }
        report.add(
            "# Benchmark results",
            "",
            f"Generated by `bench/bench.py{' --quick' if args.quick else ''}` on "
            f"{dt.date.today().isoformat()}: {os.cpu_count()} cores, {_cpu()}, "
            + ", ".join(f"{k} {v}" for k, v in versions.items())
            + f". Load average when it started: {load_before[0]:.2f}.",
            "",
            "Every number is a whole process, median of interleaved runs (A B A B …); peak RSS "
            f"is the largest of that command's runs ({'GNU time' if GNU_TIME else 'wait4'}). "
            "`| cat` is a pipe read by the "
            "script; a terminal is a pseudo-terminal of 120x40. Both tools run from compiled "
            "bytecode. jrnl reads journals with the same content as our files (title, summary, "
            "quote, @tags).",
            "",
        )

        # -------------------------------------------------------- start-up
        report.add("## 1. Start-up (embedded data, 38 events; jrnl: 100 entries)", "")
        run([*tl, "list"], env)  # builds the cache of the embedded file
        start_rows = interleave(
            [
                ("timeline list | cat", [*tl, "list"], env),
                ("jrnl -n 10 | cat", [str(jrnl), "-n", "10"], jenv_small),
                ("TIMELINE_NO_CACHE=1 timeline list | cat", [*tl, "list"], plain_env),
                ("timeline list -F json | cat", [*tl, "list", "-F", "json"], env),
                ("python -c pass", [str(python), "-c", "pass"], env),
            ],
            repeats,
        )
        # jrnl has no pager; timeline pages output taller than the screen through less, so
        # the terminal comparison turns the pager off to time the same work (TIMELINE_PAGER=).
        tty_env = dict(env, TIMELINE_PAGER="")
        tty_rows = interleave(
            [
                ("timeline list (terminal)", [*tl, "list"], tty_env),
                ("jrnl -n 10 (terminal)", [str(jrnl), "-n", "10"], jenv_small),
            ],
            repeats,
            tty=True,
        )
        report.table(start_rows + tty_rows)
        piped = start_rows[0].median / start_rows[1].median
        terminal = tty_rows[0].median / tty_rows[1].median
        report.add(
            f"- piped `timeline list | cat` / `jrnl -n 10 | cat`: {verdict(piped, 0.7)}",
            f"- terminal `timeline list` / `jrnl -n 10`: {verdict(terminal, 0.9)}",
            "",
            "Heavy packages each command imports (warm cache):",
            "",
        )
        for label, extra in [
            ("list | cat", ["list"]),
            ("list -F json", ["list", "-F", "json"]),
            ("on 2022-03-20", ["on", "2022-03-20"]),
            ("search 社区", ["search", "社区"]),
            ("on 三月二十日", ["on", "三月二十日"]),
        ]:
            found = imported([str(python), "-m", "timeline", *extra], env)
            report.add(f"- `timeline {label}`: {', '.join(found) or 'none of ' + ', '.join(HEAVY)}")
        report.add("")
        if args.typer:
            report.add(
                "### Typer versions",
                "",
                "The same app (`timeline list | cat`, warm cache) with each typer in a scratch "
                "virtualenv (bench/out/typer-VERSION, the project on PYTHONPATH):",
                "",
            )
            pairs = []
            for version in args.typer:
                vpy = ensure_venv(
                    HERE / "out" / f"typer-{version}",
                    f"typer=={version}",
                    *("PyYAML", "python-dateutil", "cn2an", "icalendar"),
                )
                tenv = dict(env, PYTHONPATH=str(ROOT))
                pairs.append((f"typer {version}", [str(vpy), "-m", "timeline", "list"], tenv))
                run(pairs[-1][1], tenv)
                if version == args.typer[-1]:  # the project as it was: newest typer, no cache
                    before_env = dict(tenv, TIMELINE_NO_CACHE="1")
                    label = f"typer {version}, TIMELINE_NO_CACHE=1 (before this work)"
                    pairs.append((label, [str(vpy), "-m", "timeline", "list"], before_env))
            trows = interleave(pairs, repeats)
            report.table(trows)
            report.add(
                "typer 0.29 validates every parameter through pydantic, imported at start-up; "
                "0.26-0.28 do not, and vendor click. pyproject.toml pins `typer>=0.26,<0.29` "
                "for that reason.",
                "",
            )

        # -------------------------------------------------------- scale
        if not args.quick:
            n = args.scale
            path = files[n]
            size_mb = path.stat().st_size / 2**20
            day = query_day(n).isoformat()
            report.add(
                f"## 2. Scale: {n:,} events ({size_mb:,.0f} MB of YAML; jrnl: {n:,} entries)",
                "",
            )
            print("PyYAML baselines …", flush=True)
            load = (
                "import sys, yaml; text = open(sys.argv[1], encoding='utf-8').read(); "
                "yaml.load(text, Loader=yaml.CSafeLoader)"
            )
            paused = "import gc; gc.disable(); " + load
            baseline = once("PyYAML CSafeLoader load", [str(python), "-c", load, str(path)], env)
            nogc = once("same, gc paused", [str(python), "-c", paused, str(path)], env)
            firsts = Series("timeline on DAY, first run (builds the cache)")
            for _ in range(2):
                shutil.rmtree(cache_home, ignore_errors=True)
                firsts.runs.append(run([*tl, "--file", str(path), "on", day], env))
            first_list = Series("timeline list, first run (builds the cache)")
            shutil.rmtree(cache_home, ignore_errors=True)
            first_list.runs.append(run([*tl, "--file", str(path), "list"], env))
            uncached = once(
                "TIMELINE_NO_CACHE=1 timeline on DAY (every run parses the YAML)",
                [*tl, "--file", str(path), "on", day],
                plain_env,
            )
            report.table([baseline, nogc, firsts, first_list, uncached])
            report.add(
                "Before this work (recorded on this machine at its start, not re-measured by "
                "this script): `timeline --file` on the same 100,000 events took 77.4 s and "
                "2,749 MB for every run, `list` or `on` alike (typer 0.29, no cache, PyYAML "
                "with the garbage collector running), against 77.4 s and 2,556 MB for a plain "
                "PyYAML load in the same session.",
                "",
            )
            t_ratio = firsts.median / baseline.median
            m_ratio = firsts.peak_mb / baseline.peak_mb
            report.add(
                f"- first run / PyYAML's C loader, time: {verdict(t_ratio, 0.3)}",
                f"- first run / PyYAML's C loader, peak memory: {verdict(m_ratio, 0.3)}",
                "",
            )
            print("repeated queries …", flush=True)
            f = ["--file", str(path)]
            on_rows = interleave(
                [
                    (f"timeline on {day}", [*tl, *f, "on", day], env),
                    (f"jrnl -on {day}", [str(jrnl), "-on", day], jenv_big),
                ],
                3,
            )
            search_rows = interleave(
                [
                    (f"timeline search {COMMON_WORD}", [*tl, *f, "search", COMMON_WORD], env),
                    (
                        f"jrnl -contains {COMMON_WORD}",
                        [str(jrnl), "-contains", COMMON_WORD],
                        jenv_big,
                    ),
                    (f"timeline search {SEARCH_WORD}", [*tl, *f, "search", SEARCH_WORD], env),
                    (
                        f"jrnl -contains {SEARCH_WORD}",
                        [str(jrnl), "-contains", SEARCH_WORD],
                        jenv_big,
                    ),
                ],
                5,
            )
            hits = {s.label: f"({_lines(s)} lines)" for s in on_rows + search_rows}
            report.table(on_rows + search_rows, hits)
            common = search_rows[0].median / search_rows[1].median
            rare = search_rows[2].median / search_rows[3].median
            jrnl_ratio = search_rows[1].median / on_rows[1].median
            on_ratio = on_rows[0].median / on_rows[1].median
            report.add(
                f"- repeated `timeline on` / `jrnl -on`: {verdict(on_ratio, 0.15)}",
                f"- repeated `timeline search {COMMON_WORD}` / `jrnl -contains {COMMON_WORD}` "
                f"(in {_lines(search_rows[0]) / n:.0%} of events; jrnl's search costs "
                f"{jrnl_ratio:.1f}x its date query, as in the issue: 9.5 s / 1.4 s = 6.8x): "
                f"{verdict(common, 0.05)}",
                f"- repeated `timeline search {SEARCH_WORD}` / `jrnl -contains {SEARCH_WORD}` "
                f"(a rare word, in {_lines(search_rows[2]) / n:.0%} of events): "
                f"{verdict(rare, 0.05)}",
                "",
            )
            print("streaming …", flush=True)
            head = once(
                "timeline list | head -1",
                ["sh", "-c", shlex.join([*tl, *f, "list"]) + " | head -1"],
                env,
                3,
            )
            whole = once("timeline list | cat", [*tl, *f, "list"], env, 3)
            report.table([head, whole])
            report.add(
                "`list` streams from the cache in date-time order, a batch of rows at a time: "
                "the first line is out as soon as the first batch is read, and memory stays "
                "flat however long the listing.",
                "",
            )

        # -------------------------------------------------------- linear growth
        report.add("## 3. Growth with the number of events (warm cache)", "")
        report.add(
            "| command | "
            + " | ".join(f"{n:,}" for n in big)
            + " | time per event, last / first |",
            "| --- | " + " | ".join("---:" for _ in big) + " | ---: |",
        )
        for label, extra, cmd_env in [
            ("list", ["list"], env),
            ("on DAY", ["on", "DAY"], env),
            (f"search {SEARCH_WORD}", ["search", SEARCH_WORD], env),
            ("check", ["check"], env),
        ]:
            cells, per_event = [], []
            for n in big:
                cmd = [
                    *tl,
                    "--file",
                    str(files[n]),
                    *[query_day(n).isoformat() if a == "DAY" else a for a in extra],
                ]
                run(cmd, cmd_env)  # warm the cache
                reps = 1 if label == "check" and n >= 100_000 else 3
                # The generated events quote the curated timeline's days, not their own:
                # `check` proves every quote, then finds those problems (exit 1).
                s = once(label, cmd, cmd_env, reps, ok=(0, 1) if label == "check" else (0,))
                cells.append(f"{ms(s.median)}, {s.peak_mb:,.0f} MB")
                per_event.append(s.median / n)
            growth = per_event[-1] / per_event[0]
            report.add(f"| `{label}` | " + " | ".join(cells) + f" | {growth:.2f} |")
        report.add(
            "",
            "A last/first ratio at or below 1 means cost grows no faster than the number of "
            "events (fixed start-up costs make small files relatively dear).",
            "",
        )

    took = time.perf_counter() - started
    report.add(
        f"_Whole run: {took / 60:.1f} minutes; load average at the end "
        f"{os.getloadavg()[0]:.2f}. Other work on the machine shows up as noise in the medians._",
    )
    args.out.write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def _version(python: Path, dist: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({dist!r}))"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=False)
    return out.stdout.strip() or "?"


def _lines(series: Series) -> int:
    return series.runs[0].out.count(b"\n")


def _cpu() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
