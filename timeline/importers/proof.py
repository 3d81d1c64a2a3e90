"""Quotes and figures an import brings, kept as sources and figures where ``check`` can
prove them: the quote is in the file it names (found relative to where the timeline is
written, as ``check`` will look for it) and the figure's text is in that quote and reads
as a number. What cannot be proved stays in the summary as text, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from timeline.cite import read_seed, seed_path
from timeline.errors import NumberError
from timeline.model import Figure, Source, Timeline
from timeline.text.numbers import parse_figure

__all__ = ["Proof", "Proved", "proved"]


class Proof:
    """Reads the source files quotes cite, relative to where the timeline is written, the
    way ``check`` will (inside that folder, regular files, UTF-8)."""

    def __init__(self, base: str) -> None:
        self.where = Timeline("", (), base_dir=base)
        self.texts: dict[str, str | None] = {}

    def verbatim(self, quote: str, file: str) -> str | None:
        """The quote as it stands in its file, or None when the file does not hold it. An
        export folds a quote's line breaks into one space (``timeline list -F csv``):
        such a quote is found again with each space standing for a run of whitespace."""
        if file not in self.texts:
            self.texts[file] = read_seed(seed_path(self.where, file)) if file.strip() else None
        text = self.texts[file]
        if text is None or not quote.strip():
            return None
        if quote in text:
            return quote
        words = [re.escape(word) for word in quote.split(" ") if word]
        found = re.search(r"\s+".join(words), text) if " " in quote else None
        return found.group() if found else None


def _figure(label: str, text: str, quotes: list[Source]) -> Figure | None:
    """The figure when `check` can prove it: its text inside a quote, read by parse_figure."""
    source = next((n for n, s in enumerate(quotes, start=1) if text and text in s.quote), 0)
    if not source:
        return None
    try:
        parsed = parse_figure(text)
    except NumberError:
        return None
    value: int | Decimal | None = parsed.value
    high: int | Decimal | None = parsed.high
    value, high = (_exact(v) for v in (value, high))
    return Figure(text, value, parsed.unit, label, parsed.approx, source, high)


def _exact(value: int | Decimal | None) -> int | Decimal | None:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


@dataclass(frozen=True)
class Proved:
    """What an event's quotes and figures became: sources, figures, and the summary with
    what could not be proved added as text (`as_text` quotes of them)."""

    sources: tuple[Source, ...]
    figures: tuple[Figure, ...]
    summary: str
    as_text: int


def proved(
    summary: str, quotes: list[tuple[str, str]], figures: list[tuple[str, str]], proof: Proof
) -> Proved:
    """Quotes ((quote, file) pairs) whose file is there and holds them become sources, and
    figures ((label, text) pairs) inside them figures; the rest stays in the summary."""
    sources, texts = [], []
    for quote, file in quotes:
        verbatim = proof.verbatim(quote, file)
        if verbatim is not None:
            sources.append(Source(file, verbatim))
        else:
            texts.append(f"「{quote}」—— {file}" if file else f"「{quote}」")
    kept, lines = [], []
    for label, text in figures:
        figure = _figure(label, text, sources)
        if figure is None:
            lines.append(f"- {label} {text}".replace("  ", " "))
        else:
            kept.append(figure)
    extra = ["\n".join(lines)] if lines else []
    summary = "\n\n".join(p for p in (summary, *extra, *texts) if p)
    return Proved(tuple(sources), tuple(kept), summary, len(texts))
