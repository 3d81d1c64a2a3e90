"""`extract -F yaml` writes a timeline file that `check` accepts unchanged: the round trip.

Real CLI in a real process, on the shipped seed and on the project's own news texts, with
the output next to the article, in another folder, and through a shell redirection.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import DATA, ROOT, run_cli

SEED = ROOT / "seeds" / "hebei-daily-2022-03-31-tangshan.txt"
NEWS = DATA / "news"
ARTICLES = [(SEED, "2022-03-31"), (NEWS / "bulletin-01.txt", None)]


def reference_args(reference: str | None) -> list[str]:
    return ["--reference", reference] if reference else []


def checks(timeline: Path, cwd: Path | None = None) -> str:
    result = run_cli("--file", str(timeline), "check", cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    return result.stdout


def cited_files(timeline: Path) -> set[str]:
    document = yaml.safe_load(timeline.read_text(encoding="utf-8"))
    files = {source["file"] for source in document["timeline"]["sources"]}
    return files | {event["source"]["file"] for event in document["events"]}


@pytest.mark.parametrize(("article", "reference"), ARTICLES, ids=lambda a: getattr(a, "name", a))
def test_output_next_to_the_article_checks(
    article: Path, reference: str | None, tmp_path: Path
) -> None:
    shutil.copy(article, tmp_path / article.name)
    out = tmp_path / "new.yaml"
    args = ["extract", article.name, *reference_args(reference), "-F", "yaml", "-o", "new.yaml"]
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert cited_files(out) == {article.name}
    assert "ok: " in checks(out)


@pytest.mark.parametrize(("article", "reference"), ARTICLES, ids=lambda a: getattr(a, "name", a))
def test_output_in_another_folder_cites_the_article_relative_to_itself(
    article: Path, reference: str | None, tmp_path: Path
) -> None:
    """The layout of this project: the timeline file above a folder of its sources."""
    (tmp_path / "project" / "sources" / "2022").mkdir(parents=True)
    copy = tmp_path / "project" / "sources" / "2022" / article.name
    shutil.copy(article, copy)
    out = tmp_path / "project" / "new.yaml"
    result = run_cli("extract", str(copy), *reference_args(reference), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert cited_files(out) == {f"sources/2022/{article.name}"}
    assert "ok: " in checks(out, cwd=tmp_path)  # from an unrelated working folder


def test_an_article_in_a_sibling_folder_is_cited_with_dots_and_checks_where_allowed(
    tmp_path: Path,
) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "out").mkdir()
    shutil.copy(NEWS / "bulletin-01.txt", tmp_path / "articles" / "bulletin-01.txt")
    out = tmp_path / "out" / "new.yaml"
    result = run_cli("extract", "articles/bulletin-01.txt", "-o", "out/new.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert cited_files(out) == {"../articles/bulletin-01.txt"}
    refused = run_cli("--file", str(out), "check")  # check reads only inside the file's folder
    assert refused.returncode == 1
    assert "source file '../articles/bulletin-01.txt'" in refused.stdout
    allowed = run_cli(
        "--file", str(out), "check", env={"TIMELINE_ALLOW_SOURCES": str(tmp_path / "articles")}
    )
    assert allowed.returncode == 0, allowed.stdout


def test_stdout_redirected_into_the_article_folder_checks(tmp_path: Path) -> None:
    for article, reference in ARTICLES:
        shutil.copy(article, tmp_path / article.name)
        result = run_cli(
            "extract", article.name, *reference_args(reference), "-F", "yaml", cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        out = tmp_path / f"{article.stem}.yaml"
        out.write_text(result.stdout, encoding="utf-8")
        assert cited_files(out) == {article.name}
        checks(out)


def test_the_seed_proposes_every_dated_sentence_and_its_figures(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    out = tmp_path / "new.yaml"
    args = ["extract", f"seeds/{SEED.name}", "--reference", "2022-03-31", "-o", "new.yaml"]
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert checks(out).endswith(
        "ok: 22 events, 22 quotes verified in their sources, 18 figures checked\n"
    )  # 17 dated sentences and 5 undated tallies (截至目前…) filed at the dateline
    header = yaml.safe_load(out.read_text(encoding="utf-8"))["timeline"]
    assert header["reference"] == header["sources"][0]["dateline"] == dt.date(2022, 3, 31)


def test_the_bulletin_header_takes_the_dateline_of_the_text(tmp_path: Path) -> None:
    shutil.copy(NEWS / "bulletin-01.txt", tmp_path / "bulletin-01.txt")
    out = tmp_path / "new.yaml"
    assert run_cli("extract", str(tmp_path / "bulletin-01.txt"), "-o", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("timeline:\n  reference: 2023-07-12\n  sources:\n")
    assert "    dateline: 2023-07-12\n" in text
    document = yaml.safe_load(text)
    as_of = next(e for e in document["events"] if e.get("date_kind") == "as_of")
    assert (as_of["date"], as_of["time"]) == (dt.date(2023, 7, 12), "10:00")
    assert {"text": "2300余名", "value": 2300, "unit": "名", "approx": True} in as_of["figures"]


def test_yaml_from_stdin_is_refused_there_is_no_file_to_cite() -> None:
    result = run_cli("extract", "-", "-F", "yaml", stdin=SEED.read_bytes())
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == ("timeline: error: extract -F yaml needs a file: its quotes cite it\n")


def test_yaml_from_stdin_is_refused_with_an_output_file_too(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    result = run_cli("extract", "-", "-o", str(out), stdin=SEED.read_bytes())
    assert result.returncode == 2
    assert "extract -F yaml needs a file" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "start"), [("new.yaml", "timeline:\n"), ("new.yml", "timeline:\n"),
                        ("new.json", "[\n  {"), ("new.jsonl", '{"kind": "figure"')],
)  # fmt: skip
def test_output_name_picks_the_format_when_none_is_given(
    name: str, start: str, tmp_path: Path
) -> None:
    result = run_cli("extract", str(NEWS / "bulletin-01.txt"), "-o", str(tmp_path / name))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_the_table_on_a_terminal_shows_a_figure_without_a_value() -> None:
    from rich.console import Console

    from timeline.extract import extract
    from timeline.output.render import mentions_view

    console = Console(record=True, width=120, color_system=None)
    console.print(mentions_view(extract(SEED.read_text(encoding="utf-8"), dt.date(2022, 3, 31))))
    shown = console.export_text()
    assert "数万名" in shown  # its value is None: shown as —, where the reading used to crash
    assert "10,034 名" in shown
