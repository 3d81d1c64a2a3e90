"""The rare-character index: for each character few events hold, every event holding it.

A scan reads every text whatever the term; a name or place (磐石, 张芳) usually has a
character that only a few events hold, and then those events are the only ones worth
looking at. Characters found in more than `share` of a sample of events (about 2,000,
evenly spread) are *common* and not indexed; every other character is, with every event
(its number in the search text) that holds it, so a term with one such character is
found among that character's events alone, exactly.

Memory stays bounded however many events: :class:`RareIndex` hands its lists over in
parts (``spill``) once they hold ``PART`` entries, and the builder joins the parts of
each character in the database (timeline.store.ranking).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeline.store.searchtext import SearchText

__all__ = ["PART", "RareIndex", "Sample", "common_characters", "rare_characters"]

#: Entries (4 bytes each) held before a part is handed over.
PART = 1 << 20
#: Events sampled to tell common characters from rare ones (between this and twice it).
SAMPLE = 2000


class Sample:
    """Texts of evenly spread events, kept while they stream by (count not known ahead).

    Every `stride`-th text is kept; when twice SAMPLE are held, every other one is
    dropped and the stride doubles, so the sample stays evenly spread and small.
    """

    def __init__(self) -> None:
        self.stride = 1
        self.texts: list[tuple[int, str]] = []

    def offer(self, number: int, text: str) -> None:
        if number % self.stride == 0:
            self.texts.append((number, text))
            if len(self.texts) >= 2 * SAMPLE:
                self.stride *= 2
                self.texts = [(n, t) for n, t in self.texts if n % self.stride == 0]


def common_characters(sample: Iterable[str], share: float = 0.02) -> str:
    """The characters found in more than `share` of the `sample` texts, sorted."""
    seen: Counter[str] = Counter()
    size = 0
    for text in sample:
        seen.update(set(text))
        size += 1
    return "".join(sorted(c for c, n in seen.items() if n > share * size))


class RareIndex:
    """Fed each event's text in order: the events of each character that is not common.

    ``over`` turns True once the index passes `per_event` entries per event on average
    (text of a huge alphabet): then it is not kept and every search scans.
    """

    def __init__(
        self,
        common: str,
        per_event: int = 32,
        spill: Callable[[dict[str, array[int]]], None] | None = None,
    ) -> None:
        self.common = common
        self.pattern = re.compile(f"[^{re.escape(common)}]" if common else "(?s).")
        self.per_event = per_event
        self.spill = spill
        self.lists: dict[str, array[int]] = {}
        self.chars: set[str] = set()
        self.entries = 0
        self.held = 0
        self.count = 0
        self.over = False

    def add(self, number: int, text: str) -> None:
        self.count += 1
        if self.over:
            return
        lists = self.lists
        for char in set(self.pattern.findall(text)):
            found = lists.get(char)
            if found is None:
                found = lists[char] = array("I")
            found.append(number)
            self.held += 1
        if self.held >= PART and self.spill is not None:
            self._hand_over()
        if self.count >= 4 * SAMPLE and self._too_many():  # early: no need to go on
            self.over = True
            self.lists = {}

    def _too_many(self) -> bool:
        return self._total() > self.per_event * self.count

    def _total(self) -> int:
        return self.entries + self.held

    def _hand_over(self) -> None:
        assert self.spill is not None
        self.chars.update(self.lists)
        self.spill(self.lists)
        self.entries += self.held
        self.held = 0
        self.lists = {}

    def finish(self) -> None:
        """Hand over what is left (with a `spill`); the index is complete, or `over`."""
        if self._too_many():
            self.over = True
            self.lists = {}
        if self.spill is not None and self.lists and not self.over:
            self._hand_over()
        self.chars.update(self.lists)


def rare_characters(
    store: SearchText, share: float = 0.02, per_event: int = 32
) -> tuple[str, dict[str, array[int]]] | None:
    """The common characters and the whole index of a search-text file, in memory.

    None when the index would pass `per_event` entries per event on average (text
    of a huge alphabet): then every search scans.
    """
    count = len(store)
    sample = range(0, count, max(1, count // SAMPLE))
    common = common_characters((t for _, t in store.texts(among=sample)), share)
    index = RareIndex(common, per_event)
    for number, text in store.texts():
        index.add(number, text)
    index.finish()
    return None if index.over else (common, index.lists)
