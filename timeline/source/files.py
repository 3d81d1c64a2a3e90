"""Where a timeline's text comes from: a file, standard input, or the embedded timeline."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import NoReturn, cast

from timeline.errors import DataError

__all__ = ["MAX_INPUT", "STDIN", "base_dir", "embedded_path", "read_source"]

#: The path that means standard input, on the command line and everywhere below it.
STDIN = "-"


def embedded_path() -> Path:
    """The curated default timeline: inside the wheel, or at the root of a checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data" / "events.yaml"
    if packaged.is_file():
        return packaged
    return package.parent / "events.yaml"


def base_dir(path: str) -> str:
    """The folder a timeline's relative source paths start from (the cwd for stdin)."""
    return os.getcwd() if path == STDIN else str(Path(path).resolve().parent)


#: The largest timeline read, in bytes (1 GiB): endless input (``--file /dev/zero``, a pipe
#: that never ends) stops here with a one-line error instead of exhausting memory. Files
#: are still read whole (issue #19 reworks the build to stream for a million events).
MAX_INPUT = 1 << 30
_CHUNK = 1 << 20
#: Byte-order marks of encodings a timeline file is not in, by what they are called.
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)", "UTF-32"),
    (b"\xff\xfe", "UTF-16 (little-endian)", "UTF-16"),
    (b"\xfe\xff", "UTF-16 (big-endian)", "UTF-16"),
)


def _read_all(stream: io.BufferedIOBase, name: str) -> bytearray:
    """Everything in `stream`, a chunk at a time, up to MAX_INPUT bytes. CPython's
    readall() loops in C without looking at signals, so Ctrl-C on a slow pipe
    (`ssh host cat x | timeline --file -`) would wait for the pipe's end; here each chunk
    returns to Python, which raises it. A NUL byte ends the reading at once: no YAML text
    holds one (a UTF-16 or UTF-32 file is named as such), so `/dev/zero` stops at once."""
    data = bytearray()
    while chunk := stream.read1(_CHUNK):
        at = chunk.find(b"\x00")
        if at >= 0:
            _other_encoding((bytes(data[:4]) + chunk)[:4], name)
            line = data.count(b"\n") + chunk.count(b"\n", 0, at) + 1
            start = chunk.rfind(b"\n", 0, at) + 1
            before = chunk[start:at] if start else data[data.rfind(b"\n") + 1 :] + chunk[:at]
            column = len(before.decode("utf-8", "replace")) + 1  # as the YAML reader counts
            what = "control character U+0000 is not allowed"  # the YAML reader's own words
            raise DataError(f"{name}:{line}:{column}: invalid YAML: {what}")
        data += chunk
        if len(data) > MAX_INPUT:
            _too_large(name)
    return data


def _too_large(name: str) -> NoReturn:
    raise DataError(
        f"{name}: larger than {MAX_INPUT >> 20:,} MiB; a timeline file is text of "
        "at most that size (is this the right file?)"
    )


def _other_encoding(head: bytes, name: str) -> None:
    """A DataError naming the encoding when `head` starts with a UTF-16 or UTF-32 BOM."""
    for bom, called, short in _OTHER_BOMS:
        if head.startswith(bom):
            raise DataError(
                f"{name}: the file is {called}, not UTF-8; "
                f"convert it first, e.g. iconv -f {short} -t UTF-8"
            )


def read_source(path: str) -> tuple[str, str]:
    """Read a timeline file (or stdin for ``-``) as text; returns (display name, text)."""
    name = "<stdin>" if path == STDIN else path
    if path == STDIN and sys.stdin is None:
        raise DataError(f"{name}: standard input is closed")
    try:
        if path == STDIN:
            raw = _read_all(cast(io.BufferedIOBase, sys.stdin.buffer), name)
        else:
            with open(path, "rb") as stream:
                if os.fstat(stream.fileno()).st_size > MAX_INPUT:
                    _too_large(name)
                raw = _read_all(stream, name)
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{name}: is a directory, not a timeline file") from None
    except OSError as exc:
        raise DataError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        return name, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _other_encoding(bytes(raw[:4]), name)
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{name}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "convert it first, e.g. iconv -f GBK -t UTF-8"
        ) from None
