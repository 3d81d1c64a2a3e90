"""Paths to real data files and a subprocess CLI runner that behaves like a user's shell."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "good" / "mini.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME (trailing spaces ignored); UPDATE_GOLDEN=1 rewrites it."""
    text = "".join(line.rstrip() + "\n" for line in text.splitlines())
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def invoke_at_80(file: Path, *args: str) -> str:
    """Run the app in-process on FILE at a fixed 80-column width; it must succeed."""
    result = CliRunner().invoke(app, ["--file", str(file), *args], env={"COLUMNS": "80"})
    assert result.exception is None, result.output
    assert result.exit_code == 0, result.output
    return result.stdout


def run_cli(
    *args: str,
    stdin: str | bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m timeline ARGS` as a user would: real process, real exit code."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("TIMELINE_FILE", "NO_COLOR")}
    full_env.update(env or {})
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        input=data,
        capture_output=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=60,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    )


def mention_dates(text: str, ref: dt.date | None) -> dict[str, tuple[str | None, str | None]]:
    """Each date mention `extract` finds in `text`: its day (or its span, ``a..b``) and its
    qualifier, by the mention's text."""
    from timeline.extract import extract

    out = {}
    for m in extract(text, ref):
        if m.kind == "date":
            out[m.text] = ((m.date or "") + (f"..{m.end}" if m.end else ""), m.qualifier)
    return out
