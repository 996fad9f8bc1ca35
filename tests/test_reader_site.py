"""The site as a reader meets it (issue 15), in Debian chromium at 1400×900 and 390×844.

The embedded oracle is built with `site_url` under a project path (`/oracle-kb/`, as GitHub Pages serves a
project site) and served from that sub-path on 127.0.0.1, so instant navigation, previews and the 404
page are tried where they break. Screenshots land in test-artifacts/reader-*.png.
"""

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import CHROMIUM, EMBEDDED, ROOT, build_site

from oracle_kb.config import Config
from oracle_kb.pipeline import check
from oracle_kb.render import urls
from oracle_kb.render.home import GENERIC_TERMS

ARTIFACTS = ROOT / "test-artifacts"
PREFIX = "/oracle-kb/"
VIEWPORTS = {"desktop": (1400, 900), "phone": (390, 844)}
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed"),
]


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX only, and 404.html (status 404) for anything else, as GitHub Pages does."""

    def translate_path(self, path):
        if not path.startswith(PREFIX):
            return "/nonexistent"
        return super().translate_path("/" + path[len(PREFIX) :])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class SubPathServer:
    def __init__(self, root: Path):
        handler = functools.partial(_SubPathHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{PREFIX}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("reader") / "site"
    server = SubPathServer(out)  # the port must be known before the build: it is part of site_url
    build_site(out, ORACLE_KB_SITE_URL=server.url)
    yield server.url, check(Config(oracle_dir=EMBEDDED)), out
    server.close()


def _page(browser, viewport="desktop", scheme="light"):
    w, h = VIEWPORTS[viewport]
    ctx = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
    pg = ctx.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return ctx, pg


@pytest.fixture
def page(browser):
    ctx, pg = _page(browser)
    yield pg
    ctx.close()


def _url(src: str) -> str:
    return urls.page_url(src)


def generated_pages(checked) -> list[str]:
    """Source paths of every generated page of the embedded oracle's site."""
    o, index = checked.oracle, checked.index
    out = ["index.md", urls.GRAPH, urls.REPORT, urls.RULES, urls.TAGS]
    out += [urls.topic_page(t) for t in o.topics]
    for plan in o.plans:
        out.append(urls.plan_page(index.slug(plan)))
        if index.influences.get(plan.path):
            out.append(urls.matrix_page(index.slug(plan)))
    return out


def _plan_with_matrix(checked):
    return max(
        (p for p in checked.oracle.plans if checked.index.influences.get(p.path)),
        key=lambda p: (len(p.parts), p.path),
    )


def _linked_page(checked):
    """The knowledge page with the most pages linking to it."""
    return max(checked.oracle.files, key=lambda p: (len(checked.index.backlinks.get(p, [])), p))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_generated_page_scrolls_sideways(browser, site, viewport):
    url, checked, _ = site
    ctx, pg = _page(browser, viewport)
    try:
        plan = _plan_with_matrix(checked)
        extra = [plan.path, _linked_page(checked), *sorted(checked.oracle.drops)[:1]]
        wide = []
        for src in [*generated_pages(checked), *extra]:
            resp = pg.goto(url + _url(src))
            assert resp.status == 200, src
            pg.wait_for_timeout(150)
            sw, cw = pg.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if sw > cw:
                wide.append((src, sw, cw))
        assert wide == []
        assert pg.errors == []
    finally:
        ctx.close()


def test_internal_link_click_keeps_javascript_state(page, site):
    url, checked, _ = site
    page.goto(url)
    page.evaluate("window.__okbState = 42")
    topic = next(t for t in checked.oracle.topics if t)
    link = page.locator(f'article a[href$="/{topic}/"], article a[href="{topic}/"]').first
    link.click()
    page.wait_for_url(f"{url}{topic}/")
    page.wait_for_function(f"document.querySelector('article h1') && location.pathname.endsWith('/{topic}/')")
    assert page.evaluate("window.__okbState") == 42  # instant navigation: no reload, the script state is kept
    assert page.locator("article h1").inner_text().strip() != ""
    assert page.errors == []


def test_hover_preview_of_an_internal_link(page, site):
    url, checked, _ = site
    target = _linked_page(checked)
    src = checked.index.backlinks[target][0][0]
    page.goto(url + _url(src))
    link = page.locator(f'article p a[href$="/{_url(target)}"]').first
    link.scroll_into_view_if_needed()
    link.hover()
    tip = page.locator(".md-tooltip2[role=dialog]")
    tip.first.wait_for(state="visible", timeout=10000)
    assert checked.oracle.files[target].title.split(":")[0] in tip.first.inner_text()
    assert page.errors == []


def test_breadcrumbs_and_previous_next_footer(page, site):
    url, checked, _ = site
    kf = checked.oracle.files[_linked_page(checked)]
    page.goto(url + _url(kf.path))
    crumbs = page.locator("nav.md-path .md-path__link")
    assert crumbs.count() >= 1
    assert page.locator(".md-footer__link--prev, .md-footer__link--next").count() >= 1
    drop = sorted(checked.oracle.drops)[0]  # outside the navigation: breadcrumbs from the hooks
    page.goto(url + _url(drop))
    trail = [c.strip() for c in page.locator("nav.md-path .md-path__link").all_inner_texts()]
    ref = next(r for r in checked.index.parts if r.drop == drop)
    assert trail[0] == "Home" and trail[-1] == ref.plan.title
    assert page.errors == []


def test_home_defines_the_terms(page, site):
    url, checked, _ = site
    page.goto(url)
    article = page.locator("article")
    assert "How to read this site" in article.inner_text()
    terms = [t.strip() for t in page.locator("#how-to-read-this-site + ul li > strong").all_inner_texts()]
    for term, _, _ in GENERIC_TERMS:
        assert term in terms
    assert "ARR-COC-0-1" in terms  # the oracle's own term, from its SKILL.md glossary
    assert page.locator(".okb-topic").count() == len(checked.oracle.topics)
    assert page.locator("#recently-added + ul li").count() >= 1
    assert page.locator('article a[href$="INDEX/"]').count() == 1  # "All pages"
    shot(page, "home-check")


def test_influence_matrix_is_an_svg_with_one_cell_per_file_and_part(page, site):
    url, checked, _ = site
    plan = _plan_with_matrix(checked)
    slug = checked.index.slug(plan)
    page.goto(url + _url(urls.matrix_page(slug)))
    svg = page.locator("svg.okb-heatmap")
    assert svg.count() == 1
    cells = svg.locator("rect.okb-cell")
    assert cells.count() == len(checked.index.influences[plan.path]) * len(plan.parts)
    box = svg.bounding_box()
    assert box["x"] + box["width"] <= page.viewport_size["width"]
    assert page.locator(".okb-legend__item").count() == 3
    assert page.errors == []


def test_graph_page_draws_one_node_per_knowledge_page(page, site):
    url, checked, _ = site
    page.goto(url + _url(urls.GRAPH))
    nodes = page.locator(".okb-graph svg circle")
    nodes.first.wait_for(timeout=10000)
    assert nodes.count() == len(checked.oracle.files)
    titles = set(page.eval_on_selector_all(".okb-graph svg circle title", "ts => ts.map(t => t.textContent)"))
    assert titles == {kf.title for kf in checked.oracle.files.values()}
    assert page.errors == []


def test_a_tag_page_lists_the_tagged_pages(page, site):
    url, checked, _ = site
    tagged = {p: kf.front_matter.get("tags") or [] for p, kf in checked.oracle.files.items()}
    tag = "fusion"
    want = {f"{PREFIX}{_url(p)}" for p, tags in tagged.items() if tag in tags}
    assert want
    page.goto(url + _url(urls.TAGS))
    links = page.locator(f'h2[id="tag:{tag}"] + ul a')
    got = {urlparse(urljoin(page.url, a.get_attribute("href"))).path for a in links.all()}
    assert got == want


def test_plan_and_drop_pages_link_back(page, site):
    url, checked, _ = site
    plan = _plan_with_matrix(checked)
    dashboard = f"{PREFIX}{_url(urls.plan_page(checked.index.slug(plan)))}"
    page.goto(url + _url(plan.path))
    hrefs = {urlparse(urljoin(page.url, a.get_attribute("href") or "")).path for a in page.locator("article a").all()}
    assert dashboard in hrefs
    # the plan's **Key**: value lines keep their line breaks
    assert page.locator("article p br").count() >= 2
    ref = next(r for r in checked.index.parts if r.drop and r.file and r.plan.path == plan.path)
    page.goto(url + _url(ref.drop))
    strip = page.locator(".okb-strip a")
    hrefs = {urlparse(urljoin(page.url, a.get_attribute("href"))).path for a in strip.all()}
    assert dashboard in hrefs and f"{PREFIX}{_url(ref.file.path)}" in hrefs
    assert page.errors == []


def test_referenced_by_quotes_the_linking_sentence_and_is_in_the_toc(page, site):
    url, checked, _ = site
    target = _linked_page(checked)
    page.goto(url + _url(target))
    assert page.locator('.md-sidebar--secondary a[href$="#referenced-by"]').count() == 1
    quotes = [q.strip("\u201c\u201d") for q in page.locator("ul.okb-backlinks .okb-ctx").all_inner_texts()]
    assert quotes and all(q for q in quotes)
    src = checked.index.backlinks[target][0][0]
    text = (EMBEDDED / src).read_text(encoding="utf-8")
    first = quotes[0].strip("…")[:40]
    assert first.split()[0] in text  # the quote comes from the linking page
    assert page.locator("figure.okb-local svg a").count() >= 1


def test_404_page_is_styled_under_the_project_path(page, site):
    url, _, _ = site
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "/assets/" in r.url else None)
    resp = page.goto(url + "no/such/page/")
    assert resp.status == 404
    page.wait_for_load_state("networkidle")
    assert failed == []
    bg = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert bg not in ("", "rgba(0, 0, 0, 0)", "transparent")


SHOTS = {
    "home": lambda c: "index.md",
    "topic": lambda c: urls.topic_page(max(c.oracle.topics, key=lambda t: len(c.oracle.topics[t]))),
    "dashboard": lambda c: urls.plan_page(c.index.slug(_plan_with_matrix(c))),
    "matrix": lambda c: urls.matrix_page(c.index.slug(_plan_with_matrix(c))),
    "graph": lambda c: urls.GRAPH,
    "knowledge": lambda c: _linked_page(c),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_screenshots(browser, site, viewport, scheme):
    url, checked, _ = site
    ctx, pg = _page(browser, viewport, scheme)
    try:
        for name, src in SHOTS.items():
            pg.goto(url + _url(src(checked)))
            pg.wait_for_timeout(400)
            assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
                "slate" if scheme == "dark" else "default"
            )
            shot(pg, f"{name}-{viewport}-{scheme}")
        assert pg.errors == []
    finally:
        ctx.close()


def shot(pg, name):
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"reader-{name}.png"))
