"""Hostile input and faults: keep working, say what is wrong, lose nothing, inject nothing.

One case table per category: hostile YAML, encodings and bytes, data that is wrong, data
hostile to terminals and formats, bad arguments, output faults, environment, nothing lost.
An error case expects its exit code, nothing on stdout and exactly one line on stderr
starting ``timeline: error:``, never a traceback.

Every case of a table runs through the CLI's entry point, ``timeline.cli.main``, in this
process (its whole error mapping, ~10 ms a case), and one case of each kind also runs as a
real ``python -m timeline`` process (~0.2 s each, started all at once on a thread pool).
What only a process can show (closed or full streams, signals, locales, terminals) runs
only as a process.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from helpers import DATA, MINI, ROOT
from timeline.output.atomic import atomic_write
from timeline.output.plain import TSV_COLUMNS
from timeline.output.records import OutputContext
from timeline.output.registry import FORMATS
from timeline.output.safety import clean_line
from timeline.source.load import parse_timeline
from timeline.store.open import load

HOSTILE = DATA / "hostile"
TERMINAL = HOSTILE / "terminal.yaml"
WORKERS = max(4, 2 * (os.cpu_count() or 1))

# What no byte of output may be: C0 (but newline), C1, DEL; tabs are checked per format.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates ("Trojan Source"), and line/paragraph separators.
RAW_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
RAW_SEPARATOR = re.compile(r"[\u2028\u2029]")


# ---------------------------------------------------------------- running the real CLI


@dataclass(frozen=True)
class Run:
    """One run of `python -m timeline`: its arguments and what it is given."""

    args: tuple[str, ...]
    stdin: bytes | None = None
    cwd: Path = ROOT
    env: Mapping[str, str | None] = field(default_factory=dict)
    timeout: float = 60


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def base_env(cache: Path) -> dict[str, str]:
    """The test's own environment minus the developer's settings, with a private cache."""
    env = {k: v for k, v in os.environ.items() if k not in ("TIMELINE_FILE", "NO_COLOR")}
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def run_one(run: Run, cache: Path) -> Result:
    env = base_env(cache)
    for key, value in run.env.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "timeline", *run.args],
        input=run.stdin,
        stdin=None if run.stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        cwd=run.cwd,
        env=env,
        timeout=run.timeout,
    )
    seconds = time.monotonic() - start
    return Result(
        proc.returncode,
        proc.stdout.decode("utf-8", "backslashreplace"),
        proc.stderr.decode("utf-8", "backslashreplace"),
        seconds,
    )


def run_all(runs: Mapping[str, Run], cache: Path) -> dict[str, Result]:
    """Every run at once; results by case id."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {key: pool.submit(run_one, run, cache) for key, run in runs.items()}
    return {key: future.result() for key, future in futures.items()}


InProcess = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> InProcess:
    """`cli(*args, stdin=b"...", cwd=path)`: the entry point in this process, as a Result."""
    from timeline.cli import main

    def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> Result:
        capsys.readouterr()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        if cwd is not None:
            monkeypatch.chdir(cwd)
        start = time.monotonic()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Result(code, out, err, time.monotonic() - start)

    return run


def assert_one_line_error(result: Result, code: int, *fragments: str) -> None:
    """Exit `code`, nothing on stdout, one `timeline: error:` line holding every fragment."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("timeline: error: "), result.stderr
    assert result.stderr.endswith("\n"), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert not RAW_CONTROL.search(result.stderr.rstrip("\n")), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


# ---------------------------------------------------------------- 1. hostile YAML


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int = 40) -> str:
    """Merge keys over nested anchors: each level doubles what a naive merge would copy."""
    text = "&k0 {a0: 1}"
    for i in range(1, levels + 1):
        text = f"&k{i} {{<<: [{text}, *k{i - 1}], b{i}: 1}}"
    return f"events: [{text}]\n"


def nested_blocks(depth: int) -> str:
    return (
        "events:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(depth)) + " " * depth + " b\n"
    )


EVENT = "events:\n  - id: a\n    date: 2022-03-01\n"
POISON = "touch pwned"  # what an object-building tag would run; its file must never appear

# (case id, file content, what the one line says)
HOSTILE_YAML: list[tuple[str, str | bytes | Callable[[], str | bytes], str]] = [
    (
        "python-object-apply",
        f'events:\n  - !!python/object/apply:os.system ["{POISON}"]\n',
        "2:5: invalid YAML: tag '!!python/object/apply:os.system' is not allowed "
        "(timeline files hold plain data only)",
    ),
    (
        "python-object-new",
        f"events: !!python/object/new:subprocess.Popen [[sh, -c, {POISON}]]\n",
        "tag '!!python/object/new:subprocess.Popen' is not allowed",
    ),
    ("python-name", "events: !!python/name:os.system\n", "tag '!!python/name:os.system'"),
    ("python-module", "events: !!python/module:os\n", "tag '!!python/module:os' is not allowed"),
    (
        "tag-directive-shorthand",
        f"%TAG !p! tag:yaml.org,2002:python/\n---\nevents: [!p!object/apply:os.system [{POISON}]]\n",
        "tag '!!python/object/apply:os.system' is not allowed",
    ),
    ("local-tag", "events: [!Ref x]\n", "1:10: invalid YAML: tag '!Ref' is not allowed"),
    ("billion-laughs", billion_laughs, "invalid YAML: YAML aliases (*name) are not supported"),
    ("recursive-alias", "events: &a [*a]\n", "YAML aliases (*name) are not supported"),
    (
        "alias-in-merge-key",
        "timeline: &h {title: t}\nevents:\n  - {<<: *h, id: a, date: 2022-03-01}\n",
        "YAML aliases (*name) are not supported",
    ),
    ("merge-bomb", merge_bomb, "merge-bomb.yaml:1:10: events[0]: 'id' is required"),
    (
        "deep-flow-nesting",
        lambda: "events: " + "[" * 100_000,
        "invalid YAML: exceeded maximum nesting",
    ),
    ("deep-block-nesting", lambda: nested_blocks(2000), "invalid YAML: exceeded maximum nesting"),
    ("nesting-300", lambda: "events: " + "[" * 300 + "]" * 300, "invalid YAML: nested too deeply"),
    (
        "title-of-50-mb",
        lambda: EVENT + "    title: '" + "x" * 50_000_000 + "'\n",
        "4:12: event 'a': 'title' is too long (50,000,000 characters; 100,000 at most)",
    ),
    (
        "tag-of-100001-characters",
        lambda: EVENT + "    title: x\n    tags: [" + "t" * 100_001 + "]\n",
        "5:11: event 'a': an item of 'tags' is longer than 100,000 characters",
    ),
    (
        "integer-of-5000-digits",
        lambda: EVENT + "    title: x\n    figures: [{text: 1名, value: " + "1" * 5000 + "}]\n",
        "5:33: invalid YAML: number too long (more than 4000 digits)",
    ),
    (
        "base-60-integer-of-5000-digits",
        lambda: EVENT + "    title: x\n    time: 1" + ":59" * 3000 + "\n",
        "5:11: invalid YAML: number too long (more than 4000 digits)",
    ),
    (
        "duplicate-key",
        EVENT + "    title: one\n    title: two\n",
        "5:5: invalid YAML: duplicate key 'title' (first at line 4)",
    ),
    ("two-documents", "events: []\n---\nevents: []\n", "2:1: invalid YAML"),
    (
        "binary-scalar",
        EVENT + "    title: !!binary aGVsbG8=\n",
        "4:12: event 'a': 'title' must be text",
    ),
]


def content(spec: str | bytes | Callable[[], str | bytes]) -> bytes:
    value = spec() if callable(spec) else spec
    return value.encode("utf-8") if isinstance(value, str) else value


HOSTILE_YAML_IN_A_PROCESS = ["python-object-apply", "billion-laughs", "deep-flow-nesting"]


@pytest.mark.parametrize(
    ("case", "spec", "message"), HOSTILE_YAML, ids=[c for c, _, _ in HOSTILE_YAML]
)
def test_hostile_yaml_is_refused_in_one_line(
    cli: InProcess, tmp_path: Path, case: str, spec: str | Callable[[], str], message: str
) -> None:
    (tmp_path / f"{case}.yaml").write_bytes(content(spec))
    result = cli("--file", f"{case}.yaml", "list", cwd=tmp_path)
    assert_one_line_error(result, 1, f"timeline: error: {case}.yaml:", message)
    assert result.seconds < 10, "no hang: every hostile file is refused in seconds"
    assert not (tmp_path / "pwned").exists(), "a YAML tag ran a command"


@pytest.fixture(scope="module")
def hostile_yaml_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    folder = tmp_path_factory.mktemp("hostile-yaml")
    runs = {}
    for case, spec, _ in HOSTILE_YAML:
        if case in HOSTILE_YAML_IN_A_PROCESS:
            (folder / f"{case}.yaml").write_bytes(content(spec))
            runs[case] = Run(("--file", f"{case}.yaml", "list"), cwd=folder)
    results = run_all(runs, tmp_path_factory.mktemp("cache"))
    assert not (folder / "pwned").exists(), "a YAML tag ran a command"
    return results


@pytest.mark.parametrize("case", HOSTILE_YAML_IN_A_PROCESS)
def test_hostile_yaml_in_a_real_process(hostile_yaml_runs: dict[str, Result], case: str) -> None:
    message = next(m for c, _, m in HOSTILE_YAML if c == case)
    assert_one_line_error(hostile_yaml_runs[case], 1, f"timeline: error: {case}.yaml:", message)


def test_alias_bomb_is_refused_fast_in_bounded_memory(tmp_path: Path) -> None:
    """A billion laughs (10^9 strings if expanded) under a 1 GB address-space limit."""
    path = tmp_path / "lol.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    start = time.monotonic()
    _, problems = parse_timeline(path.read_text(encoding="utf-8"), "lol.yaml")
    assert time.monotonic() - start < 0.5
    assert "aliases" in str(problems[0])

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (30, 30))

    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", "--file", str(path), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=base_env(tmp_path / "cache"),
        preexec_fn=limits,
    )
    _, status, usage = os.wait4(proc.pid, 0)  # reaped here to read its peak memory
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stdout is not None
    assert proc.stderr is not None
    with proc.stdout, proc.stderr:
        out, err = proc.stdout.read(), proc.stderr.read()
    assert proc.returncode == 1
    assert out == b""
    assert err.decode().startswith("timeline: error: ")
    assert b"Traceback" not in err
    assert usage.ru_maxrss < 300_000  # KiB: what Python and its imports take, no more


def test_large_scalars_and_many_events_still_load(tmp_path: Path) -> None:
    """The size limit is per value: a 100,000-character quote and 5,000 events are fine."""
    quote = "据" * 100_000
    rows = "".join(f"  - {{id: e{i}, date: 2022-03-01, title: t{i}}}\n" for i in range(5000))
    text = (
        f"events:\n  - id: long\n    date: 2022-03-01\n    title: x\n    summary: '{quote}'\n{rows}"
    )
    timeline, problems = parse_timeline(text, "big.yaml")
    assert problems == []
    assert len(timeline.events) == 5001
    assert timeline.events[0].summary == quote


# ---------------------------------------------------------------- 2. encodings and bytes

PLAIN = "events:\n  - id: gbk\n    date: 2022-03-05\n    title: 唐山\n"

# (case id, bytes, how it is read, what the one line says)
ENCODING_ERRORS: list[tuple[str, bytes, str, str]] = [
    (
        "gbk",
        PLAIN.encode("gbk"),
        "file",
        "gbk.yaml:4: not UTF-8 (byte 0xcc); convert it first, e.g. iconv -f GBK -t UTF-8",
    ),
    ("gbk-on-stdin", PLAIN.encode("gbk"), "stdin", "<stdin>:4: not UTF-8 (byte 0xcc)"),
    (
        "utf-16-with-bom",
        PLAIN.encode("utf-16"),
        "file",
        "utf-16-with-bom.yaml: the file is UTF-16 (little-endian), not UTF-8; convert it first,"
        " e.g. iconv -f UTF-16 -t UTF-8",
    ),
    ("latin-1", "title: café\n".encode("latin-1"), "file", "latin-1.yaml:1: not UTF-8 (byte 0xe9)"),
    ("cut-inside-a-character", PLAIN.encode()[:-3], "file", ":4: not UTF-8 (byte 0xe5)"),
    ("overlong-slash", b"events: [\xc0\xaf]\n", "file", ":1: not UTF-8 (byte 0xc0)"),
    ("encoded-surrogate", b"events: [\xed\xa0\x80]\n", "file", ":1: not UTF-8 (byte 0xed)"),
    (
        "utf-16-without-bom",
        "events: []\n".encode("utf-16-le"),
        "file",
        "utf-16-without-bom.yaml:1:2: invalid YAML: control character U+0000 is not allowed",
    ),
    (
        "raw-escape-byte",
        "events:\n  - {id: a, date: 2022-03-01, title: 唐山\x1b[2J}\n".encode(),
        "file",
        "raw-escape-byte.yaml:2:40: invalid YAML: control character U+001B is not allowed",
    ),
    (
        "raw-c1-csi",
        "events:\n  - {id: a, date: 2022-03-01, title: a\x9b31m}\n".encode(),
        "stdin",
        "<stdin>:2:39: invalid YAML: control character U+009B is not allowed",
    ),
    (
        "raw-nul-byte",
        b"events:\n  - {id: a, date: 2022-03-01, title: a\x00}\n",
        "file",
        "raw-nul-byte.yaml:2:39: invalid YAML: control character U+0000 is not allowed",
    ),
]

GOOD_TEXT = MINI.read_text(encoding="utf-8")
# (case id, bytes, how it is read): each must list exactly what the plain file lists.
ENCODINGS_ACCEPTED: list[tuple[str, bytes, str]] = [
    ("plain-on-stdin", GOOD_TEXT.encode(), "stdin"),
    ("utf-8-bom", b"\xef\xbb\xbf" + GOOD_TEXT.encode(), "file"),
    ("utf-8-bom-on-stdin", b"\xef\xbb\xbf" + GOOD_TEXT.encode(), "stdin"),
    ("crlf", GOOD_TEXT.replace("\n", "\r\n").encode(), "file"),
    ("crlf-on-stdin", GOOD_TEXT.replace("\n", "\r\n").encode(), "stdin"),
    ("cr-only", GOOD_TEXT.replace("\n", "\r").encode(), "file"),
    ("bom-and-crlf-on-stdin", b"\xef\xbb\xbf" + GOOD_TEXT.replace("\n", "\r\n").encode(), "stdin"),
    ("no-final-newline", GOOD_TEXT.rstrip("\n").encode(), "file"),
    # Nothing at all is an empty timeline (as an empty YAML document is null): no events.
    ("empty", b"", "stdin"),
    ("bom-only", b"\xef\xbb\xbf", "file"),
]
ENCODINGS_IN_A_PROCESS = ["gbk-on-stdin", "raw-escape-byte", "bom-and-crlf-on-stdin"]


def read_as(case: str, data: bytes, how: str, folder: Path) -> tuple[tuple[str, ...], bytes | None]:
    """The arguments and stdin that make `timeline list -F json` read `data` as a file or stdin."""
    if how == "file":
        (folder / f"{case}.yaml").write_bytes(data)
        return ("--file", f"{case}.yaml", "list", "-F", "json"), None
    return ("--file", "-", "list", "-F", "json"), data


@pytest.mark.parametrize(
    ("case", "data", "how", "message"), ENCODING_ERRORS, ids=[c for c, _, _, _ in ENCODING_ERRORS]
)
def test_bytes_that_are_not_utf8_text_are_one_clear_line(
    cli: InProcess, tmp_path: Path, case: str, data: bytes, how: str, message: str
) -> None:
    args, stdin = read_as(case, data, how, tmp_path)
    assert_one_line_error(cli(*args, stdin=stdin, cwd=tmp_path), 1, message)


@pytest.mark.parametrize(
    ("case", "data", "how"), ENCODINGS_ACCEPTED, ids=[c for c, _, _ in ENCODINGS_ACCEPTED]
)
def test_bom_line_endings_and_stdin_read_like_the_plain_file(
    cli: InProcess, tmp_path: Path, case: str, data: bytes, how: str
) -> None:
    args, stdin = read_as(case, data, how, tmp_path)
    result = cli(*args, stdin=stdin, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    expected = (
        []
        if case in ("empty", "bom-only")
        else json.loads(cli("--file", str(MINI), "list", "-F", "json").stdout)
    )
    assert (json.loads(result.stdout) if result.stdout else []) == expected


@pytest.fixture(scope="module")
def encoding_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    folder = tmp_path_factory.mktemp("encodings")
    runs = {"baseline": Run(("--file", str(MINI), "list", "-F", "json"))}
    for case, data, how, *_ in [*ENCODING_ERRORS, *ENCODINGS_ACCEPTED]:
        if case in ENCODINGS_IN_A_PROCESS:
            args, stdin = read_as(case, data, how, folder)
            runs[case] = Run(args, stdin=stdin, cwd=folder)
    return run_all(runs, tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("case", ENCODINGS_IN_A_PROCESS)
def test_encodings_in_a_real_process(encoding_runs: dict[str, Result], case: str) -> None:
    result = encoding_runs[case]
    errors = {c: m for c, _, _, m in ENCODING_ERRORS}
    if case in errors:
        assert_one_line_error(result, 1, errors[case])
    else:
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout in (encoding_runs["baseline"].stdout, "")


def test_closed_stdin_is_a_clear_error() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "timeline", "--file", "-", "list"],
        capture_output=True,
        preexec_fn=lambda: os.close(0),
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.decode() == "timeline: error: <stdin>: standard input is closed\n"


# ---------------------------------------------------------------- 3. data that is wrong

E = "events:\n"
A = E + "  - id: a\n    date: 2022-03-01\n"  # an event that only needs its title and more
AT = A + "    title: x\n"

# (case id, file content, the whole message after "timeline: error: <case>.yaml")
# fmt: off
WRONG_DATA: list[tuple[str, str, str]] = [
    ("top-level-text", "just a string\n", ": a timeline file must be a mapping with 'events:' or a list"),
    ("top-level-number", "42\n", ": a timeline file must be a mapping with 'events:' or a list"),
    ("events-not-a-list", "events: {id: a}\n", ":1:9: 'events' must be a list"),
    ("header-not-a-mapping", "timeline: [a]\nevents: []\n", ":1:11: 'timeline' must be a mapping"),
    ("unknown-top-level-key", "timeline: {}\nevnts: []\n", ":2:8: unknown top-level key 'evnts'"),
    ("event-not-a-mapping", E + "  - {id: a, date: 2022-03-01, title: x}\n  - just text\n", ":3:5: events[1]: each event must be a mapping"),
    ("id-missing", E + "  - date: 2022-03-01\n    title: x\n", ":2:5: events[0]: 'id' is required (a short unique name)"),
    ("id-empty", E + "  - id: ''\n    title: x\n", ":2:9: events[0]: 'id' is required (a short unique name)"),
    ("id-a-list", E + "  - id: [a]\n    title: x\n", ":2:9: events[0]: 'id' is required (a short unique name)"),
    ("date-missing", E + "  - id: a\n    title: x\n", ":2:5: event 'a': 'date' is required (YYYY-MM-DD)"),
    ("date-feb-30", E + "  - id: a\n    date: 2022-02-30\n    title: x\n", ":3:11: event 'a': date '2022-02-30' is not a real date"),
    ("date-feb-29-common-year", E + "  - id: a\n    date: 2023-02-29\n    title: x\n", ":3:11: event 'a': date '2023-02-29' is not a real date"),
    ("date-month-13", E + "  - id: a\n    date: 2022-13-01\n    title: x\n", ":3:11: event 'a': date '2022-13-01' is not a real date"),
    ("date-day-0", E + "  - id: a\n    date: 2022-03-00\n    title: x\n", ":3:11: event 'a': date '2022-03-00' is not a real date"),
    ("date-year-0", E + "  - id: a\n    date: 0000-03-01\n    title: x\n", ":3:11: event 'a': date '0000-03-01' is not a real date"),
    ("date-not-padded", E + "  - id: a\n    date: 2022-3-1\n    title: x\n", ":3:11: event 'a': date '2022-3-1' is not an ISO date (YYYY-MM-DD, or YYYY-MM, YYYY, 2022-03 中旬, 2022 年底)"),
    ("date-in-chinese", E + "  - id: a\n    date: 2022年3月1日\n    title: x\n", ":3:11: event 'a': date '2022年3月1日' is not an ISO date (YYYY-MM-DD, or YYYY-MM, YYYY, 2022-03 中旬, 2022 年底)"),
    ("date-a-number", E + "  - id: a\n    date: 20220301\n    title: x\n", ":3:11: event 'a': date '20220301' is not an ISO date (YYYY-MM-DD, or YYYY-MM, YYYY, 2022-03 中旬, 2022 年底)"),
    ("date-with-a-time", E + "  - id: a\n    date: 2022-03-01 10:00\n    title: x\n", ":3:11: event 'a': date '2022-03-01 10:00' is not an ISO date (YYYY-MM-DD, or YYYY-MM, YYYY, 2022-03 中旬, 2022 年底)"),
    ("time-24-00", A + "    time: '24:00'\n    title: x\n", ":4:11: event 'a': time '24:00' is not a real HH:MM time"),
    ("time-minute-60", A + "    time: '10:60'\n    title: x\n", ":4:11: event 'a': time '10:60' is not a real HH:MM time"),
    ("time-one-digit-hour", A + "    time: '9:30'\n    title: x\n", ":4:11: event 'a': time '9:30' is not a real HH:MM time"),
    ("time-unquoted", A + "    time: 11:45\n    title: x\n", ':4:11: event \'a\': time 11:45 must be quoted, as time: "11:45" (unquoted, YAML reads it as the number 705)'),
    ("time-unquoted-with-seconds", A + "    time: 1:02:03\n    title: x\n", ':4:11: event \'a\': time 1:02:03 must be quoted, as time: "01:02" (unquoted, YAML reads it as the number 3723)'),
    ("end-before-date", E + "  - id: a\n    date: 2022-03-05\n    end: 2022-03-01\n    title: x\n", ":4:10: event 'a': end 2022-03-01 is before date 2022-03-05"),
    ("end-not-real", E + "  - id: a\n    date: 2022-04-01\n    end: 2022-04-31\n    title: x\n", ":4:10: event 'a': end '2022-04-31' is not a real date"),
    ("duplicate-id", E + "  - {id: a, date: 2022-03-01, title: x}\n  - {id: a, date: 2022-03-02, title: y}\n", ":3:1: event 'a': duplicate id (first at line 2)"),
    ("duplicate-id-number-and-text", E + "  - {id: 1, date: 2022-03-01, title: x}\n  - {id: '1', date: 2022-03-02, title: y}\n", ":3:1: event '1': duplicate id (first at line 2)"),
    ("duplicate-field", AT + "    title: y\n", ":5:5: invalid YAML: duplicate key 'title' (first at line 4)"),
    ("title-missing", A, ":2:5: event 'a': 'title' is required"),
    ("title-null", A + "    title: ~\n", ":2:5: event 'a': 'title' is required"),
    ("title-blank", A + "    title: '  '\n", ":4:12: event 'a': 'title' must not be empty"),
    ("title-a-list", A + "    title: [x]\n", ":4:12: event 'a': 'title' must be text"),
    ("title-a-mapping", A + "    title: {x: 1}\n", ":4:12: event 'a': 'title' must be text"),
    ("summary-a-yaml-boolean", AT + "    summary: yes\n", ":5:14: event 'a': 'summary' must be text"),
    ("tags-a-mapping", AT + "    tags: {a: 1}\n", ":5:11: event 'a': 'tags' must be a list of text"),
    ("tags-nested", AT + "    tags: [a, [b]]\n", ":5:11: event 'a': 'tags' must be a list of text"),
    ("unknown-field", AT + "    tittle: x\n", ":5:13: event 'a': unknown field 'tittle'; did you mean 'title'?"),
    ("date-kind-unknown", AT + "    date_kind: circa\n", ":5:16: event 'a': date_kind 'circa' is not one of event, as_of, since, report"),
    ("figures-not-a-list", AT + "    figures: 5\n", ":5:14: event 'a': 'figures' must be a list"),
    ("figure-not-a-mapping", AT + "    figures: [5万名]\n", ":5:14: event 'a': figures[0] must be a mapping with 'text'"),
    ("figure-text-missing", AT + "    figures: [{value: 5}]\n", ":5:15: event 'a': figures[0]: 'text' is required"),
    ("figure-value-text", AT + "    figures: [{text: 5万名, value: many}]\n", ":5:34: event 'a': figures[0]: value must be a number such as 1528 or 48.6"),
    ("figure-value-infinite", AT + "    figures: [{text: 5万名, value: .inf}]\n", ":5:34: event 'a': figures[0]: value must be a number such as 1528 or 48.6"),
    ("figure-approx-text", AT + "    figures: [{text: 5万名, approx: maybe}]\n", ":5:35: event 'a': figures[0]: approx must be true or false"),
    ("figure-unknown-field", AT + "    figures: [{text: 5万名, vlaue: 1}]\n", ":5:34: event 'a': figures[0]: unknown field 'vlaue'; did you mean 'value'?"),
    ("source-not-a-mapping", AT + "    source: seeds/a.txt\n", ":5:13: event 'a': 'source' must be a mapping with file and quote"),
    ("source-quote-missing", AT + "    source: {file: seeds/a.txt}\n", ":5:13: event 'a': source: 'quote' is required"),
    ("reference-not-real", "timeline: {reference: 2022-02-30}\nevents: []\n", ":1:23: timeline: reference '2022-02-30' is not a real date"),
    ("sources-not-a-list", "timeline: {sources: seeds/a.txt}\nevents: []\n", ":1:21: timeline: 'sources' must be a list"),
    ("id-with-escapes-is-quoted-safely", E + '  - id: "a\\e]0;pwned\\a"\n    date: 2022-02-30\n    title: x\n', ":3:11: event 'a\\x1b]0;pwned\\x07': date '2022-02-30' is not a real date"),
    ("long-values-are-cut-in-messages", E + "  - id: " + "i" * 5000 + "\n    date: " + "d" * 5000 + "\n    title: x\n", f":3:11: event '{'i' * 40}…': date '{'d' * 40}…' is not an ISO date (YYYY-MM-DD, or YYYY-MM, YYYY, 2022-03 中旬, 2022 年底)"),
]
# fmt: on


WRONG_DATA_CLI = ["date-feb-30", "time-unquoted", "id-with-escapes-is-quoted-safely"]


@pytest.mark.parametrize(("case", "text", "message"), WRONG_DATA, ids=[c for c, _, _ in WRONG_DATA])
def test_wrong_data_is_one_line_naming_file_line_event_and_field(
    cli: InProcess, tmp_path: Path, case: str, text: str, message: str
) -> None:
    (tmp_path / f"{case}.yaml").write_text(text, encoding="utf-8")
    result = cli("--file", f"{case}.yaml", "list", cwd=tmp_path)
    assert_one_line_error(result, 1)
    assert result.stderr == f"timeline: error: {case}.yaml{message}\n"


@pytest.fixture(scope="module")
def wrong_data_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    folder = tmp_path_factory.mktemp("wrong")
    runs = {}
    for case, text, _ in WRONG_DATA:
        if case in WRONG_DATA_CLI:
            (folder / f"{case}.yaml").write_text(text, encoding="utf-8")
            runs[case] = Run(("--file", f"{case}.yaml", "list"), cwd=folder)
    return run_all(runs, tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("case", WRONG_DATA_CLI)
def test_wrong_data_in_a_real_process(wrong_data_runs: dict[str, Result], case: str) -> None:
    message = next(m for c, _, m in WRONG_DATA if c == case)
    assert_one_line_error(wrong_data_runs[case], 1)
    assert wrong_data_runs[case].stderr == f"timeline: error: {case}.yaml{message}\n"


def test_check_lists_every_problem_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        E + "  - {id: a, date: 2022-02-30, title: x}\n  - {id: b, date: 2022-03-01}\n"
        '  - {id: "c\\e[2J", date: 2022-03-01, title: x, end: 2022-02-01}\n',
        encoding="utf-8",
    )
    result = run_one(Run(("check", "--file", str(path))), tmp_path / "cache")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        f"{path}:2:19: event 'a': date '2022-02-30' is not a real date",
        f"{path}:3:5: event 'b': 'title' is required",
        f"{path}:4:53: event 'c\\x1b[2J': end 2022-02-01 is before date 2022-03-01",
    ]
    assert result.stderr == f"timeline: error: 3 problems in {path}\n"


# ---------------------------------------------------------------- 4. data hostile to terminals

HOSTILE_TL = load(TERMINAL)
BY_ID = {event.id: event for event in HOSTILE_TL.events}
RTL_WORDS = ("שלום", "עולם", "مرحبا", "بالعالم", "evil.exe", "txt.exe")
LONG_WORDS = [BY_ID["long-words"].title.split()[0], BY_ID["long-words"].tags[0]]
# Where a format may carry a character the rule above forbids, and why.
TABS_ALLOWED = {"tsv": "the column separator", "ics": "RFC 5545 text may hold tabs"}
BIDI_KEPT: dict[str, str] = {}  # every format strips bidi overrides (formats.clean_text)


def written(name: str, width: int = 400, color: bool = False) -> str:
    out = io.StringIO()
    FORMATS[name].writer(list(HOSTILE_TL.events), out, OutputContext(HOSTILE_TL, color, width))
    return out.getvalue()


def structural(name: str, text: str) -> str:
    """The output minus the line breaks (and tabs) the format itself is made of."""
    text = text.replace("\r\n", "\n").replace("\n", "")
    return text.replace("\t", "") if name in TABS_ALLOWED else text


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_no_control_character_from_data_reaches_any_format(name: str) -> None:
    for width in (400, 80, 20):
        text = written(name, width)
        assert not RAW_CONTROL.search(structural(name, text)), repr(RAW_CONTROL.findall(text))
        if name not in TABS_ALLOWED:
            assert "\t" not in text
        if name not in BIDI_KEPT:
            assert not RAW_BIDI.search(text)
            assert not RAW_SEPARATOR.search(text)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_colour_comes_only_from_us_as_plain_sgr(name: str) -> None:
    text = written(name, 80, color=True)
    without_sgr = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert not RAW_CONTROL.search(structural(name, without_sgr))


def shown_title(name: str, text: str, event_id: str) -> str:
    """The event's title as the format shows it, read back through the format itself."""
    title = BY_ID[event_id].title
    if name in ("json", "jsonl"):
        records = json.loads(text) if name == "json" else [json.loads(x) for x in text.splitlines()]
        return next(r["title"] for r in records if r["id"] == event_id)
    if name == "timelinejs":
        slides = json.loads(text)["events"]
        return html.unescape(
            next(s["text"]["headline"] for s in slides if s["unique_id"] == event_id)
        )
    if name == "ics":
        import icalendar

        calendar = icalendar.Calendar.from_ical(text)
        uid = f"{event_id}@timeline"
        return next(str(v["SUMMARY"]) for v in calendar.walk("VEVENT") if str(v["UID"]) == uid)
    if name == "markdown":
        from timeline.output.markdown import markdown_escape

        return clean_line(title) if markdown_escape(title) in text else "(escaped title missing)"
    if name == "html":  # the page's JSON data block; the page shows clean_line of it
        block = re.search(r'class="timeline-data">(.*?)</script>', text, re.S)
        records = json.loads(block.group(1))["events"] if block else []
        return next(clean_line(r["title"]) for r in records if r["id"] == event_id)
    if name in ("csv",):
        rows = list(csv.DictReader(io.StringIO(text)))
        return next(r["title"] for r in rows if r["id"] == event_id)
    if name == "tsv":
        return next(
            line.split("\t")[4] for line in text.splitlines() if line.split("\t")[3] == event_id
        )
    return clean_line(title) if clean_line(title) in text else "(title missing)"


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("event_id", ["markup", "escapes", "bidi"])
def test_titles_show_literally_in_every_format(name: str, event_id: str) -> None:
    """Lossless formats keep the title exactly; the others show it minus controls, never
    as markup: `[bold red]` stays brackets, not colour."""
    title = BY_ID[event_id].title
    shown = shown_title(name, written(name, 2000), event_id)
    assert shown == (title if name in ("json", "jsonl") else clean_line(title))
    if event_id == "markup":
        assert "[bold red]not markup[/] [link=http://x]click[/link] :smile:" in shown
    if event_id == "bidi":
        assert all(word in shown for word in RTL_WORDS)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_very_long_words_are_never_cut(name: str) -> None:
    assert all(len(word) > 200 for word in LONG_WORDS)
    words = LONG_WORDS[:1] if name == "markdown" else LONG_WORDS  # markdown shows no tags
    text = written(name, 80)
    if name in ("timeline", "table"):  # folded across lines, never cut with an ellipsis
        assert "…" not in text
        if name == "timeline":
            assert all(word in re.sub(r"\s+", "", text) for word in words)
    elif name == "ics":  # RFC 5545 folds content lines at 75 octets with CRLF + space
        assert all(word in text.replace("\r\n ", "") for word in words)
    else:
        assert all(word in text for word in words)


def test_one_record_per_line_where_the_format_promises_it() -> None:
    n = len(HOSTILE_TL.events)
    tsv = written("tsv").splitlines()
    assert len(tsv) == n
    assert all(line.count("\t") == len(TSV_COLUMNS) - 1 for line in tsv)
    assert [line.split("\t")[3] for line in tsv] == [e.id for e in HOSTILE_TL.events]
    jsonl = written("jsonl").splitlines()
    assert [json.loads(line)["id"] for line in jsonl] == [e.id for e in HOSTILE_TL.events]
    csv_text = written("csv")
    assert len(csv_text.splitlines()) == n + 1 == len(list(csv.reader(io.StringIO(csv_text))))
    if "markdown" in FORMATS:
        items = [line for line in written("markdown").splitlines() if line.startswith("- ")]
        assert len(items) == n


def test_json_keeps_every_character_of_the_data() -> None:
    from timeline.output.records import event_record

    records = json.loads(written("json"))
    assert records == [event_record(e) for e in HOSTILE_TL.events]
    assert "\x1b]52;c;" in BY_ID["escapes"].title  # the data really is hostile


# Every command a user may point at a hostile file, piped (plain text) or in a file.
TERMINAL_RUNS: dict[str, tuple[str, ...]] = {
    **{f"list-{name}": ("list", "-F", name) for name in FORMATS},
    "search-highlighted": ("search", "--any", "red", "link", "-F", "tsv"),
    "show-tsv": ("show", "escapes"),
    "show-json": ("show", "escapes", "-F", "json"),
    "tags-tsv": ("tags",),
    "tags-json": ("tags", "-F", "json"),
    "figures-tsv": ("figures",),
    "figures-csv": ("figures", "-F", "csv"),
    "figures-jsonl": ("figures", "-F", "jsonl"),
    "stats-json": ("stats", "-F", "json"),
}
TERMINAL_IN_A_PROCESS = ["list-tsv", "show-tsv"]
# On a terminal, with colour: rich's views (timeline, table, detail, figures).
PTY_RUNS: dict[str, tuple[str, ...]] = {
    "search": ("search", "red", "--any", "link"),
    "list-table": ("list", "-F", "table"),
    "show-escapes": ("show", "escapes"),
    "show-bidi": ("show", "bidi"),
    "figures": ("figures",),
}


def assert_printed_safely(case: str, result: Result) -> None:
    assert (result.returncode, result.stderr) == (0, "")
    name = TERMINAL_RUNS[case][2] if case.startswith("list-") else "tsv"
    assert not RAW_CONTROL.search(structural(name, result.stdout))
    if name not in BIDI_KEPT:
        assert not RAW_BIDI.search(result.stdout)


@pytest.mark.parametrize("case", sorted(TERMINAL_RUNS))
def test_every_command_prints_hostile_data_safely(cli: InProcess, case: str) -> None:
    assert_printed_safely(case, cli("--file", str(TERMINAL), *TERMINAL_RUNS[case]))


@pytest.fixture(scope="module")
def terminal_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    runs = {k: Run(("--file", str(TERMINAL), *TERMINAL_RUNS[k])) for k in TERMINAL_IN_A_PROCESS}
    return run_all(runs, tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("case", TERMINAL_IN_A_PROCESS)
def test_hostile_data_in_a_real_process(terminal_runs: dict[str, Result], case: str) -> None:
    assert_printed_safely(case, terminal_runs[case])


def run_on_terminal(
    args: tuple[str, ...], columns: int = 100, env: Mapping[str, str | None] | None = None
) -> tuple[int, str, str]:
    """Run the CLI with stdout on a pseudo-terminal of `columns` columns."""
    import fcntl
    import pty
    import struct
    import termios

    full_env = base_env(Path(os.environ.get("XDG_CACHE_HOME", "/nonexistent")))
    # No pager: these runs are about what reaches the terminal (test_terminal_tty.py pages).
    full_env.update({"TERM": "xterm-256color", "COLUMNS": str(columns), "TIMELINE_PAGER": ""})
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=full_env,
    )
    os.close(slave)
    chunks = []
    with contextlib.suppress(OSError):  # EIO once the child has closed the terminal
        while chunk := os.read(master, 65536):
            chunks.append(chunk)
    os.close(master)
    assert proc.stderr is not None
    with proc.stderr:
        err = proc.stderr.read().decode()
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8"), err


pty_only = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


@pytest.fixture(scope="module")
def colour_runs() -> dict[str, tuple[int, str, str]]:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {
            case: pool.submit(run_on_terminal, ("--file", str(TERMINAL), *args))
            for case, args in PTY_RUNS.items()
        }
    return {case: future.result() for case, future in futures.items()}


@pty_only
@pytest.mark.parametrize("case", sorted(PTY_RUNS))
def test_on_a_terminal_only_our_own_colour_codes_are_sent(
    colour_runs: dict[str, tuple[int, str, str]], case: str
) -> None:
    code, out, err = colour_runs[case]
    assert (code, err) == (0, "")
    assert "\x1b[" in out  # colour is on ...
    without_sgr = re.sub(r"\x1b\[[0-9;]*m", "", out)  # ... and nothing but SGR colour
    assert not RAW_CONTROL.search(without_sgr.replace("\r\n", "")), repr(
        RAW_CONTROL.findall(without_sgr)
    )
    assert not RAW_BIDI.search(out)


# ---------------------------------------------------------------- 5. bad arguments

BIG = "x" * 100_000  # a 100 kB argument
CUT = "x" * 40 + "…"  # how a message quotes it

# (case id, arguments after --file MINI, what the one line quotes); every one exits 2.
# fmt: off
BAD_ARGUMENTS: list[tuple[str, tuple[str, ...], str]] = [
    ("on-empty", ("on", ""), "no date given; try 2022-03-20"),
    ("on-blank", ("on", "   "), "no date given"),
    ("on-100-kB", ("on", BIG), f"date '{CUT}' is too long (100000 characters)"),
    ("from-100-kB", ("list", "--from", BIG), f"date '{CUT}' is too long"),
    ("show-100-kB", ("show", BIG), f"no event with id '{CUT}'"),
    ("format-100-kB", ("list", "-F", BIG), f"unknown format '{CUT}'; choose from"),
    ("format-empty", ("list", "-F", ""), "unknown format ''; choose from"),
    ("tags-format-empty", ("tags", "-F", ""), "unknown format '' for tags"),
    ("figures-format-empty", ("figures", "-F", ""), "unknown format '' for figures"),
    ("sort-empty", ("figures", "--sort", ""), "unknown sort ''; choose from date, value"),
    ("tag-empty", ("list", "--tag", ""), "Invalid value for '--tag' / '-t': must not be empty"),
    ("output-empty", ("list", "-o", ""), "Invalid value for '--output' / '-o': must not be empty"),
    ("search-empty", ("search", ""), "search needs a non-empty term"),
    ("search-blank", ("search", "志愿者", " "), "search needs a non-empty term"),
    ("range-reversed", ("on", "2022-03-25..2022-03-20"), "range '2022-03-25..2022-03-20' ends before it starts"),
    ("range-open", ("on", "..2022-03-01"), "range '..2022-03-01' needs both ends"),
    ("from-after-to", ("list", "--from", "3月25日", "--to", "3月20日"), "--from '3月25日' is after --to '3月20日'"),
    ("from-is-a-range", ("list", "--from", "2022-03..2022-04"), "date '2022-03..2022-04' is a range"),
    ("iso-feb-30", ("on", "2022-02-30"), "date '2022-02-30' is not a real date (February 2022 has 28 days)"),
    ("slash-feb-30", ("on", "2022/2/30"), "date '2022/2/30' is not a real date"),
    ("compact-feb-30", ("on", "20220230"), "date '20220230' is not a real date"),
    ("chinese-feb-30", ("on", "2022年2月30日"), "date '2022年2月30日' is not a real date"),
    ("chinese-numerals-feb-30", ("on", "二〇二二年二月三十日"), "date '二〇二二年二月三十日' is not a real date"),
    ("yearless-feb-30", ("on", "二月三十日"), "date '二月三十日' is not a real date (February 2022 has 28 days)"),
    ("english-feb-30", ("on", "Feb 30 2022"), "date 'Feb 30 2022' is not a real date"),
    ("english-day-first-feb-29-2023", ("on", "29 February 2023"), "date '29 February 2023' is not a real date"),
    ("full-width-feb-30", ("on", "２０２２－０２－３０"), "date '2022-02-30' is not a real date"),
    ("month-13", ("on", "2022-13"), "date '2022-13' is not a real date (months run from 1 to 12)"),
    ("chinese-month-13", ("on", "十三月"), "date '十三月' is not a real date (months run from 1 to 12)"),
    ("year-0", ("on", "0000-01-01"), "date '0000-01-01' is not a real date (years run from 1 to 9999)"),
    ("bound-feb-30", ("list", "--to", "2022-02-30"), "date '2022-02-30' is not a real date"),
    ("regex-unclosed-group", ("search", "-E", "("), "bad regular expression '(': missing ) at position 1"),
    ("regex-bad-range", ("search", "-E", "a{2,1}"), "bad regular expression 'a{2,1}'"),
    ("regex-nothing-to-repeat", ("search", "-E", "*"), "bad regular expression '*': nothing to repeat"),
    ("limit-negative", ("list", "-n", "-1"), "'-1' is not a whole number of events (0 or more)"),
    ("limit-text", ("list", "-n", "many"), "'many' is not a whole number of events"),
    ("limit-exponent", ("list", "-n", "1e3"), "'1e3' is not a whole number of events"),
    ("limit-100-kB", ("list", "-n", BIG), f"'{CUT}' is not a whole number of events"),
    ("format-unknown", ("list", "-F", "xml"), "unknown format 'xml'; choose from"),
    ("format-wrong-case", ("list", "-F", "JSON"), "unknown format 'JSON'"),
    ("stats-format-unknown", ("stats", "-F", "ics"), "unknown format 'ics' for stats; choose from table, tsv, csv, json, jsonl"),
    ("id-unknown", ("show", "nope"), "no event with id 'nope'; did you mean 'notice'?"),
    ("id-escape-sequence", ("show", "\x1b]0;pwned\x07"), "no event with id '\\x1b]0;pwned\\x07'"),
    ("date-escape-sequence", ("on", "\x1b[2J"), "cannot read date '\\x1b[2J'"),
    ("date-newline", ("on", "2022-03-01\n2022"), "cannot read date '2022-03-01\\n2022'"),
    ("command-unknown", ("bogus",), "No such command 'bogus'"),
    ("option-unknown", ("list", "--frm", "x"), "No such option: --frm"),
    ("argument-missing", ("show",), "Missing argument 'ID'"),
    ("argument-extra", ("list", "extra"), "unexpected extra argument"),
]
# fmt: on

BAD_ARGUMENT_CASES = {case: (case, args, message) for case, args, message in BAD_ARGUMENTS}


BAD_ARGUMENTS_IN_A_PROCESS = ["on-100-kB", "tag-empty", "id-escape-sequence", "option-unknown"]


@pytest.mark.parametrize(("case", "args", "message"), BAD_ARGUMENTS, ids=list(BAD_ARGUMENT_CASES))
def test_bad_arguments_exit_2_with_one_line_quoting_them(
    cli: InProcess, case: str, args: tuple[str, ...], message: str
) -> None:
    result = cli("--file", str(MINI), *args)
    assert_one_line_error(result, 2, message)
    assert len(result.stderr) < 300  # a 100 kB argument is cut, not echoed


@pytest.fixture(scope="module")
def bad_argument_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    runs = {
        case: Run(("--file", str(MINI), *BAD_ARGUMENT_CASES[case][1]))
        for case in BAD_ARGUMENTS_IN_A_PROCESS
    }
    runs["file-empty"] = Run(("--file", "", "list"))
    return run_all(runs, tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("case", BAD_ARGUMENTS_IN_A_PROCESS)
def test_bad_arguments_in_a_real_process(bad_argument_runs: dict[str, Result], case: str) -> None:
    assert_one_line_error(bad_argument_runs[case], 2, BAD_ARGUMENT_CASES[case][2])


@pytest.mark.parametrize("pattern", ["a{99999999999}", "(" * 2000 + ")" * 2000])
def test_a_regex_too_big_for_python_is_a_bad_argument(cli: InProcess, pattern: str) -> None:
    assert_one_line_error(cli("--file", str(MINI), "search", "-E", pattern), 2, "bad regular")


def test_an_empty_file_option_is_refused_not_taken_for_the_default(
    cli: InProcess, bad_argument_runs: dict[str, Result]
) -> None:
    for result in (bad_argument_runs["file-empty"], cli("check", "--file", "")):
        assert_one_line_error(result, 2, "Invalid value for '--file'", "must not be empty")


def test_big_and_absurd_arguments_that_are_valid_still_work(cli: InProcess) -> None:
    big_search = cli("--file", str(MINI), "search", BIG)
    assert (big_search.returncode, big_search.stdout) == (0, "")
    assert cli("--file", str(MINI), "list", "-n", "9" * 30).stdout.count("\n") == 5  # all
    none = cli("--file", str(MINI), "list", "-n", "0")
    assert (none.returncode, none.stdout) == (0, "")


# ---------------------------------------------------------------- 6. output faults


def many_events_file(folder: Path, count: int = 2000) -> Path:
    """A timeline whose every listing is far bigger than a pipe buffer (64 kB)."""
    path = folder / "many.yaml"
    if not path.exists():
        rows = "".join(
            f"  - {{id: e{i}, date: {2000 + i // 360:04d}-{1 + i // 30 % 12:02d}-{1 + i % 28:02d}, "
            f"title: 事件{i}, tags: [t{i}], figures: [{{text: {i}名, value: {i}}}]}}\n"
            for i in range(count)
        )
        path.write_text("events:\n" + rows, encoding="utf-8")
    return path


# Commands that write to stdout: each must end quietly when the reader leaves (those with
# long output), and report a full disk or a closed stdout in one line (one of each kind).
WRITERS: dict[str, tuple[str, ...]] = {
    "list-tsv": ("list",),
    "list-json": ("list", "-F", "json"),
    "tags": ("tags",),
    "figures": ("figures",),
    "show-json": ("show", "e1", "-F", "json"),
    "check": ("check",),
    "version": ("--version",),
    "help": ("list", "--help"),
}
LONG_WRITERS = ["list-tsv", "list-json", "tags", "figures"]
FULL_DISK_WRITERS = ["list-tsv", "show-json", "check", "help"]
CLOSED_STDOUT_WRITERS = ["list-tsv", "check", "version"]


def run_writer(
    args: tuple[str, ...], data: Path, cache: Path, **popen: object
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "timeline", "--file", str(data), *args],
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=base_env(cache),
        **popen,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def output_fault_runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[int, bytes, bytes]]:
    """For each writer: the reader leaving after 10 bytes, /dev/full, and a closed stdout."""
    folder = tmp_path_factory.mktemp("faults")
    data, cache = many_events_file(folder), tmp_path_factory.mktemp("cache")
    results: dict[str, tuple[int, bytes, bytes]] = {}

    def early_reader(key: str, args: tuple[str, ...]) -> None:
        proc = run_writer(args, data, cache, stdout=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stderr is not None
        head = proc.stdout.read(10)
        proc.stdout.close()  # the reader leaves mid-stream, as `| head -c 10` does
        with proc.stderr:
            err = proc.stderr.read()
        results[key] = (proc.wait(timeout=60), head, err)

    def full_disk(key: str, args: tuple[str, ...]) -> None:
        with open("/dev/full", "wb") as full:
            proc = run_writer(args, data, cache, stdout=full)
            _, err = proc.communicate(timeout=60)
        results[key] = (proc.returncode, b"", err)

    def closed_stdout(key: str, args: tuple[str, ...]) -> None:
        command = [sys.executable, "-m", "timeline", "--file", str(data), *args]
        proc = subprocess.run(  # the shell closes fd 1 (`>&-`): no preexec_fn in threads
            ["sh", "-c", 'exec "$@" >&-', "sh", *command],
            capture_output=True, stdin=subprocess.DEVNULL, env=base_env(cache), timeout=60,
        )  # fmt: skip
        results[key] = (proc.returncode, b"", proc.stderr)

    jobs = [(f"early_reader-{name}", early_reader, WRITERS[name]) for name in LONG_WRITERS]
    jobs += [(f"full_disk-{name}", full_disk, WRITERS[name]) for name in FULL_DISK_WRITERS]
    jobs += [
        (f"closed_stdout-{name}", closed_stdout, WRITERS[name]) for name in CLOSED_STDOUT_WRITERS
    ]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for future in [pool.submit(kind, key, args) for key, kind, args in jobs]:
            future.result()
    return results


@pytest.mark.parametrize("name", LONG_WRITERS)
def test_a_reader_leaving_mid_stream_ends_quietly(
    output_fault_runs: dict[str, tuple[int, bytes, bytes]], name: str
) -> None:
    code, head, err = output_fault_runs[f"early_reader-{name}"]
    assert (code, err, len(head)) == (0, b"", 10)  # 0: `set -o pipefail` sees no failure


@pytest.mark.parametrize("name", FULL_DISK_WRITERS)
def test_a_full_disk_is_one_clear_line(
    output_fault_runs: dict[str, tuple[int, bytes, bytes]], name: str
) -> None:
    code, _, err = output_fault_runs[f"full_disk-{name}"]
    assert (code, err.decode()) == (
        1,
        "timeline: error: cannot write output: No space left on device\n",
    )


@pytest.mark.parametrize("name", CLOSED_STDOUT_WRITERS)
def test_a_closed_stdout_is_one_clear_line(
    output_fault_runs: dict[str, tuple[int, bytes, bytes]], name: str
) -> None:
    code, _, err = output_fault_runs[f"closed_stdout-{name}"]
    assert (code, err.decode()) == (
        1,
        "timeline: error: cannot write output: standard output is closed\n",
    )


PRECIOUS = b"precious, written by hand\n"


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def ignore_sigxfsz_and_limit_files(size: int) -> Callable[[], None]:
    def setup() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return setup


# (case id, arguments, exit code, what the one line says): -o over an existing file.
FAILED_OUTPUT_RUNS: list[tuple[str, tuple[str, ...], int, str]] = [
    ("bad-argument", ("list", "--from", "2022-02-30", "-o", "out.json"), 2, "date '2022-02-30'"),
    ("unknown-format", ("list", "-F", "xml", "-o", "out.json"), 2, "unknown format 'xml'"),
    ("unknown-id", ("show", "nope", "-o", "out.json"), 2, "no event with id 'nope'"),
    ("broken-data", ("--file", "broken.yaml", "list", "-o", "out.json"), 1, "broken.yaml:2:"),
    (
        "missing-data",
        ("--file", "missing.yaml", "list", "-o", "out.json"),
        1,
        "missing.yaml: no such file",
    ),
    (
        "write-fails-midway",
        ("list", "-o", "out.json"),
        1,
        "cannot write 'out.json': File too large",
    ),
]


@pytest.mark.parametrize(
    ("case", "args", "code", "message"), FAILED_OUTPUT_RUNS, ids=[c[0] for c in FAILED_OUTPUT_RUNS]
)
def test_an_existing_output_file_survives_a_failed_run(
    cli: InProcess, tmp_path: Path, case: str, args: tuple[str, ...], code: int, message: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    many_events_file(work).rename(work / "data.yaml")
    (work / "broken.yaml").write_text("events:\n  - {id: a, date: 2022-02-30, title: x}\n")
    (work / "out.json").write_bytes(PRECIOUS)
    before = listing(work)
    full_args = args if args[0] == "--file" else ("--file", "data.yaml", *args)
    if case == "write-fails-midway":  # a real fault: the file size limit (ulimit -f) is hit
        proc = subprocess.run(
            [sys.executable, "-m", "timeline", *full_args],
            capture_output=True, cwd=work, env=base_env(tmp_path / "cache"), stdin=subprocess.DEVNULL,
            preexec_fn=ignore_sigxfsz_and_limit_files(64 * 1024), timeout=60,
        )  # fmt: skip
        result = Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode(), 0)
    else:
        result = cli(*full_args, cwd=work)
    assert_one_line_error(result, code, message)
    assert (work / "out.json").read_bytes() == PRECIOUS
    assert listing(work) == before  # and no temporary file left behind


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(PRECIOUS)

    def fill(stream: io.TextIOBase) -> None:
        stream.write("half of a new file")
        raise KeyboardInterrupt  # Ctrl-C while writing

    with pytest.raises(KeyboardInterrupt):
        atomic_write(str(target), fill)
    assert target.read_bytes() == PRECIOUS
    assert listing(tmp_path) == ["out.json"]


def test_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = run_one(
        Run(("--file", str(MINI), "list", "-o", "missing/out.json"), cwd=tmp_path), tmp_path / "c"
    )
    assert_one_line_error(
        result, 2, "cannot write 'missing/out.json': folder 'missing' does not exist"
    )
    assert listing(tmp_path) == ["c"] or listing(tmp_path) == []


def test_output_onto_a_folder_is_one_line(tmp_path: Path) -> None:
    result = run_one(Run(("--file", str(MINI), "list", "-o", str(tmp_path))), tmp_path / "c")
    assert_one_line_error(result, 2, "it is a folder")


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real.tsv").write_bytes(PRECIOUS)
    (tmp_path / "link.tsv").symlink_to("real.tsv")
    result = run_one(
        Run(("--file", str(MINI), "list", "-o", "link.tsv"), cwd=tmp_path), tmp_path / "c"
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "link.tsv").is_symlink()
    assert (tmp_path / "real.tsv").read_text(encoding="utf-8").count("\n") == 5


def test_output_into_a_fifo_writes_to_it_and_keeps_it(tmp_path: Path) -> None:
    """Also what `-o /dev/stdout` and `-o >(gzip)` are: replacing them would be a disaster."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run_one(Run(("--file", str(MINI), "list", "-o", str(fifo))), tmp_path / "c")
    reader.join(timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received[0].decode().count("\n") == 5


def test_a_successful_run_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_bytes(PRECIOUS)
    out.chmod(0o640)
    result = run_one(Run(("--file", str(MINI), "list", "-o", str(out))), tmp_path / "c")
    assert (result.returncode, result.stderr) == (0, "")
    assert out.read_text(encoding="utf-8").startswith("id,date,time")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


@contextlib.contextmanager
def reading(proc: subprocess.Popen[bytes], data: bytes) -> Iterator[None]:
    """Feed the child half of `data` (several pipe buffers) from a thread and wait until it
    is taken: the child is then certainly inside the program, reading. The pipe stays open
    (the child must still be reading when interrupted) until the block ends."""
    fed, done = threading.Event(), threading.Event()

    def feed() -> None:
        assert proc.stdin is not None
        with contextlib.suppress(OSError):
            proc.stdin.write(data[: len(data) // 2])
            proc.stdin.flush()
            fed.set()
            done.wait(timeout=60)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    assert fed.wait(timeout=60), "the child never read its input"
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=60)


def default_sigint() -> None:
    """In the child before exec: Ctrl-C does what it does at a terminal. A child inherits an
    ignored SIGINT (pytest started from a background job, `cmd &`), and Python then never
    raises KeyboardInterrupt, so these tests would test nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("output", [None, "out.json"])
def test_ctrl_c_while_reading_exits_130_quietly(tmp_path: Path, output: str | None) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "out.json").write_bytes(PRECIOUS)
    data = many_events_file(tmp_path, 5000).read_bytes()  # 500 kB: half fills 4 pipe buffers
    args = ["--file", "-", "list", *(["-o", output] if output else [])]
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=work, env=base_env(tmp_path / "cache"), preexec_fn=default_sigint,
    )  # fmt: skip
    with reading(proc, data):
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)  # a lost Ctrl-C would now read to the end: 0
    assert (proc.returncode, out, err) == (130, b"", b"")
    assert (work / "out.json").read_bytes() == PRECIOUS
    assert listing(work) == ["out.json"]


def test_ctrl_c_while_writing_exits_130_quietly(tmp_path: Path) -> None:
    data = many_events_file(tmp_path, 5000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", "--file", str(data), "list"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=base_env(tmp_path / "cache"), preexec_fn=default_sigint,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.read(1)  # it is writing, and soon blocked on the full pipe (200 kB to go)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)  # drained, so a last flush cannot block
    assert (proc.returncode, err) == (130, b"")


# ---------------------------------------------------------------- 7. environment

MINI_BY_ID = {event.id: event for event in load(MINI).events}
MINI_TITLES = [event.title for event in MINI_BY_ID.values()]

# (case id, environment changes, arguments): piped, each must list the mini timeline in UTF-8.
PIPED_ENVIRONMENTS: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = [
    ("lc-all-c", {"LC_ALL": "C"}, ("--file", str(MINI), "list")),
    (
        "lc-all-c-without-python-utf8-help",
        {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "PYTHONIOENCODING": None},
        ("--file", str(MINI), "list"),
    ),
    ("no-home", {"HOME": None, "XDG_CACHE_HOME": None}, ("--file", str(MINI), "list")),
    # A home that is no folder (a missing one would be created: tests may run as root).
    (
        "home-not-a-folder",
        {"HOME": str(MINI), "XDG_CACHE_HOME": None},
        ("--file", str(MINI), "list"),
    ),
    ("cache-home-is-a-file", {"XDG_CACHE_HOME": str(MINI)}, ("--file", str(MINI), "list")),
    ("timeline-file-from-env", {"TIMELINE_FILE": str(MINI)}, ("list",)),
]


@pytest.fixture(scope="module")
def environment_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    runs = {case: Run(args, env=env) for case, env, args in PIPED_ENVIRONMENTS}
    runs["baseline"] = Run(("--file", str(MINI), "list"))
    runs["embedded-with-empty-timeline-file"] = Run(
        ("list", "-F", "json"), env={"TIMELINE_FILE": ""}
    )
    return run_all(runs, tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("case", [c for c, _, _ in PIPED_ENVIRONMENTS])
def test_piped_output_is_the_same_utf8_in_every_environment(
    environment_runs: dict[str, Result], case: str
) -> None:
    result = environment_runs[case]
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == environment_runs["baseline"].stdout
    assert all(title in result.stdout for title in MINI_TITLES)


def test_an_empty_timeline_file_variable_means_unset(environment_runs: dict[str, Result]) -> None:
    result = environment_runs["embedded-with-empty-timeline-file"]
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) >= 20


def squeezed(text: str) -> str:
    """Text without whitespace and box drawing: what remains of a view folded into columns."""
    return re.sub(r"[\s\u2500-\u257f]+", "", text)


# (case id, arguments, terminal columns, environment, what must hold of the output)
TERMINAL_ENVIRONMENTS: list[
    tuple[str, tuple[str, ...], int, dict[str, str | None], Callable[[str], bool]]
] = [
    ("no-color", ("list",), 100, {"NO_COLOR": "1"}, lambda out: "\x1b" not in out),
    ("term-dumb", ("list",), 100, {"TERM": "dumb"}, lambda out: "\x1b" not in out),
    (
        "20-columns-timeline",
        ("list",),
        20,
        {"NO_COLOR": "1"},
        lambda out: (
            all(squeezed(t) in squeezed(out) for t in MINI_TITLES)
            and max(len(line) for line in out.splitlines()) <= 20
        ),
    ),
    (
        "20-columns-show",
        ("show", "deploy"),
        20,
        {"NO_COLOR": "1"},
        lambda out: squeezed(MINI_BY_ID["deploy"].title) in squeezed(out),
    ),
    (
        "20-columns-table",
        ("list", "-F", "table"),
        20,
        {"NO_COLOR": "1"},
        lambda out: "…" not in out,
    ),
    (
        "20-columns-figures",
        ("figures",),
        20,
        {"NO_COLOR": "1"},
        lambda out: "169,000" in out and "…" not in out,
    ),
    (
        "columns-0",
        ("list",),
        80,
        {"NO_COLOR": "1", "COLUMNS": "0"},
        lambda out: all(squeezed(t) in squeezed(out) for t in MINI_TITLES),
    ),
    (
        "lc-all-c-on-terminal",
        ("list",),
        100,
        {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0"},
        lambda out: MINI_TITLES[0] in squeezed(out),
    ),
]


@pytest.fixture(scope="module")
def terminal_environment_runs() -> dict[str, tuple[int, str, str]]:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {
            case: pool.submit(run_on_terminal, ("--file", str(MINI), *args), columns, env)
            for case, args, columns, env, _ in TERMINAL_ENVIRONMENTS
        }
    return {case: future.result() for case, future in futures.items()}


@pty_only
@pytest.mark.parametrize(
    ("case", "holds"),
    [(c[0], c[4]) for c in TERMINAL_ENVIRONMENTS],
    ids=[c[0] for c in TERMINAL_ENVIRONMENTS],
)
def test_on_a_terminal_every_environment_works(
    terminal_environment_runs: dict[str, tuple[int, str, str]],
    case: str,
    holds: Callable[[str], bool],
) -> None:
    code, out, err = terminal_environment_runs[case]
    assert (code, err) == (0, "")
    assert holds(out), out


# ---------------------------------------------------------------- 8. nothing lost

# Every command, every format written with -o: none may touch the data file it reads.
READERS: dict[str, tuple[str, ...]] = {
    "list": ("list",),
    "on": ("on", "2022-03"),
    "search": ("search", "唐山"),
    "show": ("show", "notice"),
    "show-json": ("show", "notice", "-F", "json", "-o", "../out/show.json"),
    "tags": ("tags",),
    "check": ("check",),
    "figures": ("figures", "--sort", "value"),
    "stats": ("stats", "-F", "json"),
    "extract": (
        "extract",
        "article.txt",
        "--reference",
        "2022-03-31",
        "-F",
        "yaml",
        "-o",
        "../out/x",
    ),
    **{f"list-{name}": ("list", "-F", name, "-o", f"../out/list.{name}") for name in FORMATS},
}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_no_command_rewrites_the_data_file_it_reads(cli: InProcess, tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    data.mkdir()
    out.mkdir()
    shutil.copy(MINI, data / "events.yaml")
    (data / "article.txt").write_text(
        "3月20日凌晨2时30分，5.9万名党员干部下沉社区。\n", encoding="utf-8"
    )
    (out / "link").symlink_to(data / "events.yaml")
    before = snapshot(data)
    for case, args in READERS.items():
        result = cli("--file", "events.yaml", *args, cwd=data)
        assert result.returncode == 0, (case, result.stderr)
    for target in ("events.yaml", "../out/link", "./events.yaml"):
        result = cli("--file", "events.yaml", "list", "-o", target, cwd=data)
        assert_one_line_error(result, 2, f"'{target}' is the timeline being read")
    result = cli("extract", "article.txt", "-o", "./article.txt", cwd=data)
    assert_one_line_error(result, 2, "-o './article.txt' is the text being read")
    in_a_process = run_one(
        Run(("--file", "events.yaml", "list", "-o", "events.yaml"), cwd=data), tmp_path / "c"
    )
    assert_one_line_error(in_a_process, 2, "is the timeline being read")
    assert snapshot(data) == before  # same bytes, same mtime, no file added or removed
    assert len(list(out.iterdir())) == len(FORMATS) + 3


def test_output_onto_the_embedded_timeline_is_refused(
    cli: InProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "events.yaml"  # a stand-in: a regression must not eat the real one
    shutil.copy(MINI, shipped)
    monkeypatch.setattr("timeline.store.open.embedded_path", lambda: shipped)
    before = snapshot(tmp_path)
    assert_one_line_error(cli("list", "-o", str(shipped)), 2, "is the timeline being read")
    assert snapshot(tmp_path) == before
