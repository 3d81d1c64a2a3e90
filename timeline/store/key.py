"""The cache's key: a fingerprint of the code that built it and the data file's SHA-256."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["FORMAT_VERSION", "Hasher", "code_fingerprint", "file_sha256", "sha256"]

#: Bump when the layout or the meaning of a stored value changes.
FORMAT_VERSION = 8
#: From this size on, OpenSSL's SHA-256 (worth loading) rather than Python's own.
OPENSSL_FROM = 1 << 20
_CHUNK = 1 << 20
#: The modules whose source decides what a cached event is (relative to the package).
_CODE = (
    "model.py", "query.py", "text/fold.py",
    "source/yamlsafe.py", "source/schema.py", "source/validate.py", "source/stream.py",
    "store/build.py", "store/records.py", "store/cache.py", "store/cachesearch.py",
    "store/searchtext.py", "store/verified.py", "store/ranking.py", "store/rare.py",
    "store/textfind.py",
)  # fmt: skip


@functools.cache
def code_fingerprint() -> str:
    """Changes whenever the code that decides what a cached event is changes.

    That is our loaders (full and streaming), model and search folding (their
    source), Python's minor version (its Unicode tables fold the search text) and
    PyYAML's version (found without importing it: a warm run never loads PyYAML).
    Computed once a process (a run that rebuilds its cache asks twice).
    """
    from importlib.machinery import PathFinder

    digest = sha256(f"{FORMAT_VERSION}:{sys.version_info[:2]}".encode())
    here = Path(__file__).resolve().parent.parent
    yaml_spec = PathFinder.find_spec("yaml")
    sources = [here / name for name in _CODE]
    sources.append(Path(yaml_spec.origin) if yaml_spec and yaml_spec.origin else here / "-")
    for source in sources:
        try:
            digest.update(source.read_bytes())
        except OSError:
            from timeline import __version__

            digest.update(f"{source.name}:{__version__}".encode())
    return str(digest.hexdigest())


def sha256(data: bytes = b"", large: bool = False) -> Any:
    """hashlib.sha256, but small inputs skip loading OpenSSL (about 4 ms of every start-up).

    Python's own SHA-256 (the module hashlib falls back to) is slower per byte,
    so OpenSSL's is still used for large files.
    """
    global _builtin_sha256
    if not large:
        if _builtin_sha256 is None:
            try:
                from _sha2 import sha256 as builtin  # type: ignore[import-not-found,unused-ignore]  # >= 3.12
            except ImportError:
                try:
                    from _sha256 import sha256 as builtin  # type: ignore[import-not-found,no-redef,unused-ignore]
                except ImportError:
                    from hashlib import sha256 as builtin
            _builtin_sha256 = builtin
        return _builtin_sha256(data)
    import hashlib

    return hashlib.sha256(data)


_builtin_sha256: Any = None


def file_sha256(fd: int, size: int) -> str:
    """SHA-256 of an open file from its start, read in chunks into one buffer."""
    digest = sha256(large=size >= OPENSSL_FROM)
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    os.lseek(fd, 0, os.SEEK_SET)
    with os.fdopen(os.dup(fd), "rb", buffering=0) as stream:
        while size := stream.readinto(buffer):
            digest.update(view[:size])
    return str(digest.hexdigest())


class Hasher:
    """SHA-256 of a data file, computed on a second thread (hashlib and reads drop the GIL)."""

    def __init__(self, fd: int, size: int) -> None:
        import threading

        self.fd = os.dup(fd)
        self.size = size
        self.sha: str | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.sha = file_sha256(self.fd, self.size)
        except OSError:
            self.sha = None
        finally:
            os.close(self.fd)

    def wait(self) -> str | None:
        self.thread.join()
        return self.sha
