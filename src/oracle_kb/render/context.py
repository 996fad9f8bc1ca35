"""The sentence around a link, as plain text: what a "Referenced by" entry quotes from the linking page."""

from __future__ import annotations

import re

from ..model import KnowledgeFile

MAX_CHARS = 220

_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MARKS = re.compile(r"\*\*|__|`|<[^>]{1,200}>")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX✓✔]\]\s+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'“])")


def sentence_around(line: str, target: str) -> str:
    """The sentence of `line` (markdown) holding the link to `target`, as plain text of at most MAX_CHARS.

    `target` is the link's destination as written (e.g. `../a/b.md#x`). A table row yields its cells joined
    by " · "; a list item loses its marker. Empty when the line holds no such link.
    """
    text = line.strip()
    if text.startswith("|"):  # a table row: its cells, side by side
        text = " · ".join(c.strip() for c in text.strip().strip("|").split("|") if c.strip())
    text = _LIST_MARK.sub("", text).lstrip("#> ").strip()
    at = _link_position(text, target)
    if at < 0:
        return ""
    plain, at = _plain_with_position(text, at)
    start = 0
    for m in _SENTENCE_END.finditer(plain):
        if m.start() >= at:
            return _clip(plain[start : m.start()], at - start)
        start = m.end()
    return _clip(plain[start:], at - start)


def _link_position(text: str, target: str) -> int:
    for m in _LINK.finditer(text):
        if m.group(2) == target:
            return m.start()
    return text.find(target)


def _plain_with_position(text: str, at: int) -> tuple[str, int]:
    """Links become their text and emphasis marks go; `at` follows the link's start into the plain text."""
    out, pos, new_at = [], 0, -1
    for m in _LINK.finditer(text):
        out.append(text[pos : m.start()])
        if new_at < 0 and m.start() >= at:
            new_at = sum(map(len, out))
        out.append(m.group(1))
        pos = m.end()
    out.append(text[pos:])
    if new_at < 0:
        new_at = min(at, sum(map(len, out)))
    before = _REF_LINK.sub(r"\1", _MARKS.sub("", "".join(out)[:new_at]))
    after = _REF_LINK.sub(r"\1", _MARKS.sub("", "".join(out)[new_at:]))
    return " ".join((before + after).split()), len(" ".join(before.split())) + (1 if before[-1:].isspace() else 0)


def _clip(sentence: str, at: int) -> str:
    s = sentence.strip()
    if len(s) <= MAX_CHARS:
        return s
    half = MAX_CHARS // 2
    lo = max(0, min(at - half, len(s) - MAX_CHARS))
    hi = lo + MAX_CHARS
    if lo > 0 and not s[lo - 1].isspace():  # whole words only: start after the word cut in two
        lo = s.find(" ", lo, at) + 1 or lo
    if hi < len(s) and not s[hi].isspace():
        hi = s.rfind(" ", max(lo, at), hi) if s.rfind(" ", max(lo, at), hi) > lo else hi
    cut = s[lo:hi].strip()
    return ("…" if lo > 0 else "") + cut + ("…" if hi < len(s) else "")


_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|\||```|~~~)")


def paragraph_at(lines: list[str], i: int, reach: int = 6) -> str:
    """The wrapped paragraph (or list item) holding line `i`, joined into one line; at most `reach` lines
    each way. A table row, heading or fence line stands alone."""
    line = lines[i]
    if not line.strip() or line.lstrip().startswith(("|", "#", "```", "~~~")):
        return line
    start = i
    while start > 0 and i - start < reach and not _BLOCK_START.match(lines[start]) and lines[start - 1].strip():
        if lines[start - 1].lstrip().startswith(("|", "#", "```", "~~~")):
            break
        start -= 1
    end = i
    while (
        end + 1 < len(lines) and end - i < reach and lines[end + 1].strip() and not _BLOCK_START.match(lines[end + 1])
    ):
        end += 1
    return " ".join(s.strip() for s in lines[start : end + 1])


def link_sentences(kf: KnowledgeFile, text: str) -> dict[str, str]:
    """Linked knowledge page -> the sentence around the first link `kf` makes to it that yields one.

    `text` is the file's whole text as read (front matter included: link lines count from the file's top).
    """
    lines = text.split("\n")
    said: dict[str, str] = {}
    for lk in kf.links:
        if not lk.to or lk.to == kf.path or lk.definition or lk.to in said or not 0 < lk.line <= len(lines):
            continue
        sentence = sentence_around(paragraph_at(lines, lk.line - 1), lk.target)
        if sentence:
            said[lk.to] = sentence
    return said
