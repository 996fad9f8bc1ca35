"""The sentence around a link, as plain text: what a "Referenced by" entry quotes from the linking page."""

from __future__ import annotations

import re

from ..model import KnowledgeFile

MAX_CHARS = 220
NEAR_CHARS = 3 * MAX_CHARS  # how far before a link its sentence's start is looked for

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
    said = sentences_in(line).get(target)
    if said is not None:
        return said
    text = _normalised(line)  # the target written some other way (a bare path, a reference link)
    at = text.find(target)
    if at < 0:
        return ""
    plain, at = _plain_with_position(text, at)
    return _sentence_at(plain, [(m.start(), m.end()) for m in _SENTENCE_END.finditer(plain)], at)


def sentences_in(line: str) -> dict[str, str]:
    """Each inline link's target (as written) -> the sentence around its first link in `line`, as plain text.

    The line is made plain once for all its links (a paragraph of 27 links costs one pass, not 27).
    """
    text = _normalised(line)
    pieces: list[str] = []
    starts: list[tuple[str, int]] = []  # (target, index of the piece its link text opens)
    pos = 0
    for m in _LINK.finditer(text):
        pieces.append(_unmarked(text[pos : m.start()]))
        starts.append((m.group(2), len(pieces)))
        pieces.append(_unmarked(m.group(1)))
        pos = m.end()
    if not starts:
        return {}
    pieces.append(_unmarked(text[pos:]))
    plain = " ".join("".join(pieces).split())
    ends = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(plain)]
    out: dict[str, str] = {}
    for target, k in starts:
        if target not in out:
            before = "".join(pieces[:k])
            at = len(" ".join(before.split())) + (1 if before[-1:].isspace() else 0)
            out[target] = _sentence_at(plain, ends, at)
    return out


def _normalised(line: str) -> str:
    text = line.strip()
    if text.startswith("|"):  # a table row: its cells, side by side
        text = " · ".join(c.strip() for c in text.strip().strip("|").split("|") if c.strip())
    return _LIST_MARK.sub("", text).lstrip("#> ").strip()


def _unmarked(text: str) -> str:
    return _REF_LINK.sub(r"\1", _MARKS.sub("", text))


def _sentence_at(plain: str, ends: list[tuple[int, int]], at: int) -> str:
    """The sentence of `plain` holding position `at` (`ends`: the sentence breaks), clipped around it."""
    start = 0
    for s, e in ends:
        if s >= at:
            return _clip(plain[start:s], at - start)
        start = e
    return _clip(plain[start:], at - start)


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


_STANDALONE = ("|", "#", "```", "~~~")


class Paragraphs:
    """The paragraphs (and list items) of a text, found in one pass over its lines: `at(i)` is what
    `paragraph_at` gives without its reach limit, each paragraph joined once however many links it holds."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        n = len(lines)
        alone = [not s.strip() or s.lstrip().startswith(_STANDALONE) for s in lines]
        opens = [bool(_BLOCK_START.match(s)) for s in lines]
        self.start = list(range(n))
        for j in range(1, n):
            if not alone[j] and not opens[j] and not alone[j - 1]:
                self.start[j] = self.start[j - 1]
        self.end = list(range(n))
        for j in range(n - 2, -1, -1):
            if not alone[j] and lines[j + 1].strip() and not opens[j + 1]:
                self.end[j] = self.end[j + 1]
        self.alone = alone
        self._joined: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def at(self, i: int) -> str:
        if self.alone[i]:
            return self.lines[i]
        start = self.start[i]
        found = self._joined.get(start)
        if found is None:
            found = self._joined[start] = " ".join(s.strip() for s in self.lines[start : self.end[i] + 1])
        return found


def link_sentences(kf: KnowledgeFile, text: str) -> dict[str, str]:
    """Linked knowledge page -> the sentence around the first link `kf` makes to it that yields one.

    `text` is the file's whole text as read (front matter included: link lines count from the file's top).
    """
    paragraphs = Paragraphs(text.split("\n"))
    said: dict[str, str] = {}
    for lk in kf.links:
        if not lk.to or lk.to == kf.path or lk.definition or lk.to in said or not 0 < lk.line <= len(paragraphs):
            continue
        sentence = sentence_around(_near(paragraphs.at(lk.line - 1), lk.target), lk.target)
        if sentence:
            said[lk.to] = sentence
    return said


def _near(paragraph: str, target: str) -> str:
    """The part of `paragraph` from the sentence break before the link to `target` to the one after it.

    A break in the markdown (`. ` before a capital) is one in the plain text too, so the sentence found in
    this part is the one the whole paragraph gives; only this part is made plain (a paragraph can hold a
    dozen lines and links).
    """
    if paragraph.lstrip().startswith("|"):
        return paragraph
    at = paragraph.find("](" + target)
    opens = paragraph.rfind("[", 0, at) if at >= 0 else -1
    if opens < 0:
        return paragraph
    lo = max(0, opens - NEAR_CHARS)  # a longer sentence is clipped to MAX_CHARS around the link anyway
    for m in _SENTENCE_END.finditer(paragraph, lo, opens):
        lo = m.end()
    after = _SENTENCE_END.search(paragraph, at)
    return paragraph[lo : after.start() if after else len(paragraph)]
