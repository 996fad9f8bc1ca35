"""Build real sites with MkDocs (and ProperDocs) from small oracles and look at the output."""

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, StaticServer, knowledge, write_oracle
from site_oracles import CLEAN

BIN = Path(sys.executable).parent


def tree_digest(root: Path) -> dict:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build(oracle: Path, out: Path, *, strict=True, tool="mkdocs"):
    env = {**os.environ, "ORACLE_KB_DIR": str(oracle), "DISABLE_MKDOCS_2_WARNING": "true"}
    cmd = [str(BIN / tool), "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("clean")
    oracle = write_oracle(base, CLEAN, "sample-oracle")
    before = tree_digest(oracle)
    r = build(oracle, base / "site")
    return oracle, base / "site", r, before


def test_clean_oracle_builds_strict_and_stays_untouched(clean_site):
    oracle, site, r, before = clean_site
    assert r.returncode == 0, r.stderr[-3000:]
    assert tree_digest(oracle) == before
    # one scan per build: every markdown file of the oracle read exactly once (drops too: their heads make claims)
    assert f"({len(CLEAN)} files read)" in r.stderr


def test_generated_pages_exist_and_link_the_oracle(clean_site):
    _, site, _, _ = clean_site
    home = (site / "index.html").read_text()
    assert "vision" in home and "infra" in home and "Sample plan" in home
    topic = (site / "vision" / "index.html").read_text()
    assert 'href="00-early-fusion/"' in topic and 'href="01-late-fusion/"' in topic
    dash = (site / "kb/plans/expansion-sample-2026-11-21/index.html").read_text()
    assert "KNOWLEDGE-DROP-early-fusion-2026-11-21-1000.md" in dash and "<svg" in dash
    matrix = (site / "kb/plans/expansion-sample-2026-11-21/influences/index.html").read_text()
    assert matrix.count("okb-cell--cited") == 3  # PART 1 cites files 1 and 2, PART 2 file 2
    assert "citations-missing" in (site / "kb/rules/index.html").read_text()
    assert (site / "kb/report/index.html").exists()


def test_knowledge_page_has_strip_and_backlinks(clean_site):
    _, site, _, _ = clean_site
    page = (site / "vision/00-early-fusion/index.html").read_text()
    assert 'class="okb-strip"' in page and "PART 1" in page
    assert "Referenced by" in page and "../../infra/00-zero/" in page
    assert "oracle-kb:" not in page  # the findings box is for `mkdocs serve` only


def pagefind_pages(site: Path) -> dict[str, dict]:
    """The pages in the site's Pagefind index, by URL (each fragment: gzip of `pagefind_dcd` and JSON)."""
    out = {}
    for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(f.read_bytes())
        assert data.startswith(b"pagefind_dcd"), f
        page = json.loads(data[len(b"pagefind_dcd") :])
        out[page["url"]] = page
    return out


PLAN_URL = "/_ingest-auto/completed/expansion-sample-2026-11-21/ingestion/"


def test_search_index_holds_the_searched_pages_and_their_own_text(clean_site):
    _, site, _, _ = clean_site
    assert not (site / "search").exists()  # no lunr index: Pagefind's chunked index instead
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    indexed = pagefind_pages(site)
    # knowledge pages, SKILL.md, topic INDEX pages, the plan and its dashboard, docs/ pages; no KNOWLEDGE-DROP,
    # home page, report, rules or influence matrix
    assert set(indexed) == {
        "/vision/00-early-fusion/",
        "/vision/01-late-fusion/",
        "/infra/00-zero/",
        "/infra/01-serving/",
        "/SKILL/",
        "/vision/",
        "/infra/",
        PLAN_URL,
        "/kb/plans/expansion-sample-2026-11-21/",
        "/authoring/",
        "/ci/",
    }
    early = indexed["/vision/00-early-fusion/"]
    assert early["meta"] == {"title": "Early fusion", "tag": "vision"}
    assert "zanzibarquokka" in early["content"] and "ARR-COC-0-1" in early["content"]
    # the header strip, the "Referenced by" list and the permalinks are not the page's text
    assert "citations" not in early["content"] and "Referenced by" not in early["content"]
    assert "Late fusion" not in early["content"] and "¶" not in early["content"]
    assert indexed[PLAN_URL]["meta"]["tag"] == "plan"


def test_pages_carry_search_weights_and_material_search_never_starts(clean_site):
    _, site, _, _ = clean_site
    plan = (site / PLAN_URL.strip("/") / "index.html").read_text()
    assert 'data-pagefind-body data-pagefind-weight="0.1"' in plan
    assert 'data-pagefind-weight="0.5"' in (site / "vision/index.html").read_text()
    knowledge_page = (site / "vision/00-early-fusion/index.html").read_text()
    assert "data-pagefind-body data-pagefind-meta" in knowledge_page and "data-pagefind-weight" not in knowledge_page
    for page in site.rglob("*.html"):
        text = page.read_text()
        # Material's script starts its lunr search (and fetches search_index.json) for a form named "search"
        assert 'name="search"' not in text, page
        assert "data-okb-search" in text and "assets/oracle-kb/search.js" in text, page
    assert (site / "assets/oracle-kb/search.js").is_file()


def test_linkchecker_finds_no_broken_internal_links(clean_site):
    _, site, _, _ = clean_site
    server = StaticServer(site)
    try:
        r = subprocess.run(
            [str(BIN / "linkchecker"), "--no-status", "--no-warnings", server.url],
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.close()
    assert r.returncode == 0, r.stdout[-3000:]
    assert "0 errors found" in r.stdout


def test_missing_citations_fail_the_strict_build_naming_file_line_and_rule(tmp_path):
    files = dict(CLEAN)
    files["infra/01-serving.md"] = "# Serving\n\nNo sources at all.\n"
    oracle = write_oracle(tmp_path, files, "sample-oracle")
    r = build(oracle, tmp_path / "site")
    assert r.returncode != 0
    assert "sample-oracle/infra/01-serving.md:3: citations-missing" in r.stderr
    # a non-strict build (what `mkdocs serve` does) still succeeds
    assert build(oracle, tmp_path / "site2", strict=False).returncode == 0
    # the report links the finding to its page and section; the report itself stays out of search
    assert "/kb/report/" not in pagefind_pages(tmp_path / "site2")
    report = (tmp_path / "site2/kb/report/index.html").read_text()
    link = re.search(r'href="([^"]*01-serving[^"]*)">infra/01-serving.md:3<', report)
    assert link, report[:2000]
    target = (tmp_path / "site2/kb/report" / link.group(1).split("#")[0] / "index.html").resolve()
    assert target.is_file() and 'id="serving"' in target.read_text()


def test_broken_internal_link_fails_the_strict_build(tmp_path):
    files = dict(CLEAN)
    files["infra/01-serving.md"] = knowledge("Serving", body="[gone](../vision/99-missing.md)\n")
    r = build(write_oracle(tmp_path, files, "sample-oracle"), tmp_path / "site")
    assert r.returncode != 0 and "link-broken" in r.stderr


def test_unsafe_html_is_stripped_and_outside_files_never_served(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("# TOPSECRET-4711\n")
    files = dict(CLEAN)
    files["infra/01-serving.md"] = knowledge(
        "Serving",
        body=(
            '<img src="x" onerror="window.__pwned=1">\n\n<script>window.__pwned=2</script>\n\n'
            "<details><summary>kept</summary><sub>2</sub></details>\n\n[leak](../../secret.md)\n"
        ),
    )
    files["infra/00-zero.md"] = knowledge(
        "ZeRO <img src=x onerror=alert(7)>",
        body='[run me](javascript:window.__pwned=6) [me too](java&#115;cript:x())\n\npara\n{: onclick="x()" }\n',
    )
    files[".env"] = "TOPSECRET-4711=1\n"
    oracle = write_oracle(tmp_path, files, "sample-oracle")
    os.symlink(secret, oracle / "infra" / "linked-secret.md")
    r = build(oracle, tmp_path / "site", strict=False)
    assert r.returncode == 0, r.stderr[-2000:]
    page = (tmp_path / "site/infra/01-serving/index.html").read_text()
    assert "onerror" not in page and "__pwned=2" not in page
    assert "<details>" in page and "<sub>2</sub>" in page
    zero = (tmp_path / "site/infra/00-zero/index.html").read_text()
    assert "javascript:" not in zero and "java&#115;cript" not in zero and "onclick" not in zero
    # the H1 with markup reaches nav, header and <title> only as text
    assert "<img src=x" not in zero and "onerror=alert(7)" not in zero.replace("&lt;img src=x onerror=alert(7)&gt;", "")
    assert not (tmp_path / "site/.env").exists()
    for p in (tmp_path / "site").rglob("*"):
        if p.is_file():
            assert b"TOPSECRET-4711" not in p.read_bytes(), p


@pytest.mark.skipif(not (BIN / "properdocs").exists(), reason="properdocs not installed")
def test_properdocs_builds_the_same_site(clean_site, tmp_path):
    oracle, site, _, _ = clean_site
    r = build(oracle, tmp_path / "site", tool="properdocs")
    assert r.returncode == 0, r.stderr[-3000:]
    ours = sorted(str(p.relative_to(tmp_path / "site")) for p in (tmp_path / "site").rglob("*.html"))
    theirs = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert ours == theirs
    assert set(pagefind_pages(tmp_path / "site")) == set(pagefind_pages(site))


def test_rebuild_rereads_only_changed_files(tmp_path):
    from oracle_kb.config import Config
    from oracle_kb.read.scan import Scanner

    oracle = write_oracle(tmp_path, CLEAN, "o")
    scanner = Scanner(Config(oracle_dir=oracle))
    first = scanner.scan()
    assert scanner.reads == len(CLEAN)  # drops too: their heads make claims
    scanner.scan()
    assert scanner.reads == 0
    target = oracle / "infra/01-serving.md"
    target.write_text(target.read_text() + "\nMore text.\n")
    again = scanner.scan()
    assert (
        scanner.reads == 1 and again.files["infra/01-serving.md"].lines == first.files["infra/01-serving.md"].lines + 2
    )
    shutil.rmtree(oracle / "infra")
    assert "infra/00-zero.md" not in scanner.scan().files


def test_parallel_scan_builds_the_same_model_as_the_serial_one(tmp_path):
    from oracle_kb.config import Config
    from oracle_kb.read import scan as S
    from oracle_kb.read.parallel import MIN_ITEMS

    files = {
        f"t{i % 7}/{i:03d}.md": knowledge(
            f"File {i}", body=f"[next](../t{(i + 1) % 7}/{i + 1:03d}.md)\n```\n# not a heading\n```\n"
        )
        for i in range(MIN_ITEMS + 20)
    }
    files["t0/000.md"] = "---\ntitle: dated\nwhen: 2026-01-02\n---\n# With a date in front matter\n"
    files.update(CLEAN)
    oracle = write_oracle(tmp_path, files, "o")
    serial = S.Scanner(Config(oracle_dir=oracle)).scan()
    parallel_scanner = S.Scanner(Config(oracle_dir=oracle), parallel=True)
    parallel = parallel_scanner.scan()
    assert parallel_scanner.reads == len(files)  # drops too: their heads make claims
    assert parallel.files == serial.files and parallel.plans == serial.plans and parallel.drops == serial.drops


def test_a_failing_parse_worker_costs_time_not_files(tmp_path, monkeypatch):
    from oracle_kb.config import Config
    from oracle_kb.read import parallel as P
    from oracle_kb.read import scan as S

    def crash(results):
        raise MemoryError("worker killed")

    monkeypatch.setattr(P, "MIN_ITEMS", 2)
    monkeypatch.setattr(P, "_pack", crash)  # the forked worker inherits it
    files = {f"t/{i:02d}.md": knowledge(f"File {i}") for i in range(30)}
    oracle = write_oracle(tmp_path, files, "o")
    scanner = S.Scanner(Config(oracle_dir=oracle), parallel=True)
    model = scanner.scan()
    assert sorted(model.files) == sorted(files) and scanner.reads == len(files)
    assert model.files == S.Scanner(Config(oracle_dir=oracle)).scan().files


def test_a_file_that_grew_after_the_walk_is_read_whole(tmp_path):
    from oracle_kb.model import FileStamp
    from oracle_kb.read.scan import Entry, parse_entry

    f = tmp_path / "a.md"
    f.write_text("# Grown\n\n" + "line\n" * 1000 + "## Sources\n- https://example.org/x\n")
    for seen in (0, 10, f.stat().st_size - 1, f.stat().st_size, f.stat().st_size + 50):
        kf, read = parse_entry(Entry("a.md", str(f), "knowledge", FileStamp(seen, 0)), 10 * 1024 * 1024)
        assert read == 1 and kf.lines == 1004 and kf.citations_heading.title == "Sources"


def test_a_parse_error_here_never_leaves_the_worker_behind(tmp_path, monkeypatch):
    import signal

    from oracle_kb.config import Config
    from oracle_kb.read import parallel as P
    from oracle_kb.read import scan as S

    parent, real = os.getpid(), S.parse_entry

    def fail_here(entry, limit):
        if os.getpid() == parent:
            raise RuntimeError("parser bug")
        return real(entry, limit)

    monkeypatch.setattr(P, "MIN_ITEMS", 2)
    monkeypatch.setattr(S, "parse_entry", fail_here)
    body = "".join(f"See [n{i}](../t/{i:03d}.md) and https://example.org/{i}\n" for i in range(40))
    oracle = write_oracle(tmp_path, {f"t/{i:03d}.md": knowledge(f"F {i}", body=body) for i in range(300)}, "o")

    def hung(signum, frame):
        raise TimeoutError("the scan waited on its worker")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)  # a worker blocked on its pipe would hang the scan: fail instead
    try:
        with pytest.raises(RuntimeError, match="parser bug"):
            S.Scanner(Config(oracle_dir=oracle), parallel=True).scan()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the worker was reaped


@pytest.mark.parametrize("binary", ["/nonexistent/pagefind", "/bin/false"])
def test_a_missing_or_failing_pagefind_fails_the_build_with_a_clear_message(clean_site, tmp_path, binary):
    oracle, _, _, _ = clean_site
    env = {
        **os.environ,
        "ORACLE_KB_DIR": str(oracle),
        "DISABLE_MKDOCS_2_WARNING": "true",
        "PAGEFIND_BINARY_PATH": binary,
    }
    cmd = [str(BIN / "mkdocs"), "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode != 0
    assert "oracle-kb: search index:" in r.stderr and "Traceback" not in r.stderr
    if binary.startswith("/nonexistent"):
        assert "set PAGEFIND_BINARY_PATH" in r.stderr
