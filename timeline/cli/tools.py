"""The commands that prove and propose: check, extract (figures and stats: cli/counts.py)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from timeline.cli.app import app
from timeline.cli.options import (
    STATE,
    OutputOpt,
    not_empty,
    pick_format,
    reading,
    same_file,
    use_color,
)
from timeline.errors import DataError, UsageError
from timeline.model import Timeline
from timeline.output.records import OutputContext
from timeline.output.safety import visible
from timeline.text.shorten import shorten

if TYPE_CHECKING:
    from timeline.check import Tally


@app.command("check")
def check_command(
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also fail on warnings: events without a source, a file without events.",
        ),
    ] = False,
) -> None:
    """Prove a timeline file: schema, dates, unique ids, quotes verbatim in their sources,
    figures inside their quotes with the right values, the quote's own date and time the
    event's. Exit 1 if anything is wrong.

    Events without a source are valid (an imported timeline is sourced step by step):
    they are counted, and --strict fails on them.

    \b
    Examples:
      timeline check
      timeline check --file my-events.yaml --strict
    """
    from timeline.check import Tally, check_file

    tally = Tally()  # the events stream by and are counted: memory stays flat
    with reading():  # proving every quote of a large file takes seconds
        timeline, problems = check_file(STATE.file, tally)
    for problem in problems:
        print(visible(str(problem)))
    if problems:
        raise DataError(f"{len(problems)} problem{'s' * (len(problems) != 1)} in {timeline.path}")
    warnings = _check_warnings(timeline.path, tally)
    if strict and warnings:
        _warn(warnings)
        raise DataError(f"{len(warnings)} warning{'s' * (len(warnings) != 1)} (--strict)")
    without = f" ({tally.unsourced} without a source)" if tally.unsourced else ""
    print(
        visible(
            f"{timeline.path}: ok: {tally.events} events{without}, {tally.quotes} quotes "
            f"verified in their sources, {tally.figures} figures checked"
        )
    )
    sys.stdout.flush()  # a full disk or a closed pipe is the one error line, before warnings
    _warn(warnings)


def _warn(warnings: list[str]) -> None:
    """Warnings on stderr, for scripts too (not with --quiet)."""
    for warning in [] if STATE.quiet else warnings:
        print(f"timeline: warning: {visible(warning)}", file=sys.stderr)


def _check_warnings(path: str, tally: Tally) -> list[str]:
    """What is valid but likely a mistake: no events at all, events citing no source."""
    if not tally.events:
        return [f"{path} has no events"]
    if not tally.unsourced:
        return []
    names = ", ".join(shorten(i) for i in tally.first_unsourced)
    more = ", …" if tally.unsourced > len(tally.first_unsourced) else ""
    count = f"{tally.unsourced} event{'s' * (tally.unsourced != 1)}"
    return [f"{count} without a source: {names}{more}"]


@app.command("extract")
def extract_command(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A UTF-8 text file, or - for stdin.")],
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference",
            metavar="DATE",
            help="Publication date completing year-less dates (default: the text's dateline).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help="table (terminal default), tsv (piped default), json, jsonl, or yaml "
            "(a timeline file of candidate events citing FILE, which `timeline check` "
            "accepts; with -o, the format comes from a .yaml/.json/.jsonl/.tsv name).",
        ),
    ] = None,
    output: OutputOpt = None,
    into: Annotated[
        str | None,
        typer.Option(
            "--into",
            metavar="EXISTING.yaml",
            help="Add the candidate events that are not there yet (same date and an "
            "overlapping quote) to this timeline file, keeping its text byte for byte, "
            "and list what was added.",
            callback=not_empty,
        ),
    ] = None,
) -> None:
    """Find the dates, times, durations and counted figures in a Chinese news text.

    \b
    Examples:
      timeline extract seeds/hebei-daily-2022-03-31-tangshan.txt --reference 2022-03-31
      timeline extract article.txt --reference 2022-03-31 -o new.yaml
      timeline --file new.yaml check
      timeline extract - --reference 2022-03-31 -F jsonl < article.txt | jq -r .date
      timeline extract next-day.txt --into my-events.yaml
    """
    from timeline import extract
    from timeline.output.atomic import write_text
    from timeline.source.files import STDIN, read_source
    from timeline.text.dates import parse_span

    name = pick_format(fmt or _format_of(output) or ("yaml" if into else None), _EXTRACT_FORMATS,
                       "extract")  # fmt: skip
    if name == "yaml" and file == STDIN:
        raise UsageError(
            f"extract {'--into' if into else '-F yaml'} needs a file: its quotes cite it"
        )
    if into and (output or name != "yaml"):
        raise UsageError("--into adds to its file in place; it takes neither -o nor -F")
    ref = parse_span(reference, today=dt.date.today()).start if reference else None
    if output and same_file(output, file):
        raise UsageError(f"-o '{shorten(output)}' is the text being read; choose another file")
    if into and same_file(into, file):
        raise UsageError(f"--into '{shorten(into)}' is the text being read; choose another file")
    shown, text = read_source(file)
    try:
        mentions = extract.extract(text, ref, name=shown)
    except extract.YearUnknown:
        ref = _file_date(file, shown)
        mentions = extract.extract(text, ref, name=shown)
    if into:
        _extract_into(into, file, text, ref)
        return
    if name == "table" and not output:
        from timeline.output import render

        ctx = OutputContext(Timeline("", ()), color=use_color(sys.stdout))
        render.print_to(sys.stdout, ctx, render.mentions_view(mentions))
        return
    if name == "yaml":
        import hashlib

        found = extract.find_dateline(text, ref).date
        cited = _cited_path(file, output)
        _note_outside(cited)
        digest = hashlib.sha256(Path(file).read_bytes()).hexdigest()
        body = extract.candidates_yaml(mentions, cited, ref or found, found or ref, digest)
    elif name == "tsv":
        body = "".join(_mention_tsv(m) for m in mentions)
    else:
        from timeline.output.safety import json_dumps

        records = [extract.mention_record(m) for m in mentions]
        if name == "json":
            body = json_dumps(records, indent=2) + "\n"
        else:
            body = "".join(json_dumps(r) + "\n" for r in records)
    write_text(body, output)


def _file_date(file: str, shown: str) -> dt.date:
    """The day a text that gives no year is read against: a full date in the file's name
    (``hebei-daily-2022-03-31.txt``), else its modification day (the day it was saved, for
    a report saved when it appeared), else today for standard input. Said on stderr every
    time, scripts included, since the years are a guess."""
    import re

    from timeline.source.files import STDIN

    named = re.search(r"(?<!\d)((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)",
                      Path(file).name)  # fmt: skip
    day, whose = dt.date.today(), "today's date"
    if named and file != STDIN:
        try:
            day, whose = dt.date(*map(int, named.groups())), "the date in the file's name"
        except ValueError:  # 2022-02-30 in a name: no date
            named = None
    if not named and file != STDIN:
        day = dt.date.fromtimestamp(Path(file).stat().st_mtime)
        whose = "the file's date"
    if not STATE.quiet:
        print(
            f"timeline: note: {visible(shown)} gives no year; its dates are read against "
            f"{whose}, {day.isoformat()}: pass --reference DATE (the day it was published) "
            "if that is wrong",
            file=sys.stderr,
        )
    return day


_EXTRACT_FORMATS = ("table", "tsv", "json", "jsonl", "yaml")
_EXTRACT_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".jsonl": "jsonl"}
_EXTRACT_SUFFIXES[".tsv"] = "tsv"


def _format_of(output: str | None) -> str | None:
    """The format an -o name asks for (new.yaml -> yaml), or None to use the default."""
    return _EXTRACT_SUFFIXES.get(Path(output).suffix.lower()) if output else None


def _cited_path(article: str, output: str | None) -> str:
    """The article's path as the written timeline will resolve it: relative to the output
    file's folder, or to the working folder when writing to stdout (`> new.yaml` there).

    Both folders are taken as the real paths the loader uses (it resolves the timeline
    file's folder), so a relative path between them stays right through symbolic links.
    """
    import os

    folder = Path(output).resolve().parent if output else Path.cwd().resolve()
    target = Path(os.path.abspath(article))
    try:
        return Path(os.path.relpath(target, folder)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return target.as_posix()


def _note_outside(cited: str) -> None:
    """On a terminal: an article outside the timeline's folder is read by check only where
    TIMELINE_ALLOW_SOURCES allows its folder."""
    from timeline.cli.options import note

    if cited.startswith("../") or Path(cited).is_absolute():
        note(
            f"note: {cited} is outside the timeline's folder; `timeline check` reads it only "
            "with its folder in TIMELINE_ALLOW_SOURCES (or move the article under the timeline's)"
        )


def _extract_into(into: str, file: str, text: str, ref: dt.date | None) -> None:
    """extract --into: the new candidates appended to INTO atomically, then listed."""
    import hashlib

    from timeline import extract
    from timeline.extract.into import merge_into
    from timeline.model import SeedSource
    from timeline.output.atomic import write_text
    from timeline.source.files import base_dir

    raw = _read_bytes(into)
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    try:
        existing = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{into}: not UTF-8; convert it first") from None
    found = extract.find_dateline(text, ref).date
    mentions = extract.extract(text, ref or found, name=file)
    digest = hashlib.sha256(Path(file).read_bytes()).hexdigest()
    seed = SeedSource(file=_cited_path(file, into), dateline=found or ref, sha256=digest)
    _note_outside(seed.file)
    merged = merge_into(existing, into, base_dir(into), mentions, seed)
    if merged.added:
        write_text(bom + merged.text, into)
    for event in merged.added:
        print(visible(f"added {event.id}  {event.date.isoformat()}  {event.title}"))
    total = len(merged.added)
    print(
        visible(f"{into}: {total} event{'s' * (total != 1)} added, {merged.skipped} already there")
    )


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file (--into adds to an existing timeline)") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _mention_tsv(m: Any) -> str:
    """kind, offset, text, normalised value, notes, sentence: one line each."""
    from timeline.extract import mention_reading
    from timeline.output.safety import clean_line

    value, notes = mention_reading(m, grouping=False)
    extra = ",".join(notes)
    cells = (m.kind, str(m.offset), m.text, value, extra, m.sentence)
    return "\t".join(clean_line(c) for c in cells) + "\n"
