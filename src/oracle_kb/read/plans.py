"""Parse an expansion plan (`_ingest-auto/**/ingestion.md`) into a Plan.

The plan is read line by line. Each line is first classified into a token by a small ordered list of
rules (heading, checkbox, field, influence entry, separator, text); a second pass walks the tokens with a
tiny state machine (which PART, which Step, which section of the document we are in). A plan cut off
mid-PART parses as far as it goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
                tokens.append(Token(kind, no, m.group(3).strip(), level=len(m.group(1)), checked=mark in _CHECK_MARKS))
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
_MARK_COMPLETE = re.compile(r"^Mark\s+PART\s+(\d{1,9})(?!\d)\s+complete", re.I)
_COMPLETED_AT = re.compile(r"\(\s*Completed\s+([0-9][0-9:\- T]*[0-9])\s*\)", re.I)
_CREATE_TARGET = re.compile(r"(?:Create|Write|Update)\s+`?([^\s`()]+\.md)`?", re.I)
_STEP = re.compile(r"^Step\s+(\d{1,9})(?!\d)\s*[:.\-–—]?\s*(.*)$", re.I)
_SECTION = re.compile(r"^Section\s+(\d{1,9})(?!\d)\s*[:.\-–—]\s*(.*)$", re.I)
_FILES = re.compile(r"Files?\s+([\d,\s\-–]+)", re.I)
_ARR_COC = re.compile(r"ARR[-‑ ]?COC[^()\n]*(?:\((\d+(?:\.\d+)?)\s*%\))?", re.I)
_DROP = re.compile(
    r"KNOWLEDGE-DROP-([A-Za-z0-9][A-Za-z0-9-]*?)-(\d{4}-\d{2}-\d{2})(?:-(?:\[TIME\]|\d{3,4}))?(?:\.md)?", re.I
)
_DECLARED_PARTS = [
    re.compile(r"\bTotal\s+PARTs\b\**\s*:?\s*\**\s*(\d[\d,]{0,11})(?![\d,])", re.I),
    re.compile(r"(?<![\d,])(\d[\d,]{0,11})(?![\d,])\s+runners\b", re.I),
]
_DECLARED_LINES = re.compile(
    r"(?<![\d,])(\d[\d,]{2,11})(?![\d,])\s*(?:total\s+)?lines\b(?:\s+across\s+(\d{1,9})(?!\d)\s+files)?", re.I
)
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


# ---------------------------------------------------------------- the walk


def parse_plan(path: str, src: SourceText) -> Plan:
    text = src.text
    tokens = tokenize(text)
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    plan = Plan(
        path=path,
        folder=folder,
        title="",
        line_count=len(tokens) - (1 if text.endswith("\n") else 0),
        issues=list(src.issues),
        mojibake_lines=list(src.mojibake_lines),
    )
    if not text:
        plan.line_count = 0
    part: Part | None = None
    step: Step | None = None
    in_influences = False
    declared = plan.declared

    def close_part(end_line: int) -> None:
        nonlocal part, step
        if part is not None:
            part.end_line = end_line
        part, step = None, None

    for tok in tokens:
        t = tok.text
        if tok.kind == "heading":
            clean = _MD_NOISE.sub("", t).strip()
            if tok.level == 1 and not plan.title and not _BATCH_HEADING.match(clean):
                plan.title = clean
            pm = _PART_HEADING.match(clean)
            bm = _BATCH_HEADING.match(clean)
            if pm and tok.level >= 2:
                close_part(tok.line - 1)
                budget, title = _budget(pm.group(2))
                part = Part(
                    number=int(pm.group(1)),
                    title=title.strip(" :") or f"PART {pm.group(1)}",
                    line=tok.line,
                    budget_lines=budget,
                )
                tm = _CREATE_TARGET.search(title)
                if tm:
                    part.target, part.target_line = tm.group(1), tok.line
                plan.parts.append(part)
                in_influences = False
                continue
            if part is not None and (tok.level < 2 or bm or (tok.level == 2 and not pm)):
                close_part(tok.line - 1)
            if bm:
                _add_batch(plan, Batch(int(bm.group(1)), bm.group(2).strip(), tok.line), clean)
            in_influences = "INFLUEN" in clean.upper() and part is None
            _declared_from(clean, tok.line, declared)
            continue

        if tok.kind == "influence" and in_influences:
            p, desc = t.split("\t", 1)
            plan.influences.setdefault(tok.number, Influence(tok.number, p.strip(), desc.strip(), tok.line))
            continue

        if tok.kind == "field":
            key = tok.key.lower()
            if part is None:
                if key == "date" and not plan.date:
                    dm = _DATE.search(t)
                    plan.date = dm.group(0) if dm else t
                elif key == "oracle" and not plan.oracle:
                    plan.oracle = _MD_NOISE.sub("", t).strip()
                elif key in ("target folder", "target") and not plan.target_folder:
                    plan.target_folder = _MD_NOISE.sub("", t).strip()
                bl = _BATCH_LINE.match(tok.key.strip())
                if bl:
                    _add_batch(plan, Batch(int(bl.group(1)), _MD_NOISE.sub("", t).strip(" :"), tok.line), t)
                _declared_from(f"{tok.key}: {t}", tok.line, declared)
                continue
            if key.startswith("influenced by"):
                part.influences_line = tok.line
                fm = _FILES.search(t)
                if fm:
                    part.influences = _numbers(fm.group(1))
                am = _ARR_COC.search(t)
                if am:
                    part.arr_coc_share = float(am.group(1)) / 100 if am.group(1) else 0.10
                continue
            sm = _STEP.match(tok.key)
            if sm:
                step = Step(int(sm.group(1)), sm.group(2).strip(" :") or t, tok.line)
                part.steps.append(step)
                continue
            continue

        if tok.kind == "checkbox":
            if part is None:
                continue
            clean = _MD_NOISE.sub("", t).strip()
            pc = _PART_CHECK.match(clean)
            if pc and int(pc.group(1)) == part.number and not part.status_line:
                part.status_line = tok.line
                part.done = part.done or tok.checked
                cm = _COMPLETED_AT.search(clean)
                if cm:
                    part.completed_at = cm.group(1).strip()
                tm = _CREATE_TARGET.search(pc.group(2))
                if tm and not part.target:
                    part.target, part.target_line = tm.group(1), tok.line
                elif tm and part.target_line != tok.line:
                    part.target_line = part.target_line or tok.line
                continue
            box = Checkbox(tok.checked, clean, tok.line)
            if step is not None:
                step.items.append(box)
            mc = _MARK_COMPLETE.match(clean)
            if mc and int(mc.group(1)) == part.number and tok.checked:
                part.done = True
                cm = _COMPLETED_AT.search(clean)
                if cm and not part.completed_at:
                    part.completed_at = cm.group(1).strip()
            sec = _SECTION.match(clean)
            if sec:
                budget, title = _budget(sec.group(2))
                part.sections.append(SectionSpec(int(sec.group(1)), title.strip(" -–—"), tok.line, budget, tok.checked))
            dm = _DROP.search(clean)
            if dm and not part.drop_slug:
                part.drop_slug, part.drop_line = dm.group(1).lower(), tok.line
            if not part.target:
                tm = _CREATE_TARGET.search(clean)
                if tm and "KNOWLEDGE-DROP" not in tm.group(1).upper():
                    part.target, part.target_line = tm.group(1), tok.line
            continue

        if tok.kind in ("text", "field") and part is None:
            _declared_from(t, tok.line, declared)

    last_line = len(tokens)
    if part is not None:
        part.end_line = last_line
    _detect_truncation(plan, text, tokens)
    return plan


def _add_batch(plan: Plan, batch: Batch, text: str) -> None:
    """Batches are listed in the overview and again as headings: one Batch per number, details merged."""
    rng = _PART_RANGE.search(text)
    if rng:
        batch.first_part, batch.last_part = int(rng.group(1)), int(rng.group(2))
    for known in plan.batches:
        if known.number == batch.number:
            known.first_part = known.first_part or batch.first_part
            known.last_part = known.last_part or batch.last_part
            return
    plan.batches.append(batch)


def _declared_from(text: str, line: int, declared: Declared) -> None:
    for rx in _DECLARED_PARTS:
        m = rx.search(text)
        if m and declared.parts is None:
            declared.parts, declared.parts_line = _int(m.group(1)), line
    m = _DECLARED_LINES.search(text)
    if m and declared.lines is None and ("total" in text.lower() or m.group(2)):
        declared.lines, declared.lines_line = _int(m.group(1)), line
        if m.group(2):
            declared.files = int(m.group(2))
    m = _DECLARED_BATCHES.search(text)
    if m and declared.batches is None and ("strategy" in text.lower() or "runners" in text.lower()):
        declared.batches, declared.batches_line = int(m.group(1)), line


def _unbalanced(line: str) -> bool:
    if line.count("`") % 2 or line.count("**") % 2:
        return True
    return line.count("(") > line.count(")") or line.count("[") > line.count("]")


def _detect_truncation(plan: Plan, text: str, tokens: list[Token]) -> None:
    """A plan is cut off when it ends mid-line or its last PART stops short of what the others hold."""
    if not plan.parts or not text:
        return
    last = plan.parts[-1]
    content = [t for t in tokens if t.kind != "blank"]
    last_tok = content[-1] if content else None
    ends_inside_last_part = last_tok is not None and last_tok.line >= last.line and last_tok.kind != "separator"
    if not ends_inside_last_part:
        return
    mid_line = not text.endswith("\n") and last_tok is not None and _unbalanced(last_tok.text)
    others = plan.parts[:-1]
    fewer_steps = bool(others) and len(last.steps) < max(len(p.steps) for p in others)
    if mid_line or fewer_steps:
        plan.truncated = True
        plan.truncated_line = last_tok.line if last_tok else last.line
