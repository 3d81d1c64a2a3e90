"""Start-up stays light: what each path imports, proved in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import MINI

PROBE = """
import sys, io, contextlib
from timeline.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main({args!r})
    except SystemExit as exc:
        assert exc.code == 0, exc.code
print("loaded:" + ",".join(sorted(m for m in ("rich", "cn2an", "icalendar", "dateutil", "yaml") if m in sys.modules)))
"""


def loaded(args: list[str]) -> set[str]:
    code = PROBE.format(args=args)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("loaded:"), out.stdout
    return set(filter(None, last.removeprefix("loaded:").split(",")))


def test_import_timeline_loads_neither_typer_nor_rich() -> None:
    code = "import sys, timeline; print('typer' in sys.modules, 'rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    "args",
    [
        ["--file", str(MINI), "list", "-F", "tsv"],
        ["--file", str(MINI), "list", "-F", "json"],
        ["--file", str(MINI), "on", "2022-03-20", "-F", "jsonl"],
        ["--file", str(MINI), "search", "志愿者", "-F", "tsv"],
    ],
)
def test_piped_and_json_paths_never_import_rich_or_heavy_parsers(args: list[str]) -> None:
    loaded(args)  # the first run builds the cache, and reads the YAML to do so
    assert loaded(args) == set()  # a warm run answers from the cache: not even PyYAML
