"""Where a knowledge file names an influence file in plain text instead of linking it.

Runners cite influences as `File 3` (the plan's influence number: "File 3's cost model", "Files 3 and 7") or
by the file's path or name, often in backticks. Read only for the few PART files that do not link an
influence their PART names: the check then tells "cited but not linked" (where) from "never cited".
"""

from __future__ import annotations

import re

from .text import decode

# "file 3", "files 3 and 7", "files 1, 5, 8": matched at each "file" of the lowercased text (found by a
# plain search: a pattern opening with \b and no literal would scan every character)
_FILES_AT = re.compile(r"files?\s+((?:\d{1,3}\s*(?:,|and|&|or)\s*)*\d{1,3})(?![\d])(?![.,]\d)")
_NUMBERS = re.compile(r"\d{1,3}")


def _numbered(low: str) -> dict[int, int]:
    """Influence number -> offset of its first `File n` mention in the lowercased text."""
    out: dict[int, int] = {}
    pos = low.find("file")
    while pos != -1:
        m = _FILES_AT.match(low, pos) if pos == 0 or not low[pos - 1].isalnum() else None
        if m is not None:
            for n in _NUMBERS.findall(m.group(1)):
                out.setdefault(int(n), pos)
        pos = low.find("file", pos + 4)
    return out


def first_mentions(text: str, wanted: dict[int, str]) -> dict[int, int]:
    """Influence number -> the first line naming it (`File n`, its path, or its file name), for those named."""
    out: dict[int, int] = {}
    numbered = _numbered(text.lower())
    for n, path in wanted.items():
        at = [numbered[n]] if n in numbered else []
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
