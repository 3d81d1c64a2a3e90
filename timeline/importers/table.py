"""Spreadsheets of events: CSV or TSV with a header row, and our own exports.

What ``timeline list -F csv`` writes (its header names exactly our columns) comes back
as the same events: tags, people, organisations and places split at ``;``, the quote a
source wherever its file is beside the output to prove it, figures with it. What
``-F tsv`` writes has no header; its eight columns (date, time, end, id, title, tags,
date_kind, sources) are recognised by their shape.

Any other table maps columns by header name, case and spaces ignored:

==========  =====================  ====================================
field       header names           value
==========  =====================  ====================================
date        date, 日期             2022-03-20, 2022-03, 2022/3/20, 2022年3月20日, a range
time        time, 时间             09:30, 9:30 PM, 9时30分
end         end, 结束              a date (its last day is the end)
title       title, 标题            text (required, or a summary to title it from)
summary     summary, 摘要          text
tags        tags, 标签             split at ; ， , 、 |
id          id                     kept (else made from date and title)
==========  =====================  ====================================

and also date_kind, date_note, people, orgs, places and links by their own names.
``--map FIELD=COLUMN`` names any other column for a field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from timeline.errors import UsageError
from timeline.importers.common import Draft, Notes, csv_rows, read_date, read_time, span_end
from timeline.model import DATE_KINDS
from timeline.text.shorten import shorten

__all__ = ["CSV_COLUMNS", "FIELDS", "HEADER_NAMES", "TSV_COLUMNS", "read_table"]

#: The header `timeline list -F csv` writes (timeline.output.plain.CSV_COLUMNS); columns
#: added later go at the end, so a header that starts with the first fifteen is ours.
CSV_COLUMNS = ("id", "date", "time", "end", "date_kind", "title", "summary", "tags", "people",
               "orgs", "places", "figures", "source_file", "quote", "sources", "precision",
               "links")  # fmt: skip
#: The columns `timeline list -F tsv` writes, without a header (output.plain.TSV_COLUMNS).
TSV_COLUMNS = ("date", "time", "end", "id", "title", "tags", "date_kind", "sources", "precision")
_FIRST_CSV, _FIRST_TSV = 15, 8
#: Fields a column can fill.
FIELDS = ("id", "date", "time", "end", "date_kind", "date_note", "title", "summary", "tags",
          "people", "orgs", "places", "links")  # fmt: skip
#: Header names that name a field without --map.
HEADER_NAMES = {
    **{name: name for name in FIELDS},
    "日期": "date", "时间": "time", "结束": "end", "标题": "title", "摘要": "summary",
    "标签": "tags",
}  # fmt: skip
_LISTS = ("tags", "people", "orgs", "places", "links")
_ANY_SEPARATOR = re.compile(r"\s*[;；,，、|]\s*")
#: Our own columns that fill no field of their own (the date carries its precision).
_OWN_EXTRA = ("figures", "source_file", "quote", "sources", "precision")


def _name(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).lower()


def _columns(header: list[str], mapping: Mapping[str, str], own: bool) -> dict[str, int]:
    """Field -> column index, from --map first, then the header names."""
    names = [_name(c) for c in header]
    out: dict[str, int] = {}
    for name, column in mapping.items():
        if _name(column) not in names:
            shown = ", ".join(c.strip() for c in header if c.strip())
            raise UsageError(
                f"--map {name}={shorten(column)}: no such column "
                f"(the columns: {shorten(shown, 200)})"
            )
        out[name] = names.index(_name(column))
    for index, name in enumerate(names):
        field = name if own else HEADER_NAMES.get(name)
        if field and field not in out and index not in out.values():
            out[field] = index
    return out


class _Rows:
    """Rows -> drafts, with the table's separators (our own export splits at ; only)."""

    def __init__(self, notes: Notes, columns: dict[str, int], own: str) -> None:
        self.notes, self.columns, self.own = notes, columns, bool(own)
        self.split = re.compile(re.escape(own)) if own else _ANY_SEPARATOR
        self.more_sources: list[int] = []

    def cell(self, row: list[str], field: str) -> str:
        index = self.columns.get(field)
        return row[index].strip() if index is not None and index < len(row) else ""

    def draft(self, line: int, row: list[str]) -> Draft:
        try:
            date, precision, end = read_date(self.cell(row, "date"))
        except ValueError as exc:
            raise self.notes.error(
                line, f"date {exc}" if self.cell(row, "date") else "no date"
            ) from None
        summary, title = self.cell(row, "summary"), self.cell(row, "title")
        if not title:
            title = " ".join(summary.split())[:40]
            if not title:
                raise self.notes.error(line, "no title (and no summary to title it from)")
            self.notes.add(line, f"no title: titled '{shorten(title)}' from the summary")
        draft = Draft(line, date, title, precision, end=end, id=self.cell(row, "id"),
                      summary=summary, date_note=self.cell(row, "date_note"))  # fmt: skip
        self._when(line, row, draft)
        for field in _LISTS:
            getattr(draft, field).extend(self._items(self.cell(row, field), field))
        if self.own:
            self._own(line, row, draft)
        return draft

    def _items(self, text: str, field: str) -> list[str]:
        separator = re.compile(r"\s+") if field == "links" else self.split
        return [item for item in separator.split(text) if item.strip()] if text else []

    def _when(self, line: int, row: list[str], draft: Draft) -> None:
        try:
            if self.cell(row, "time"):
                draft.time, seconds = read_time(self.cell(row, "time"))
                if seconds:
                    self.notes.add(line, f"seconds are not kept: the time is {draft.time}")
            if self.cell(row, "end"):
                end, precision, last = read_date(self.cell(row, "end"))
                draft.end = last or span_end(end, precision)
        except ValueError as exc:
            raise self.notes.error(line, str(exc)) from None
        if draft.end is not None and draft.end < draft.date:
            raise self.notes.error(line, f"end {draft.end} is before the date {draft.date}")
        kind = self.cell(row, "date_kind") or "event"
        if kind not in DATE_KINDS:
            raise self.notes.error(
                line, f"date_kind '{shorten(kind)}' is not one of {', '.join(DATE_KINDS)}"
            )
        draft.date_kind = kind

    def _own(self, line: int, row: list[str], draft: Draft) -> None:
        """Our export's quote (its first source) and figures (their text)."""
        quote, file = self.cell(row, "quote"), self.cell(row, "source_file")
        if quote or file:
            draft.quotes.append((quote, file))
        draft.figures.extend(
            ("", text) for text in self._items(self.cell(row, "figures"), "figures")
        )
        count = self.cell(row, "sources")
        if count.isdigit() and int(count) > 1:
            self.more_sources.append(line)


def _own_tsv(text: str) -> Iterator[tuple[int, list[str]]] | None:
    """The rows of `timeline list -F tsv` output (no header, eight cells, a date first),
    or None when the text is not that."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    cells = first.split("\t")
    if not _FIRST_TSV <= len(cells) <= len(TSV_COLUMNS):
        return None
    try:
        read_date(cells[0])
    except ValueError:
        return None
    return ((n, line.split("\t")) for n, line in enumerate(lines, start=1) if line.strip())


def read_table(
    text: str, notes: Notes, mapping: Mapping[str, str] | None = None, delimiter: str = ","
) -> list[Draft]:
    """The events of a CSV (or TSV, `delimiter` a tab) with a header row, or of our own
    headerless TSV."""
    mapping = dict(mapping or {})
    bad = [name for name in mapping if name not in FIELDS]
    if bad:
        raise UsageError(f"--map {shorten(bad[0])}=…: not a field; map one of {', '.join(FIELDS)}")
    own_tsv = _own_tsv(text) if delimiter == "\t" and not mapping else None
    if own_tsv is not None:
        rows, header, own, line = own_tsv, list(TSV_COLUMNS), ",", 0
    else:
        rows = csv_rows(text, notes, delimiter)
        first = next(rows, None)
        if first is None:
            raise notes.error(
                1, "empty: a header row naming the columns (date, title, …) is expected"
            )
        line, header = first
        names = tuple(_name(c) for c in header)
        ours = names[:_FIRST_CSV] == CSV_COLUMNS[:_FIRST_CSV] and set(names) <= set(CSV_COLUMNS)
        own = ";" if ours and not mapping else ""
    columns = _columns(header, mapping, bool(own))
    missing = [f for f in ("date",) if f not in columns]
    if missing or not ({"title", "summary"} & set(columns)):
        what = "date" if missing else "title"
        raise notes.error(
            line or 1,
            f"no {what} column: name one {what} (or {'日期' if missing else '标题'}), "
            f"or give --map {what}=COLUMN",
        )
    used = set(columns.values())
    ignored = [c.strip() for i, c in enumerate(header) if i not in used and c.strip()]
    ignored = [c for c in ignored if not own or _name(c) not in _OWN_EXTRA]
    if ignored:
        notes.add(
            line,
            f"columns not imported: {', '.join(ignored)} (name a field with --map FIELD=COLUMN)",
        )
    reader, drafts = _Rows(notes, columns, own), []
    for number, row in rows:
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            notes.add(number, f"{len(row) - len(header)} cells beyond the header are not imported")
        drafts.append(reader.draft(number, row))
    if reader.more_sources:
        count, first_line = len(reader.more_sources), reader.more_sources[0]
        notes.add(
            first_line,
            f"{count} event{'s' * (count != 1)} (this the first) cite more sources than "
            "an export holds: only the first is kept",
        )
    return drafts
