"""What a knowledge page gets around its own text: a header strip, its findings while serving, and the
pages that link to it."""

from __future__ import annotations

from ..model import KnowledgeFile, Severity
from ..read.resolve import OracleIndex, PartRef
from .site_model import SiteModel
from .urls import esc, rel


def influence_links(index: OracleIndex, ref: PartRef, page: str, only_linked_from: set[str] | None = None) -> list[str]:
    """Markdown links to the influence files a PART names that exist (optionally: only those the file links)."""
    table = index.influences.get(ref.plan.path, {})
    out = []
    for n in ref.part.influences:
        inf = table.get(n)
        if inf and inf.resolved and (only_linked_from is None or inf.resolved in only_linked_from):
            out.append(f"[{n}]({rel(page, inf.resolved)})")
    return out


def header_strip(site: SiteModel, kf: KnowledgeFile) -> str:
    """One compact paragraph (class `okb-strip`): lines and budget, citations, plan and PART, influences cited."""
    page = kf.path
    ref = site.index.part_of.get(kf.path)
    budget = f" (budget ~{ref.part.budget_lines})" if ref and ref.part.budget_lines else ""
    bits = [f"**{kf.lines}** lines{budget}", f"**{site.cited(kf)}** citations"]
    if ref:
        slug = site.index.slug(ref.plan)
        bits.append(f"[{esc(slug)}]({rel(page, site.plan_page(ref.plan))}) PART {ref.part.number}")
        cited = influence_links(site.index, ref, page, only_linked_from=site.index.linked(kf.path))
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
    refs = site.index.backlinks.get(kf.path, [])
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
