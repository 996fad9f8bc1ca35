"""The built site in a real browser: Debian chromium driven by Playwright, served on 127.0.0.1."""

import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import CHROMIUM, EMBEDDED, ROOT, StaticServer, build_site, knowledge, write_oracle
from site_oracles import CLEAN, SEARCH

from oracle_kb.config import Config
from oracle_kb.pipeline import check

ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed"),
]


def build(oracle: Path, out: Path) -> None:
    build_site(out, ORACLE_KB_DIR=str(oracle))


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    out = tmp_path_factory.mktemp("embedded") / "site"
    build(EMBEDDED, out)
    server = StaticServer(out)
    yield server.url, check(Config(oracle_dir=EMBEDDED))
    server.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    ctx.close()


def shot(pg, name):
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_home_lists_every_topic(page, embedded):
    url, checked = embedded
    oracle = checked.oracle
    page.goto(url)
    text = page.locator("article").inner_text()
    for topic in oracle.topics:
        assert topic in text
    shot(page, "home")
    assert page.errors == []


def _distinctive_term(oracle):
    """A long word that occurs in exactly one knowledge file (so search must find that file)."""
    seen: dict[str, set[str]] = {}
    for path in sorted(oracle.files):
        text = (EMBEDDED / path).read_text(encoding="utf-8", errors="replace").lower()
        for w in set(re.findall(r"\b[a-z]{10,16}\b", text)):
            seen.setdefault(w, set()).add(path)
    for w, paths in sorted(seen.items()):
        if len(paths) == 1:
            return w, next(iter(paths))
    pytest.skip("no word unique to one file")


def search_requests(pg) -> list:
    """Requests the page makes for search: our script and Pagefind's files (filled as they finish)."""
    seen: list = []
    pg.on(
        "requestfinished",
        lambda r: seen.append(r) if "/pagefind/" in r.url or r.url.endswith("/assets/oracle-kb/search.js") else None,
    )
    return seen


def open_search(pg, query: str) -> list[str]:
    """Open the box with the `/` key, type the query, wait for the results; their paths, best first."""
    pg.keyboard.press("/")
    box = pg.locator("input.md-search__input")
    box.fill("")  # the results of an earlier query go; the placeholder says the box is ready
    pg.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('Type')")
    box.fill(query)
    pg.locator(".md-search-result__item").first.wait_for(timeout=15000)
    pg.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('matching')")
    return [
        urlparse(urljoin(pg.url, a.get_attribute("href") or "")).path
        for a in pg.locator(".md-search-result__item > .md-search-result__link").all()
    ]


def test_search_finds_a_file_by_a_distinctive_term(page, embedded):
    url, checked = embedded
    oracle = checked.oracle
    term, path = _distinctive_term(oracle)
    loads = search_requests(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert loads == []  # nothing for search until the box opens
    page.locator(".md-search__input").click()
    page.locator("input.md-search__input").fill(term)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    hrefs = [
        urlparse(urljoin(page.url, a.get_attribute("href") or "")).path
        for a in page.locator(".md-search-result__link").all()
    ]
    want = f"/{path[:-3]}/"
    assert hrefs[0] == want, (term, want, hrefs[:10])
    shot(page, "search")
    assert page.errors == []


@pytest.fixture(scope="module")
def search_server(tmp_path_factory):
    """The SEARCH oracle's site served under a sub-path, as GitHub Pages serves a project site."""
    base = tmp_path_factory.mktemp("search")
    oracle = write_oracle(base, SEARCH, "search-oracle")
    build(oracle, base / "www" / "oracle-kb")
    server = StaticServer(base / "www")
    server.site = base / "www" / "oracle-kb"
    yield server
    server.close()


@pytest.fixture
def search_site(search_server):
    return search_server.url + "oracle-kb/"


KERNELS = "/oracle-kb/kernels/00-wombatfusion/"


def test_search_ranks_knowledge_above_plans_and_leaves_drops_out(page, search_site):
    page.goto(search_site + "vision/00-relevance/")
    found = open_search(page, "wombatfusion")
    plan = "/oracle-kb/_ingest-auto/completed/expansion-kernels-2026-11-22/ingestion/"
    dashboard = "/oracle-kb/kb/plans/expansion-kernels-2026-11-22/"
    # the page about the term first; the page that mentions it in passing above the plan whose PART names it
    assert found[0] == KERNELS, found
    assert found.index("/oracle-kb/kernels/01-compiled-graphs/") < found.index(plan) < found.index(dashboard)
    assert not [u for u in found if "KNOWLEDGE-DROP" in u], found
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text() == "Wombatfusion kernels"
    assert first.locator(".md-tag").first.inner_text() == "kernels"  # the topic
    assert "wombatfusion" in first.locator("mark").first.inner_text().lower()  # the snippet's highlight
    assert page.errors == []


def test_search_finds_identifiers_whole(page, search_site):
    page.goto(search_site)
    graphs = "/oracle-kb/kernels/01-compiled-graphs/"  # has ARR-COC-0-2, "ARR COC", "compile ... torch"
    found = open_search(page, "ARR-COC-0-1")
    assert found[0] == "/oracle-kb/vision/00-relevance/" and graphs not in found, found
    page.keyboard.press("Escape")
    # torch.compile in inline code and in a highlighted code block
    found = open_search(page, "torch.compile")
    assert found[0] == KERNELS and graphs not in found, found
    assert page.errors == []


def test_search_loads_nothing_until_opened_then_works_from_a_sub_path(page, search_site):
    loads = search_requests(page)
    page.goto(search_site + "kernels/01-compiled-graphs/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert loads == []
    page.locator(".md-search__input").focus()
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('Type')")
    assert [r.url for r in loads if r.url.endswith("search.js")] == [search_site + "assets/oracle-kb/search.js"]
    found = open_search(page, "wombatfusion")
    assert found[0] == KERNELS
    assert all(r.url.startswith(search_site) and r.response().status == 200 for r in loads)
    assert any(r.url.endswith(".pf_fragment") for r in loads)
    page.locator(".md-search-result__item > .md-search-result__link").first.click()
    page.wait_for_url("**" + KERNELS)
    assert page.locator("h1").first.inner_text().startswith("Wombatfusion kernels")
    assert not page.locator("#__search").is_checked()  # following a result closes the box
    assert page.errors == []


def test_search_keyboard_arrows_enter_escape(page, search_site):
    page.goto(search_site)
    found = open_search(page, "wombatfusion")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("ArrowDown")
    links = page.locator(".md-search-result__item > .md-search-result__link")
    assert links.nth(0).evaluate("a => a === document.activeElement")
    presses = 1
    while presses < 4 and not links.nth(1).evaluate("a => a === document.activeElement"):
        page.keyboard.press("ArrowDown")  # the first result's "more on this page" comes before the second result
        presses += 1
    assert links.nth(1).evaluate("a => a === document.activeElement")
    for _ in range(presses):
        page.keyboard.press("ArrowUp")
    assert page.locator("input.md-search__input").evaluate("i => i === document.activeElement")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("/")  # the box opens again on the same results; Enter opens the best one
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + found[0])
    assert page.errors == []


def test_search_looks_like_material_in_light_and_dark(page, search_site):
    page.goto(search_site + "kernels/")
    open_search(page, "wombatfusion")
    light = page.locator(".md-search__scrollwrap").evaluate("e => getComputedStyle(e).backgroundColor")
    shot(page, "search-light")
    page.keyboard.press("Escape")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    open_search(page, "torch.compile")
    dark = page.locator(".md-search__scrollwrap").evaluate("e => getComputedStyle(e).backgroundColor")
    shot(page, "search-dark")
    assert light != dark
    assert page.errors == []


def test_search_snippets_show_markup_as_text(page, search_site):
    page.goto(search_site)
    assert open_search(page, "numbatscript") == ["/oracle-kb/vision/01-numbat/"]
    snippet = page.locator(".md-search-result__article p").first
    assert "<img src=x onerror=window.__pwned=9>" in snippet.inner_text()
    assert snippet.locator("img").count() == 0 and page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_topic_index_links_every_file_and_each_opens(page, embedded):
    url, checked = embedded
    oracle = checked.oracle
    topic, files = max(oracle.topics.items(), key=lambda kv: len(kv[1]))
    page.goto(f"{url}{topic}/")
    links = page.locator("article table a")
    paths = {urlparse(urljoin(page.url, a.get_attribute("href"))).path for a in links.all()}
    for f in files:
        assert f"/{f.path[:-3]}/" in paths, f.path
    shot(page, "topic-index")
    for f in files:
        name = f.path.rsplit("/", 1)[1][:-3]
        resp = page.goto(f"{url}{topic}/{name}/")
        assert resp.status == 200
        assert page.locator("h1").first.inner_text().strip()
        assert page.locator(".okb-strip").count() == 1
    assert page.errors == []


def test_plan_dashboard_shows_every_part(page, embedded):
    url, checked = embedded
    for plan in checked.oracle.plans:
        slug = checked.index.slug(plan)
        page.goto(f"{url}kb/plans/{slug}/")
        rows = page.locator("article table:has(th:text-is('PART'))").locator("tbody tr")
        assert rows.count() == len(plan.parts), slug
        numbers = [rows.nth(i).locator("td").first.inner_text().strip() for i in range(rows.count())]
        assert numbers == [str(p.number) for p in plan.parts]
    shot(page, "dashboard")
    assert page.errors == []


def test_palette_toggle_switches_scheme(page, embedded):
    url, _ = embedded
    page.goto(url)
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{before}'")
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
    shot(page, "dark")
    assert page.errors == []


def test_script_payloads_in_content_never_run(page, tmp_path):
    files = dict(CLEAN)
    files["infra/01-serving.md"] = knowledge(
        "Serving",
        body=(
            '<img src="x" onerror="window.__pwned=1;document.title=\'PWNED\'">\n\n'
            "<script>window.__pwned=2</script>\n\n"
            '<a href="javascript:window.__pwned=3" id="jslink">click me</a>\n\n'
            '<svg onload="window.__pwned=4"></svg>\n\n<iframe src="javascript:parent.__pwned=5"></iframe>\n'
        ),
    )
    oracle = write_oracle(tmp_path, files, "xss-oracle")
    build(oracle, tmp_path / "site")
    server = StaticServer(tmp_path / "site")
    try:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{server.url}infra/01-serving/")
        page.wait_for_timeout(500)
        for sel in ("#jslink", "#mdlink"):
            if page.locator(sel).count():
                page.locator(sel).click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        assert "PWNED" not in page.title() and dialogs == []
        assert page.locator("article script").count() == 0 and page.locator("article iframe").count() == 0
        shot(page, "xss")
    finally:
        server.close()


def test_search_says_when_the_index_is_missing_and_recovers(page, search_server, search_site):
    bundle = search_server.site / "pagefind"
    bundle.rename(bundle.with_name("pagefind-away"))  # as while `mkdocs serve` rebuilds the site
    try:
        page.goto(search_site)
        page.keyboard.press("/")
        page.locator("input.md-search__input").fill("wombatfusion")
        page.wait_for_function(
            "document.querySelector('.md-search-result__meta').textContent.includes('not available')"
        )
    finally:
        bundle.with_name("pagefind-away").rename(bundle)
    page.locator("input.md-search__input").fill("wombatfusion kernels")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert (
        page.locator(".md-search-result__item > .md-search-result__link")
        .first.get_attribute("href")
        .endswith("/kernels/00-wombatfusion/")
    )
