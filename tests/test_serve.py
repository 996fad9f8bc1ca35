"""`mkdocs serve` for authors: never aborts on findings, shows them on the page, reloads on oracle edits."""

import os
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
    port = free_port()
    env = {**os.environ, "ORACLE_KB_DIR": str(oracle), "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "mkdocs"),
            "serve",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/infra/01-serving/"
    try:
        page = wait_for(lambda: fetch(url))
        assert page, "mkdocs serve did not come up"
        assert "oracle-kb: 1 finding in this file" in page and "citations-missing" in page
        (oracle / "infra/01-serving.md").write_text(knowledge("Serving", body="Now with sources.\n"))
        fixed = wait_for(lambda: (p := fetch(url)) and "Now with sources." in p and p)
        assert fixed, "the edit was not picked up"
        assert "oracle-kb:" not in fixed
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


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
