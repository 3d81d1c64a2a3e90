"""The import command: a timeline from TimelineJS, a spreadsheet or markwhen (importers/)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from timeline.cli.app import app
from timeline.cli.complete import complete_choices
from timeline.cli.options import STATE, not_empty, same_file
from timeline.errors import DataError, UsageError
from timeline.output.safety import visible
from timeline.text.shorten import shorten

_FORMATS = ("timelinejs-csv", "timelinejs-json", "csv", "markwhen")  # importers.FORMATS


def _say(message: str) -> None:
    """A line on stderr (the guessed format, what was not kept), unless --quiet."""
    if not STATE.quiet:
        print(visible(message), file=sys.stderr)


def _mapping(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        field, sign, column = pair.partition("=")
        if not sign or not field.strip() or not column.strip():
            raise UsageError(
                f"--map '{shorten(pair)}': write FIELD=COLUMN, e.g. --map title=Headline"
            )
        out[field.strip()] = column.strip()
    return out


def _read(file: str) -> tuple[str, str]:
    """The input's name and text, bounded as a timeline is (1 GiB, UTF-8)."""
    from timeline.source.files import read_source

    try:
        return read_source(file)
    except DataError as exc:  # the reader's words are about YAML; this input is not
        raise DataError(str(exc).replace("invalid YAML: ", "")) from None


@app.command("import")
def import_command(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The file to import, or - for stdin.")
    ],
    source_format: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="FORMAT",
            help="timelinejs-csv (the TimelineJS sheet saved as CSV), timelinejs-json, csv "
            "(a table with a header row; also TSV, and our own -F csv/-F tsv exports) or "
            "markwhen. Default: guessed from the content and extension (said on stderr).",
            autocompletion=complete_choices(_FORMATS),
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT.yaml",
            help="Write the timeline file here (atomically) instead of to stdout.",
            callback=not_empty,
        ),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="FIELD=COLUMN",
            help="Read FIELD (date, time, end, title, summary, tags, id, …) from the column "
            "named COLUMN of a table; repeat for more.",
        ),
    ] = None,
) -> None:
    """Bring a timeline in: write a timeline file `check` accepts from TimelineJS (its
    sheet as CSV, or its JSON), a spreadsheet (CSV/TSV with a header row) or markwhen.

    Ids are kept, else made from the date and title (the same input gives the same ids).
    What the timeline cannot hold is said on stderr, one file:line each.

    \b
    Examples:
      timeline import sheet.csv -o mine.yaml
      timeline --file mine.yaml list
      timeline import plan.mw --from markwhen > plan.yaml
      timeline import 表格.csv --map title=事件 --map tags=分类 -o mine.yaml
      timeline list -F csv | timeline import - -o copy.yaml
    """
    from timeline.importers import guess_format, import_text

    fields = _mapping(mapping)
    if source_format is not None and source_format not in _FORMATS:
        raise UsageError(f"--from '{shorten(source_format)}': choose from {', '.join(_FORMATS)}")
    if output and same_file(output, file):
        raise UsageError(f"-o '{shorten(output)}' is the file being imported; choose another file")
    shown, text = _read(file)
    fmt = source_format
    if fmt is None:
        fmt, why = guess_format(shown, text)
        _say(f"timeline: reading {shown} as {fmt} ({why}); --from names another format")
    base = Path(output).resolve().parent if output else Path.cwd().resolve()
    imported = import_text(text, shown, fmt, fields, str(base))
    for line in imported.notes:
        _say(line)
    from timeline.output.atomic import write_text

    write_text(imported.yaml, output)
    count = len(imported.timeline.events)
    summary = f"{count} event{'s' * (count != 1)} imported from {shown} ({fmt})"
    summary = f"{output}: {summary}" if output else summary
    if output:
        print(visible(summary))
    else:
        _say(summary)
