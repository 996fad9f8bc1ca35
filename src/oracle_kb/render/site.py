"""Site pages as markdown, from the model and its findings. No MkDocs here: the hooks place these pages.

Layout (paths are the pages' source paths; links between them are relative `.md` links):
- knowledge files, plans and drops keep their oracle paths;
- `index.md` home overview, `<topic>/index.md` one per topic folder;
- `kb/plans/<plan>/index.md` dashboard and `kb/plans/<plan>/influences.md` matrix per plan;
- `kb/report.md` validation report, `kb/rules.md` rules reference.
"""

from __future__ import annotations

import html
import posixpath
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Finding, KnowledgeFile, Oracle, Part, Plan, Severity
from ..read.paths import relative_path
from ..rules import Context, Rule
from .reports import rules_markdown

REPORT = "kb/report.md"
RULES = "kb/rules.md"


def plan_page(plan: Plan) -> str:
    return f"kb/plans/{plan.slug}/index.md"


def matrix_page(plan: Plan) -> str:
    return f"kb/plans/{plan.slug}/influences.md"


def topic_page(topic: str) -> str:
    return f"{topic}/index.md" if topic else "kb/root-files.md"


def esc(text: str) -> str:
    """Oracle text inside our markdown: no HTML, no table breaks."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


@lru_cache(maxsize=100_000)
def rel(from_page: str, to_path: str) -> str:
    return relative_path(to_path, posixpath.dirname(from_page))


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page source path (`a/b.md` -> `a/b/` or `a/b.html`; `a/index.md` -> `a/`)."""
    stem = src[:-3] if src.endswith(".md") else src
    if stem == "index" or stem.endswith("/index") or stem.lower().endswith("/readme") or stem.lower() == "readme":
        return stem.rsplit("/", 1)[0] + "/" if "/" in stem else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def href(from_src: str, to_src: str, anchor: str = "", directory_urls: bool = True) -> str:
    """A relative URL from one page to another, for raw HTML (MkDocs rewrites only markdown links)."""
    frm, to = page_url(from_src, directory_urls), page_url(to_src, directory_urls)
    base = frm.rsplit("/", 1)[0] if "/" in frm else ""
    rel_url = relative_path(to, base)
    if to.endswith("/") and not rel_url.endswith("/"):
        rel_url += "/"
    return rel_url + (f"#{anchor}" if anchor else "")


@dataclass
class SiteModel:
    """The model plus indexes the pages share, computed once per build."""

    oracle: Oracle
    findings: list[Finding]
    ctx: Context
    directory_urls: bool = True
    by_path: dict[str, list[Finding]] = field(default_factory=dict)
    part_of: dict[str, tuple[Plan, Part]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            grouped[f.path].append(f)
        self.by_path = dict(grouped)
        for plan in self.oracle.plans:
            for part in plan.parts:
                if part.resolved:
                    self.part_of.setdefault(part.resolved, (plan, part))

    def served(self, path: str) -> bool:
        o = self.oracle
        return (
            path in o.files
            or path in o.drops
            or any(p.path == path for p in o.plans)
            or (o.skill is not None and o.skill.path == path)
        )

    def part_findings(self, plan: Plan, part: Part) -> list[Finding]:
        own = [f for f in self.by_path.get(plan.path, []) if part.line <= f.line <= (part.end_line or part.line)]
        if part.resolved:
            own += self.by_path.get(part.resolved, [])
        return own

    def html_link_to_finding(self, page: str, f: Finding) -> str:
        """Raw-HTML link to the page and the section holding a finding's line (report tables are raw HTML)."""
        label = html.escape(f"{f.path}:{f.line}")
        if not self.served(f.path):
            return f"<code>{label}</code>"
        anchor = ""
        kf = self.oracle.files.get(f.path)
        if kf is not None:
            holder = None
            for h in kf.headings:
                if h.line <= f.line:
                    holder = h
            anchor = holder.anchor if holder is not None else ""
        url = href(page, f.path, anchor, self.directory_urls)
        return f'<a href="{html.escape(url)}">{label}</a>'


# ------------------------------------------------------------------ small pieces


def bar(actual: int | None, budget: int | None, width: int = 96) -> str:
    """Inline SVG: actual lines against the budget (the tick marks the budget)."""
    if not budget or actual is None:
        return ""
    scale = max(actual, budget) * 1.0
    w = round(width * actual / scale)
    tick = round(width * budget / scale)
    ratio = actual / budget
    color = "#2e7d32" if 0.8 <= ratio <= 2.0 else "#c62828" if ratio < 0.8 else "#ef6c00"
    label = f"{actual} of ~{budget} lines"
    return (
        f'<svg class="okb-bar" width="{width}" height="10" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        f'<rect width="{width}" height="10" rx="2" fill="#9e9e9e" fill-opacity="0.25"/>'
        f'<rect width="{w}" height="10" rx="2" fill="{color}"/>'
        f'<rect x="{max(tick - 1, 0)}" width="2" height="10" fill="currentColor"/></svg>'
    )


def progress(done: int, total: int, width: int = 96) -> str:
    if not total:
        return ""
    w = round(width * done / total)
    label = f"{done} of {total} PARTs done"
    return (
        f'<svg class="okb-bar" width="{width}" height="10" role="img" aria-label="{label}"><title>{label}</title>'
        f'<rect width="{width}" height="10" rx="2" fill="#9e9e9e" fill-opacity="0.25"/>'
        f'<rect width="{w}" height="10" rx="2" fill="#1565c0"/></svg>'
    )


def counts(findings: list[Finding]) -> str:
    c = Counter(f.severity for f in findings)
    parts = []
    if c[Severity.ERROR]:
        parts.append(f"{c[Severity.ERROR]} error{'s' if c[Severity.ERROR] > 1 else ''}")
    if c[Severity.WARNING]:
        parts.append(f"{c[Severity.WARNING]} warning{'s' if c[Severity.WARNING] > 1 else ''}")
    return ", ".join(parts) or "—"


# ------------------------------------------------------------------ generated pages


def home(site: SiteModel) -> str:
    o = site.oracle
    page = "index.md"
    out = ["", "## Topics", "", "| Topic | Files | Lines | Citations |", "|---|---:|---:|---:|"]
    for topic, files in o.topics.items():
        name = topic or "(oracle root)"
        out.append(
            f"| [{esc(name)}]({rel(page, topic_page(topic))}) | {len(files)} | "
            f"{sum(f.lines for f in files):,} | {sum(len(f.cited_urls) for f in files)} |"
        )
    out += ["", "## Plans", "", "| Plan | Date | PARTs done | Progress | Findings |", "|---|---|---:|---|---|"]
    for plan in sorted(o.plans, key=lambda p: p.path):
        fs = [f for part in plan.parts for f in site.part_findings(plan, part)]
        out.append(
            f"| [{esc(plan.title or plan.slug)}]({rel(page, plan_page(plan))}) | {esc(plan.date)} | "
            f"{plan.parts_done}/{len(plan.parts)} | {progress(plan.parts_done, len(plan.parts))} | {counts(fs)} |"
        )
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
        f"{sum(len(f.cited_urls) for f in files)} citations.",
        "",
        "| File | Summary | Lines | Citations | PART | Findings |",
        "|---|---|---:|---:|---|---|",
    ]
    for f in files:
        po = site.part_of.get(f.path)
        part_cell = f"[{esc(po[0].slug)} #{po[1].number}]({rel(page, plan_page(po[0]))})" if po else "—"
        out.append(
            f"| [{esc(f.title)}]({rel(page, f.path)}) | {esc(f.summary)} | {f.lines} | {len(f.cited_urls)} | "
            f"{part_cell} | {counts(site.by_path.get(f.path, []))} |"
        )
    return "\n".join(out) + "\n"


def dashboard(site: SiteModel, plan: Plan) -> str:
    page = plan_page(plan)
    o = site.oracle
    d = plan.declared
    out = [
        f"# {esc(plan.title or plan.slug)}",
        "",
        f"Plan file: [{esc(plan.path)}]({rel(page, plan.path)}) · date {esc(plan.date or '—')} · "
        f"oracle {esc(plan.oracle or o.name)} · [influence matrix]({rel(page, matrix_page(plan))})",
        "",
    ]
    if plan.truncated:
        out += [
            '!!! warning "Truncated plan"',
            f"    The plan is cut off inside PART {plan.parts[-1].number}; everything after that point is missing.",
            "",
        ]
    budgets = [p.budget_lines for p in plan.parts if p.budget_lines]
    out += [
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
    if plan.batches:
        out += ["## Batches", "", "| Batch | Title | PARTs |", "|---:|---|---|"]
        for b in plan.batches:
            rng = f"{b.first_part}–{b.last_part}" if b.first_part else "—"
            out.append(f"| {b.number} | {esc(b.title)} | {rng} |")
        out.append("")
    out += [
        "## PARTs",
        "",
        "| # | PART | Status | File | Lines | Influences | KNOWLEDGE-DROP | Findings |",
        "|---:|---|---|---|---|---|---|---|",
    ]
    for part in plan.parts:
        kf = o.files.get(part.resolved) if part.resolved else None
        status = "✓ done" + (f" {esc(part.completed_at)}" if part.completed_at else "") if part.done else "○ open"
        file_cell = (
            f"[{esc(part.resolved.rsplit('/', 1)[-1])}]({rel(page, part.resolved)})"
            if kf
            else (f"`{esc(part.target)}` (missing)" if part.target else "—")
        )
        title = part.title  # seed-style titles repeat the target ("Create a/b.md"): show the file's title
        if part.target and title.lower().startswith("create ") and part.target in title:
            title = kf.title if kf else part.target.rsplit("/", 1)[-1]
        lines = f"{kf.lines if kf else '—'} / ~{part.budget_lines or '—'} {bar(kf.lines if kf else None, part.budget_lines)}"
        infl = influence_links(plan, part, page) + [
            str(n) for n in part.influences if not (plan.influences.get(n) and plan.influences[n].resolved)
        ]
        if part.arr_coc_share is not None:
            infl.append(f"ARR-COC {part.arr_coc_share:.0%}")
        drop = f"[{esc(part.drop.rsplit('/', 1)[-1])}]({rel(page, part.drop)})" if part.drop else "—"
        out.append(
            f"| {part.number} | {esc(title)} | {status} | {file_cell} | {lines} | {', '.join(infl) or '—'} | "
            f"{drop} | {counts(site.part_findings(plan, part))} |"
        )
    return "\n".join(out) + "\n"


def influence_matrix(site: SiteModel, plan: Plan) -> str:
    page = matrix_page(plan)
    out = [
        f"# Influence matrix: {esc(plan.title or plan.slug)}",
        "",
        "Rows are the plan's influence files, columns its PARTs. "
        "**✓** required and cited · **✗** required but not linked · **○** linked without being required.",
        "",
    ]
    if not plan.influences:
        out.append("This plan has no numbered influence table.")
        return "\n".join(out) + "\n"
    parts = plan.parts
    out.append("| Influence file | " + " | ".join(f"[{p.number}]({rel(page, plan_page(plan))})" for p in parts) + " |")
    out.append("|---|" + "|".join(":-:" for _ in parts) + "|")
    for n in sorted(plan.influences):
        inf = plan.influences[n]
        name = (
            f"[{n}. {esc(inf.path)}]({rel(page, inf.resolved)})"
            if inf.resolved
            else f"{n}. `{esc(inf.path)}` (missing)"
        )
        cells = []
        for p in parts:
            cited = bool(p.resolved and inf.resolved and inf.resolved in site.ctx.linked(p.resolved))
            required = n in p.influences
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


# ------------------------------------------------------------------ decorations of knowledge pages


def influence_links(plan: Plan, part: Part, page: str, only_linked_from: set[str] | None = None) -> list[str]:
    """Markdown links to the influence files a PART names that exist (optionally: only those the file links)."""
    out = []
    for n in part.influences:
        inf = plan.influences.get(n)
        if inf and inf.resolved and (only_linked_from is None or inf.resolved in only_linked_from):
            out.append(f"[{n}]({rel(page, inf.resolved)})")
    return out


def header_strip(site: SiteModel, kf: KnowledgeFile) -> str:
    """One compact paragraph (class `okb-strip`): lines and budget, citations, plan and PART, influences cited."""
    page = kf.path
    po = site.part_of.get(kf.path)
    budget = f" (budget ~{po[1].budget_lines})" if po and po[1].budget_lines else ""
    bits = [f"**{kf.lines}** lines{budget}", f"**{len(kf.cited_urls)}** citations"]
    if po:
        plan, part = po
        bits.append(f"[{esc(plan.slug)}]({rel(page, plan_page(plan))}) PART {part.number}")
        cited = influence_links(plan, part, page, only_linked_from=site.ctx.linked(kf.path))
        if cited:
            bits.append("influences " + " ".join(cited))
    return " · ".join(bits) + "\n{: .okb-strip }\n\n"


def findings_admonition(site: SiteModel, kf: KnowledgeFile) -> str:
    fs = site.by_path.get(kf.path, [])
    if not fs:
        return ""
    kind = "failure" if any(f.severity is Severity.ERROR for f in fs) else "warning"
    out = [f'!!! {kind} "oracle-kb: {len(fs)} finding{"s" if len(fs) > 1 else ""} in this file"']
    for f in fs:
        fix = f" — fix: {esc(f.fix)}" if f.fix else ""
        out.append(f"    - line {f.line}: **{f.severity.value}** `{f.rule}` {esc(f.message)}{fix}")
    return "\n".join(out) + "\n\n"


def backlinks_section(site: SiteModel, kf: KnowledgeFile) -> str:
    refs = site.ctx.backlinks.get(kf.path, [])
    if not refs:
        return ""
    seen: dict[str, None] = {}
    for src, _ in refs:
        seen.setdefault(src, None)
    # class okb-backlinks: other files' titles, which site search leaves out of this page's text
    out = ["", "", "---", "", '<div class="okb-backlinks" markdown>', "", "**Referenced by**", ""]
    for src in seen:
        other = site.oracle.files.get(src)
        title = esc(other.title) if other else esc(src)
        out.append(f"- [{title}]({rel(kf.path, src)})")
    return "\n".join(out) + "\n\n</div>\n"
