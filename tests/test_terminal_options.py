"""Options anywhere, -o on every command that prints data, and facets (issue #16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from terminal_helpers import facets_file
from typer.testing import CliRunner

from helpers import MINI, run_cli
from timeline.cli import app
from timeline.output.registry import FORMATS, extensions_for

runner = CliRunner()


def ok(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


def ids(text: str) -> list[str]:
    return [json.loads(line)["id"] for line in text.splitlines()]


# ---------------------------------------------------------------- global options anywhere


@pytest.mark.parametrize(
    "args",
    [
        ["--file", str(MINI), "list", "-F", "jsonl"],
        ["list", "--file", str(MINI), "-F", "jsonl"],
        ["list", "-F", "jsonl", "--file", str(MINI)],
        ["--no-color", "list", "-F", "jsonl", "--file", str(MINI), "--no-pager", "--quiet"],
    ],
)
def test_file_before_or_after_the_command(args: list[str]) -> None:
    assert ids(ok(*args)) == ["teleconference", "first-cases", "notice", "deploy", "volunteers"]


def test_file_after_the_command_beats_the_environment_and_the_one_before() -> None:
    result = run_cli("list", "--file", str(MINI), env={"TIMELINE_FILE": "/nonexistent.yaml"})
    assert (result.returncode, result.stdout.count("\n")) == (0, 5)
    result = run_cli("--file", "/nonexistent.yaml", "list", "--file", str(MINI))
    assert (result.returncode, result.stdout.count("\n")) == (0, 5)


def test_no_color_after_the_command() -> None:
    result = runner.invoke(
        app, ["on", "3月20日", "--no-color", "--file", str(MINI), "-F", "table"], color=True
    )
    assert result.exit_code == 0
    assert "notice" in result.stdout
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize("command", ["check", "tags", "figures", "stats", "people", "show notice"])
def test_every_command_takes_the_global_options(command: str) -> None:
    result = run_cli(*command.split(), "--file", str(MINI), "--no-color", "--quiet")
    assert result.returncode == 0, result.stderr


def test_output_after_file_is_still_guarded(tmp_path: Path) -> None:
    copy = tmp_path / "mini.yaml"
    copy.write_bytes(MINI.read_bytes())
    result = run_cli("list", "-o", str(copy), "-F", "json", "--file", str(copy))
    assert result.returncode == 2
    assert "is the timeline being read" in result.stderr
    assert copy.read_bytes() == MINI.read_bytes()


def test_empty_file_after_the_command_is_refused() -> None:
    result = run_cli("list", "--file", "")
    assert result.returncode == 2
    assert "must not be empty" in result.stderr


def test_help_documents_the_global_options_once_and_lists_commands_in_order() -> None:
    text = ok("--help")
    assert "These options also work after the command: timeline list --file x.yaml." in " ".join(
        text.split()
    )
    assert sum(line.lstrip().startswith("--no-pager") for line in text.splitlines()) == 1
    assert "--install-completion" in text
    listed = [line.split()[0] for line in text.split("Commands:")[1].splitlines() if line.strip()]
    assert listed[:10] == [
        "list", "on", "search", "show", "tags", "people", "orgs", "places", "figures", "stats",
    ]  # fmt: skip


# ---------------------------------------------------------------- -o everywhere


@pytest.mark.parametrize(
    ("command", "name", "check"),
    [
        ("tags", "tags.csv", lambda t: t.splitlines()[0] == "tag,count"),
        ("tags", "tags.json", lambda t: {"tag": "病例", "count": 1} in json.loads(t)),
        ("figures", "figures.json", lambda t: json.loads(t)[0]["value"] == 2),
        ("figures", "figures.tsv", lambda t: t.startswith("first-cases\t2022-03-19")),
        ("stats", "stats.json", lambda t: json.loads(t)["events"] == 5),
        (
            "stats",
            "stats.csv",
            lambda t: t.splitlines()[1] == "2022-03-12,2022-03-12,2022-03-12,1,0",
        ),
        ("people", "people.jsonl", lambda t: json.loads(t) == {"person": "许东", "count": 1}),
        ("list", "list.md", lambda t: t.startswith("# Mini timeline")),
    ],
)
def test_output_file_on_every_command_that_prints_data(
    command: str, name: str, check: object, tmp_path: Path
) -> None:
    target = tmp_path / name
    result = run_cli("--file", str(MINI), command, "-o", str(target))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert check(target.read_text(encoding="utf-8"))  # type: ignore[operator]


@pytest.mark.parametrize(
    ("command", "known"),
    [
        ("list", ", ".join(extensions_for(FORMATS))),  # .tsv, .csv, … .md, .ics and more
        ("tags", ".tsv, .csv, .json, .jsonl"),
        ("stats", ".tsv, .csv, .json, .jsonl"),
    ],
)
def test_unknown_output_extension_is_an_error_listing_the_known_ones(
    command: str, known: str, tmp_path: Path
) -> None:
    target = tmp_path / "out.txt"
    result = run_cli("--file", str(MINI), command, "-o", "out.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"timeline: error: -o 'out.txt': unknown extension; use one of {known}, or give -F FORMAT\n"
    )
    assert not target.exists()


def test_any_extension_with_an_explicit_format(tmp_path: Path) -> None:
    target = tmp_path / "events.txt"
    assert run_cli("--file", str(MINI), "list", "-F", "json", "-o", str(target)).returncode == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 5
    assert run_cli("--file", str(MINI), "tags", "-F", "tsv", "-o", str(target)).returncode == 0
    assert "病例\t1\n" in target.read_text(encoding="utf-8")


def test_table_to_a_file_is_plain_text(tmp_path: Path) -> None:
    target = tmp_path / "tags.txt"
    result = run_cli("--file", str(MINI), "tags", "-F", "table", "-o", str(target))
    assert result.returncode == 0
    text = target.read_text(encoding="utf-8")
    assert "病例" in text
    assert "\x1b[" not in text


# ---------------------------------------------------------------- facets


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["--person", "张三"], ["notice-2022-03-20", "volunteers-2022-03-21"]),
        (["--person", "张三", "--person", "李四"], ["volunteers-2022-03-21"]),
        (["--org", "唐山市委组织部"], ["notice-2022-03-20", "briefing-2022-03-28"]),
        (["--place", "路北区"], ["volunteers-2022-03-21", "briefing-2022-03-28"]),
        (["--place", "唐山市", "--org", "市志愿者协会"], ["volunteers-2022-03-21"]),
        (["--place", "唐山"], []),  # whole names, as tags
    ],
)
def test_facet_filters_on_every_listing_command(
    filters: list[str], expected: list[str], tmp_path: Path
) -> None:
    path = str(facets_file(tmp_path))
    assert ids(ok("--file", path, "list", *filters, "-F", "jsonl")) == expected
    assert ids(ok("--file", path, "on", "2022-03", *filters, "-F", "jsonl")) == [
        i for i in expected if "-03-" in i
    ]
    assert ids(ok("--file", path, "search", "-E", ".", *filters, "-F", "jsonl")) == expected
    figures = json.loads(ok("--file", path, "stats", *filters, "-F", "json"))
    assert figures["events"] == len(expected)


@pytest.mark.parametrize(
    ("command", "key", "counts"),
    [
        ("people", "person", [("张三", 2), ("李四", 1)]),
        ("orgs", "org", [("唐山市委组织部", 2), ("市志愿者协会", 1)]),
        ("places", "place", [("唐山市", 3), ("路北区", 2)]),
    ],
)
def test_name_counts_in_every_table_format(
    command: str, key: str, counts: list[tuple[str, int]], tmp_path: Path
) -> None:
    path = str(facets_file(tmp_path))
    assert json.loads(ok("--file", path, command, "-F", "json")) == [
        {key: name, "count": n} for name, n in counts
    ]
    assert ok("--file", path, command) == "".join(f"{n}\t{c}\n" for n, c in counts)
    assert ok("--file", path, command, "-F", "csv").splitlines() == [
        f"{key},count",
        *(f"{n},{c}" for n, c in counts),
    ]
    assert [json.loads(x) for x in ok("--file", path, command, "-F", "jsonl").splitlines()] == [
        {key: name, "count": n} for name, n in counts
    ]
    table = ok("--file", path, command, "-F", "table")
    assert table.split()[:2] == [key.capitalize(), "Events"]
    assert all(name in table for name, _ in counts)


def test_counts_follow_the_filters(tmp_path: Path) -> None:
    path = str(facets_file(tmp_path))
    assert ok("--file", path, "places", "--from", "2022-03-25") == "唐山市\t1\n路北区\t1\n"
    assert ok("--file", path, "people", "--place", "路北区") == "张三\t1\n李四\t1\n"
    assert ok("--file", path, "tags", "--person", "李四") == "志愿者\t1\n"


@pytest.mark.parametrize(
    "args",
    [
        ["people", "-F", "json"],
        ["tags", "-F", "csv"],
        ["stats", "--by", "week"],
        ["list", "--person", "许东", "--no-pager", "-F", "json"],
        ["search", "不存在的词", "-F", "json"],
    ],
)
def test_new_piped_paths_never_import_rich(args: list[str]) -> None:
    from test_imports import loaded

    loaded(["--file", str(MINI), *args])  # the first run builds the cache from the YAML
    assert loaded(["--file", str(MINI), *args]) == set()


def test_a_command_argument_named_file_is_not_the_global_file(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("3月20日凌晨2时30分，5.9万名党员干部下沉社区。\n", encoding="utf-8")
    result = run_cli("extract", str(article), "--reference", "2022-03-31", "-F", "json")
    assert result.returncode == 0, result.stderr
    assert ok("--file", str(MINI), "list", "-F", "jsonl").count("\n") == 5  # STATE is fresh


def test_a_name_without_extension_is_tsv_as_a_pipe_would_be(tmp_path: Path) -> None:
    result = run_cli("--file", str(MINI), "list", "-o", "/dev/stdout")
    assert (result.returncode, result.stdout.count("\n")) == (0, 5)
    assert result.stdout.split("\t")[3] == "teleconference"
    result = run_cli("--file", str(MINI), "tags", "-o", "counts", cwd=tmp_path)
    assert result.returncode == 0
    assert "病例\t1\n" in (tmp_path / "counts").read_text(encoding="utf-8")
