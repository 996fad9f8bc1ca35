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
