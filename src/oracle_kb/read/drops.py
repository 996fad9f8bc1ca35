"""KNOWLEDGE-DROP files: what a runner left behind, named by topic slug, date and finishing time.

The name gives the slug, the date and the time (`HHMM` or `HH-MM`, the format's own example is
`KNOWLEDGE-DROP-quantum-entanglement-2025-02-03-15-45.md`). The head of the body usually says more: which
PART the runner did (`**Runner**: PART 8`), which file it wrote (`**File Created**: t/x.md`, or
`## Knowledge File Created` over `` `t/x.md` (250 lines) ``), how long it is (`**Lines**: ~700`) and when it
finished (`**Timestamp**: 2025-02-03 15:45`). Those are recorded as the runner's claims, with their lines.
"""

from __future__ import annotations

import re

from ..model import Drop, SourceText

DROP_NAME = re.compile(
    r"^KNOWLEDGE-DROP-(?P<slug>.+?)"
    r"(?:-(?P<date>\d{4}-\d{2}-\d{2})(?:-(?:(?P<hh>\d{2})-(?P<mm>\d{2})|(?P<hhmm>\d{3,4})|\[[A-Za-z:-]+\]))?)?\.md$",
    re.I,
)
HEAD_LINES = 20  # the claims stand in the drop's head; a body may mention other PARTs further down
_FIELD = re.compile(r"^\s*[-*]?\s*\*\*([^*\n]{1,40}?)\*\*\s*:?\s*(.*)$")
_PART_VALUE = re.compile(r"^(?:PART\s*)?(\d{1,4})\b", re.I)
_SOURCE_PART = re.compile(r"^PART\s*(\d{1,4})\b", re.I)  # `**Source**: PART 29 - …` (a Source may be a URL)
_PATH = re.compile(r"`([^`\s]+\.md)`|(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.md)\b")
_LINES_VALUE = re.compile(r"^~?\s*(\d[\d,]{0,6})(?![\d,])")
_LINES_AFTER = re.compile(r"\(\s*~?\s*(\d[\d,]{0,6})(?![\d,])\s*lines?\b", re.I)
_WHEN = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]+(\d{1,2}):(\d{2})")
_PART_KEYS = {"runner", "part", "runner part", "part number"}
_FILE_KEYS = {"file created", "target file", "target", "file", "knowledge file", "knowledge file created", "output"}
_LINES_KEYS = {"lines", "lines created", "line count", "length"}
_WHEN_KEYS = {"date", "timestamp", "created", "completed", "finished"}
_FILE_HEADING = re.compile(r"^#{2,4}\s+(?:Knowledge\s+)?Files?\s+Created\b", re.I)


def is_drop_name(name: str) -> bool:
    return name.upper().startswith("KNOWLEDGE-DROP") and name.lower().endswith(".md")


def _hhmm(hh: str, mm: str) -> str:
    """ "HHMM" for a real time of day, else "" (a name like `…-1683.md` carries no usable time)."""
    return f"{hh}{mm}" if int(hh) < 24 and int(mm) < 60 else ""


def parse_drop(path: str, src: SourceText | None = None) -> Drop:
    """A drop as its name describes it (slug, date, time), with the claims its body's head makes."""
    name = path.rsplit("/", 1)[-1]
    m = DROP_NAME.match(name)
    if m is None:
        slug, date, time = name.removesuffix(".md").lower(), "", ""
    else:
        slug, date = m.group("slug").lower(), m.group("date") or ""
        raw = m.group("hhmm") or ""
        time = (
            _hhmm(m.group("hh"), m.group("mm")) if m.group("hh") else _hhmm(raw[:-2].zfill(2), raw[-2:]) if raw else ""
        )
    claims = _claims(src.text) if src is not None else {}
    return Drop(path=path, slug=slug, date=date, time=time, **claims)


def _claims(text: str) -> dict:
    """What the head of a drop says: its PART, the file it wrote, that file's lines, when it finished."""
    out: dict = {}
    lines = text.split("\n", HEAD_LINES)[:HEAD_LINES]
    file_heading = False
    for no, line in enumerate(lines, 1):
        if _FILE_HEADING.match(line):
            file_heading = True
            continue
        fm = _FIELD.match(line)
        if fm is None:
            if file_heading and line.strip():
                _file_claim(out, line, no)
                file_heading = False
            elif line.lstrip().startswith("Created") and "lines_claim" not in out:
                _lines_after(out, line, no)  # "Created comprehensive knowledge file (~700 lines) on …"
            continue
        _field_claim(out, fm.group(1).strip().rstrip(":").strip().lower(), fm.group(2).strip(), no)
    return out


def _field_claim(out: dict, key: str, value: str, no: int) -> None:
    value = value.replace("**", "").strip()
    if key in _PART_KEYS or key == "source":
        pm = (_SOURCE_PART if key == "source" else _PART_VALUE).match(value)
        if pm and "part" not in out:
            out.update(part=int(pm.group(1)), part_line=no)
    elif key in _FILE_KEYS:
        _file_claim(out, value, no)
    elif key in _LINES_KEYS:
        lm = _LINES_VALUE.match(value)
        if lm and "lines_claim" not in out:
            out.update(lines_claim=int(lm.group(1).replace(",", "")), lines_line=no)
    elif key in _WHEN_KEYS and "finished" not in out:
        wm = _WHEN.search(value)
        if wm and _hhmm(wm.group(2).zfill(2), wm.group(3)):
            out["finished"] = f"{wm.group(1)} {wm.group(2).zfill(2)}:{wm.group(3)}"


def _file_claim(out: dict, text: str, no: int) -> None:
    pm = _PATH.search(text)
    if pm and "file_claim" not in out:
        out.update(file_claim=(pm.group(1) or pm.group(2)).removeprefix("./"), file_line=no)
        _lines_after(out, text[pm.end() :], no)


def _lines_after(out: dict, text: str, no: int) -> None:
    lm = _LINES_AFTER.search(text)
    if lm and "lines_claim" not in out:
        out.update(lines_claim=int(lm.group(1).replace(",", "")), lines_line=no)
