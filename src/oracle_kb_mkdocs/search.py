"""Site search: Material's search box, answered by Pagefind's chunked index instead of lunr's single file.

Material's header shows its search box when `config.plugins["material/search"]` exists and is enabled;
`install()` puts `PagefindSearch` there (switching off Material's plugin if mkdocs.yml still lists it) and
adds `theme/` to the theme's template folders. Its `partials/search.html` keeps Material's markup (so
Material's CSS styles it, light and dark) but names the form differently, so Material's script never starts
its lunr worker; a few inline lines load `assets/oracle-kb/search.js` (and that loads Pagefind) only when
the reader opens the box.

Which pages are searched and how strongly (`page_roles`): knowledge pages at full weight, listings (topic
INDEX pages, the oracle's SKILL.md and INDEX.md) at half, plans and plan dashboards at a tenth (a PART
heading naming a term then ranks below a knowledge page that only mentions it);
KNOWLEDGE-DROPs are left out (each repeats what its knowledge file says), and so are the home page, the
validation report, the rules, the influence matrices and the pages that only list others (graph, tags,
all pages).
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from oracle_kb.render.site_model import SiteModel
from oracle_kb.render.urls import ALL_PAGES, GRAPH, REPORT, RULES, TAGS, topic_page

from . import sanitizing
from .pagefind_index import BackgroundIndexer, IndexFailed, StreamingIndex
from .state import STATE

log = logging.getLogger("mkdocs.plugins.oracle_kb.search")

THEME_DIR = Path(__file__).parent / "theme"
ARTICLE = '<article class="md-content__inner md-typeset">'  # Material's base.html: the page's own content

KNOWLEDGE, LISTING, PLAN = 1.0, 0.5, 0.1


@dataclass(frozen=True)
class Role:
    weight: float
    tag: str  # shown beside the title in the results: the topic, or what kind of page it is


def page_roles(site: SiteModel) -> dict[str, Role | None]:
    """Source path -> how the page is searched (None: not at all). Pages not listed (docs/) are searched fully."""
    o = site.oracle
    roles: dict[str, Role | None] = {p: Role(LISTING, "") for p in o.other_files if p.lower().endswith(".md")}
    roles.update({p: None for p in o.drops})
    roles.update({p.path: Role(PLAN, "plan") for p in o.plans})
    roles.update({kf.path: Role(KNOWLEDGE, kf.topic) for kf in o.files.values()})
    if o.skill is not None:
        roles[o.skill.path] = Role(LISTING, "about")
    roles.update({topic_page(t): Role(LISTING, "topic index") for t in o.topics})
    for plan in o.plans:
        roles[site.plan_page(plan)] = Role(PLAN, "plan dashboard")
        roles[site.matrix_page(plan)] = None
    roles.update({"index.md": None, REPORT: None, RULES: None, GRAPH: None, TAGS: None, ALL_PAGES: None})
    return roles


def _attributes(role: Role) -> str:
    """Pagefind's marks on the article: its body, with the page's weight and tag (pages without it are not indexed)."""
    attrs = " data-pagefind-body"
    if role.weight != KNOWLEDGE:
        attrs += f' data-pagefind-weight="{role.weight}"'
    if role.tag:
        attrs += f' data-pagefind-meta="tag[data-okb-tag]" data-okb-tag="{html.escape(role.tag)}"'
    return attrs


def mark(output: str, role: Role) -> str:
    """The written page's article marked for Pagefind (what `mkdocs serve` indexes from disk)."""
    return output.replace(ARTICLE, ARTICLE[:-1] + _attributes(role) + ">", 1)


def search_document(content: str, title: str, role: Role, lang: str) -> str:
    """All Pagefind reads of a page, made from its content before the theme wraps it in navigation: its language
    and the marked article as Material's content partial fills it (an <h1> of the title when the content has
    none, then the content). `mkdocs build` streams it while the next pages convert."""
    head = "" if "<h1" in content else f"<h1>{title}</h1>"
    return f'<html lang="{lang}"><body>{ARTICLE[:-1]}{_attributes(role)}>{head}{content}</article></body></html>'


class _Enabled:
    enabled = True  # what Material's header asks of its search plugin's config


_serve_indexer: BackgroundIndexer | None = None


class PagefindSearch:
    """Registered as "material/search" by `install`: marks pages for Pagefind and indexes them.

    `mkdocs build` streams each page's content to Pagefind as soon as it is converted and sanitized, so
    Pagefind parses on another core while MkDocs converts the next pages, and it writes the index while MkDocs
    renders the templates (from `on_env`); `mkdocs serve` indexes the built site in the background after each
    build (the previous index answers meanwhile). Written pages carry the same marks either way.
    """

    def __init__(self, site: SiteModel, command: str) -> None:
        self.config = _Enabled()
        self.roles = page_roles(site)
        self.serving = command == "serve"
        self.stream: StreamingIndex | None = None
        self.marked = 0
        self.lang = "en"

    def on_pre_build(self, config) -> None:
        if self.serving:
            if _serve_indexer is not None:
                _serve_indexer.cancel()
            return
        self.lang = html.escape(str(config.theme.get("language") or "en"))
        try:
            self.stream = StreamingIndex()
        except IndexFailed as exc:
            raise PluginError(f"oracle-kb: search index: {exc}") from None

    def _role(self, page) -> Role | None:
        if page.meta.get("template"):
            return None  # a template of the site's own may not show the content as Material's article
        return self.roles.get(page.file.src_uri, Role(KNOWLEDGE, ""))

    @event_priority(-100)  # after every other handler changed the content, the sanitizer included
    def on_page_content(self, content: str, page, config, files) -> str:
        role = self._role(page) if self.stream is not None else None
        if role is not None:
            self.marked += 1
            url, title, stream = "/" + page.url, page.title or config.site_name, self.stream  # as Material shows it
            sanitizing.when_clean(
                page, content, lambda clean: stream.add(url, search_document(clean, title, role, self.lang))
            )
        return content

    @event_priority(-100)
    def on_env(self, env, config, files):
        if self.stream is not None and self.marked:
            self.stream.write_in_background(Path(config.site_dir))  # every page is converted: MkDocs renders now
        return env

    def on_post_page(self, output: str, page, config) -> str:
        role = self._role(page)
        if role is None or ARTICLE not in output:
            return output
        if self.serving:
            self.marked += 1
        return mark(output, role)

    def on_post_build(self, config) -> None:
        site_dir = Path(config.site_dir)
        if self.serving and STATE.partial_rebuild:  # `serve --dirty`: the kept pages were marked when written
            _index_in_background(site_dir)
            return
        if not self.marked:
            if self.stream is not None:
                self.stream.close()
            log.warning("oracle-kb: no page was marked for search (%s not found); search index not written", ARTICLE)
            return
        if self.serving:
            _index_in_background(site_dir)
            return
        try:
            result = self.stream.write(site_dir)
        except IndexFailed as exc:
            raise PluginError(f"oracle-kb: search index: {exc}") from None
        log.info(
            "oracle-kb: search index: %d pages (the build waited %.1f s for Pagefind at its end; "
            "Pagefind read the last pages %.1f s after they were converted)",
            result.pages,
            result.seconds,
            result.waited,
        )

    def on_build_error(self, error) -> None:
        if self.stream is not None:
            self.stream.close()

    def on_shutdown(self) -> None:
        global _serve_indexer
        if _serve_indexer is not None:
            _serve_indexer.close()
            _serve_indexer = None


def _index_in_background(site_dir: Path) -> None:
    global _serve_indexer
    if _serve_indexer is None:
        _serve_indexer = BackgroundIndexer()
    try:
        _serve_indexer.after_build(site_dir)
    except (IndexFailed, OSError) as exc:
        log.warning("oracle-kb: search index not written (%s); the search box says so", exc)


def install(config, site: SiteModel, command: str):
    """Called from the hooks' on_config: Pagefind answers Material's search box on this build."""
    theirs = config.plugins.get("material/search")
    if theirs is not None and not isinstance(theirs, PagefindSearch):
        theirs.config.enabled = False  # its events stay registered and return at once
        log.info("oracle-kb: Pagefind replaces Material's search plugin (`search` in mkdocs.yml can go)")
    config.plugins["material/search"] = PagefindSearch(site, command)
    dirs = config.theme.dirs
    # before Material's templates (the last folder with a search partial), after the site's own custom_dir
    with_partial = [i for i, d in enumerate(dirs) if (Path(d) / "partials" / "search.html").is_file()]
    dirs.insert(with_partial[-1] if with_partial else 0, str(THEME_DIR))
    return config
