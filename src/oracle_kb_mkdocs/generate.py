"""The generated pages, written through mkdocs-gen-files (virtual: nothing lands in the oracle or docs/).

It renders from the scan the hooks made in on_config, so the oracle is read once per build.
"""

from __future__ import annotations

import mkdocs_gen_files

from oracle_kb.render import explore, pages, urls
from oracle_kb.render.graph import graph_json
from oracle_kb.render.home import topic_blurb
from oracle_kb.rules import all_rules

from .state import current_site


def _write(path: str, text: str, mode: str = "w") -> None:
    with mkdocs_gen_files.open(path, mode, encoding="utf-8") as fh:
        fh.write(text)


def _exists(path: str) -> bool:
    """Whether the site already has this page (docs_dir's own, or one written earlier in this build)."""
    from mkdocs_gen_files.editor import FilesEditor

    return FilesEditor.current().files.get_file_from_path(path) is not None


def write_pages() -> None:
    site = current_site()
    rules = all_rules()
    # A project's own docs/index.md opens the home page; the generated part then goes without its title.
    _write("index.md", pages.home(site, titled=not _exists("index.md")), mode="a")
    for topic, files in site.oracle.topics.items():
        _write(urls.topic_page(topic), pages.topic_index(site, topic, files))
    for plan in site.oracle.plans:
        _write(site.plan_page(plan), pages.dashboard(site, plan))
        if site.has_matrix(plan):
            _write(site.matrix_page(plan), pages.influence_matrix(site, plan))
    _write(urls.REPORT, pages.report(site, rules))
    _write(urls.RULES, pages.rules_page(rules))
    write_explore_pages()


def write_explore_pages() -> None:
    """The graph of pages (with its precomputed layout as JSON), the tags page, and all pages when the
    oracle has no INDEX.md of its own."""
    site = current_site()
    data, edges = graph_json(
        site.oracle, site.adjacency, site.directory_urls, topic_title=lambda t: topic_blurb(site, t)[0]
    )
    _write(urls.GRAPH_DATA, data)
    _write(urls.GRAPH, explore.graph_page(site, edges))
    if site.tagged:
        _write(urls.TAGS, explore.tags_page())
    if site.oracle.index is None:
        _write(urls.ALL_PAGES, explore.all_pages(site))
