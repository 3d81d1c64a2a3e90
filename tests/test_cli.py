"""The command line as a user drives it: real processes, real exit codes, real pipes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import DATA, MINI, ROOT, run_cli
from timeline.cli import app

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, ["--file", str(MINI), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_list_piped_is_tsv_in_chronological_order() -> None:
    lines = invoke("list").splitlines()
    assert [line.split("\t")[3] for line in lines] == [
        "teleconference", "first-cases", "notice", "deploy", "volunteers",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list", "--from", "2022-03-20", "--to", "2022-03-21"], ["notice", "deploy"]),
        (["list", "--tag", "病例"], ["first-cases"]),
        (["list", "--limit", "2", "--reverse"], ["volunteers", "deploy"]),
        (["list", "--limit", "0"], []),
        (["search", "志愿者"], ["volunteers"]),
        (["search", "会议", "病例", "--any"], ["teleconference", "first-cases"]),
        (["search", "--regex", "^唐山"], ["first-cases", "notice"]),
    ],
)
def test_listing_commands_filter(args: list[str], expected: list[str]) -> None:
    out = invoke(*args, "-F", "jsonl")
    assert [json.loads(line)["id"] for line in out.splitlines()] == expected


def test_json_output_is_valid_and_uses_data_field_names() -> None:
    records = json.loads(invoke("list", "-F", "json"))
    assert records[2]["id"] == "notice"
    assert records[2]["time"] == "02:30"
    assert records[3]["end"] == "2022-03-22"


def test_show_json_prints_the_record() -> None:
    record = json.loads(invoke("show", "volunteers", "-F", "json"))
    assert record["figures"][0]["value"] == 169000


def test_tags_piped_and_json() -> None:
    assert "组织部\t1" in invoke("tags").splitlines()
    assert {"tag": "病例", "count": 1} in json.loads(invoke("tags", "-F", "json"))


def test_every_command_has_help_with_examples() -> None:
    commands = [c.name for c in app.registered_commands]
    assert {"list", "on", "search", "show", "tags", "check"} <= set(commands)
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert "Examples:" in result.stdout
        assert "timeline " + name in result.stdout


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("timeline ")


def test_file_from_env_and_stdin() -> None:
    from_env = run_cli("list", env={"TIMELINE_FILE": str(MINI)})
    from_stdin = run_cli("--file", "-", "list", stdin=MINI.read_text(encoding="utf-8"))
    assert from_env.returncode == from_stdin.returncode == 0
    assert from_env.stdout == from_stdin.stdout
    assert from_env.stdout.count("\n") == 5


def test_option_beats_env() -> None:
    result = run_cli("--file", str(MINI), "list", env={"TIMELINE_FILE": "/nonexistent.yaml"})
    assert result.returncode == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--file", "/nonexistent.yaml", "list"], 1, "/nonexistent.yaml: no such file"),
        (
            ["--file", str(DATA / "bad" / "impossible-date.yaml"), "list"],
            1,
            "impossible-date.yaml:3:11: event 'feb30'",
        ),
        (["list", "--frm", "x"], 2, "No such option: --frm"),
        (["list", "-F", "xml"], 2, "unknown format 'xml'"),
        (["list", "--limit", "-1"], 2, "--limit"),
        (["show", "notcie"], 2, "no event with id 'notcie'; did you mean 'notice'?"),
        (["search", "--regex", "("], 2, "bad regular expression '('"),
        (["search", ""], 2, "search needs a non-empty term"),
        (["bogus"], 2, "No such command"),
    ],
)
def test_errors_are_one_line_with_exit_code(args: list[str], code: int, message: str) -> None:
    if "--file" not in args:
        args = ["--file", str(MINI), *args]
    result = run_cli(*args)
    assert result.returncode == code
    assert result.stdout == ""
    assert result.stderr.startswith("timeline: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_empty_result_is_success_with_nothing_on_stdout() -> None:
    result = run_cli("--file", str(MINI), "search", "不存在的词")
    assert (result.returncode, result.stdout) == (0, "")


def test_runs_from_an_unrelated_folder_with_embedded_data(tmp_path: Path) -> None:
    result = run_cli("list", "-F", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) >= 20


def test_root_cli_py_runs_the_same_app(tmp_path: Path) -> None:
    via_script = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--file", str(MINI), "list"],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    )  # fmt: skip
    assert via_script.stdout == run_cli("--file", str(MINI), "list").stdout


def test_installed_command_piped_into_head_ends_quietly(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "timeline"
    command = str(exe) if exe.exists() else shutil.which("timeline")
    assert command, "the timeline console script is installed with the package"
    proc = subprocess.run(
        f"'{command}' list | head -n 1", shell=True, capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert proc.stdout.count("\n") == 1
    assert proc.stdout.startswith("2022-03\t\t\tmarch-situation-severe-2022-03\t")  # 是月 first


def test_closed_pipe_mid_stream_is_quiet(tmp_path: Path) -> None:
    many = tmp_path / "many.yaml"
    rows = "".join(f"  - {{id: e{i}, date: 2022-03-01, title: 事件{i}}}\n" for i in range(5000))
    many.write_text("events:\n" + rows, encoding="utf-8")
    proc = subprocess.run(
        f"'{sys.executable}' -m timeline --file '{many}' list | head -c 10",
        shell=True, capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert proc.stderr == ""
    assert len(proc.stdout) == 10


def test_full_disk_is_a_clear_error() -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "timeline", "--file", str(MINI), "list"],
            stdout=full, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.strip() == "timeline: error: cannot write output: No space left on device"


def test_check_passes_on_mini_and_fails_naming_the_event(tmp_path: Path) -> None:
    ok = run_cli("check", "--file", str(MINI))
    assert ok.returncode == 0
    assert "ok: 5 events" in ok.stdout
    broken = run_cli("check", "--file", str(DATA / "bad" / "duplicate-id.yaml"))
    assert broken.returncode == 1
    assert "event 'same': duplicate id" in broken.stdout


@pytest.mark.parametrize(
    "day",
    [
        "2022-03-20",
        "3月20日",
        "三月二十日",
        "二〇二二年三月二十日",
        "Mar 20",
        "20 March 2022",
        "20220320",
    ],
)
def test_on_accepts_every_date_form(day: str) -> None:
    out = invoke("on", day, "-F", "jsonl")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["notice", "deploy"]


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("2022-03", ["teleconference", "first-cases", "notice", "deploy", "volunteers"]),
        ("三月", ["teleconference", "first-cases", "notice", "deploy", "volunteers"]),
        ("2022年3月", ["teleconference", "first-cases", "notice", "deploy", "volunteers"]),
        ("3月19日..3月21日", ["first-cases", "notice", "deploy"]),
        ("2022-03-22", ["deploy"]),
    ],
)
def test_on_months_and_ranges(span: str, expected: list[str]) -> None:
    out = invoke("on", span, "-F", "jsonl")
    assert [json.loads(line)["id"] for line in out.splitlines()] == expected


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2022-02-30", "'2022-02-30' is not a real date"),
        ("三月三十二日", "三月三十二日"),
        ("2022-03-25..2022-03-20", "2022-03-25..2022-03-20"),
        ("tomorrowish", "cannot read date 'tomorrowish'"),
    ],
)
def test_on_bad_dates_exit_2_quoting_input(day: str, message: str) -> None:
    result = run_cli("--file", str(MINI), "on", day)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_from_after_to_is_a_usage_error() -> None:
    result = run_cli("--file", str(MINI), "list", "--from", "3月25日", "--to", "3月20日")
    assert result.returncode == 2
    assert "is after --to" in result.stderr


SEED = ROOT / "seeds" / "hebei-daily-2022-03-31-tangshan.txt"


def test_extract_jsonl_from_file_and_stdin_agree() -> None:
    from_file = run_cli("extract", str(SEED), "--reference", "2022-03-31", "-F", "jsonl")
    from_stdin = run_cli(
        "extract", "-", "--reference", "2022-03-31", "-F", "jsonl", stdin=SEED.read_bytes()
    )
    assert from_file.returncode == from_stdin.returncode == 0
    assert from_file.stdout == from_stdin.stdout
    records = [json.loads(line) for line in from_file.stdout.splitlines()]
    notice = next(r for r in records if r["text"] == "20日凌晨2时30分")
    assert (notice["date"], notice["time"]) == ("2022-03-20", "02:30")


def test_extract_piped_default_is_tsv_one_line_per_mention() -> None:
    result = run_cli("extract", str(SEED), "--reference", "2022-03-31")
    lines = result.stdout.splitlines()
    assert result.returncode == 0
    assert lines
    assert all(line.count("\t") == 5 for line in lines)
    assert "date\t677\t20日凌晨2时30分\t2022-03-20 02:30\tmonth_from_context\t" in result.stdout


def test_extract_yaml_candidates_load_and_quote_the_text() -> None:
    import yaml

    result = run_cli("extract", str(SEED), "--reference", "2022-03-31", "-F", "yaml")
    candidates = yaml.safe_load(result.stdout)["events"]
    text = SEED.read_text(encoding="utf-8")
    assert candidates
    assert all(c["source"]["quote"] in text for c in candidates)


def test_extract_without_any_year_reads_against_the_files_date_and_says_so() -> None:
    result = run_cli("extract", str(SEED))
    assert result.returncode == 0
    assert "its dates are read against the date in the file's name, 2022-03-31" in (result.stderr)
    assert '"2022-03-20"' in run_cli("extract", str(SEED), "-F", "jsonl").stdout
    assert "pass --reference DATE" in result.stderr
    assert result.stderr.count("\n") == 1


def test_extract_missing_file_is_a_clear_error() -> None:
    result = run_cli("extract", "/nonexistent.txt", "--reference", "2022-03-31")
    assert result.returncode == 1
    assert "/nonexistent.txt: no such file" in result.stderr
