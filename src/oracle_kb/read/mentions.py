"""Where a knowledge file names an influence file in plain text instead of linking it.

Runners cite influences as `File 3` (the plan's influence number: "File 3's cost model", "Files 3 and 7") or
by the file's path or name, often in backticks. Read only for the few PART files that do not link an
influence their PART names: the check then tells "cited but not linked" (where) from "never cited".
"""

from __future__ import annotations

import re

from .text import decode


def _number_pattern(n: int) -> re.Pattern:
    return re.compile(rf"\bFiles?\s+(?:\d{{1,3}}\s*(?:,|and|&|or)\s*)*{n}(?!\d)(?![.,]\d)", re.I)


def first_mentions(text: str, wanted: dict[int, str]) -> dict[int, int]:
    """Influence number -> the first line naming it (`File n`, its path, or its file name), for those named."""
    out: dict[int, int] = {}
    for n, path in wanted.items():
        at = [m.start() for m in (_number_pattern(n).search(text),) if m]
        name = path.rsplit("/", 1)[-1]
        for needle in {path, name}:
            pos = text.find(needle)
            if pos != -1:
                at.append(pos)
        if at:
            out[n] = text.count("\n", 0, min(at)) + 1
    return out


def read_mentions(abs_path: str, wanted: dict[int, str], limit: int) -> dict[int, int]:
    """`first_mentions` of the file at `abs_path` (nothing when it cannot be read)."""
    try:
        with open(abs_path, "rb") as fh:
            data = fh.read(limit)
    except OSError:
        return {}
    return first_mentions(decode(data).text, wanted)
