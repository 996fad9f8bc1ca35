"""Shared builders: small oracles written to tmp_path, checked through the real scanner and rules."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from oracle_kb.config import Config
from oracle_kb.pipeline import check
from oracle_kb.read.scan import Scanner

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_e6818dd01cc91cb3.txt"
SEED_004 = SEEDS / "004_2b43e9a6160a2209.txt"
EMBEDDED = ROOT / "karpathy-deep-oracle"

SOURCES = """\
## Sources

1. [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) - the method.
2. [PEFT documentation](https://huggingface.co/docs/peft/index) - the library.
3. [PEFT repository](https://github.com/huggingface/peft) - the code.
"""


def knowledge(title: str = "A topic", body: str = "", sources: str = SOURCES, lines: int = 0) -> str:
    """A knowledge file that passes the file-level rules, padded to `lines` lines when asked."""
    head = f"# {title}\n\nWhat this file teaches, in one paragraph.\n\n"
    tail = f"{textwrap.dedent(body)}\n\n{sources}"
    filler = max(0, lines - head.count("\n") - tail.count("\n"))
    return head + "".join(f"Detail line {i}.\n" for i in range(filler)) + tail


def write_oracle(base: Path, files: dict[str, str | bytes], name: str = "oracle") -> Path:
    root = base / name
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root


def scan(root: Path, **overrides):
    cfg = Config(oracle_dir=root, **overrides)
    oracle = Scanner(cfg).scan()
    return oracle, cfg


def findings(root: Path, **overrides):
    return check(Config(oracle_dir=root, **overrides)).findings


def of(fs, rule: str):
    return [f for f in fs if f.rule == rule]


def plan(parts: str, header: str = "") -> str:
    """A minimal plan in the seeds' format."""
    return f"# Knowledge Expansion: Test plan\n\n**Date**: 2026-11-21\n{header}\n---\n\n{textwrap.dedent(parts)}"


@pytest.fixture
def oracle_dir(tmp_path):
    def make(files, name="oracle"):
        return write_oracle(tmp_path, files, name)

    return make


class StaticServer:
    """The built site served on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, root: Path):
        import functools
        import http.server
        import threading

        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _quiet_handler_base():
    import http.server

    return http.server.SimpleHTTPRequestHandler


class _QuietHandler(_quiet_handler_base()):
    def log_message(self, *args):
        pass


# Hypothesis: a bounded profile for the normal suite, a long one for fuzzing sessions
# (HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py).
try:
    import os as _os

    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "default",
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    settings.register_profile(
        "long",
        max_examples=5000,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    settings.load_profile(_os.environ.get("HYPOTHESIS_PROFILE", "default"))
except ImportError:  # pragma: no cover
    pass


CHROMIUM = "/usr/bin/chromium"  # Debian's chromium: the browser tests drive it through Playwright


def build_site(out: Path, **env: str) -> None:
    """`mkdocs build` of this repository's mkdocs.yml into `out`, with extra environment (ORACLE_KB_DIR...)."""
    full = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", **env}
    r = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full,
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
