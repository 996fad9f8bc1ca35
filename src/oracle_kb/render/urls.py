"""Where each page lives: source paths of generated pages, and URLs between pages.

Layout (paths are the pages' source paths; links between them are relative `.md` links):
- knowledge files, plans and drops keep their oracle paths;
- `index.md` home overview, `<topic>/index.md` one per topic folder;
- `kb/plans/<plan slug>/index.md` dashboard and `kb/plans/<plan slug>/influences.md` matrix per plan;
- `kb/report.md` validation report, `kb/rules.md` rules reference;
- `kb/graph.md` the graph of pages (data `kb/graph.json`), `kb/tags.md` tags, `kb/pages.md` all pages.
"""

from __future__ import annotations

import html
import posixpath
from functools import lru_cache

from ..read.paths import relative_path

REPORT = "kb/report.md"
RULES = "kb/rules.md"
GRAPH = "kb/graph.md"  # the graph of pages; its data (layout precomputed) is GRAPH_DATA
GRAPH_DATA = "kb/graph.json"
TAGS = "kb/tags.md"  # Material's tags plugin lists every tag and its pages here
ALL_PAGES = "kb/pages.md"  # every page by topic, generated when the oracle has no INDEX.md of its own


def plan_page(slug: str) -> str:
    return f"kb/plans/{slug}/index.md"


def matrix_page(slug: str) -> str:
    return f"kb/plans/{slug}/influences.md"


def topic_page(topic: str) -> str:
    return f"{topic}/index.md" if topic else "kb/root-files.md"


def esc(text: str) -> str:
    """Oracle text inside our markdown: no HTML, no table breaks."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def esc_md(text: str) -> str:
    """Plain oracle text (a summary) inside our markdown: `esc`, and emphasis and code marks kept as text."""
    return esc(text).replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


@lru_cache(maxsize=100_000)
def rel(from_page: str, to_path: str) -> str:
    return relative_path(to_path, posixpath.dirname(from_page))


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page source path (`a/b.md` -> `a/b/` or `a/b.html`; `a/index.md` -> `a/`)."""
    stem = src[:-3] if src.endswith(".md") else src
    if stem == "index" or stem.endswith("/index") or stem.lower().endswith("/readme") or stem.lower() == "readme":
        return stem.rsplit("/", 1)[0] + "/" if "/" in stem else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


@lru_cache(maxsize=200_000)  # a build asks for the same few hundred thousand pairs; a serve rebuild, again
def href(from_src: str, to_src: str, anchor: str = "", directory_urls: bool = True) -> str:
    """A relative URL from one page to another, for raw HTML (MkDocs rewrites only markdown links)."""
    frm, to = page_url(from_src, directory_urls), page_url(to_src, directory_urls)
    base = frm.rsplit("/", 1)[0] if "/" in frm else ""
    rel_url = relative_path(to, base)
    if to.endswith("/") and not rel_url.endswith("/"):
        rel_url += "/"
    return rel_url + (f"#{anchor}" if anchor else "")


WIDE = "---\nhide:\n  - toc\n---\n\n"  # Material: no right-hand table of contents (wide tables get the room)


def asset_href(from_src: str, asset: str, directory_urls: bool = True) -> str:
    """A relative URL from a page to a static file of the site (e.g. `kb/graph.json`)."""
    frm = page_url(from_src, directory_urls)
    base = frm.rsplit("/", 1)[0] if "/" in frm else ""
    return relative_path(asset, base)
