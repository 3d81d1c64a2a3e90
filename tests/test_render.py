"""Terminal views at a fixed width, as a person sees them (golden files, read by eye)."""

from __future__ import annotations

import pytest
from rich.console import Console

from helpers import MINI, ROOT, golden, invoke_at_80
from timeline.cite import cited_quotes, quote_context
from timeline.output import render
from timeline.store.open import load


@pytest.mark.parametrize("view", ["timeline", "table"])
def test_views_match_golden_at_80_columns(view: str) -> None:
    golden(f"{view}-view.txt", invoke_at_80(MINI, "list", "-F", view))


def test_embedded_day_view_matches_golden() -> None:
    golden(
        "on-2022-03-20.txt",
        invoke_at_80(ROOT / "events.yaml", "on", "2022-03-20", "-F", "timeline"),
    )


def test_detail_view_matches_golden() -> None:
    timeline = load(ROOT / "events.yaml")
    event = next(e for e in timeline.events if e.id == "org-dept-urgent-notice-2022-03-20")
    found = quote_context(timeline, event)
    assert found is not None
    console = Console(record=True, width=80, color_system=None)
    console.print(render.detail_view(event, cited_quotes(timeline, event)))
    golden("show-urgent-notice.txt", console.export_text())


def test_cjk_columns_align_in_the_table() -> None:
    from rich.cells import cell_len

    lines = [
        line for line in invoke_at_80(MINI, "list", "-F", "table").splitlines() if "2022-03" in line
    ]
    title_starts = {cell_len(line[: line.index("唐山")]) for line in lines if "唐山" in line}
    assert len(title_starts) == 1, lines
