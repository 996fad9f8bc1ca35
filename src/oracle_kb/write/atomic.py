"""Atomic file replacement that never loses a byte.

The new content goes to a temporary file in the same folder, is fsynced, and renamed over the original.
Before the rename the original is read again and compared with what the caller read: if someone changed
it meanwhile, nothing is written.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass


class ChangedOnDisk(Exception):
    """The file changed between reading it and writing it; it was left alone."""


@dataclass(frozen=True, slots=True)
class Original:
    path: str
    data: bytes
    newline: str
    bom: bool

    def text(self) -> str | None:
        """The content with \\n line endings and no BOM, or None when it is not valid UTF-8."""
        body = self.data[3:] if self.bom else self.data
        try:
            return body.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            return None


def read_original(path: str) -> Original:
    with open(path, "rb") as fh:
        data = fh.read()
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    newline = "\r\n" if b"\r\n" in body else ("\r" if b"\r" in body else "\n")
    return Original(path, data, newline, bom)


def encode_like(original: Original | None, text: str) -> bytes:
    """`text` uses \\n; give it the original's line endings and BOM."""
    if original is not None and original.newline != "\n":
        text = text.replace("\n", original.newline)
    data = text.encode("utf-8")
    if original is not None and original.bom:
        data = b"\xef\xbb\xbf" + data
    return data


def write_atomic(path: str, data: bytes, original: Original | None = None, *, _before_rename=None) -> bool:
    """Replace `path` with `data`. Returns False when the content is already `data` (nothing written)."""
    if original is not None:
        try:
            with open(path, "rb") as fh:
                now = fh.read()
        except FileNotFoundError:
            raise ChangedOnDisk(f"{path}: removed since it was read; not written") from None
        if now != original.data:
            raise ChangedOnDisk(f"{path}: changed since it was read; not written")
        if now == data:
            return False
    elif os.path.exists(path):
        with open(path, "rb") as fh:
            if fh.read() == data:
                return False
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".oracle-kb-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        else:  # mkstemp creates 0600; a new file gets the usual mode
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if _before_rename is not None:
            _before_rename(tmp)  # tests simulate a crash here
        if original is not None:
            with open(path, "rb") as fh:
                if fh.read() != original.data:
                    raise ChangedOnDisk(f"{path}: changed while writing; not written")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return True
