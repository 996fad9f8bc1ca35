"""The generated pages, as markdown: home, topic INDEX pages, plan dashboards, influence matrices, the
validation report and the rules reference. No MkDocs here: the adapter places these pages."""

from __future__ import annotations

import html
from collections import Counter, defaultdict

from ..model import Finding, KnowledgeFile, Plan, Severity
from ..read.resolve import PartRef
from ..rules import Rule
from .decorations import influence_links
from .reports import rules_markdown
from .site_model import SiteModel, counts
from .svg import bar, progress
from .urls import REPORT, RULES, esc, rel, topic_page


def home(site: SiteModel) -> str:
    o = site.oracle
    page = "index.md"
    out = ["", "## Topics", "", "| Topic | Files | Lines | Citations |", "|---|---:|---:|---:|"]
    for topic, files in o.topics.items():
        name = topic or "(oracle root)"
        out.append(
            f"| [{esc(name)}]({rel(page, topic_page(topic))}) | {len(files)} | "
            f"{sum(f.lines for f in files):,} | {sum(site.cited(f) for f in files)} |"
        )
    out += ["", "## Plans", "", "| Plan | Date | PARTs done | Progress | Findings |", "|---|---|---:|---|---|"]
    templates = [p for p in o.plans if p.template]
    for plan in sorted(site.index.live_plans, key=lambda p: p.path):
        fs = [f for ref in site.index.parts_of(plan) for f in site.part_findings(ref)]
        out.append(
            f"| [{esc(plan.title or site.index.slug(plan))}]({rel(page, site.plan_page(plan))}) | {esc(plan.date)} | "
            f"{plan.parts_done}/{len(plan.parts)} | {progress(plan.parts_done, len(plan.parts))} | {counts(fs)} |"
        )
    if templates:  # patterns for new plans: listed, not checked
        out += ["", "## Templates", ""]
        out += [
            f"- [{esc(p.title or site.index.slug(p))}]({rel(page, site.plan_page(p))}): {len(p.parts)} PARTs, not checked"
            for p in sorted(templates, key=lambda p: p.path)
        ]
    c = Counter(f.severity for f in site.findings)
    out += [
        "",
        "## Quality",
        "",
        f"{len(o.files)} knowledge files, {sum(f.lines for f in o.files.values()):,} lines. "
        f"[Validation report]({rel(page, REPORT)}): {c[Severity.ERROR]} errors, {c[Severity.WARNING]} warnings. "
        f"[Rules]({rel(page, RULES)}) explains each check.",
        "",
    ]
    if o.skill is not None:
        out.insert(0, f"\nAbout this oracle: [{esc(o.skill.title)}]({rel(page, o.skill.path)}).\n")
    return "\n".join(out)


def topic_index(site: SiteModel, topic: str, files: list[KnowledgeFile]) -> str:
    page = topic_page(topic)
    title = topic or "Files at the oracle root"
    out = [
        f"# {esc(title)}",
        "",
        f"{len(files)} knowledge files, {sum(f.lines for f in files):,} lines, "
        f"{sum(site.cited(f) for f in files)} citations.",
        "",
        "| File | Summary | Lines | Citations | PART | Findings |",
        "|---|---|---:|---:|---|---|",
    ]
    for f in files:
        ref = site.index.part_of.get(f.path)
        part_cell = (
            f"[{esc(site.index.slug(ref.plan))} #{ref.part.number}]({rel(page, site.plan_page(ref.plan))})"
            if ref
            else "—"
        )
        out.append(
            f"| [{esc(f.title)}]({rel(page, f.path)}) | {esc(f.summary)} | {f.lines} | {site.cited(f)} | "
            f"{part_cell} | {counts(site.by_path.get(f.path, []))} |"
        )
    return "\n".join(out) + "\n"


def dashboard(site: SiteModel, plan: Plan) -> str:
    page = site.plan_page(plan)
    out = [
        f"# {esc(plan.title or site.index.slug(plan))}",
        "",
        f"Plan file: [{esc(plan.path)}]({rel(page, plan.path)}) · date {esc(plan.date or '—')} · "
        f"oracle {esc(plan.oracle or site.oracle.name)} · [influence matrix]({rel(page, site.matrix_page(plan))})",
        "",
    ]
    if plan.template:
        out += [
            '!!! note "Template"',
            "    This plan is a template (its folder or title says so): it is listed, and its PARTs are not checked.",
            "",
        ]
    elif plan.truncated:
        out += [
            '!!! warning "Truncated plan"',
            f"    The plan is cut off inside PART {plan.parts[-1].number}; everything after that point is missing.",
            "",
        ]
    out += _totals(plan) + _batches(plan)
    out += [
        "## PARTs",
        "",
        "| # | PART | Status | File | Lines | Influences | KNOWLEDGE-DROP | Findings |",
        "|---:|---|---|---|---|---|---|---|",
    ]
    out += [_part_row(site, ref, page) for ref in site.index.parts_of(plan)]
    return "\n".join(out) + "\n"


def _totals(plan: Plan) -> list[str]:
    d = plan.declared
    budgets = [p.budget_lines for p in plan.parts if p.budget_lines]
    return [
        "## Totals",
        "",
        "| | Declared | Defined |",
        "|---|---:|---:|",
        f"| PARTs | {d.parts if d.parts is not None else '—'} | {len(plan.parts)} |",
        f"| Lines | {f'{d.lines:,}' if d.lines is not None else '—'} | {sum(budgets):,} |",
        f"| Batches | {d.batches if d.batches is not None else '—'} | {len(plan.batches)} |",
        f"| Done | | {plan.parts_done} of {len(plan.parts)} |",
        "",
    ]


def _batches(plan: Plan) -> list[str]:
    if not plan.batches:
        return []
    out = ["## Batches", "", "| Batch | Title | PARTs |", "|---:|---|---|"]
    for b in plan.batches:
        rng = f"{b.first_part}–{b.last_part}" if b.first_part else "—"
        out.append(f"| {b.number} | {esc(b.title)} | {rng} |")
    return [*out, ""]


def _part_row(site: SiteModel, ref: PartRef, page: str) -> str:
    part, kf = ref.part, ref.file
    status = "✓ done" + (f" {esc(part.completed_at)}" if part.completed_at else "") if part.done else "○ open"
    if part.partial:
        status = "◐ partial"
    file_cell = (
        f"[{esc(kf.path.rsplit('/', 1)[-1])}]({rel(page, kf.path)})"
        if kf
        else (f"`{esc(part.target)}` (missing)" if part.target else "—")
    )
    if ref.special:
        file_cell = f"[{esc(ref.special)}]({rel(page, ref.special)})"
    elif kf and ref.misplaced:
        file_cell += " (in the plan folder)"
    title = part.title  # seed-style titles repeat the target ("Create a/b.md"): show the file's title
    if part.target and title.lower().startswith("create ") and part.target in title:
        title = kf.title if kf else part.target.rsplit("/", 1)[-1]
    lines = (
        f"{kf.lines if kf else '—'} / ~{part.budget_lines or '—'} {bar(kf.lines if kf else None, part.budget_lines)}"
    )
    table = site.index.influences.get(ref.plan.path, {})
    infl = influence_links(site.index, ref, page) + [
        str(n) for n in part.influences if not (table.get(n) and table[n].resolved)
    ]
    if part.arr_coc_share is not None:
        infl.append(f"ARR-COC {part.arr_coc_share:.0%}")
    drop = f"[{esc(ref.drop.rsplit('/', 1)[-1])}]({rel(page, ref.drop)})" if ref.drop else "—"
    return (
        f"| {part.number} | {esc(title)} | {status} | {file_cell} | {lines} | {', '.join(infl) or '—'} | "
        f"{drop} | {counts(site.part_findings(ref))} |"
    )


def influence_matrix(site: SiteModel, plan: Plan) -> str:
    page = site.matrix_page(plan)
    out = [
        f"# Influence matrix: {esc(plan.title or site.index.slug(plan))}",
        "",
        "Rows are the plan's influence files, columns its PARTs. "
        "**✓** required and cited · **✗** required but not linked · **○** linked without being required.",
        "",
    ]
    table = site.index.influences.get(plan.path, {})
    if not table:
        out.append("This plan has no numbered influence table.")
        return "\n".join(out) + "\n"
    refs = site.index.parts_of(plan)
    dashboard_page = site.plan_page(plan)
    out.append(
        "| Influence file | " + " | ".join(f"[{r.part.number}]({rel(page, dashboard_page)})" for r in refs) + " |"
    )
    out.append("|---|" + "|".join(":-:" for _ in refs) + "|")
    for n in sorted(table):
        inf = table[n]
        name = (
            f"[{n}. {esc(inf.path)}]({rel(page, inf.resolved)})"
            if inf.resolved
            else f"{n}. `{esc(inf.path)}` (missing)"
        )
        cells = []
        for r in refs:
            cited = bool(r.file and inf.resolved and inf.resolved in site.index.linked(r.file.path))
            required = n in r.part.influences
            cells.append("✓" if required and cited else "✗" if required else "○" if cited else "")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def report(site: SiteModel, rules: list[Rule]) -> str:
    page = REPORT
    fs = site.findings
    c = Counter(f.severity for f in fs)
    out = [
        "# Validation report",
        "",
        f"{c[Severity.ERROR]} errors, {c[Severity.WARNING]} warnings, {c[Severity.INFO]} info "
        f"across {len(site.oracle.files)} knowledge files and {len(site.oracle.plans)} plans. "
        f"Each rule is explained in [Rules]({rel(page, RULES)}).",
        "",
    ]
    if not fs:
        out.append("No findings.")
        return "\n".join(out) + "\n"
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in fs:
        by_rule[f.rule].append(f)
    out += ["## By rule", ""]
    for rule in rules:
        items = by_rule.get(rule.id)
        if not items:
            continue
        out += [
            f"### {rule.id} ({len(items)})",
            "",
            f"[What it checks and how to fix it]({rel(page, RULES)}#{rule.id})",
            "",
        ]
        out += _html_table(
            ["Where", "Severity", "Message"],
            ([site.html_link_to_finding(page, f), f.severity.value, html.escape(f.message)] for f in items),
        )
    out += ["## By file", ""]
    for path in sorted(site.by_path):
        items = site.by_path[path]
        out += [f"### {esc(path)}", ""]
        out += _html_table(
            ["Line", "Rule", "Severity", "Message"],
            (
                [site.html_link_to_finding(page, f), f"<code>{f.rule}</code>", f.severity.value, html.escape(f.message)]
                for f in items
            ),
        )
    return "\n".join(out)


def _html_table(head: list[str], rows) -> list[str]:
    """A raw HTML table: Python-Markdown passes it through instead of parsing thousands of cells."""
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>", "<tbody>"]
    out += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    out += ["</tbody>", "</table>", ""]
    return out


def rules_page(rules: list[Rule]) -> str:
    return rules_markdown(rules)
