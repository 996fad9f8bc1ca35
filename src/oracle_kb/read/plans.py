"""Parse an expansion plan (`_ingest-auto/**/ingestion.md`) into a Plan.

The plan is read line by line. Each line is first classified into a token by a small ordered list of
rules (heading, checkbox, field, influence entry, separator, text); then one handler per token kind walks
the tokens over a small shared state (which PART, which Step, which part of the document we are in).
A plan cut off mid-PART parses as far as it goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Batch, Checkbox, Declared, Influence, Part, Plan, SectionSpec, SourceText, Step
from .text import strip_closing_hashes

# ---------------------------------------------------------------- tokens


@dataclass(slots=True)
class Token:
    kind: str  # heading | checkbox | field | influence | separator | text | blank
    line: int
    text: str
    level: int = 0  # heading level, or the checkbox's indentation
    key: str = ""  # field name
    checked: bool = False
    number: int = 0
    raw: str = ""  # the line as written (checkboxes only)
    mark: str = ""  # what stands between the checkbox's brackets (checkboxes only)


_CHECK_MARKS = {"x", "X", "✓", "✔", "✅", "☑"}
_TOKEN_RULES: list[tuple[str, re.Pattern]] = [
    ("separator", re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$")),
    ("heading", re.compile(r"^\s{0,3}(#{1,6})[ \t]+(.*)$")),  # closing #s are stripped in Python (linear)
    ("checkbox", re.compile(r"^(\s*)[-*+]\s+\[([^\]\n]{0,4})\](.*)$")),
    ("influence", re.compile(r"^\s*(\d{1,9})(?!\d)\.\s+`([^`\n]+\.md)`\s*(?:[-–—:]\s*(.*))?$")),
    ("field", re.compile(r"^\s*[-*]?\s*\*\*([^*\n]{1,60}?)\*\*\s*:?\s*(.*)$")),
]


# Which token rules can match a line, by its first non-blank character (the others cannot).
_RULES_BY_LEAD = {
    "#": ("heading",),
    "-": ("separator", "checkbox", "field"),
    "*": ("separator", "checkbox", "field"),
    "+": ("checkbox",),
    "_": ("separator",),
}
_RULES = dict(_TOKEN_RULES)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for no, raw in enumerate(text.split("\n"), 1):
        lead = raw.lstrip()[:1]
        if not lead:
            tokens.append(Token("blank", no, ""))  # blank lines need no rule
            continue
        kinds = _RULES_BY_LEAD.get(lead) or (("influence",) if lead.isdigit() else ())
        for kind in kinds:
            m = _RULES[kind].match(raw)
            if not m:
                continue
            if kind == "heading":
                tokens.append(Token(kind, no, strip_closing_hashes(m.group(2)), level=len(m.group(1))))
            elif kind == "checkbox":
                mark = m.group(2).strip()
                tokens.append(
                    Token(
                        kind,
                        no,
                        m.group(3).strip(),
                        level=len(m.group(1)),
                        checked=mark in _CHECK_MARKS,
                        raw=raw,
                        mark=mark,
                    )
                )
            elif kind == "influence":
                tokens.append(Token(kind, no, f"{m.group(2)}\t{m.group(3) or ''}", number=int(m.group(1))))
            elif kind == "field":
                key = m.group(1).strip().rstrip(":").strip()
                tokens.append(Token(kind, no, m.group(2).strip(), key=key))
            else:
                tokens.append(Token(kind, no, raw.strip()))
            break
        else:
            tokens.append(Token("text", no, raw.strip()))
    return tokens


# ---------------------------------------------------------------- field patterns

_PART_HEADING = re.compile(r"^PART\s+(\d{1,9})(?!\d)\s*[:.\-–—]?\s*(.*)$", re.I)
_BATCH_HEADING = re.compile(r"^BATCH\s+(\d{1,9})(?!\d)\s*[:.\-–—]?\s*(.*)$", re.I)
_BATCH_LINE = re.compile(r"^Batch\s+(\d+)$", re.I)
_PART_RANGE = re.compile(r"PARTs?\s+(\d{1,9})(?!\d)\s*(?:[-–—]|to)\s*(\d{1,9})(?!\d)", re.I)
_BUDGET = re.compile(
    r"\(\s*~?\s*(\d[\d,]{0,11})(?![\d,])\s*lines?\s*\)|[-–—]\s*~?\s*(\d[\d,]{0,11})(?![\d,])\s*lines?\s*$", re.I
)
_PART_CHECK = re.compile(r"^PART\s+(\d{1,9})(?!\d)\s*:\s*(.*)$", re.I)
# A completion step: `PART 9 COMPLETE ✅`, `Mark: PART 6 COMPLETE`, `Mark PART 9 complete` (the tick is the
# checkbox before it, or written after the text: `Mark PART 9 complete [✓]`).
_COMPLETION_STEP = re.compile(r"^(?:Mark(?:ed)?\s*:?\s+)?PART\s+(\d{1,9})(?!\d)\b.{0,80}?\bcomplete(?:d)?\b", re.I)
_TRAILING_MARK = re.compile(r"\[([^\]\n]{0,4})\]\s*$")
_LEADING_MARK = re.compile(r"^\[([^\]\n]{0,4})\]\s*PART\s+(\d{1,9})(?!\d)", re.I)  # `**Complete:** [✓] PART 1 ✅`
_STATUS_KEYS = {"complete", "completed", "status", "done"}
_LIST_ITEM = re.compile(r"^[-*+]\s+")
_COMPLETED_AT = re.compile(r"\(\s*Completed\s+([0-9][0-9:\- T]*[0-9])\s*\)", re.I)
_CREATE_TARGET = re.compile(r"(?:Create|Write|Update)\s+`?([^\s`()]+\.md)`?", re.I)
_STEP = re.compile(r"^Step\s+(\d{1,9})(?!\d)\s*[:.\-–—]?\s*(.*)$", re.I)
_SECTION = re.compile(r"^Section\s+(\d{1,9})(?!\d)\s*[:.\-–—]\s*(.*)$", re.I)
_FILES = re.compile(r"Files?\s+([\d,\s\-–]+)", re.I)
_ARR_COC = re.compile(r"ARR[-‑ ]?COC[^()\n]*(?:\((\d+(?:\.\d+)?)\s*%\))?", re.I)
_DROP = re.compile(
    r"KNOWLEDGE-DROP-([A-Za-z0-9][A-Za-z0-9-]*?)-(\d{4}-\d{2}-\d{2})(?:-(?:\[[A-Z:-]{2,8}\]|\d{2}-\d{2}|\d{3,4}))?"
    r"(?:\.md)?",
    re.I,
)
_DECLARED_PARTS = [
    re.compile(r"\bTotal\s+PARTs\b\**\s*:?\s*\**\s*(\d[\d,]{0,11})(?![\d,])", re.I),
    re.compile(r"(?<![\d,])(\d[\d,]{0,11})(?![\d,])\s+runners\b", re.I),
]
_DECLARED_LINES = re.compile(
    r"(?<![\d,])(\d[\d,]{2,11})(?![\d,])\s*(?:total\s+)?lines\b(?:\s+across\s+(\d{1,9})(?!\d)\s+files)?", re.I
)
_PER_FILE_AFTER = re.compile(r"\s*(?:each|per\s+file|a\s+file|per\s+PART)\b", re.I)
_RANGE_BEFORE = re.compile(r"\d\s*[-–—]\s*~?\s*$")  # `300-400 lines`: a per-file range, never a total
_TEMPLATE_WORD = re.compile(r"\bTEMPLATE\b")
_DECLARED_BATCHES = re.compile(r"\b(\d{1,4})\s+batch(?:es)?\b", re.I)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MD_NOISE = re.compile(r"\*\*|`")


def _int(s: str) -> int:
    return int(s.replace(",", ""))


def _budget(text: str) -> tuple[int | None, str]:
    m = _BUDGET.search(text)
    if not m:
        return None, text
    value = _int(m.group(1) or m.group(2))
    return value, (text[: m.start()] + text[m.end() :]).strip()


def _numbers(spec: str) -> list[int]:
    out: list[int] = []
    for chunk in re.split(r"[,\s]+", spec.strip()):
        if not chunk:
            continue
        a, sep, b = chunk.replace("–", "-").partition("-")
        if len(a) > 9 or len(b) > 9:
            continue
        if sep and a.isdigit() and b.isdigit() and int(a) <= int(b) <= int(a) + 100:
            out.extend(range(int(a), int(b) + 1))
        elif a.isdigit():
            out.append(int(a))
    return out


# ---------------------------------------------------------------- the walk: one handler per token kind


@dataclass(slots=True)
class _State:
    """What the handlers share while they walk a plan's tokens. PARTs are drafted as dicts, frozen when closed."""

    path: str
    header: dict = field(default_factory=dict)  # title, date, oracle
    declared: dict = field(default_factory=dict)
    batches: list[dict] = field(default_factory=list)
    influences: dict[int, Influence] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    part: dict | None = None  # the PART being read
    steps: list[dict] = field(default_factory=list)  # its steps, items still open
    sections: list[SectionSpec] = field(default_factory=list)
    in_influences: bool = False
    has_body: bool = False  # the PART being read holds a checkbox, a field or an influence entry
    bodiless: set[int] = field(default_factory=set)  # indexes in `parts` of PARTs that hold none

    def close_part(self, end_line: int) -> None:
        if self.part is None:
            return
        steps = tuple(Step(d["number"], d["title"], d["line"], tuple(d["items"])) for d in self.steps)
        if self.part.get("done"):
            self.part.pop("partial", None)  # ticked by one mark, partial by another: it is done
        if not self.has_body:
            self.bodiless.add(len(self.parts))
        self.parts.append(Part(**self.part, end_line=end_line, steps=steps, sections=tuple(self.sections)))
        self.part, self.steps, self.sections, self.has_body = None, [], [], False

    def defined_parts(self) -> list[Part]:
        """The PARTs, without a batch overview's entries: a PART heading with no body that a PART of the same
        number with a body follows (`### PART 1: …` listed under `# BATCH 1`, written out further down)."""
        bodied_after: dict[int, int] = {}
        for i, part in enumerate(self.parts):
            if i not in self.bodiless:
                bodied_after[part.number] = i
        return [p for i, p in enumerate(self.parts) if i not in self.bodiless or bodied_after.get(p.number, -1) < i]


def _on_heading(s: _State, tok: Token) -> None:
    clean = _MD_NOISE.sub("", tok.text).strip()
    pm = _PART_HEADING.match(clean)
    bm = _BATCH_HEADING.match(clean)
    if tok.level == 1 and "title" not in s.header and not bm:
        s.header["title"] = clean
    if pm and tok.level >= 2:
        s.close_part(tok.line - 1)
        budget, title = _budget(pm.group(2))
        s.part = {
            "number": int(pm.group(1)),
            "title": title.strip(" :") or f"PART {pm.group(1)}",
            "line": tok.line,
            "budget_lines": budget,
        }
        tm = _CREATE_TARGET.search(title)
        if tm:
            s.part.update(target=tm.group(1), target_line=tok.line)
        s.in_influences = False
        return
    if s.part is not None and (tok.level < 2 or bm or tok.level == 2):
        s.close_part(tok.line - 1)
    s.in_influences = "INFLUEN" in clean.upper() and s.part is None
    if bm:  # a batch's own runner count is not the plan's total
        _add_batch(s, {"number": int(bm.group(1)), "title": bm.group(2).strip(), "line": tok.line}, clean)
    else:
        _declared_from(clean, tok.line, s.declared)


def _on_influence(s: _State, tok: Token) -> None:
    if s.in_influences:
        p, desc = tok.text.split("\t", 1)
        s.influences.setdefault(tok.number, Influence(tok.number, p.strip(), desc.strip(), tok.line))


def _on_field(s: _State, tok: Token) -> None:
    key, t = tok.key.lower(), tok.text
    part = s.part
    if part is None:
        if key == "date" and "date" not in s.header:
            dm = _DATE.search(t)
            s.header["date"] = dm.group(0) if dm else t
        elif key == "oracle" and "oracle" not in s.header:
            s.header["oracle"] = _MD_NOISE.sub("", t).strip()
        bl = _BATCH_LINE.match(tok.key.strip())
        if bl:
            _add_batch(s, {"number": int(bl.group(1)), "title": _MD_NOISE.sub("", t).strip(" :"), "line": tok.line}, t)
        else:
            _declared_from(f"{tok.key}: {t}", tok.line, s.declared)
        return
    s.has_body = True
    if key.startswith("influenced by"):
        part["influences_line"] = tok.line
        fm = _FILES.search(t)
        if fm:
            part["influences"] = tuple(_numbers(fm.group(1)))
        am = _ARR_COC.search(t)
        if am:
            part["arr_coc_share"] = float(am.group(1)) / 100 if am.group(1) else 0.10
        return
    if key in _STATUS_KEYS:  # `**Complete:** [✓] PART 1 ✅ (Completed 2025-10-31 15:45)`
        lm = _LEADING_MARK.match(_MD_NOISE.sub("", t).strip())
        if lm and int(lm.group(2)) == part["number"]:
            _completion(part, lm.group(1).strip(), tok.line, t)
        return
    sm = _STEP.match(tok.key)
    if sm:
        s.steps.append(
            {"number": int(sm.group(1)), "title": sm.group(2).strip(" :") or t, "line": tok.line, "items": []}
        )


def _on_checkbox(s: _State, tok: Token) -> None:
    part = s.part
    if part is None:
        return
    s.has_body = True
    clean = _MD_NOISE.sub("", tok.text).strip()
    pc = _PART_CHECK.match(clean)
    if pc and int(pc.group(1)) == part["number"] and "status_line" not in part:
        _on_part_status(s, tok, clean, pc.group(2))
        return
    if s.steps:
        s.steps[-1]["items"].append(Checkbox(tok.checked, clean, tok.line))
    cs = _COMPLETION_STEP.match(clean)
    if cs and int(cs.group(1)) == part["number"]:
        _completion(part, tok.mark, tok.line, clean)
    sec = _SECTION.match(clean)
    if sec:
        title = _budget(sec.group(2))[1]
        s.sections.append(SectionSpec(int(sec.group(1)), title.strip(" -–—"), tok.line))
    dm = _DROP.search(clean)
    if dm and not part.get("drop_slug"):
        part.update(drop_slug=dm.group(1).lower(), drop_line=tok.line)
    if not part.get("target"):
        tm = _CREATE_TARGET.search(clean)
        if tm and "KNOWLEDGE-DROP" not in tm.group(1).upper():
            part.update(target=tm.group(1), target_line=tok.line)


def _completion(part: dict, mark: str, line: int, text: str) -> None:
    """A mark on the PART's checkbox or on one of its completion steps: ticked completes it, `/` is partial."""
    if mark in _CHECK_MARKS:
        part["done"] = True
        part.setdefault("done_line", line)
        cm = _COMPLETED_AT.search(text)
        if cm and not part.get("completed_at"):
            part["completed_at"] = cm.group(1).strip()
    elif mark.strip() == "/":
        part["partial"] = True


def _on_part_status(s: _State, tok: Token, clean: str, rest: str) -> None:
    """The PART's own checkbox (`- [✓] PART 3: Create x.md (~300 lines) (Completed …)`): status, time, maybe
    the target and the budget."""
    part = s.part
    part.update(status_line=tok.line, status_text=tok.raw)
    _completion(part, tok.mark, tok.line, clean)
    tm = _CREATE_TARGET.search(rest)
    if tm and not part.get("target"):
        part.update(target=tm.group(1), target_line=tok.line)
    if part.get("budget_lines") is None:
        part["budget_lines"] = _budget(rest)[0]


def _on_text(s: _State, tok: Token) -> None:
    if s.part is None:
        _declared_from(tok.text, tok.line, s.declared)
        return
    if "[" in tok.text:  # `Mark PART 9 complete [✓]`: the tick written after the text
        clean = _MD_NOISE.sub("", _LIST_ITEM.sub("", tok.text)).strip()
        cs = _COMPLETION_STEP.match(clean)
        tm = _TRAILING_MARK.search(clean)
        if cs and tm and int(cs.group(1)) == s.part["number"]:
            _completion(s.part, tm.group(1).strip(), tok.line, clean)


_HANDLERS = {
    "heading": _on_heading,
    "influence": _on_influence,
    "field": _on_field,
    "checkbox": _on_checkbox,
    "text": _on_text,
}


def parse_plan(path: str, src: SourceText) -> Plan:
    text = src.text
    tokens = tokenize(text)
    s = _State(path)
    for tok in tokens:
        handler = _HANDLERS.get(tok.kind)
        if handler is not None:
            handler(s, tok)
    s.close_part(len(tokens))
    parts = s.defined_parts()
    truncated_line = _truncated_at(parts, text, tokens)
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    return Plan(
        path=path,
        folder=folder,
        title=s.header.get("title", ""),
        line_count=(len(tokens) - (1 if text.endswith("\n") else 0)) if text else 0,
        date=s.header.get("date", ""),
        oracle=s.header.get("oracle", ""),
        declared=Declared(**s.declared),
        batches=tuple(Batch(**b) for b in s.batches),
        influences=s.influences,
        parts=tuple(parts),
        template=_is_template(folder, s.header.get("title", ""), text, parts),
        truncated=truncated_line > 0,
        truncated_line=truncated_line,
        issues=src.issues,
        mojibake=src.mojibake,
    )


def _add_batch(s: _State, batch: dict, text: str) -> None:
    """Batches are listed in the overview and again as headings: one Batch per number, details merged."""
    rng = _PART_RANGE.search(text)
    first, last = (int(rng.group(1)), int(rng.group(2))) if rng else (None, None)
    for known in s.batches:
        if known["number"] == batch["number"]:
            known["first_part"] = known.get("first_part") or first
            known["last_part"] = known.get("last_part") or last
            return
    s.batches.append({**batch, "first_part": first, "last_part": last})


def _declared_from(text: str, line: int, declared: dict) -> None:
    for rx in _DECLARED_PARTS:
        m = rx.search(text)
        if m and "parts" not in declared:
            declared.update(parts=_int(m.group(1)), parts_line=line)
    m = _declared_lines(text)
    if m and "lines" not in declared and ("total" in text.lower() or m.group(2)):
        files = int(m.group(2)) if m.group(2) else None
        declared.update(lines=_int(m.group(1)), lines_line=line, lines_files=files)
    m = _DECLARED_BATCHES.search(text)
    if m and "batches" not in declared and ("strategy" in text.lower() or "runners" in text.lower()):
        declared.update(batches=int(m.group(1)), batches_line=line)


def _declared_lines(text: str) -> re.Match | None:
    """The first line count in `text` that is a total: not a per-file budget (`300-400 lines each`,
    `~350 lines per file`, the upper end of a range)."""
    for m in _DECLARED_LINES.finditer(text):
        if _PER_FILE_AFTER.match(text, m.end()) or _RANGE_BEFORE.search(text, 0, m.start()):
            continue
        return m
    return None


def _is_template(folder: str, title: str, text: str, parts: list[Part]) -> bool:
    """A plan kept as a pattern for new plans, not work to check: its folder says template, its title says
    TEMPLATE (or template with a `[placeholder]`), or its text before the first PART says PERMANENT TEMPLATE or
    DO NOT REMOVE."""
    if any("template" in seg.lower() for seg in folder.split("/")):
        return True
    if _TEMPLATE_WORD.search(title) or ("[" in title and "template" in title.lower()):
        return True
    head = text
    if parts:
        head = text[: _offset_of_line(text, parts[0].line)]
    return "PERMANENT TEMPLATE" in head or "DO NOT REMOVE" in head


def _offset_of_line(text: str, line: int) -> int:
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at


def _unbalanced(line: str) -> bool:
    if line.count("`") % 2 or line.count("**") % 2:
        return True
    return line.count("(") > line.count(")") or line.count("[") > line.count("]")


def _truncated_at(parts: list[Part], text: str, tokens: list[Token]) -> int:
    """The line where the plan is cut off (0: it is not): its text stops inside its last PART (no heading
    closed that PART: final stats, a checklist or expected outcomes after it mean the plan is whole), and
    either mid-line with brackets left open or with fewer steps than most of its other PARTs."""
    if not parts or not text:
        return 0
    last = parts[-1]
    content = [t for t in tokens if t.kind != "blank"]
    last_tok = content[-1] if content else None
    if last_tok is None or last_tok.line < last.line or last_tok.line > last.end_line or last_tok.kind == "separator":
        return 0
    mid_line = not text.endswith("\n") and _unbalanced(last_tok.text)
    others = sorted(len(p.steps) for p in parts[:-1])
    fewer_steps = bool(others) and len(last.steps) < others[(len(others) - 1) // 2]  # the median (low)
    return last_tok.line if mid_line or fewer_steps else 0
