"""`mkdocs serve` for authors: never aborts on findings, shows them on the page, reloads on oracle edits."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, knowledge, write_oracle
from site_oracles import CLEAN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode()
    except OSError:
        return None


def wait_for(pred, timeout=60.0):
    end = time.time() + timeout
    while time.time() < end:
        value = pred()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_serve_shows_findings_and_reloads_on_edit(tmp_path):
    files = dict(CLEAN)
    files["infra/01-serving.md"] = "# Serving\n\nNo sources yet.\n"  # an error finding: serve must not abort
    oracle = write_oracle(tmp_path, files, "sample-oracle")
    port, log = free_port(), tmp_path / "serve.log"
    proc = start_serve(oracle, port, log)
    url = f"http://127.0.0.1:{port}/infra/01-serving/"
    try:
        page = wait_for(lambda: fetch(url))
        assert page, "mkdocs serve did not come up"
        assert "oracle-kb: 1 finding in this file" in page and "citations-missing" in page
        (oracle / "infra/01-serving.md").write_text(knowledge("Serving", body="Now with sources.\n"))
        fixed = wait_for(lambda: (p := fetch(url)) and "Now with sources." in p and p)
        assert fixed, "the edit was not picked up"
        assert "oracle-kb:" not in fixed
        # The rebuild logs what changed among the findings, not every finding again.
        assert wait_for(
            lambda: re.search(r"oracle-kb: \d+ findings: 0 new since the last build.*, 1 gone", log.read_text())
        )
        assert log.read_text().count("citations-missing") == 1
    finally:
        stop(proc)


def test_serve_reindexes_search_in_the_background_after_an_edit(tmp_path):
    import json

    oracle = write_oracle(tmp_path, CLEAN, "sample-oracle")
    port = free_port()
    env = {**os.environ, "ORACLE_KB_DIR": str(oracle), "DISABLE_MKDOCS_2_WARNING": "true"}
    cmd = [str(Path(sys.executable).parent / "mkdocs"), "serve", "-f", str(ROOT / "mkdocs.yml")]
    proc = subprocess.Popen(
        [*cmd, "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    entry = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"

    def pages() -> int | None:
        text = fetch(entry)
        return json.loads(text)["languages"]["en"]["page_count"] if text else None

    try:
        before = wait_for(pages)
        assert before, "no search index after the first build"
        (oracle / "infra/02-okapi.md").write_text(knowledge("Okapi", body="The okapiquant trick.\n"))
        assert wait_for(lambda: pages() == before + 1), "the search index did not follow the new page"
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert "search re-indexed" in err


def start_serve(oracle: Path, port: int, log: Path, *extra: str) -> subprocess.Popen:
    """`mkdocs serve` as `make serve` runs it (with --dirty), its log to a file."""
    env = {**os.environ, "ORACLE_KB_DIR": str(oracle), "DISABLE_MKDOCS_2_WARNING": "true"}
    cmd = [str(Path(sys.executable).parent / "mkdocs"), "serve", "-f", str(ROOT / "mkdocs.yml")]
    with open(log, "w") as out:
        return subprocess.Popen(
            [*cmd, *extra, "-a", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def rebuilds(log: Path) -> list[tuple[int, int]]:
    """(pages re-rendered, pages in the site) for each build the serve log reports."""
    found = re.findall(r"oracle-kb: rebuilding (\d+) of (\d+) pages", log.read_text())
    return [(int(n), int(total)) for n, total in found]


def search_pages(base: str) -> int | None:
    """Pages in the Pagefind index the server serves."""
    text = fetch(base + "pagefind/pagefind-entry.json")
    return json.loads(text)["languages"]["en"]["page_count"] if text else None


def nav_titles(page: str) -> list[str]:
    return [t.strip() for t in re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', page)]


def test_dirty_serve_rebuilds_the_edited_page_and_what_depends_on_it(tmp_path):
    """One save: the page, its row on the topic INDEX page, and the "Referenced by" list of a page it now links
    to all change after the same rebuild, which re-renders only those pages and the other generated ones whose
    text changed. Pages not re-rendered keep their navigation titles; search is re-indexed over all pages."""
    oracle = write_oracle(tmp_path, dict(CLEAN), "sample-oracle")
    port, log = free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}/"
    proc = start_serve(oracle, port, log, "--dirty")
    try:
        first = wait_for(lambda: fetch(base + "vision/00-early-fusion/"))
        assert first, "mkdocs serve --dirty did not come up"
        late_before = fetch(base + "vision/01-late-fusion/")
        assert "Referenced by" not in late_before  # nothing links to late fusion yet
        index_before = fetch(base + "vision/")
        searched = wait_for(lambda: search_pages(base))
        assert searched, "no search index after the first build"
        reindexed = log.read_text().count("search re-indexed")
        edited = oracle / "vision/00-early-fusion.md"
        text = edited.read_text() + "\nThe quokkaword follows [late fusion](01-late-fusion.md).\n"
        edited.write_text(text)
        lines = text.count("\n")
        page = wait_for(lambda: (p := fetch(base + "vision/00-early-fusion/")) and "quokkaword" in p and p)
        assert page, "the edit did not reach the page"
        # The same rebuild brought the dependent pages up to date: no second wait.
        index = fetch(base + "vision/")
        row = next(r for r in re.findall(r"<tr>.*?</tr>", index, re.S) if "Early fusion" in r)
        assert re.search(rf">{lines}</td>", row), row
        assert not re.search(rf">{lines}</td>", index_before)
        late = fetch(base + "vision/01-late-fusion/")
        assert "Referenced by" in late and "Early fusion" in late.split("Referenced by", 1)[1]
        assert "The quokkaword follows late fusion." in late.split("Referenced by", 1)[1]  # the linking sentence
        n, total = rebuilds(log)[-1]
        assert n < total / 2, f"the edit re-rendered {n} of {total} pages"
        # Pages that were not re-rendered keep their titles in the navigation of those that were.
        assert nav_titles(page) == nav_titles(first)
        # Search is re-indexed in the background over the whole site, not only the pages re-rendered.
        assert wait_for(lambda: log.read_text().count("search re-indexed") > reindexed), "search was not re-indexed"
        assert search_pages(base) == searched
        # Rewording the sentence around the link changes the quote on the page it links to.
        edited.write_text(text.replace("The quokkaword follows", "Then the wombatword leads to"))
        assert wait_for(
            lambda: (p := fetch(base + "vision/01-late-fusion/")) and "Then the wombatword leads to late fusion." in p
        ), "the quote of the linking sentence did not follow the edit"
    finally:
        stop(proc)


def test_dirty_serve_adds_and_removes_files(tmp_path):
    """A file added outside the navigation: a partial rebuild serves it, lists it on its INDEX page and in the
    backlinks of the page it links to; deleting it undoes all three. A file added to a topic shown in the
    navigation rebuilds every page, so every page's navigation lists it."""
    oracle = write_oracle(tmp_path, dict(CLEAN), "sample-oracle")
    port, log = free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}/"
    proc = start_serve(oracle, port, log, "--dirty")
    try:
        assert wait_for(lambda: fetch(base + "vision/00-early-fusion/")), "mkdocs serve --dirty did not come up"
        assert fetch(base + "kb/root-files/") is None  # no knowledge file at the root yet
        searched = wait_for(lambda: search_pages(base))
        new = oracle / "quokka-notes.md"  # a file at the root: listed on kb/root-files, not in the navigation
        new.write_text(knowledge("Quokka notes", body="See [early fusion](vision/00-early-fusion.md).\n"))
        assert wait_for(lambda: fetch(base + "quokka-notes/")), "the new file was not served"
        assert "Quokka notes" in fetch(base + "kb/root-files/")
        assert "Quokka notes" in fetch(base + "vision/00-early-fusion/").split("Referenced by", 1)[1]
        n, total = rebuilds(log)[-1]
        assert n < total / 2, f"adding a file outside the navigation re-rendered {n} of {total} pages"
        assert wait_for(lambda: (search_pages(base) or 0) > searched), "search did not follow the added file"
        new.unlink()
        assert wait_for(lambda: fetch(base + "quokka-notes/") is None), "the deleted file is still served"
        assert "Quokka notes" not in (fetch(base + "kb/root-files/") or "")  # the page lists it no more, or is gone
        assert "Quokka notes" not in fetch(base + "vision/00-early-fusion/")
        assert wait_for(lambda: search_pages(base) == searched), "search did not follow the deleted file"
        (oracle / "infra/02-batching.md").write_text(knowledge("Quokka batching"))
        assert wait_for(lambda: (p := fetch(base + "infra/00-zero/")) and "Quokka batching" in nav_titles(p))
        n, total = rebuilds(log)[-1]
        assert n == total, "a navigation change must rebuild every page"
        assert "Quokka batching" in fetch(base + "infra/")
        assert wait_for(lambda: search_pages(base) == searched + 1), "search did not follow the full rebuild"
    finally:
        stop(proc)
