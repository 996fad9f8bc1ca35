"""What a knowledge page gets around its own text: a strip for readers under the title (the plan and PART
that produced it, the pages it builds on, reading time, last update), the authors' figures and findings
while serving, and a "Referenced by" section quoting the sentence around each link to it."""

from __future__ import annotations

import html

from ..model import KnowledgeFile, Severity
from ..read.resolve import OracleIndex, PartRef
from .site_model import SiteModel
from .times import updated
from .urls import esc, href, rel

WORDS_PER_MINUTE = 230
CHARS_PER_WORD = 6
MAX_QUOTED = 20  # linking pages quoted with their sentence; the rest are listed by title
BACKLINKS_ID = "referenced-by"


def _hover(text: str) -> str:
    """Text for a markdown link title ("..."): escaped, without double quotes."""
    return esc(text).replace('"', "'")


def influence_links(index: OracleIndex, ref: PartRef, page: str, only_linked_from: set[str] | None = None) -> list[str]:
    """Links to the influence files a PART names that exist, numbered as the plan numbers them; the file's
    title shows on hover (optionally: only those the file links)."""
    table = index.influences.get(ref.plan.path, {})
    out = []
    for n in ref.part.influences:
        inf = table.get(n)
        if inf and inf.resolved and (only_linked_from is None or inf.resolved in only_linked_from):
            kf = index.oracle.files.get(inf.resolved)
            out.append(f'[{n}]({rel(page, inf.resolved)} "{_hover(kf.title if kf else inf.path)}")')
    return out


def builds_on(site: SiteModel, ref: PartRef, page: str) -> list[str]:
    """Links, by title, to the existing influence files the page's PART names."""
    table = site.index.influences.get(ref.plan.path, {})
    out = []
    for n in ref.part.influences:
        inf = table.get(n)
        kf = site.oracle.files.get(inf.resolved) if inf and inf.resolved else None
        if kf is not None and kf.path != page:
            out.append(f"[{esc(kf.title)}]({rel(page, kf.path)})")
    return out


def reading_minutes(chars: int) -> int:
    return max(1, round(chars / CHARS_PER_WORD / WORDS_PER_MINUTE))


def header_strip(site: SiteModel, kf: KnowledgeFile, chars: int = 0, serving: bool = False) -> str:
    """The reader's strip (class `okb-strip`); while serving, the authors' figures under it (`okb-authors`)."""
    page = kf.path
    ref = site.index.part_of.get(kf.path)
    bits = []
    if ref:
        plan_name = esc(ref.plan.title or site.index.slug(ref.plan))
        dashboard = rel(page, site.plan_page(ref.plan))
        bits.append(f"From [{plan_name}, PART {ref.part.number}]({dashboard}#part-{ref.part.number})")
        on = builds_on(site, ref, page)
        if on:
            bits.append("Builds on: " + ", ".join(on))
    size = chars or (kf.stamp.size if kf.stamp is not None else kf.lines * 60)  # bytes: close enough to characters
    bits.append(f"{reading_minutes(size)} min read")
    when = updated(site, kf.path)
    if when:
        bits.append(f"Updated {when}")
    out = " · ".join(bits) + "\n{: .okb-strip }\n\n"
    if serving:
        out += authors_strip(site, kf, ref)
    return out


def authors_strip(site: SiteModel, kf: KnowledgeFile, ref: PartRef | None) -> str:
    """Lines against the PART's budget, citations, and the influence files the page cites (for authors)."""
    page = kf.path
    budget = f" (budget ~{ref.part.budget_lines})" if ref and ref.part.budget_lines else ""
    bits = [f"For authors: **{kf.lines}** lines{budget}", f"**{site.cited(kf)}** citations"]
    if ref:
        cited = influence_links(site.index, ref, page, only_linked_from=site.index.linked(kf.path))
        if cited:
            bits.append("influence files cited: " + " ".join(cited))
    return " · ".join(bits) + "\n{: .okb-authors }\n\n"


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


def linking_pages(site: SiteModel, kf: KnowledgeFile) -> list[str]:
    """The pages that link to this one, each once, in the order of the index."""
    return list(dict.fromkeys(src for src, _ in site.index.backlinks.get(kf.path, [])))


def backlinks_section(site: SiteModel, kf: KnowledgeFile) -> str:
    """The "Referenced by" heading (in the table of contents); `backlinks_html` is its list, put into the
    built page after the heading. Rendered as HTML rather than markdown: on 2,000 pages, Python-Markdown
    and the search index would spend several percent of the build on these lists."""
    if not site.index.backlinks.get(kf.path):
        return ""
    return f"\n\n## Referenced by {{ #{BACKLINKS_ID} .okb-backlinks }}\n\n"  # class: left out of search


def backlinks_html(site: SiteModel, kf: KnowledgeFile, sentences: dict[str, str]) -> str:
    """Each linking page by title with the sentence it says about this one (the first MAX_QUOTED), then the
    rest by title."""
    sources = linking_pages(site, kf)
    link = lambda src: (  # noqa: E731
        f'<a href="{html.escape(href(kf.path, src, "", site.directory_urls))}">{html.escape(_plain_title(site, src))}</a>'
    )
    items = []
    for src in sources[:MAX_QUOTED]:
        said = sentences.get(src)
        quote = f'<span class="okb-ctx">\u201c{html.escape(said)}\u201d</span>' if said else ""
        items.append(f"<li>{link(src)}{quote}</li>")
    out = f'<ul class="okb-backlinks">{"".join(items)}</ul>'
    rest = sources[MAX_QUOTED:]
    if rest:
        out += f"<p>And {len(rest)} more: " + ", ".join(link(s) for s in rest) + "</p>"
    return out


def quoted_sources(site: SiteModel, path: str) -> frozenset[str]:
    """The linking pages whose sentence "Referenced by" on `path` quotes (the first MAX_QUOTED)."""
    return frozenset(list(dict.fromkeys(src for src, _ in site.index.backlinks.get(path, [])))[:MAX_QUOTED])


def _plain_title(site: SiteModel, path: str) -> str:
    other = site.oracle.files.get(path)
    return other.title if other else path
