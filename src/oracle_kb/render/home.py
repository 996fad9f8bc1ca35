"""The home page, written for a reader who has never heard of oracles: what this oracle is, how to read the
site (the terms it uses), its topics, what was added lately, its plans and its quality at a glance."""

from __future__ import annotations

import re
from collections import Counter

from ..model import Severity
from .site_model import SiteModel, counts
from .svg import progress
from .times import recently_added
from .urls import ALL_PAGES, GRAPH, REPORT, RULES, TAGS, esc, esc_md, rel, topic_page

PAGE = "index.md"

# Terms of the oracle format itself. An oracle's own terms (ARR-COC-0-1, ...) come from its SKILL.md glossary
# or the configuration's `glossary` table, which may also reword these.
GENERIC_TERMS: tuple[tuple[str, str, bool], ...] = (  # (term, definition, only when the oracle has plans)
    (
        "Oracle",
        "A folder of markdown knowledge pages on one subject, written by research runners (AI agents that "
        "research and write) and checked by oracle-kb. This site publishes one.",
        False,
    ),
    ("Topic", "A folder of the oracle. Its index page lists its pages, each with a one-line summary.", False),
    (
        "Knowledge page",
        "One file of the oracle. It cites its sources at the end and links related pages; the strip under its "
        "title names the plan that produced it and the pages it builds on.",
        False,
    ),
    (
        "Plan",
        "An expansion plan: the list of PARTs one research run worked through to add pages to the oracle. "
        "Its dashboard shows what was done.",
        True,
    ),
    (
        "PART",
        "One step of a plan: the page to write, its length, the sections it needs and the influence files it "
        "must build on.",
        True,
    ),
    (
        "Influence file",
        "An existing page a plan names for its PARTs to build on and link to (\u201cBuilds on\u201d on a page). "
        "Each plan's influence matrix shows which PART cites which.",
        True,
    ),
    (
        "KNOWLEDGE-DROP",
        "The short report a runner leaves when it finishes a PART: the file it created, the sources it "
        "confirmed and the links it made.",
        True,
    ),
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'\u201c])")


def home(site: SiteModel, titled: bool = True) -> str:
    """The home page; `titled=False` when the project's own index.md comes first and has the title."""
    out = ([f"# {esc(_title(site))}", ""] if titled else [""]) + [_about(site), ""]
    out += _how_to_read(site) + _topics(site) + _recent(site) + _plans(site) + _quality(site)
    return "\n".join(out)


def _title(site: SiteModel) -> str:
    skill = site.oracle.skill
    return skill.title if skill is not None and skill.title else site.oracle.name


def _about(site: SiteModel) -> str:
    """Two sentences on what this oracle is: SKILL.md's description, then its first paragraph."""
    skill = site.oracle.skill
    o = site.orientation
    sentences = _SENTENCE.split(o.description.strip()) if o.description else []
    intro = o.introduction or (skill.summary if skill is not None else "")
    if len(sentences) < 2 and intro:
        sentences += _SENTENCE.split(intro.strip())
    text = esc_md(" ".join(s for s in sentences[:2] if s))
    if skill is not None:
        text += f" ([About this oracle]({rel(PAGE, skill.path)}))"
    return text.strip()


def glossary(site: SiteModel) -> list[tuple[str, str]]:
    """The terms the home page explains: the format's, then the oracle's own (SKILL.md, then configuration)."""
    has_plans = bool(site.oracle.plans)
    terms = {t: d for t, d, plans_only in GENERIC_TERMS if has_plans or not plans_only}
    for term, definition in [*site.orientation.glossary, *site.glossary.items()]:
        same = next((t for t in terms if t.lower() == term.lower()), term)
        terms[same] = definition
    return list(terms.items())


def _how_to_read(site: SiteModel) -> list[str]:
    out = ["## How to read this site", ""]
    out += [f"- **{esc(term)}**: {esc(_capital(definition))}" for term, definition in glossary(site)]
    return [*out, ""]


def topic_blurb(site: SiteModel, topic: str) -> tuple[str, str]:
    """A topic's title and one-line description: SKILL.md or the topic's INDEX.md, else its first page's summary."""
    own = site.orientation.topics.get(topic)
    title = (own.title if own else "") or topic or "Oracle root"
    description = own.description if own and own.description else ""
    if not description:
        files = site.oracle.topics.get(topic, [])
        description = next((f.summary for f in files if f.summary), "")
    return title, _capital(_one_line(description))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _one_line(text: str, limit: int = 160) -> str:
    first = _SENTENCE.split(text.strip(), maxsplit=1)[0] if text else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _topics(site: SiteModel) -> list[str]:
    o = site.oracle
    out = ["## Topics", "", '<div class="okb-topics" markdown>', ""]
    for topic, files in o.topics.items():
        title, description = topic_blurb(site, topic)
        out += [
            '<div class="okb-topic" markdown>',
            "",
            f"**[{esc(title)}]({rel(PAGE, topic_page(topic))})**",
            "",
            esc(description) if description else "",
            "",
            f'<span class="okb-topic__meta">{esc(topic + "/") if topic else "oracle root"} · {len(files)} pages · '
            f"{sum(f.lines for f in files):,} lines</span>",
            "",
            "</div>",
            "",
        ]
    out += ["</div>", ""]
    links = [
        f"[All pages]({rel(PAGE, o.index.path if o.index else ALL_PAGES)})",
        f"[Graph of pages]({rel(PAGE, GRAPH)})",
    ]
    if site.tagged:
        links.append(f"[Tags]({rel(PAGE, TAGS)})")
    return [*out, " · ".join(links), ""]


def _recent(site: SiteModel) -> list[str]:
    recent = recently_added(site)
    if not recent:
        return []
    out = ["## Recently added", ""]
    for path, when in recent:
        kf = site.oracle.files[path]
        topic = topic_blurb(site, kf.topic)[0]
        out.append(f"- [{esc(kf.title)}]({rel(PAGE, path)}) · {esc(topic)} · {when}")
    return [*out, ""]


def _plans(site: SiteModel) -> list[str]:
    plans = sorted(site.index.live_plans, key=lambda p: p.path)
    templates = sorted((p for p in site.oracle.plans if p.template), key=lambda p: p.path)
    if not plans and not templates:
        return []
    out = ["## Plans", "", "| Plan | Date | Done | Progress | Findings |", "|---|---|---:|---|---|"]
    for plan in plans:
        out.append(
            f"| [{esc(plan.title or site.index.slug(plan))}]({rel(PAGE, site.plan_page(plan))}) | {esc(plan.date or '—')} | "
            f"{plan.parts_done}/{len(plan.parts)} | {progress(plan.parts_done, len(plan.parts))} | "
            f"{counts(site.plan_findings(plan))} |"
        )
    if templates:  # patterns for new plans: listed, not checked
        out += ["", "## Templates", ""]
        out += [
            f"- [{esc(p.title or site.index.slug(p))}]({rel(PAGE, site.plan_page(p))}): {len(p.parts)} PARTs, not checked"
            for p in templates
        ]
    return [*out, ""]


def _quality(site: SiteModel) -> list[str]:
    o = site.oracle
    c = Counter(f.severity for f in site.findings)
    return [
        "## Quality",
        "",
        f"{len(o.files)} knowledge pages, {sum(f.lines for f in o.files.values()):,} lines. "
        f"[Validation report]({rel(PAGE, REPORT)}): {c[Severity.ERROR]} errors, {c[Severity.WARNING]} warnings. "
        f"[Rules]({rel(PAGE, RULES)}) explains each check.",
        "",
    ]
