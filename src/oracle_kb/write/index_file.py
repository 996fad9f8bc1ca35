"""`oracle-kb index`: regenerate the generated block of the oracle's INDEX.md, or test that it is current.

The file is refused when it is not a regular file (a symlink could point out of the oracle), not UTF-8,
or has a generated block whose end marker was lost; hand-written text around the block is kept.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..model import Oracle
from ..render.index_md import render_index
from .atomic import ChangedOnDisk, encode_like, read_original, write_atomic


@dataclass(frozen=True, slots=True)
class IndexResult:
    ok: bool  # False: stale (with check) or not written
    message: str
    refused: bool = False  # the file cannot be used at all (a usage error, exit 2)


def update_index(oracle: Oracle, *, check_only: bool) -> IndexResult:
    path = os.path.join(oracle.root, "INDEX.md")
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isfile(path)):
        return IndexResult(
            False, f"{path}: not a regular file (a symlink or a folder); refusing to read or replace it", True
        )
    original = read_original(path) if os.path.exists(path) else None
    existing = original.text() if original is not None else None
    if original is not None and existing is None:
        return IndexResult(False, f"{path}: not valid UTF-8; re-save it as UTF-8 first (nothing written)", True)
    try:
        new = render_index(oracle, existing)
    except ValueError as exc:
        return IndexResult(False, f"{path}: {exc} (nothing written)", True)
    data = encode_like(original, new)
    if check_only:
        if original is not None and original.data == data:
            return IndexResult(True, "INDEX.md is up to date")
        state = "stale" if original else "missing"
        return IndexResult(False, f"INDEX.md is {state}: run `oracle-kb index --write`")
    try:
        changed = write_atomic(path, data, original)
    except ChangedOnDisk as exc:
        return IndexResult(False, str(exc))
    return IndexResult(True, "INDEX.md written" if changed else "INDEX.md already up to date")
