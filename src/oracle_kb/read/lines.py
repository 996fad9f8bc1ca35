"""Offsets to line numbers without building a per-line table."""

from __future__ import annotations


class LineCounter:
    """Maps string offsets to 1-based line numbers; cheap when asked in increasing order."""

    __slots__ = ("text", "_pos", "_line")

    def __init__(self, text: str):
        self.text = text
        self._pos = 0
        self._line = 1

    def line_at(self, pos: int) -> int:
        if pos < self._pos:
            self._pos, self._line = 0, 1
        self._line += self.text.count("\n", self._pos, pos)
        self._pos = pos
        return self._line
