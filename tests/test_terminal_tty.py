"""At a terminal: a pager for tall output, progress while a large file is read, and shell
completion through Typer's own mechanism (#16). Real processes on a pseudo-terminal; the
pager is a shell command recording what it receives."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from terminal_helpers import clean_env, facets_file, run_tty

from helpers import MINI, ROOT
from timeline.store.open import load

EVENTS = load(ROOT / "events.yaml").events


def recorder(tmp_path: Path) -> tuple[str, Path]:
    """A pager command that saves its input (and says so on the terminal)."""
    record = tmp_path / "paged.txt"
    return f"cat > {shlex.quote(str(record))}; echo PAGED", record


# ---------------------------------------------------------------- pager


def test_output_taller_than_the_screen_goes_to_the_pager(tmp_path: Path) -> None:
    pager, record = recorder(tmp_path)
    run = run_tty("list", env=clean_env(LINES="20", COLUMNS="100", TIMELINE_PAGER=pager))
    assert run.code == 0
    assert run.terminal.strip() == "PAGED"
    paged = record.read_text(encoding="utf-8")
    assert all(event.id in paged for event in EVENTS)  # everything, streamed in order
    assert paged.index(EVENTS[0].id) < paged.index(EVENTS[-1].id)
    assert "\x1b[" in paged  # colour kept: less -R shows it


def test_the_pager_gets_what_the_terminal_would_have(tmp_path: Path) -> None:
    pager, record = recorder(tmp_path)
    args = ("--file", str(MINI), "list", "-F", "table")
    direct = run_tty(*args, env=clean_env(LINES="200", COLUMNS="90", TIMELINE_PAGER=pager))
    assert not record.exists()  # short enough: no pager
    paged = run_tty(*args, env=clean_env(LINES="5", COLUMNS="90", TIMELINE_PAGER=pager))
    assert paged.terminal.strip() == "PAGED"
    assert record.read_text(encoding="utf-8") == direct.terminal


def test_timeline_pager_before_pager(tmp_path: Path) -> None:
    pager, record = recorder(tmp_path)
    env = clean_env(LINES="10", TIMELINE_PAGER=pager, PAGER="false")
    assert run_tty("list", env=env).code == 0
    assert record.exists()
    env = clean_env(LINES="10", PAGER=pager)
    record.unlink()
    assert run_tty("list", env=env).code == 0
    assert record.exists()


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["list", "--no-pager"], {}),
        (["--no-pager", "list"], {}),
        (["list"], {"TIMELINE_PAGER": ""}),
        (["list"], {"PAGER": "", "TIMELINE_PAGER": None}),
    ],
)
def test_turning_the_pager_off(
    args: list[str], extra: dict[str, str | None], tmp_path: Path
) -> None:
    pager, record = recorder(tmp_path)
    env = clean_env(LINES="10", COLUMNS="100", TIMELINE_PAGER=pager)
    for name, value in extra.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    run = run_tty(*args, env=env)
    assert run.code == 0
    assert not record.exists()
    assert all(event.id in run.terminal for event in EVENTS)


def test_never_when_piped(tmp_path: Path) -> None:
    pager, record = recorder(tmp_path)
    env = clean_env(LINES="5", TIMELINE_PAGER=pager, PAGER=pager)
    run = run_tty("list", env=env, tty_out=False)
    assert run.code == 0
    assert run.stdout.count("\n") == len(EVENTS)
    assert not record.exists()


def test_a_reader_quitting_the_pager_early_ends_quietly(tmp_path: Path) -> None:
    env = clean_env(LINES="5", COLUMNS="100", TIMELINE_PAGER="head -c 10 >/dev/null")
    run = run_tty("list", env=env)
    assert run.code == 0
    assert "Traceback" not in run.terminal
    assert "error" not in run.terminal


# ---------------------------------------------------------------- progress


def big_file(tmp_path: Path, count: int = 3000) -> Path:
    lines = ["events:"]
    for i in range(count):
        day = 1 + i % 28
        lines += [f"  - id: e{i}", f"    date: 2022-03-{day:02d}", f"    title: 第{i}件事"]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_progress_on_a_terminal_while_the_file_is_read(tmp_path: Path) -> None:
    path = big_file(tmp_path)
    env = clean_env(TIMELINE_PROGRESS_AFTER="0")
    run = run_tty("--file", str(path), "list", "-F", "json", env=env, tty_out=False)
    assert run.code == 0
    assert f"reading {path.name}" in run.terminal
    assert run.stdout.startswith("[")


@pytest.mark.parametrize("quiet", [["--quiet"], ["-q"], []])
def test_no_progress_when_quiet_or_piped(quiet: list[str], tmp_path: Path) -> None:
    path = big_file(tmp_path)
    env = clean_env(TIMELINE_PROGRESS_AFTER="0")
    if quiet:
        run = run_tty(*quiet, "--file", str(path), "list", "-F", "json", env=env, tty_out=False)
        assert run.terminal == ""
    else:
        proc = subprocess.run(
            [sys.executable, "-m", "timeline", "--file", str(path), "list", "-F", "json"],
            capture_output=True, env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        assert proc.stderr == b""


# ---------------------------------------------------------------- completion


def complete(words: str, file: Path | None = None, shell: str = "bash") -> list[str]:
    """What Typer's completion answers the shell for the words typed (the last: incomplete)."""
    typed = words.split(" ")
    env = clean_env(_TIMELINE_COMPLETE=f"complete_{shell}")
    if shell == "bash":
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(typed) - 1))
    else:
        env.update(_TYPER_COMPLETE_ARGS=words)
    if file is not None:
        env["TIMELINE_FILE"] = str(file)
    exe = Path(sys.executable).parent / "timeline"
    proc = subprocess.run(
        [str(exe)], capture_output=True, text=True, env=env, cwd=ROOT, check=True, timeout=60
    )
    return [line for line in proc.stdout.splitlines() if line]


def test_completes_commands_and_options() -> None:
    assert {"search", "show", "stats"} <= set(complete("timeline s"))
    assert {"--from", "--format", "--file"} <= set(complete("timeline list --f"))
    assert "--no-pager" in complete("timeline on --no-p")


def test_completes_formats() -> None:
    assert complete("timeline list -F j") == ["json", "jsonl"]
    assert complete("timeline stats -F c") == ["csv"]
    assert complete("timeline stats --by w") == ["week"]


def test_completes_ids_tags_and_names_of_the_file_in_use(tmp_path: Path) -> None:
    path = facets_file(tmp_path)
    assert complete("timeline show no", path) == ["notice-2022-03-20"]
    assert complete(f"timeline show --file {path} b") == ["briefing-2022-03-28"]
    assert complete(f"timeline --file {path} show v") == ["volunteers-2022-03-21"]
    assert complete("timeline list --tag 志", path) == ["志愿者"]
    assert complete("timeline list --place 路", path) == ["路北区"]
    assert complete("timeline list --org 唐", path) == ["唐山市委组织部"]
    assert complete("timeline list --person ", path) == ["张三", "李四"]


def test_completion_of_a_bad_file_offers_nothing() -> None:
    assert complete("timeline show x", Path("/nonexistent.yaml")) == []


def test_zsh_gets_completions_with_help() -> None:
    out = "\n".join(complete("timeline list -F js", shell="zsh"))
    assert '"json":"a JSON array of event records"' in out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_each_shell(shell: str) -> None:
    exe = Path(sys.executable).parent / "timeline"
    proc = subprocess.run(
        [str(exe), "--show-completion", shell], capture_output=True, text=True, check=True,
        env=clean_env(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1"), cwd=ROOT,
    )  # fmt: skip
    assert "_TIMELINE_COMPLETE" in proc.stdout
    assert f"complete_{shell}" in proc.stdout


def test_mini_file_is_unaffected_by_completion_variables_when_not_completing() -> None:
    env = clean_env(COMP_WORDS="timeline li", COMP_CWORD="1")
    out = subprocess.run(
        [sys.executable, "-m", "timeline", "--file", str(MINI), "list"],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    assert out.stdout.count("\n") == 5
    assert os.environ.get("_TIMELINE_COMPLETE") is None
