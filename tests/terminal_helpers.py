"""Run the CLI the way a person at a terminal does: stdout, stderr or both on a pty."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from helpers import ROOT

FACETS = """\
timeline:
  title: Facets
  reference: 2022-03-31
events:
  - id: notice-2022-03-20
    date: 2022-03-20
    time: "02:30"
    title: 组织部发布紧急通知
    tags: [动员]
    people: [张三]
    orgs: [唐山市委组织部]
    places: [唐山市]
  - id: volunteers-2022-03-21
    date: 2022-03-21
    title: 志愿者投身一线
    tags: [志愿者]
    people: [张三, 李四]
    orgs: [市志愿者协会]
    places: [唐山市, 路北区]
  - id: briefing-2022-03-28
    date: 2022-03-28
    title: 新闻发布会
    tags: [会议]
    orgs: [唐山市委组织部]
    places: [路北区]
  - id: tally-2022-04-02
    date: 2022-04-02
    title: 累计检测
    tags: [检测]
    places: [唐山市]
"""


def facets_file(folder: Path) -> Path:
    path = folder / "facets.yaml"
    path.write_text(FACETS, encoding="utf-8")
    return path


def clean_env(**extra: str) -> dict[str, str]:
    """The test's environment without anything that changes what the CLI prints."""
    drop = {"TIMELINE_FILE", "NO_COLOR", "PAGER", "TIMELINE_PAGER", "LINES", "COLUMNS", "LESS"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(TERM="xterm-256color", **extra)
    return env


@dataclass
class Run:
    code: int
    terminal: str  # what reached the pty
    stdout: str  # what reached a pipe ("" when stdout is the pty)
    stderr: str


def _read_all(sources: dict[int, list[bytes]], proc: subprocess.Popen[bytes]) -> None:
    """Read the pty and any pipes together until each is closed (a full pipe would block)."""
    waiting = set(sources)
    while waiting:
        ready, _, _ = select.select(list(waiting), [], [], 30)
        if not ready:
            proc.kill()
            raise AssertionError("no output from the command for 30 s")
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the last writer closed the pty
                chunk = b""
            if chunk:
                sources[fd].append(chunk)
            else:
                waiting.discard(fd)


def run_tty(*args: str, env: dict[str, str], tty_out: bool = True, tty_err: bool = True) -> Run:
    """`python -m timeline ARGS` with stdout and/or stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    out = slave if tty_out else subprocess.PIPE
    err = slave if tty_err else subprocess.PIPE
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", *args],
        stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=ROOT, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    sources: dict[int, list[bytes]] = {master: []}
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            sources[pipe.fileno()] = []
    try:
        _read_all(sources, proc)
    finally:
        os.close(master)
    code = proc.wait(timeout=60)

    def text(pipe: IO[bytes] | int | None) -> str:
        fd = pipe if isinstance(pipe, int) or pipe is None else pipe.fileno()
        data = b"".join(sources.get(fd, [])) if fd is not None else b""
        return data.decode("utf-8", "replace").replace("\r\n", "\n")

    run = Run(code, text(master), text(proc.stdout), text(proc.stderr))
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()
    return run
