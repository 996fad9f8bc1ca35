"""Findings as text for people, JSON for tools, and GitHub workflow commands for pull requests."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from ..model import Finding, Oracle, Severity
from ..read.resolve import OracleIndex, PartRef


def summary(oracle: Oracle, findings: Iterable[Finding]) -> dict:
    counts = Counter(f.severity for f in findings)
    return {
        "files": len(oracle.files),
        "plans": len(oracle.plans),
        "parts": sum(len(p.parts) for p in oracle.plans),
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
    }


def as_text(oracle: Oracle, findings: list[Finding], *, show_info: bool = True) -> str:
    out: list[str] = []
    current = None
    for f in findings:
        if f.severity is Severity.INFO and not show_info:
            continue
        if f.path != current:
            if current is not None:
                out.append("")
            current = f.path
        fix = f" (fix: {f.fix})" if f.fix else ""
        out.append(f"{f.path}:{f.line}: {f.severity.value} {f.rule} {f.message}{fix}")
    s = summary(oracle, findings)
    if out:
        out.append("")
    out.append(
        f"{s['files']} files, {s['plans']} plans, {s['parts']} PARTs: "
        f"{s['errors']} error{'s' if s['errors'] != 1 else ''}, "
        f"{s['warnings']} warning{'s' if s['warnings'] != 1 else ''}, {s['infos']} info"
    )
    return "\n".join(out) + "\n"


def as_json(oracle: Oracle, index: OracleIndex, findings: list[Finding]) -> str:
    plans = [
        {"path": plan.path, "title": plan.title, "template": plan.template, "parts": _json_parts(index, plan)}
        for plan in oracle.plans
    ]
    doc = {
        "summary": summary(oracle, findings),
        "findings": [f.as_dict() for f in findings],
        "plans": plans,
    }
    return json.dumps(doc, ensure_ascii=False) + "\n"  # compact: CPython's C encoder only runs without indent


def _json_parts(index: OracleIndex, plan) -> list[dict]:
    """A plan's PARTs with what they resolved to (a template's are listed as written: they are not resolved)."""
    refs = index.parts_of(plan) if not plan.template else [PartRef(plan, p) for p in plan.parts]
    out = []
    for ref in refs:
        p, kf = ref.part, ref.file
        out.append(
            {
                "number": p.number,
                "title": p.title,
                "status": "done" if p.done else ("partial" if p.partial else "open"),
                "target": p.target,
                "resolved": kf.path if kf else (ref.special or None),
                "budget_lines": p.budget_lines,
                "actual_lines": kf.lines if kf else None,
                "influences": list(p.influences),
            }
        )
    return out


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def as_github(oracle: Oracle, findings: list[Finding], path_prefix: str = "") -> str:
    """GitHub Actions workflow commands: one annotation per finding, on the file and line."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []
    for f in findings:
        file = f"{path_prefix}{f.path}"
        msg = f.message + (f" (fix: {f.fix})" if f.fix else "")
        out.append(
            f"::{level[f.severity]} file={_escape_prop(file)},line={max(f.line, 1)},"
            f"title={_escape_prop(f.rule)}::{_escape_data(msg)}"
        )
    s = summary(oracle, findings)
    out.append(f"oracle-kb: {s['files']} files, {s['errors']} errors, {s['warnings']} warnings")
    return "\n".join(out) + "\n"


def stats(oracle: Oracle, index: OracleIndex | None = None) -> dict:
    """Totals; citations count every source the checks count (URLs, identifiers, source copies, references)
    when the index is given, else the distinct URLs."""
    cited = (lambda f: index.sourced(f).count) if index is not None else (lambda f: len(f.cited_urls))
    done = sum(p.parts_done for p in oracle.plans)
    total = sum(len(p.parts) for p in oracle.plans)
    return {
        "files": len(oracle.files),
        "lines": sum(f.lines for f in oracle.files.values()),
        "citations": sum(cited(f) for f in oracle.files.values()),
        "topics": len(oracle.topics),
        "plans": len(oracle.plans),
        "parts_done": done,
        "parts_total": total,
        "drops": len(oracle.drops),
    }


def rules_markdown(rules) -> str:
    """The rules reference, from each rule's own documentation."""
    out = [
        "# Rules",
        "",
        "Every check `oracle-kb check` runs, with its stable id and default severity. "
        "Change a severity, or turn a rule off, under `severity` in the configuration.",
        "",
    ]
    out.append("| Rule | Default | Checks |")
    out.append("|---|---|---|")
    for r in rules:
        cell = r.summary.replace("|", "\\|")
        out.append(f"| [`{r.id}`](#{r.id}) | {r.severity.value} | {cell} |")
    for r in rules:
        out += [
            "",
            f"## {r.id}",
            "",
            f"**Default severity:** {r.severity.value}",
            "",
            f"**What it checks.** {r.summary}",
            "",
            f"**Why.** {r.why}",
            "",
            "**Example that fails:**",
            "",
            "```markdown",
            r.example,
            "```",
            "",
        ]
        if r.passes:
            out += ["**Example that passes:**", "", "```markdown", r.passes, "```", ""]
        out += [f"**How to fix.** {r.fix}"]
    return "\n".join(out) + "\n"
