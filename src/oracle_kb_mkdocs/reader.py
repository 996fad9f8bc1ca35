"""The reader's site, on MkDocs: `site_url`, the theme's additions, knowledge/plan/drop page decorations,
breadcrumbs and previous/next links for pages outside the navigation, and the graph containers.

hooks.py calls these; the page text itself comes from the engine-free `oracle_kb.render` modules.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from oracle_kb.config import Config
from oracle_kb.model import KnowledgeFile, Oracle
from oracle_kb.read.history import head_commit, last_commit_times
from oracle_kb.read.orientation import read_orientation
from oracle_kb.read.text import decode
from oracle_kb.render import decorations, urls
from oracle_kb.render.context import link_sentences
from oracle_kb.render.explore import GRAPH_BOX
from oracle_kb.render.graph import local_svg
from oracle_kb.render.home import topic_blurb
from oracle_kb.render.sanitize import safe_title
from oracle_kb.render.site_model import SiteModel
from oracle_kb.render.source_pages import source_page, source_strip

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
    return {"orientation": orientation, "commit_times": commit_times(root), "glossary": dict(cfg.glossary)}


def commit_times(root: Path) -> dict[str, int]:
    """Last commit time per file; while serving, `git log` runs again only when HEAD moved."""
    head = head_commit(root)
    cached = STATE.history
    if cached is not None and head and cached[0] == (str(root), head):
        return cached[1]
    times = last_commit_times(root)
    STATE.history = ((str(root), head), times)
    return times


# ------------------------------------------------------------------ what a page gets from other files


@dataclass(frozen=True)
class Decorations:
    """Everything a page shows that is not its own text, computed once per build (`hooks.page_decorations`).

    An incremental rebuild re-renders a page when its `key` changed, so whatever a page shows from other
    files must be here: the markdown put under its title (`top`) and after its text (`bottom`), the HTML
    put into the built page (`after`: the "Referenced by" list and the small graph), and what its template
    shows from elsewhere (`crumbs`, previous/next titles in `context`).
    """

    top: str = ""
    bottom: str = ""
    listing: str = ""  # HTML after the "Referenced by" heading
    figure: str = ""  # HTML at the end of the article
    crumbs: tuple[tuple[str, str], ...] = ()
    context: str = ""
    source: bool = False  # a plan or drop page: its own lines are made readable too

    def key(self) -> str:
        return "\0".join(
            (self.top, self.bottom, self.listing, self.figure, repr(self.crumbs), self.context, str(self.source))
        )


def decorate(site: SiteModel, src: str) -> Decorations:
    kf = site.oracle.files.get(src)
    if kf is not None:
        return _knowledge(site, kf)
    if not (site.served(src) or src in site.oracle.other_files):
        return Decorations()
    strip = source_strip(site, src)
    return Decorations(top=strip or "", crumbs=crumbs(site, src), source=strip is not None)


def _knowledge(site: SiteModel, kf: KnowledgeFile) -> Decorations:
    """Header strip (and the authors' figures and findings while serving), "Referenced by", the small graph."""
    serving = STATE.command == "serve"
    top = decorations.header_strip(site, kf, serving=serving)
    if serving:
        top += decorations.findings_admonition(site, kf)
    bottom = decorations.backlinks_section(site, kf)
    listed = in_nav(site, kf.path)
    return Decorations(
        top=top,
        bottom=bottom,
        listing=decorations.backlinks_html(site, kf, sentences(site, kf.path)) if bottom else "",
        figure=local_figure(site, kf.path),
        crumbs=() if listed else crumbs(site, kf.path),
        context="" if listed else repr([(f.path, f.title) for f in neighbours(site, kf) if f is not None]),
    )


def sentences(site: SiteModel, target: str) -> dict[str, str]:
    """Linking page -> the sentence it says about `target`, for the pages "Referenced by" quotes."""
    out = {}
    for src in decorations.quoted_sources(site, target):
        said = said_in(site, src).get(target)
        if said:
            out[src] = said
    return out


def said_in(site: SiteModel, src: str) -> dict[str, str]:
    """The sentences around the links of the knowledge file `src` (read again only when the file changed)."""
    kf = site.oracle.files[src]
    hit = STATE.sentences.get(src)
    if hit is not None and hit[0] == kf.stamp and kf.stamp is not None:
        return hit[1]
    try:
        text = decode((Path(site.oracle.root) / src).read_bytes(), repair=False).text
    except OSError:
        text = ""
    said = link_sentences(kf, text)
    STATE.sentences[src] = (kf.stamp, said)
    return said


def page_markdown(site: SiteModel, page, markdown: str, dec: Decorations) -> str:
    """The page's markdown with its decorations: the strip under the title, "Referenced by" after the text;
    plan and drop pages made readable; breadcrumbs for pages outside the navigation."""
    if dec.crumbs:
        page.meta["okb_crumbs"] = [{"title": t, "url": u} for t, u in dec.crumbs]
    if dec.source:
        return source_page(site, page.file.src_uri, markdown, dec.top)
    if dec.top:
        head, _, rest = markdown.partition("\n")
        markdown = head + "\n\n" + dec.top + rest if head.startswith("# ") else dec.top + markdown
    return markdown + dec.bottom


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


def crumbs(site: SiteModel, src: str) -> tuple[tuple[str, str], ...]:
    """Breadcrumbs (title, URL) for a page the navigation does not hold: home, then its topic or its plan's
    dashboard."""
    home = ("Home", "")
    plan = site.plan_at(src)
    if plan is None and src not in site.oracle.files:
        refs = site.drop_parts.get(src)
        plan = refs[0].plan if refs else None
    if plan is not None:
        title = safe_title(plan.title or site.index.slug(plan))
        return (home, (title, urls.page_url(site.plan_page(plan), site.directory_urls)))
    topic = src.split("/", 1)[0] if "/" in src else ""
    if topic in site.oracle.topics:
        title = safe_title(topic_blurb(site, topic)[0])
        return (home, (title, urls.page_url(urls.topic_page(topic), site.directory_urls)))
    return (home,)


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


def finish_page(output: str, dec: Decorations) -> str:
    """The built page with its "Referenced by" list after that heading and its small graph at the end of the
    article. Added to the final HTML: the search index and the markdown stage have nothing to do with them."""
    if dec.listing:
        heading = output.find(f'id="{decorations.BACKLINKS_ID}"')
        if heading >= 0:
            after = output.find("</h2>", heading) + len("</h2>")
            output = output[:after] + dec.listing + output[after:]
    at = output.rfind("</article>")
    return output if not dec.figure or at < 0 else output[:at] + dec.figure + output[at:]


# ------------------------------------------------------------------ template context


def neighbours(site: SiteModel, kf: KnowledgeFile) -> tuple[KnowledgeFile | None, KnowledgeFile | None]:
    """The knowledge files before and after `kf` in its topic."""
    siblings = site.oracle.topics.get(kf.topic, [])
    at = site.topic_position(kf.path)
    before = siblings[at - 1] if at > 0 else None
    after = siblings[at + 1] if 0 <= at < len(siblings) - 1 else None
    return before, after


def page_context(site: SiteModel, page) -> None:
    """Previous/next links for knowledge pages outside the navigation: their neighbours in the topic."""
    src = page.file.src_uri
    kf = site.oracle.files.get(src)
    if kf is not None and not in_nav(site, src) and STATE.files is not None:
        before, after = neighbours(site, kf)
        page.previous_page = _page_of(before)
        page.next_page = _page_of(after)


def _page_of(kf: KnowledgeFile | None):
    """The MkDocs page of `kf`, titled (a page a dirty rebuild does not re-render has no title of its own)."""
    f = STATE.files.get_file_from_path(kf.path) if kf is not None and STATE.files is not None else None
    if f is None or f.page is None:
        return None
    if not f.page.title:
        f.page.title = safe_title(kf.title)
    return f.page
