"""The generated pages, as markdown: home, topic INDEX pages, plan dashboards, influence matrices, the
validation report and the rules reference. No MkDocs here: the adapter places these pages."""

from __future__ import annotations

import html
from collections import Counter, defaultdict

from ..model import Finding, KnowledgeFile, Plan, Severity
from ..read.resolve import PartRef
from ..rules import Rule
from .decorations import influence_links
from .home import home as home_page
from .home import topic_blurb
from .matrix import matrix_page
from .reports import rules_markdown
from .site_model import SiteModel, counts
from .svg import GREEN, ORANGE, RED, bar, legend, progress, swatch
from .tables import table
from .urls import REPORT, RULES, WIDE, esc, rel, topic_page


def home(site: SiteModel, titled: bool = True) -> str:
    return home_page(site, titled)


def topic_index(site: SiteModel, topic: str, files: list[KnowledgeFile]) -> str:
    page = topic_page(topic)
    title, description = topic_blurb(site, topic)
    out = [WIDE + f"# {esc(title)}", ""]
    if description:
        out += [esc(description), ""]
    own_index = next(
        (f"{topic}/{n}" for n in ("INDEX.md", "index.md", "README.md") if f"{topic}/{n}" in site.oracle.other_files),
        None,
    )
    out += [
        f"{len(files)} pages, {sum(f.lines for f in files):,} lines, {sum(site.cited(f) for f in files)} sources cited."
        + (
            f" The topic's own index: [{esc(own_index.rsplit('/', 1)[-1])}]({rel(page, own_index)})."
            if own_index
            else ""
        ),
        "",
    ]
    rows = []
    for f in files:
        ref = site.index.part_of.get(f.path)
        summary = f'<br><span class="okb-summary">{esc(f.summary)}</span>' if f.summary else ""
        rows.append(
            [
                f"[{esc(f.title)}]({rel(page, f.path)}){summary}",
                str(f.lines),
                str(site.cited(f)),
                part_label(site, ref, page) if ref else "—",
                counts(site.by_path.get(f.path, [])),
            ]
        )
    out += table(["Page", "Lines", "Sources", "PART", "Findings"], rows, "lrrll")
    return "\n".join(out)


def part_label(site: SiteModel, ref: PartRef, page: str) -> str:
    """`#7`, linked to the PART's row on its plan's dashboard, with the plan's title on hover."""
    hover = esc(f"{ref.plan.title or site.index.slug(ref.plan)}, PART {ref.part.number}").replace('"', "'")
    return f'[#{ref.part.number}]({rel(page, site.plan_page(ref.plan))}#{part_anchor(ref.part.number)} "{hover}")'


def dashboard(site: SiteModel, plan: Plan) -> str:
    page = site.plan_page(plan)
    d = plan.declared
    defined = len(plan.parts)
    if d.parts is not None and d.parts != defined:
        scope = f"**{defined} of {d.parts} declared PARTs defined**, {plan.parts_done} done"
    else:
        scope = f"**{defined} PARTs**, {plan.parts_done} done"
    links = [f"plan file [{esc(plan.path.rsplit('/', 1)[-1])}]({rel(page, plan.path)})"]
    if site.has_matrix(plan):
        links.append(f"[influence matrix]({rel(page, site.matrix_page(plan))})")
    out = [
        WIDE + f"# {esc(plan.title or site.index.slug(plan))}",
        "",
        f"{scope} {progress(plan.parts_done, defined)} · date {esc(plan.date or '—')} · "
        f"oracle {esc(plan.oracle or site.oracle.name)} · " + " · ".join(links),
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
    out += ["## PARTs", "", bar_legend(), ""]
    rows = [_part_row(site, ref, page) for ref in site.index.parts_of(plan)]
    out += table(["#", "PART", "Status", "Lines", "Builds on", "Drop", "Findings"], rows, "rlllllll")
    out += _plan_findings(site, plan, page) + _batches(plan) + _totals(plan)
    return "\n".join(out)


def part_anchor(number: int) -> str:
    return f"part-{number}"


def bar_legend() -> str:
    return legend(
        swatch(GREEN, "lines within the budget's range"),
        swatch(RED, "short of it"),
        swatch(ORANGE, "over it"),
        swatch("#9e9e9e", "the mark is the budget", tick=True),
    )


def _plan_findings(site: SiteModel, plan: Plan, page: str) -> list[str]:
    """The plan file's own findings (its PART files' findings are on their rows)."""
    own = site.by_path.get(plan.path, [])
    if not own:
        return []
    out = [f"## Findings on the plan ({counts(own)})", ""]
    for f in own:
        out.append(f"- line {f.line}: **{f.severity.value}** `{f.rule}` {esc(f.message)}")
    return [*out, ""]


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


def _part_row(site: SiteModel, ref: PartRef, page: str) -> list[str]:
    part, kf = ref.part, ref.file
    if part.done:
        when = f"completed {part.completed_at}" if part.completed_at else "done"
        status = f'<span title="{html.escape(when)}">✓ done</span>'
    else:
        status = "○ open"
    if part.partial:
        status = "◐ partial"
    title = part.title  # seed-style titles repeat the target ("Create a/b.md"): show the file's title
    if part.target and title.lower().startswith("create ") and part.target in title:
        title = kf.title if kf else part.target.rsplit("/", 1)[-1]
    if ref.special:
        name = f"[{esc(title)}]({rel(page, ref.special)})"
    elif kf:
        name = f"[{esc(title)}]({rel(page, kf.path)})" + (" (in the plan folder)" if ref.misplaced else "")
    else:
        name = esc(title) + (f" · `{esc(part.target)}` missing" if part.target else "")
    lines = (
        f"{kf.lines if kf else '—'} / ~{part.budget_lines or '—'} {bar(kf.lines if kf else None, part.budget_lines)}"
    )
    table_ = site.index.influences.get(ref.plan.path, {})
    infl = influence_links(site.index, ref, page) + [
        str(n) for n in part.influences if not (table_.get(n) and table_[n].resolved)
    ]
    if part.arr_coc_share is not None:
        infl.append(f"ARR-COC {part.arr_coc_share:.0%}")
    drop = f'[drop]({rel(page, ref.drop)} "{esc(ref.drop.rsplit("/", 1)[-1])}")' if ref.drop else "—"
    return [
        f'<span id="{part_anchor(part.number)}"></span>{part.number}',
        name,
        status,
        lines,
        " ".join(infl) or "—",
        drop,
        counts(site.part_findings(ref)),
    ]


def influence_matrix(site: SiteModel, plan: Plan) -> str:
    return matrix_page(site, plan)


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
