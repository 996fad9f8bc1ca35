"""Pagefind's word index regrouped: a very common word and the words it begins end up in one chunk, and the
index holds exactly the words, pages and positions Pagefind wrote."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from oracle_kb_mkdocs.pagefind_chunks import SIGNATURE, _decode, prefixes, regroup
from oracle_kb_mkdocs.pagefind_index import pagefind_binary


def page(words: str) -> str:
    return f'<html lang="en"><body><main><h1>Page</h1><p>{words}</p></main></body></html>'


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """Pagefind's own output for pages where "attention" fills a chunk (over 20,000 positions) and words it
    begins ("attentionbased", "attentions", as "attention-based" and a plural index) come right after it."""
    base = tmp_path_factory.mktemp("pagefind")
    site = base / "site"
    for i in range(4):
        (site / f"p{i}").mkdir(parents=True)
        extra = " ".join(["attention-based models", "attentionspan", "bandwidth " * 6000][: i + 1])
        (site / f"p{i}" / "index.html").write_text(page("attention " * 6000 + extra + f" zebra{i}"))
    out = base / "pagefind"
    subprocess.run([pagefind_binary(), "--site", str(site), "--output-path", str(out)], check=True, capture_output=True)
    return out


def read(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE)
    return _decode(data[len(SIGNATURE) :])[0]


def index(bundle: Path) -> tuple[list, dict[str, list]]:
    """The chunk bounds and every word record (word -> [word, pages, variants]) of the bundle's one language."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    (info,) = entry["languages"].values()
    meta = read(bundle / f"pagefind.{info['hash']}.pf_meta")
    words = {}
    for _, _, name in meta[2]:
        for record in read(bundle / "index" / f"{name}.pf_index")[0]:
            words[record[0]] = record
    return meta, words


def test_words_a_chunk_ends_with_stay_with_it_and_nothing_is_lost(bundle, tmp_path):
    before_meta, before = index(bundle)
    bounds = before_meta[2]
    split = [i for i in range(len(bounds) - 1) if bounds[i + 1][0].startswith(bounds[i][1])]
    assert split, bounds  # Pagefind's own layout: the chunk after "attent" starts with a word it begins
    copy = tmp_path / "pagefind"
    shutil.copytree(bundle, copy)
    assert regroup(copy) >= 1
    meta, after = index(copy)
    assert after == before  # the same words, pages and positions
    assert meta[:2] == before_meta[:2] and meta[3:] == before_meta[3:]  # version, pages, filters: unchanged
    chunks = [read(copy / "index" / f"{name}.pf_index")[0] for _, _, name in meta[2]]
    for i in range(len(chunks) - 1):
        last, first = chunks[i][-1][0], chunks[i + 1][0][0]
        assert not first.startswith(last), (last, first)
        assert (meta[2][i][1], meta[2][i + 1][0]) == prefixes(last, first)  # bounds as Pagefind sets them
    stem_chunk = next(c for c in chunks if any(r[0] == "attent" for r in c))
    assert {r[0] for r in stem_chunk} >= {w for w in after if w.startswith("attent")}
    # the files: every name the metadata gives exists, and the replaced ones are gone
    assert {p.stem for p in (copy / "index").iterdir()} == {name for _, _, name in meta[2]}
    assert len(list(copy.glob("*.pf_meta"))) == 1


def test_a_bundle_it_does_not_know_is_left_alone(bundle, tmp_path):
    copy = tmp_path / "pagefind"
    shutil.copytree(bundle, copy)
    (meta,) = copy.glob("*.pf_meta")
    meta.write_bytes(gzip.compress(b"something else"))
    files = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert regroup(copy) == 0
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == files
    assert regroup(tmp_path / "missing") == 0


def test_prefixes_are_pagefinds():
    # the cases of Pagefind's own test (index/mod.rs)
    assert prefixes("apple", "apricot") == ("app", "apr")
    assert prefixes("cataraman", "yacht") == ("c", "y")
    assert prefixes("cath", "cathartic") == ("cath", "catha")


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian chromium is not installed")
def test_pagefind_in_the_browser_finds_the_same_pages_in_one_chunk(bundle, tmp_path):
    """Pagefind's own script and WebAssembly read the regrouped index: same results, one chunk fetched."""
    results = {}
    for name, regrouped in (("pagefind", False), ("regrouped", True)):
        site = tmp_path / name
        shutil.copytree(bundle.parent / "site", site)
        shutil.copytree(bundle, site / "pagefind")
        if regrouped:
            assert regroup(site / "pagefind") >= 1
        results[name] = search_in_browser(site, ["attention", "attentionbased", "bandwidth", "zebra2"])
    assert results["regrouped"]["answers"] == results["pagefind"]["answers"]
    assert results["pagefind"]["answers"]["attention"] == ["/p0/", "/p1/", "/p2/", "/p3/"]
    assert results["regrouped"]["chunks"]["attention"] == 1 < results["pagefind"]["chunks"]["attention"]


def search_in_browser(site: Path, queries: list[str]) -> dict:
    from conftest import StaticServer
    from playwright.sync_api import sync_playwright

    server = StaticServer(site)
    out = {"answers": {}, "chunks": {}}
    args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            for q in queries:
                ctx = browser.new_context()  # a cold cache: which chunks this query fetches
                pg = ctx.new_page()
                fetched: list[str] = []
                pg.on("requestfinished", lambda r, fetched=fetched: fetched.append(r.url))
                pg.goto(server.url + "p0/")
                urls = pg.evaluate(
                    """async (q) => {
                        const pf = await import("/pagefind/pagefind.js")
                        const found = await pf.search(q)
                        const data = await Promise.all(found.results.map((r) => r.data()))
                        return data.map((d) => d.url).sort()
                    }""",
                    q,
                )
                out["answers"][q] = urls
                out["chunks"][q] = sum(".pf_index" in u for u in fetched)
                ctx.close()
            browser.close()
    finally:
        server.close()
    return out
