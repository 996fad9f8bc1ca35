"""Pages for finding one's way: the graph of pages, the tags, and every page in one list."""

from __future__ import annotations

from .home import topic_blurb
from .site_model import SiteModel
from .urls import ALL_PAGES, GRAPH, WIDE, esc, rel, topic_page

GRAPH_BOX = '<div class="okb-graph"></div>'  # the adapter points it at the data; the theme's script draws it


def graph_page(site: SiteModel, edges: int) -> str:
    n = len(site.oracle.files)
    return "\n".join(
        [
            WIDE + "# Graph of pages",
            "",
            f"The {n} knowledge pages and the {edges} links between them. A dot is a page (its colour is its "
            "topic, its size how many pages it links with); hover one to see its links and title, click it "
            "to open it. Scroll to zoom, drag to move.",
            "",
            GRAPH_BOX,
            "",
            f"Every page is also listed on its topic's page; see [all pages]({rel(GRAPH, _all(site))}).",
            "",
        ]
    )


def _all(site: SiteModel) -> str:
    return site.oracle.index.path if site.oracle.index else ALL_PAGES


def tags_page() -> str:
    """Material's tags plugin replaces the marker with every tag and the pages that carry it."""
    return "# Tags\n\nThe tags the knowledge pages give themselves (`tags:` in their front matter).\n\n<!-- material/tags -->\n"


def all_pages(site: SiteModel) -> str:
    out = ["# All pages", ""]
    for topic, files in site.oracle.topics.items():
        title = topic_blurb(site, topic)[0]
        out += [f"## [{esc(title)}]({rel(ALL_PAGES, topic_page(topic))})", ""]
        out += [f"- [{esc(f.title)}]({rel(ALL_PAGES, f.path)})" for f in files]
        out.append("")
    return "\n".join(out)
