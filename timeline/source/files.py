"""Where a timeline's text comes from: a file, standard input, or the embedded timeline."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import cast

from timeline.errors import DataError

__all__ = ["STDIN", "base_dir", "embedded_path", "read_source"]

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


def _read_all(stream: io.BufferedIOBase) -> bytes:
    """Everything in `stream`, a chunk at a time. CPython's readall() loops in C without
    looking at signals, so Ctrl-C on a slow pipe (`ssh host cat x | timeline --file -`)
    would wait for the pipe's end; here each chunk returns to Python, which raises it."""
    chunks = []
    while chunk := stream.read1(1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def read_source(path: str) -> tuple[str, str]:
    """Read a timeline file (or stdin for ``-``) as text; returns (display name, text)."""
    name = "<stdin>" if path == STDIN else path
    if path == STDIN and sys.stdin is None:
        raise DataError(f"{name}: standard input is closed")
    try:
        if path == STDIN:
            raw = _read_all(cast(io.BufferedIOBase, sys.stdin.buffer))
        else:
            with open(path, "rb") as stream:
                raw = _read_all(stream)
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{name}: is a directory, not a timeline file") from None
    except OSError as exc:
        raise DataError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        return name, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{name}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "convert it first, e.g. iconv -f GBK -t UTF-8"
        ) from None
