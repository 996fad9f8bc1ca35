"""Bytes to text: BOM, line endings, invalid UTF-8, NUL bytes and mojibake, each reported, none fatal."""

from __future__ import annotations

import re
import unicodedata

from ..model import Issue, IssueKind, MojibakeRun, SourceText

# A run of two or more non-ASCII characters is where UTF-8 read as another code page shows up:
# every byte of a multi-byte UTF-8 sequence is >= 0x80, so the garbled run has no ASCII in it.
# Spelled as one class then a repeat (not `{2,}`): a pattern that opens with a single class lets the
# regex engine skip ahead with its fast class scan, 2.6x faster on text with scattered dashes and arrows.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f][^\x00-\x7f]+")
# Two non-ASCII characters side by side are, in UTF-8, a continuation byte (0x80-0xBF) followed by a
# lead byte (0xC0-0xFF). Mapping bytes to classes ("a" ASCII, "c" continuation, "L" lead) and looking
# for "cL" is a C-speed test that lets most files skip the run search.
_BYTE_CLASS = bytes(0x61 if b < 0x80 else 0x63 if b < 0xC0 else 0x4C for b in range(256))
# Mac Roman first: it maps every byte, and it is what the seed plans were mangled with.
_MOJIBAKE_CODECS = ("mac_roman", "cp1252", "latin-1")


def _implausible(text: str) -> int:
    """Combining marks and control/unassigned characters: what a wrong code-page guess produces."""
    return sum(1 for c in text if unicodedata.category(c)[0] in "MC" and c not in "\ufe0f\u200d")


def _repair_run(run: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for rank, codec in enumerate(_MOJIBAKE_CODECS):
        try:
            raw = run.encode(codec)
            fixed = raw.decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run and len(fixed) < len(run) and _believable(run, fixed):
            cand = (_implausible(fixed), rank, fixed)
            if best is None or cand < best:
                best = cand
    return best[2] if best is not None and best[0] < len(best[2]) else None


# Characters that are right as they stand, even side by side: math operators, Greek letters (µ included) and
# typographic punctuation. Two of them read as one Latin letter (`√π` as `ù`, `’é` as `Վ`) are text, not mojibake.
_TYPOGRAPHIC = set("’‘“”‚„–—•…«»‹›·†‡′″")


def _plain_text_char(c: str) -> bool:
    return unicodedata.category(c) == "Sm" or c in _TYPOGRAPHIC or c == "µ" or "\u0370" <= c <= "\u03ff"


def _believable(run: str, fixed: str) -> bool:
    """Whether `fixed` is what `run` meant: only text that round-trips to clearly better text is mojibake.

    Each repaired character and the characters it came from (one per byte, the codecs being single-byte):
    from three or four, a symbol, punctuation, CJK or emoji; from two, a Latin-1 or Latin Extended-A letter
    or sign (é, ü, ×, ©), and only when its two characters are not themselves plausible text.
    """
    at = 0
    for c in fixed:
        n = len(c.encode("utf-8"))
        source, at = run[at : at + n], at + n
        if n == 2:
            if not "\u00a0" <= c <= "\u017f" or all(_plain_text_char(x) for x in source):
                return False
        elif not _symbol_or_cjk(c):
            return False
    return True


def _symbol_or_cjk(c: str) -> bool:
    o = ord(c)
    return (
        0x2000 <= o <= 0x2BFF  # punctuation, letterlike, arrows, math, technical, box drawing, shapes, dingbats
        or 0x2E80 <= o <= 0x9FFF  # CJK, kana
        or 0xAC00 <= o <= 0xD7AF  # hangul
        or 0xFE00 <= o <= 0xFE0F  # variation selectors (emoji presentation)
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or o >= 0x1F000  # emoji
    )


def repair_mojibake(text: str) -> tuple[str, list[MojibakeRun]]:
    """Return the repaired text and each run that was repaired (with its 1-based line)."""
    if text.isascii():
        return text, []
    runs: list[MojibakeRun] = []
    pieces: list[str] = []
    last = 0
    line = 1
    for m in _NON_ASCII_RUN.finditer(text):
        fixed = _repair_run(m.group(0))
        if fixed is None:
            continue
        line += text.count("\n", last, m.start())
        pieces.append(text[last : m.start()])
        pieces.append(fixed)
        last = m.end()
        runs.append(MojibakeRun(line, m.group(0), fixed))
        # the replaced run holds no newline (it is all non-ASCII), so `line` stays right
    if not runs:
        return text, []
    pieces.append(text[last:])
    return "".join(pieces), runs


def _repair_utf8_runs(data: bytes) -> tuple[bytes, list[MojibakeRun]] | None:
    """`repair_mojibake` on valid UTF-8 with "\n" line ends, working on the bytes: (repaired, runs) or None.

    A run of two or more non-ASCII characters is a run of non-ASCII bytes holding a "cL" (see _BYTE_CLASS),
    so most files are settled by one translate and one find; each run found is decoded on its own.
    """
    classes = data.translate(_BYTE_CLASS)
    pos = classes.find(b"cL")
    if pos == -1:
        return None
    pieces: list[bytes] = []
    runs: list[MojibakeRun] = []
    last = 0
    line, counted = 1, 0
    while pos != -1:
        start = classes.rfind(b"a", 0, pos) + 1
        end = classes.find(b"a", pos)
        end = len(data) if end == -1 else end
        run = data[start:end].decode("utf-8")
        fixed = _repair_run(run)
        if fixed is not None:
            line += data.count(b"\n", counted, start)
            counted = start
            pieces.append(data[last:start])
            pieces.append(fixed.encode("utf-8"))
            last = end
            runs.append(MojibakeRun(line, run, fixed))
        pos = classes.find(b"cL", end)
    if not runs:
        return None
    pieces.append(data[last:])
    return b"".join(pieces), runs


def decode(data: bytes, *, repair: bool = True) -> SourceText:
    """Decode file bytes for parsing. Never raises; what had to be repaired is in `issues`."""
    issues: list[Issue] = []
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    if b"\x00" in data:  # bytes tests run at memchr speed; the same test on decoded text does not
        nul = data.index(b"\x00")
        line = data.count(b"\n", 0, nul) + 1
        count = data.count(b"\x00")
        data = data.replace(b"\x00", b"")
        if count * 100 > len(data) + count or not _utf8(data):
            return SourceText("", bom=bom, issues=(Issue(IssueKind.BINARY, line),))
        issues.append(Issue(IssueKind.NUL_BYTES, line, str(count)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
        issues.append(Issue(IssueKind.UNDECODABLE, bad_line, f"byte 0x{data[exc.start]:02x} at offset {exc.start}"))
        text = data.decode("utf-8", errors="replace")
    newline = "\n"
    has_cr = b"\r" in data
    if has_cr:
        newline = "\r\n" if b"\r\n" in data else "\r"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    runs: list[MojibakeRun] = []
    if repair and not data.isascii():
        if issues or has_cr:  # replacement characters or old line ends: search the text itself
            text, runs = repair_mojibake(text)
        else:
            repaired = _repair_utf8_runs(data)
            if repaired is not None:
                data, runs = repaired
                text = data.decode("utf-8")
    return SourceText(text, newline=newline, bom=bom, issues=tuple(issues), mojibake=tuple(runs))


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def strip_closing_hashes(title: str) -> str:
    """`Title ##` -> `Title`; `##` -> ``. Plain string work: a regex here is quadratic on long blank runs."""
    t = title.strip()
    if t.endswith("#"):
        bare = t.rstrip("#")
        if not bare or bare[-1] in " \t":
            t = bare.rstrip()
    return t


def count_lines(text: str) -> int:
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)
