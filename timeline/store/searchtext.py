"""The folded search text of a cached timeline, as one flat file scanned in place.

Why: a substring scan is the only search that answers every term exactly,
two-character Chinese words included (FTS5's trigram index cannot match them),
and it is fastest over one contiguous buffer. SQLite hands each row's text
over separately, about 100 ms for 100,000 events; the same text as UTF-16
(two bytes per Han character, against three in UTF-8), memory-mapped and
searched with ``bytes.find``, takes about 27 ms.

Layout: ``MAGIC`` (16 bytes), a token (16 bytes) that the cache database
records so the two files are known to belong together, every event's folded
text in UTF-16-LE one after the other, then the start offset of each text and
the end of the last (unsigned 64-bit, little-endian), then the number of
texts. Offsets come last so the file is written in one pass.

Why UTF-16 finds exactly what ``str`` finds: the texts hold no lone surrogates
(libyaml refuses them, and :class:`Writer` refuses to write one), so both
needle and haystack are well-formed, a match at an even byte offset is a match
of whole code points, and one at an odd offset (bytes of two neighbouring
characters) is skipped. A match running past the end of its event's text is
skipped as well.

A scan still reads every text. :func:`rare_characters` lists, for each
character few events hold, every event holding it; a term with such a
character (a name, a place) is then looked for in those events alone
(``find(term, among=...)``), with the same exact test.
"""

from __future__ import annotations

import bisect
import mmap
import os
import re
import stat
import struct
import sys
from array import array
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "MAGIC",
    "SearchText",
    "Writer",
    "from_little_endian",
    "little_endian",
    "rare_characters",
]

MAGIC = b"timeline-text\x001\n"
_HEADER = len(MAGIC) + 16
_COUNT = struct.Struct("<Q")
_ENCODING = "utf-16-le"
_UNIT = 2  # bytes per UTF-16 code unit


def little_endian(values: array[int]) -> bytes:
    """`values` as bytes, least significant first, whatever this machine's byte order."""
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def from_little_endian(typecode: str, data: bytes) -> array[int]:
    """The inverse of :func:`little_endian`."""
    values = array(typecode)
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


class Writer:
    """Writes texts one at a time to an open binary file, then the offsets."""

    def __init__(self, stream: BinaryIO, token: bytes) -> None:
        if len(token) != 16:
            raise ValueError("token must be 16 bytes")
        self.stream = stream
        self.offsets = array("Q", [0])
        stream.write(MAGIC + token)

    def add(self, text: str) -> None:
        """Append one event's text (strict UTF-16: a lone surrogate raises UnicodeError)."""
        data = text.encode(_ENCODING)
        self.stream.write(data)
        self.offsets.append(self.offsets[-1] + len(data))

    def finish(self) -> None:
        """Write the offsets and the count; the caller flushes and renames the file."""
        self.stream.write(little_endian(self.offsets))
        self.stream.write(_COUNT.pack(len(self.offsets) - 1))


class SearchText:
    """A search-text file opened for reading; ``token`` must match the one written.

    Opening checks ownership, the magic and the token (a few bytes read); the
    file is mapped only when first searched. Anything malformed raises
    ValueError, so the caller can drop the cache and rebuild it.
    """

    def __init__(self, path: Path, token: bytes) -> None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            st = os.fstat(fd)
            mode = st.st_mode
            if not stat.S_ISREG(mode) or st.st_uid != os.getuid() or mode & 0o077:
                raise ValueError(f"{path}: not a private file of ours")
            if os.pread(fd, _HEADER, 0) != MAGIC + token:
                raise ValueError(f"{path}: belongs to another cache")
        except BaseException:
            os.close(fd)
            raise
        self._fd: int | None = fd
        self._size = st.st_size
        self._data: mmap.mmap | None = None
        self._offsets = array("Q")

    def close(self) -> None:
        if self._data is not None:
            self._data.close()
            self._data = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _mapped(self, whole: bool = True) -> mmap.mmap:
        """The file, mapped; `whole` maps every page at once (cheaper for a full scan)."""
        if self._data is not None:
            return self._data
        if self._fd is None:
            raise ValueError("search text closed")
        flags = mmap.MAP_SHARED | (getattr(mmap, "MAP_POPULATE", 0) if whole else 0)
        data = mmap.mmap(self._fd, self._size, flags=flags, prot=mmap.PROT_READ)
        try:
            (count,) = _COUNT.unpack_from(data, self._size - _COUNT.size)
            start = self._size - _COUNT.size - (count + 1) * 8
            if start < _HEADER:
                raise ValueError("search text: bad count")
            offsets = from_little_endian("Q", data[start : start + (count + 1) * 8])
            if offsets[0] != 0 or offsets[-1] != start - _HEADER:
                raise ValueError("search text: offsets do not fit the file")
        except (ValueError, struct.error):
            data.close()
            raise ValueError("search text: truncated or malformed") from None
        self._data, self._offsets = data, offsets
        return data

    def __len__(self) -> int:
        self._mapped()
        return len(self._offsets) - 1

    def text(self, seq: int) -> str:
        """The folded text of event number `seq` (file order, from 0)."""
        data = self._mapped()
        start, end = self._offsets[seq], self._offsets[seq + 1]
        return data[_HEADER + start : _HEADER + end].decode(_ENCODING)

    def find(self, term: str, among: Sequence[int] | None = None) -> list[int]:
        """Numbers of the events whose text contains `term`, ascending: exactly ``term in text``.

        With `among` (ascending numbers), only those events are looked at.

        >>> import io, tempfile; from pathlib import Path
        >>> folder = Path(tempfile.mkdtemp())
        >>> with open(folder / "t", "wb") as f:
        ...     w = Writer(f, bytes(16))
        ...     for t in ["社区网格员", "网", "格网格", "abc"]:
        ...         w.add(t)
        ...     w.finish()
        >>> os.chmod(folder / "t", 0o600)
        >>> SearchText(folder / "t", bytes(16)).find("网格")
        [0, 2]
        >>> SearchText(folder / "t", bytes(16)).find("网格", among=[1, 2])
        [2]
        """
        data = self._mapped(whole=among is None)
        needle = term.encode(_ENCODING)
        offsets = self._offsets
        last = len(offsets) - 1
        found: list[int] = []
        if among is not None:
            for seq in among:
                start, end = _HEADER + offsets[seq], _HEADER + offsets[seq + 1]
                at = data.find(needle, start, end)
                while at != -1 and (at - start) % _UNIT:
                    at = data.find(needle, at + 1, end)
                if at != -1:
                    found.append(seq)
            return found
        if not needle:
            return list(range(last))
        at = data.find(needle, _HEADER, _HEADER + offsets[-1])
        while at != -1:
            where = at - _HEADER
            seq = bisect.bisect_right(offsets, where) - 1
            end = offsets[seq + 1]
            if where % _UNIT == 0 and where + len(needle) <= end:
                found.append(seq)
                where = end  # one hit per event is enough
            else:
                where += 1
            at = data.find(needle, _HEADER + where, _HEADER + offsets[-1])
        return found


def rare_characters(
    store: SearchText, share: float = 0.02, per_event: int = 32
) -> tuple[str, dict[str, array[int]]] | None:
    """Which events hold each character that few events hold: an index for rare words.

    A scan reads every text whatever the term; a name or place (磐石, 张芳) usually has
    a character that only a few events hold, and then those events are the only ones
    worth looking at. Characters found in more than `share` of a sample of events
    (about 2,000, evenly spread) are *common* and not indexed; every other character
    is, with every event that holds it, so a term with one such character is found
    among that character's events alone (``find(term, among=...)``), exactly.

    Returns the common characters and the index, or None when the index would pass
    `per_event` entries per event on average (text of a huge alphabet): then every
    search scans, as before.
    """
    count = len(store)
    sample = range(0, count, max(1, count // 2000))
    seen: Counter[str] = Counter()
    for seq in sample:
        seen.update(set(store.text(seq)))
    common = "".join(sorted(c for c, n in seen.items() if n > share * len(sample)))
    pattern = re.compile(f"[^{re.escape(common)}]" if common else "(?s).")
    index: dict[str, array[int]] = {}
    budget = per_event * count
    for seq in range(count):
        for char in set(pattern.findall(store.text(seq))):
            if char not in index:
                index[char] = array("I")
            index[char].append(seq)
            budget -= 1
        if budget < 0:
            return None
    return common, index
