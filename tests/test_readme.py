"""README's two set-up commands are the ones CI runs."""

from __future__ import annotations

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def commands() -> list[str]:
    return [line.strip() for line in README.splitlines() if line.startswith("    python3 -m venv")]


def test_readme_has_exactly_two_setup_commands() -> None:
    run_main, run_tests = commands()
    assert run_main.endswith("timeline list")
    assert run_tests.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    assert commands()[1] in CI.splitlines()
