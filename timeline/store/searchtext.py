"""The folded search text of a cached timeline, as one flat file scanned in place.

Why: a substring scan is the only search that answers every term exactly,
two-character Chinese words included (FTS5's trigram index cannot match them),
and it is fastest over one contiguous buffer. SQLite hands each row's text
over separately, about 100 ms for 100,000 events; the same text as UTF-16
(two bytes per Han character, against three in UTF-8), read a segment at a
time and searched with ``bytearray.find``, takes about 35 ms.

Layout: ``MAGIC`` (16 bytes), a token (16 bytes) that the cache database
records so the two files are known to belong together, every event's folded
text in UTF-16-LE one after the other, then the index: the start offset of each
text and the end of the last (unsigned 64-bit), the CRC-32 of each text, the
first event of each segment and the end of the last (unsigned 32-bit), the
CRC-32 of each segment (unsigned 32-bit), all little-endian; then the number of
texts and of segments (unsigned 64-bit) and the CRC-32 of the index and those
two numbers. Offsets come last so the file is written in one pass.

Nothing is trusted unchecked, so damage can neither invent nor hide a match: the
index is verified as a whole when first needed, a full scan verifies each
segment (whole texts, about ``SEGMENT`` bytes) before searching it, and a look
at a few events verifies each of their texts. A mismatch, or a file cut short,
raises ValueError. The file is read, never memory-mapped: a file truncated
while mapped kills the process with SIGBUS, while a short read is an error
like any other (reading costs about as much as the map's page faults did).

Why UTF-16 finds exactly what ``str`` finds: the texts hold no lone surrogates
(libyaml refuses them, and :class:`Writer` refuses to write one), so both
needle and haystack are well-formed, a match at an even byte offset is a match
of whole code points, and one at an odd offset (bytes of two neighbouring
characters) is skipped. A match running past the end of its event's text is
skipped as well.

Texts are numbered in date-time order (the cache's ranks), so a scan finds
matches in the order they are listed and a search streams: each segment's
matches are handed out as soon as it is read (:meth:`SearchText.search`).
A scan still reads every text: timeline.store.rare lists, for each character
few events hold, every event holding it; a term with such a character (a name,
a place) is then looked for in those events alone (``among=...``), with the
same exact test.
"""

from __future__ import annotations

import os
import stat
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from timeline.store.textfind import ENCODING as _ENCODING
from timeline.store.textfind import matches, segment_matches

__all__ = [
    "MAGIC",
    "SEGMENT",
    "SearchText",
    "Writer",
    "from_little_endian",
    "little_endian",
]

MAGIC = b"timeline-text\x002\n"
#: A segment closes once its texts reach this many bytes (a full scan checks one at a time).
SEGMENT = 1 << 18
_HEADER = len(MAGIC) + 16
_TRAILER = struct.Struct("<QQI")  # texts, segments, CRC-32 of the index and these two
_BROKEN = "search text: truncated or malformed"


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


def encode(text: str) -> bytes:
    """A text as the file holds it (strict UTF-16: a lone surrogate raises UnicodeError)."""
    return text.encode(_ENCODING)


class Writer:
    """Writes texts one at a time to an open binary file, then the index."""

    def __init__(self, stream: BinaryIO, token: bytes) -> None:
        if len(token) != 16:
            raise ValueError("token must be 16 bytes")
        self.stream = stream
        self.offsets = array("Q", [0])
        self.checks = array("I")
        self.segments = array("I", [0])
        self.segment_checks = array("I")
        self._segment = 0  # the running CRC-32 of the open segment
        stream.write(MAGIC + token)

    def add(self, text: str) -> None:
        """Append one event's text (strict UTF-16: a lone surrogate raises UnicodeError)."""
        self.add_encoded(text.encode(_ENCODING))

    def add_encoded(self, data: bytes) -> None:
        """Append one event's text, already encoded by :func:`encode`."""
        self.stream.write(data)
        self.offsets.append(self.offsets[-1] + len(data))
        self.checks.append(zlib.crc32(data))
        self._segment = zlib.crc32(data, self._segment)
        if self.offsets[-1] - self.offsets[self.segments[-1]] >= SEGMENT:
            self._close_segment()

    def _close_segment(self) -> None:
        self.segments.append(len(self.checks))
        self.segment_checks.append(self._segment)
        self._segment = 0

    def finish(self) -> None:
        """Write the index and the trailer; the caller flushes and renames the file.

        One list at a time, its checksum carried on: no copy of the whole index is held."""
        if self.segments[-1] < len(self.checks):
            self._close_segment()
        crc = 0
        for values in (self.offsets, self.checks, self.segments, self.segment_checks):
            data = little_endian(values) if sys.byteorder == "big" else memoryview(values)
            crc = zlib.crc32(data, crc)
            self.stream.write(data)
        counts = struct.pack("<QQ", len(self.checks), len(self.segment_checks))
        self.stream.write(counts + struct.pack("<I", zlib.crc32(counts, crc)))


class SearchText:
    """A search-text file opened for reading; ``token`` must match the one written.

    Opening checks ownership, the magic and the token (a few bytes read); the
    index is read and verified when first needed. Anything malformed or damaged
    raises ValueError, so the caller can drop the cache and rebuild it.
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
        self._offsets: array[int] | None = None
        self._checks = array("I")
        self._segments = array("I")
        self._segment_checks = array("I")

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self, _close: Callable[[int], None] = os.close) -> None:
        """A store nobody closed (a test runs many in one process): its file is closed."""
        fd, self._fd = getattr(self, "_fd", None), None
        if fd is not None:
            _close(fd)

    def _read(self, start: int, size: int) -> bytes:
        """`size` bytes at `start`; a short read (a file cut while we read) is damage."""
        if self._fd is None:
            raise ValueError("search text closed")
        data = os.pread(self._fd, size, start)
        if len(data) != size:
            raise ValueError(_BROKEN)
        return data

    def _index(self) -> array[int]:
        """The offsets, after the whole index was read and its checksum verified."""
        if self._offsets is not None:
            return self._offsets
        if self._size < _HEADER + _TRAILER.size:
            raise ValueError(_BROKEN)
        trailer = self._read(self._size - _TRAILER.size, _TRAILER.size)
        count, segments, check = _TRAILER.unpack(trailer)
        size = 8 * (count + 1) + 4 * count + 4 * (segments + 1) + 4 * segments
        start = self._size - _TRAILER.size - size
        if start < _HEADER:
            raise ValueError(_BROKEN)
        index = self._read(start, size)
        if zlib.crc32(struct.pack("<QQ", count, segments), zlib.crc32(index)) != check:
            raise ValueError(_BROKEN)
        cut = [0, 8 * (count + 1), 12 * count + 8, 12 * count + 4 * segments + 12, size]
        offsets = from_little_endian("Q", index[cut[0] : cut[1]])
        self._checks = from_little_endian("I", index[cut[1] : cut[2]])
        self._segments = from_little_endian("I", index[cut[2] : cut[3]])
        self._segment_checks = from_little_endian("I", index[cut[3] : cut[4]])
        if offsets[0] != 0 or offsets[-1] != start - _HEADER or self._segments[-1] != count:
            raise ValueError(_BROKEN)
        self._offsets = offsets
        return offsets

    def __len__(self) -> int:
        return len(self._index()) - 1

    def _event(self, seq: int) -> bytes:
        """The UTF-16 bytes of event `seq`, verified against its checksum."""
        offsets = self._index()
        start, end = offsets[seq], offsets[seq + 1]
        data = self._read(_HEADER + start, end - start)
        if zlib.crc32(data) != self._checks[seq]:
            raise ValueError(f"search text: event {seq} fails its checksum")
        return data

    def text(self, seq: int) -> str:
        """The folded text of event number `seq` (file order, from 0)."""
        return self._event(seq).decode(_ENCODING)

    def _scan(self, reverse: bool = False) -> Iterator[tuple[int, int, bytearray]]:
        """Each segment as (first event, last event + 1, its bytes), verified, in one buffer;
        from the last segment to the first when `reverse`."""
        offsets = self._index()
        segments = self._segments
        ends = [offsets[segments[i + 1]] - offsets[segments[i]] for i in range(len(segments) - 1)]
        buffer = bytearray(max(ends, default=0))
        view = memoryview(buffer)
        order = range(len(ends) - 1, -1, -1) if reverse else range(len(ends))
        for i in order:
            size = ends[i]
            first, last = segments[i], segments[i + 1]
            if (
                self._fd is None
                or os.preadv(self._fd, [view[:size]], _HEADER + offsets[first]) != size
            ):
                raise ValueError(_BROKEN)
            if zlib.crc32(view[:size]) != self._segment_checks[i]:
                raise ValueError(f"search text: segment {i} fails its checksum")
            yield first, last, buffer

    def texts(self, among: Sequence[int] | None = None) -> Iterator[tuple[int, str]]:
        """(number, folded text) of every event, or of those in `among` (ascending), verified."""
        if among is not None:
            for seq in among:
                yield seq, self.text(seq)
            return
        offsets = self._index()
        for first, last, buffer in self._scan():
            base = offsets[first]
            for seq in range(first, last):
                yield seq, buffer[offsets[seq] - base : offsets[seq + 1] - base].decode(_ENCODING)

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
        return [n for part in self.search([term], among=among) for n in part]

    def search(
        self,
        needles: Sequence[str],
        any_term: bool = False,
        test: Callable[[str], bool] | None = None,
        among: Sequence[int] | None = None,
        reverse: bool = False,
    ) -> Iterator[list[int]]:
        """Numbers of the events whose text holds every needle (or any) and passes `test`,
        handed out a segment (or a part of `among`, ascending) at a time: ascending, or
        descending when `reverse`. Each needle is exactly ``needle in text``."""
        coded = [encode(n) for n in needles]
        if any_term and needles and not all(coded):
            coded = []  # "" is in every text: any term matches
        coded = [c for c in coded if c]
        if among is not None:
            numbers = list(reversed(among)) if reverse else among
            for start in range(0, len(numbers), 512):
                part = numbers[start : start + 512]
                if found := [s for s in part if matches(self._event(s), coded, any_term, test)]:
                    yield found
            return
        offsets = self._index()
        for first, last, buffer in self._scan(reverse):
            found = segment_matches(buffer, coded, any_term, test, offsets, first, last)
            if found:
                yield found[::-1] if reverse else found
