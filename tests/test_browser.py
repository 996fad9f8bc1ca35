"""The built site in a real browser: Debian chromium driven by Playwright, served on 127.0.0.1."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import EMBEDDED, ROOT, StaticServer, knowledge, write_oracle
from site_oracles import CLEAN

from oracle_kb.config import Config
from oracle_kb.pipeline import check

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed"),
]


def build(oracle: Path, out: Path) -> None:
    env = {**os.environ, "ORACLE_KB_DIR": str(oracle), "DISABLE_MKDOCS_2_WARNING": "true"}
    r = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


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


def test_search_finds_a_file_by_a_distinctive_term(page, embedded):
    url, checked = embedded
    oracle = checked.oracle
    term, path = _distinctive_term(oracle)
    page.goto(url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill(term)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    hrefs = [
        urlparse(urljoin(page.url, a.get_attribute("href") or "")).path
        for a in page.locator(".md-search-result__link").all()
    ]
    want = f"/{path[:-3]}/"
    assert want in hrefs, (term, want, hrefs[:10])
    shot(page, "search")
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
