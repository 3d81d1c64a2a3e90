"""Never a lost file: the cache is optional, nothing is left behind, -o spares stdin.

Real processes throughout: a cache folder that cannot be written (a file in its place, a
read-only folder, a full or inode-less disk), a search text cut while it is open,
SIGTERM and SIGKILL during a build and an export, and standard input named as -o.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pty
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import MINI, ROOT, run_cli

PRECIOUS = b"the old contents\n"


def env_with(cache: Path | str, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TIMELINE_FILE", "NO_COLOR")}
    env.update(XDG_CACHE_HOME=str(cache), **more)
    return env


def run_with_terminal_stderr(
    args: list[str], env: dict[str, str], setup: Callable[[], None] | None = None
) -> tuple[int, str, str]:
    """Run the CLI with stdout piped and stderr on a pseudo-terminal (a person watching)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env, cwd=ROOT,
        preexec_fn=setup,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    with contextlib.suppress(OSError):  # EIO once the child has closed the terminal
        while chunk := os.read(master, 65536):
            chunks.append(chunk)
    os.close(master)
    assert proc.stdout is not None
    with proc.stdout:
        out = proc.stdout.read().decode()
    err = b"".join(chunks).decode().replace("\r\n", "\n")
    return proc.wait(timeout=60), out, err


def expected_list(data: Path) -> str:
    plain = run_cli("--file", str(data), "list", env={"TIMELINE_NO_CACHE": "1"})
    assert plain.returncode == 0
    return plain.stdout


# ---------------------------------------------------------------- the cache is optional


def test_a_file_where_the_cache_folder_goes_is_a_note_not_a_failure(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go\n", encoding="utf-8")
    code, out, err = run_with_terminal_stderr(["--file", str(MINI), "list"], env_with(blocked))
    assert (code, out) == (0, expected_list(MINI))
    assert err.startswith("timeline: note: cache disabled: cannot create ")
    assert err.endswith(": Not a directory\n")
    assert err.count("\n") == 1
    piped = run_cli("--file", str(MINI), "list", env={"XDG_CACHE_HOME": str(blocked)})
    assert (piped.returncode, piped.stdout, piped.stderr) == (0, out, "")  # scripts: no note


def limit_file_size(size: int) -> Callable[[], None]:
    def setup() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return setup


def test_a_cache_that_cannot_be_written_whole_is_a_note_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    """Files may not grow past 8 kB (RLIMIT_FSIZE, as a full disk): the build fails part-way."""
    data = tmp_path / "t.yaml"
    data.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    cache = tmp_path / "cache"
    args = ["--file", str(data), "list"]
    code, out, err = run_with_terminal_stderr(args, env_with(cache), limit_file_size(8192))
    assert (code, out) == (0, expected_list(data))
    assert err.startswith("timeline: note: cache disabled: cannot write ")
    assert err.count("\n") == 1
    assert os.listdir(cache / "timeline") == []


def can_mount() -> bool:
    """Whether this test may mount file systems in a mount namespace of its own (root)."""
    if not shutil.which("unshare") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def run_in_namespace(mount: str, args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """`timeline ARGS` after the shell command `mount`, in a private mount namespace."""
    argv = " ".join(f"'{a}'" for a in args)
    script = f"{mount} && exec '{sys.executable}' -m timeline {argv}"
    proc = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, env=env, cwd=ROOT, check=False
    )
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


@pytest.mark.parametrize(
    "mount",
    [
        "mount -o bind,ro {cache} {cache}",  # a read-only file system under an existing folder
        "mount -t tmpfs -o size=16k tmpfs {cache}",  # no space
        "mount -t tmpfs -o nr_inodes=2 tmpfs {cache} && mkdir -m 700 {cache}/timeline",  # no inodes
    ],
    ids=["read-only", "no-space", "no-inodes"],
)
def test_a_read_only_full_or_inode_less_cache_disk_is_answered_from_the_file(
    tmp_path: Path, mount: str
) -> None:
    if not can_mount():
        pytest.skip("needs root and unshare to mount a file system of its own")
    cache = tmp_path / "cache"
    (cache / "timeline").mkdir(parents=True, mode=0o700)
    data = tmp_path / "t.yaml"
    data.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    command = mount.format(cache=cache) + f" && XDG_CACHE_HOME={cache}"
    code, out, err = run_in_namespace(command, ["--file", str(data), "list"], env_with(cache))
    assert (code, out, err) == (0, expected_list(data), "")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anyway")
def test_a_read_only_cache_folder_is_a_note_not_a_failure(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "timeline").mkdir(parents=True, mode=0o700)
    (cache / "timeline").chmod(0o500)
    try:
        code, out, err = run_with_terminal_stderr(["--file", str(MINI), "list"], env_with(cache))
    finally:
        (cache / "timeline").chmod(0o700)
    assert (code, out) == (0, expected_list(MINI))
    assert err.startswith("timeline: note: cache disabled: cannot write ")


@pytest.mark.parametrize(
    ("value", "cached"),
    [("", True), ("0", True), ("false", True), ("No", True), ("off", True),
     ("1", False), ("true", False), ("YES", False), ("on", False), ("anything", False)],
)  # fmt: skip
def test_timeline_no_cache_takes_the_usual_boolean_spellings(
    tmp_path: Path, value: str, cached: bool
) -> None:
    cache = tmp_path / "cache"
    result = run_cli("--file", str(MINI), "list", env=env_with(cache, TIMELINE_NO_CACHE=value))
    assert result.returncode == 0
    entries = os.listdir(cache / "timeline") if (cache / "timeline").exists() else []
    assert bool(entries) is cached


# ---------------------------------------------------------------- memory maps cannot kill

CUT_WHILE_OPEN = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, {tests!r})
    from test_reliability_cache import small_timeline
    from pathlib import Path
    from timeline.query import compile_search
    from timeline.source.load import load_file
    from timeline.store.location import cache_file, text_file
    from timeline.store.memory import MemoryStore
    from timeline.store.open import open_store

    data = small_timeline(Path({folder!r}) / "t.yaml", count=3000)
    plain = MemoryStore(load_file(str(data)))
    questions = [(["社区"], False), (["路.区", "社"], True), (["磐石"], False)]
    expected = [plain.search(compile_search(t, regex=r)) for t, r in questions]
    open_store(data)  # builds the cache
    store = open_store(data)
    assert store.search(compile_search(["社区"])) == expected[0]  # the search text is open
    text = text_file(cache_file(str(data)))
    {damage}
    got = [store.search(compile_search(t, regex=r)) for t, r in questions]
    print("same" if got == expected else "DIFFERENT")
    """
)


@pytest.mark.parametrize(
    "damage",
    [
        "os.truncate(text, os.path.getsize(text) // 2)",
        "os.truncate(text, 40)",
        "open(text, 'r+b').write(b'\\x00' * os.path.getsize(text))",  # rewritten in place
    ],
    ids=["cut-in-half", "cut-to-the-header", "rewritten"],
)
def test_a_search_text_cut_while_open_is_an_error_caught_not_sigbus(
    tmp_path: Path, damage: str
) -> None:
    """A memory-mapped file cut short kills its reader with SIGBUS (exit -7): the search
    text is read, never mapped, so a short read is damage like any other."""
    code = CUT_WHILE_OPEN.format(tests=str(ROOT / "tests"), folder=str(tmp_path), damage=damage)
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
        env=env_with(tmp_path / "cache"), timeout=120, check=False,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "same\n", "")


# ---------------------------------------------------------------- -o spares standard input


def test_output_onto_the_file_that_is_standard_input_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "t.yaml"
    data.write_bytes(MINI.read_bytes())
    link = tmp_path / "link.yaml"
    link.symlink_to(data)
    hard = tmp_path / "hard.yaml"
    os.link(data, hard)
    for target in (data, link, hard):
        with open(data, "rb") as stdin:
            proc = subprocess.run(
                [sys.executable, "-m", "timeline", "--file", "-", "list", "-F", "tsv",
                 "-o", str(target)],
                stdin=stdin, capture_output=True, text=True, cwd=ROOT, env=env_with(tmp_path),
                check=False,
            )  # fmt: skip
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1
        assert "is standard input, the timeline being read" in proc.stderr
        assert data.read_bytes() == MINI.read_bytes()
    other = tmp_path / "other.tsv"
    with open(data, "rb") as stdin:
        fine = subprocess.run(
            [sys.executable, "-m", "timeline", "--file", "-", "list", "-o", str(other)],
            stdin=stdin, capture_output=True, text=True, cwd=ROOT, env=env_with(tmp_path),
            check=False,
        )  # fmt: skip
    assert (fine.returncode, fine.stderr) == (0, "")
    assert other.read_text(encoding="utf-8") == expected_list(MINI)


# ---------------------------------------------------------------- nothing left behind


def big_timeline(folder: Path, count: int = 40_000) -> Path:
    """Large enough that a first build, and an export, take a while to kill."""
    path = folder / "big.yaml"
    rows = "".join(
        f"  - {{id: e{i}, date: {2000 + i // 360:04d}-{1 + i // 30 % 12:02d}-{1 + i % 28:02d}, "
        f"title: 唐山市第{i}次会议, summary: 社区网格员{i}名, tags: [t{i % 50}]}}\n"
        for i in range(count)
    )
    path.write_text("events:\n" + rows, encoding="utf-8")
    return path


def start(args: list[str], cache: Path, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "timeline", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        cwd=cwd, env=env_with(cache),
    )  # fmt: skip


def wait_for(found: Callable[[], bool], proc: subprocess.Popen[bytes]) -> bool:
    """Poll until `found()` or the process ended (never a timed assertion: either is fine)."""
    while proc.poll() is None:
        if found():
            return True
        time.sleep(0.005)
    return found()


def two_new_temporaries(folder: Path, old: set[str]) -> bool:
    """Whether a build's database and search text, not among `old`, are in `folder`."""
    return len(set(temporaries(folder, ".build-")) - old) == 2


def temporaries(folder: Path, prefix: str) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith(prefix)) if folder.exists() else []


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_timeline(tmp_path_factory.mktemp("big"))


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.3])
def test_sigterm_during_a_first_build_cleans_up_and_exits_143(
    tmp_path: Path, big: Path, delay: float
) -> None:
    cache = tmp_path / "cache"
    folder = cache / "timeline"
    proc = start(["--file", str(big), "list"], cache, tmp_path)
    building = wait_for(lambda: bool(temporaries(folder, ".build-")), proc)
    time.sleep(delay * random.random())
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    if building and proc.returncode != 0:
        assert (proc.returncode, err) == (143, b"")
    assert temporaries(folder, ".build-") == []


def test_a_build_killed_outright_is_cleaned_up_by_the_next_run(tmp_path: Path, big: Path) -> None:
    cache = tmp_path / "cache"
    folder = cache / "timeline"
    killed: list[str] = []
    for _ in range(2):  # the second build removes what the first left: two, never four
        proc = start(["--file", str(big), "list"], cache, tmp_path)
        assert wait_for(functools.partial(two_new_temporaries, folder, set(killed)), proc)
        proc.kill()
        proc.wait(timeout=60)
        killed = temporaries(folder, ".build-")
        assert len(killed) == 2
        assert all(f"-{proc.pid}-" in name for name in killed)
    small = tmp_path / "small.yaml"
    small.write_bytes(MINI.read_bytes())
    done = run_cli("--file", str(small), "list", env={"XDG_CACHE_HOME": str(cache)})
    assert done.returncode == 0
    assert temporaries(folder, ".build-") == []


@pytest.fixture(scope="module")
def big_cache(tmp_path_factory: pytest.TempPathFactory, big: Path) -> Path:
    """A cache of the big timeline, built once: exports then start at once."""
    cache = tmp_path_factory.mktemp("bigcache")
    assert run_cli("--file", str(big), "tags", env={"XDG_CACHE_HOME": str(cache)}).returncode == 0
    return cache


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_an_export_killed_part_way_keeps_the_old_file_and_leaves_nothing(
    tmp_path: Path, big: Path, big_cache: Path, how: signal.Signals
) -> None:
    out = tmp_path / "out.json"
    out.write_bytes(PRECIOUS)
    for _ in range(2):
        proc = start(["--file", str(big), "list", "-o", str(out)], big_cache, tmp_path)
        writing = wait_for(lambda: bool(temporaries(tmp_path, ".out.json.")), proc)
        proc.send_signal(how)
        _, err = proc.communicate(timeout=120)
        if writing and proc.returncode != 0:
            assert proc.returncode == (143 if how == signal.SIGTERM else -9)
            assert out.read_bytes() == PRECIOUS
        if how == signal.SIGTERM:
            assert (temporaries(tmp_path, ".out.json."), err.decode()) == ([], ""), proc.returncode
    again = run_cli("--file", str(big), "list", "-n", "3", "-o", str(out),
                    env={"XDG_CACHE_HOME": str(big_cache)})  # fmt: skip
    assert again.returncode == 0
    assert temporaries(tmp_path, ".out.json.") == []  # the next write of out.json tidies


# ---------------------------------------------------------------- the cache stays tidy


def gone_pid() -> int:
    """The process id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@contextlib.contextmanager
def data_files(folder: Path, *names: str) -> Iterator[list[Path]]:
    paths = []
    for name in names:
        path = folder / name
        path.write_bytes(MINI.read_bytes())
        paths.append(path)
    yield paths


def test_entries_of_deleted_files_old_entries_and_dead_temporaries_are_removed(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    folder = cache / "timeline"
    env = {"XDG_CACHE_HOME": str(cache)}
    with data_files(tmp_path, "a.yaml", "b.yaml", "c.yaml", "d.yaml") as (a, b, c, d):
        for path in (a, b, c):
            assert run_cli("--file", str(path), "list", env=env).returncode == 0
        entries = set(os.listdir(folder))
        assert len(entries) == 6  # a database and a search text each
        a.unlink()  # its entry's data file is gone
        old = time.time() - 31 * 86400
        from timeline.store.location import cache_file

        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("XDG_CACHE_HOME", str(cache))
            b_entry, c_entry = cache_file(str(b)), cache_file(str(c))
        assert b_entry is not None
        assert c_entry is not None
        os.utime(b_entry, (old, old))  # unused for 31 days
        pid = gone_pid()
        for name in (f".build-{pid}-abcd1234.sqlite3", f".build-{pid}-abcd1234.text",
                     ".build-zz9_k2pq.sqlite3"):  # fmt: skip
            (folder / name).write_bytes(b"left by a run that died")
        os.utime(folder / ".build-zz9_k2pq.sqlite3", (old, old))  # an older version's, stale
        live = folder / f".build-{os.getpid()}-abcd1234.text"  # a live process's: kept
        live.write_bytes(b"")
        assert run_cli("--file", str(d), "list", env=env).returncode == 0  # a build tidies
        left = set(os.listdir(folder))
    assert c_entry.name in left
    assert c_entry.with_suffix(".text").name in left
    assert b_entry.name not in left
    assert not any(n.startswith(".build-") for n in left - {live.name})
    assert live.name in left
    assert len(left - {live.name}) == 4  # c's and d's entries
