"""Finding needles in the search text's UTF-16 bytes: whole code units, whole events.

A match is a match of whole code points when it starts at an even byte offset (the
texts are well-formed UTF-16: see timeline.store.searchtext), and it must end inside
the event's own text. These helpers test one event's bytes, or a segment of many.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Sequence

__all__ = ["ENCODING", "matches", "segment_matches"]

ENCODING = "utf-16-le"
_UNIT = 2  # bytes per UTF-16 code unit


def _holds(data: bytes | bytearray, needle: bytes) -> bool:
    """Whether `needle` occurs in `data` at an even offset (whole UTF-16 code units)."""
    at = data.find(needle)
    while at != -1 and at % _UNIT:
        at = data.find(needle, at + 1)
    return at != -1


def _hits(
    buffer: bytearray, needle: bytes, offsets: array[int], first: int, last: int
) -> list[int]:
    """Events first..last-1 (held in `buffer` from its start) whose text holds `needle`."""
    base = offsets[first]
    end = offsets[last] - base
    found = []
    at = buffer.find(needle, 0, end)
    while at != -1:
        where = at + base
        seq = bisect.bisect_right(offsets, where, first, last + 1) - 1
        stop = offsets[seq + 1]
        if (where - offsets[seq]) % _UNIT == 0 and where + len(needle) <= stop:
            found.append(seq)
            at = stop - base  # one hit per event is enough
        else:
            at += 1
        at = buffer.find(needle, at, end)
    return found


def matches(
    data: bytes | bytearray, needles: Sequence[bytes], any_term: bool,
    test: Callable[[str], bool] | None,
) -> bool:  # fmt: skip
    """Whether one event's text holds the needles (all, or any) and passes `test`."""
    combine = any if any_term else all
    if needles and not combine(_holds(data, n) for n in needles):
        return False
    return test is None or test(data.decode(ENCODING))


def segment_matches(
    buffer: bytearray, coded: Sequence[bytes], any_term: bool,
    test: Callable[[str], bool] | None, offsets: array[int], first: int, last: int,
) -> list[int]:  # fmt: skip
    """The events of one segment (held in `buffer` from its start) that match, ascending."""
    base = offsets[first]
    if not coded:
        found: Sequence[int] = range(first, last)
    elif any_term:
        found = sorted(set().union(*(_hits(buffer, c, offsets, first, last) for c in coded)))
    else:
        first_needle, *others = sorted(coded, key=len, reverse=True)
        found = _hits(buffer, first_needle, offsets, first, last)
        for needle in others:
            found = [
                s for s in found
                if _holds(buffer[offsets[s] - base : offsets[s + 1] - base], needle)
            ]  # fmt: skip
    if test is None:
        return list(found)
    return [
        s for s in found
        if test(buffer[offsets[s] - base : offsets[s + 1] - base].decode(ENCODING))
    ]  # fmt: skip
