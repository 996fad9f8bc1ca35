"""The reader's site, on MkDocs: `site_url`, the theme's additions, knowledge/plan/drop page decorations,
breadcrumbs and previous/next links for pages outside the navigation, and the graph containers.

hooks.py calls these; the page text itself comes from the engine-free `oracle_kb.render` modules.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from oracle_kb.config import Config
from oracle_kb.model import KnowledgeFile, Oracle
from oracle_kb.read.history import last_commit_times
from oracle_kb.read.orientation import read_orientation
from oracle_kb.read.text import count_lines
from oracle_kb.render import decorations, urls
from oracle_kb.render.context import paragraph_at, sentence_around
from oracle_kb.render.explore import GRAPH_BOX
from oracle_kb.render.graph import local_svg
from oracle_kb.render.home import topic_blurb
from oracle_kb.render.sanitize import safe_title
from oracle_kb.render.site_model import SiteModel
from oracle_kb.render.source_pages import source_page

from .nav import in_nav
from .state import STATE

log = logging.getLogger("mkdocs.hooks.oracle_kb")

THEME_DIR = Path(__file__).parent / "theme"
EXTRA_CSS = "assets/stylesheets/oracle-kb-reader.css"
EXTRA_JS = "assets/javascripts/oracle-kb-graph.js"


# ------------------------------------------------------------------ configuration


def configure(config, cfg: Config) -> None:
    """site_url from the oracle-kb configuration (ORACLE_KB_SITE_URL or `site-url`), the package's theme
    folder (a normal Material override folder) and its stylesheet and script."""
    if STATE.command != "serve" and cfg.site_url:  # `mkdocs serve` sets site_url to its own address
        config.site_url = cfg.site_url if cfg.site_url.endswith("/") else cfg.site_url + "/"
    if not config.site_url and STATE.command == "build":
        log.info(
            "oracle-kb: site_url is not set: instant navigation and link previews stay off and 404.html "
            "assumes the site is served at /. Set ORACLE_KB_SITE_URL, site-url in [tool.oracle-kb] or site_url."
        )
    theme_dir = str(THEME_DIR)
    dirs = config.theme.dirs
    if not any(os.path.realpath(d) == os.path.realpath(theme_dir) for d in dirs):
        user_dir = config.theme.get("custom_dir")
        dirs.insert(1 if user_dir else 0, theme_dir)  # after a project's own custom_dir, before Material
    if EXTRA_CSS not in config.extra_css:
        config.extra_css.append(EXTRA_CSS)
    if EXTRA_JS not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(EXTRA_JS)


def reader_inputs(oracle: Oracle, cfg: Config) -> dict:
    """What the reader's pages need beyond the scan: SKILL.md and topic INDEX words, git commit times and
    the configuration's glossary (keyword arguments of SiteModel)."""
    root = Path(oracle.root)
    orientation = read_orientation(root, oracle.skill.path if oracle.skill else None, list(oracle.topics))
    return {"orientation": orientation, "commit_times": last_commit_times(root), "glossary": dict(cfg.glossary)}


# ------------------------------------------------------------------ page markdown


def knowledge_markdown(site: SiteModel, kf: KnowledgeFile, markdown: str) -> str:
    """Header strip (and the authors' figures and findings while serving), then the page, then "Referenced by"."""
    record_contexts(site, kf, markdown)
    serving = STATE.command == "serve"
    top = decorations.header_strip(site, kf, chars=len(markdown), serving=serving)
    if serving:
        top += decorations.findings_admonition(site, kf)
    head, _, rest = markdown.partition("\n")
    markdown = head + "\n\n" + top + rest if head.startswith("# ") else top + markdown
    return markdown + decorations.backlinks_section(site, kf)


def record_contexts(site: SiteModel, kf: KnowledgeFile, markdown: str) -> None:
    """Remember the sentence around this page's links to the pages that will quote it ("Referenced by"
    quotes the first MAX_QUOTED linking pages of each page)."""
    links = [lk for lk in kf.links if lk.to and lk.to != kf.path and not lk.definition and lk.to in site.oracle.files]
    if not links:
        return
    lines = markdown.split("\n")
    offset = kf.lines - count_lines(markdown)  # MkDocs hands the body without its front matter
    quoting = STATE.quoting
    for lk in links:
        said = STATE.contexts.setdefault(lk.to, {})
        if kf.path in said:
            continue
        who = quoting.get(lk.to)
        if who is None:
            who = quoting[lk.to] = decorations.quoted_sources(site, lk.to)
        i = lk.line - offset - 1
        if kf.path in who and 0 <= i < len(lines):
            sentence = sentence_around(paragraph_at(lines, i), lk.target)
            if sentence:
                said[kf.path] = sentence


def other_markdown(site: SiteModel, page, markdown: str) -> str:
    """Plan and drop pages made readable; breadcrumbs for every page outside the navigation."""
    src = page.file.src_uri
    page.meta["okb_crumbs"] = crumbs(site, src)
    return source_page(site, src, markdown) or markdown


def normalise_tags(page) -> None:
    """`tags:` as Material's tags plugin wants it (a list of words); a lone word or a comma list is accepted,
    anything else is dropped with a message naming the file (never a failed build)."""
    tags = page.meta.get("tags")
    if tags is None or isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        return
    if isinstance(tags, str):
        page.meta["tags"] = [t.strip() for t in tags.split(",") if t.strip()]
        return
    kept = [str(t) for t in tags if isinstance(t, (str, int, float))] if isinstance(tags, list) else []
    log.info("oracle-kb: %s: tags: kept %s; tags must be a list of words", page.file.src_uri, kept)
    page.meta["tags"] = kept


def crumbs(site: SiteModel, src: str) -> list[dict]:
    """Breadcrumbs for a page the navigation does not hold: home, then its topic or its plan's dashboard."""
    home = {"title": "Home", "url": ""}
    kf = site.oracle.files.get(src)
    if kf is not None:
        return [
            home,
            {
                "title": safe_title(topic_blurb(site, kf.topic)[0]),
                "url": urls.page_url(urls.topic_page(kf.topic), site.directory_urls),
            },
        ]
    plan = next((p for p in site.oracle.plans if p.path == src), None)
    if plan is None:
        plan = next((r.plan for r in site.index.parts if r.drop == src), None)
    if plan is not None:
        title = safe_title(plan.title or site.index.slug(plan))
        return [home, {"title": title, "url": urls.page_url(site.plan_page(plan), site.directory_urls)}]
    topic = src.split("/", 1)[0] if "/" in src else ""
    if topic in site.oracle.topics:
        return [
            home,
            {
                "title": safe_title(topic_blurb(site, topic)[0]),
                "url": urls.page_url(urls.topic_page(topic), site.directory_urls),
            },
        ]
    return [home]


# ------------------------------------------------------------------ page HTML (after sanitizing)


def trusted_html(site: SiteModel, page, html: str) -> str:
    """Our own markup, added after the page was sanitized: the graph page's drawing area."""
    if page.file.src_uri == urls.GRAPH:
        data = urls.asset_href(urls.GRAPH, urls.GRAPH_DATA, site.directory_urls)
        return html.replace(GRAPH_BOX, f'<div class="okb-graph" data-okb-graph="{data}"></div>', 1)
    return html


def local_figure(site: SiteModel, src: str) -> str:
    """A knowledge page's small graph of the pages it links with, or '' (a page without links)."""
    if src not in site.oracle.files:
        return ""
    svg = local_svg(
        src,
        site.adjacency,
        lambda p: site.oracle.files[p].title,
        lambda p: urls.href(src, p, "", site.directory_urls),
    )
    if not svg:
        return ""
    graph = urls.href(src, urls.GRAPH, "", site.directory_urls)
    more = len(site.adjacency[src]) - svg.count("<a ")
    caption = f"Pages linked to and from this one{f' (and {more} more)' if more > 0 else ''}"
    return (
        f'<figure class="okb-local">{svg}<figcaption>{caption} · <a href="{graph}">graph of all pages</a>'
        "</figcaption></figure>"
    )


def finish_page(site: SiteModel, page, output: str) -> str:
    """The built knowledge page with its "Referenced by" list (quoting the linking sentences, which every
    page's markdown hook has recorded by now) after that heading, and its local graph at the end of the
    article. Added to the final HTML: the search index and the markdown stage have nothing to do with them."""
    src = page.file.src_uri
    kf = site.oracle.files.get(src)
    if kf is None:
        return output
    heading = output.find(f'id="{decorations.BACKLINKS_ID}"')
    if heading >= 0:
        after = output.find("</h2>", heading) + len("</h2>")
        listing = decorations.backlinks_html(site, kf, STATE.contexts.get(src, {}))
        output = output[:after] + listing + output[after:]
    figure = local_figure(site, src)
    at = output.rfind("</article>")
    return output if not figure or at < 0 else output[:at] + figure + output[at:]


# ------------------------------------------------------------------ template context


def page_context(site: SiteModel, page) -> None:
    """Previous/next links for knowledge pages outside the navigation: their neighbours in the topic."""
    src = page.file.src_uri
    kf = site.oracle.files.get(src)
    if kf is not None and not in_nav(site, src) and STATE.files is not None:
        siblings = site.oracle.topics.get(kf.topic, [])
        at = next((i for i, f in enumerate(siblings) if f.path == src), -1)
        page.previous_page = _page_of(siblings[at - 1].path) if at > 0 else None
        page.next_page = _page_of(siblings[at + 1].path) if 0 <= at < len(siblings) - 1 else None


def _page_of(path: str):
    f = STATE.files.get_file_from_path(path) if STATE.files is not None else None
    return f.page if f is not None else None
