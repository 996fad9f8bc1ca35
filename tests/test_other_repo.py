"""Issue 16, "use it in any oracle's repository": oracle-kb installed from this checkout into a fresh virtual
environment without the dev extras, used in a throwaway repository that has an oracle under
.claude/skills/x/ and no mkdocs.yml.

The wheel is built once per session (pip wheel, its build dependencies from the package index or pip's
cache); the fresh environment gets it and the runtime dependencies through the same pip, so the run needs
nothing but the package index.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write_oracle
from site_oracles import CLEAN
from test_serve import fetch, free_port, wait_for


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A virtual environment holding oracle-kb as a user installs it: the wheel and its runtime dependencies."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"  # only what the wheel is built from (no .venv, site or oracle to copy or scan)
    for rel in _committable("pyproject.toml", "README.md", "src"):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, source / rel)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    r = _run([*pip, "wheel", "--no-deps", "--quiet", "-w", str(base / "wheels"), str(source)])
    assert r.returncode == 0, r.stderr[-3000:]
    wheel = next((base / "wheels").glob("oracle_kb-*.whl"))
    env = base / "venv"
    r = _run([sys.executable, "-m", "venv", "--without-pip", str(env)])
    assert r.returncode == 0, r.stderr
    r = _run([*pip, "--python", str(env / "bin" / "python"), "install", "--quiet", str(wheel)])
    assert r.returncode == 0, r.stderr[-3000:]
    return env


def _committable(*paths: str) -> list[str]:
    """The files under `paths` that git tracks or would add (not the ignored ones): what a clone will have.
    A file the package needs but .gitignore hides fails here rather than only in CI."""
    r = _run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *paths], cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return [rel for rel in r.stdout.splitlines() if (ROOT / rel).is_file()]


@pytest.fixture(scope="module")
def other_repo(tmp_path_factory) -> Path:
    """A repository with an oracle next to its code, no mkdocs.yml and no oracle-kb configuration."""
    repo = tmp_path_factory.mktemp("other") / "repo"
    repo.mkdir()
    assert _run(["git", "init", "-q", str(repo)]).returncode == 0
    (repo / "app.py").write_text("print('the code the oracle serves')\n")
    write_oracle(repo / ".claude" / "skills", CLEAN, "x")
    return repo


def in_repo(venv: Path, repo: Path, *args: str) -> subprocess.CompletedProcess:
    """A command of the fresh environment, run in the other repository (nothing of this checkout on the path)."""
    return _run([str(venv / "bin" / args[0]), *args[1:]], cwd=repo, env=_env(venv))


def _env(venv: Path) -> dict:
    drop = {"VIRTUAL_ENV", "PYTHONPATH", "ORACLE_KB_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)])
    return env


def _tree(root: Path) -> dict[str, bytes]:
    skip = {".git", "site"}
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not skip & set(p.relative_to(root).parts)
    }


def test_the_install_has_the_runtime_and_not_the_dev_extras(venv):
    assert (
        _run([str(venv / "bin" / "python"), "-c", "import oracle_kb_mkdocs.plugin, mkdocs_gen_files"]).returncode == 0
    )
    assert _run([str(venv / "bin" / "python"), "-c", "import pytest"]).returncode != 0
    where = _run([str(venv / "bin" / "python"), "-c", "import oracle_kb; print(oracle_kb.__file__)"]).stdout
    assert where.startswith(str(venv))  # the installed copy, not this checkout


def test_build_writes_the_site_of_an_oracle_in_another_repository(venv, other_repo):
    before = _tree(other_repo)
    r = in_repo(venv, other_repo, "oracle-kb", "build", ".claude/skills/x", "-d", "site")
    assert r.returncode == 0, r.stderr[-3000:]
    site = other_repo / "site"
    assert "Sample oracle" in (site / "index.html").read_text()
    assert "00-early-fusion/" in (site / "vision" / "index.html").read_text()  # the topic's INDEX page
    for page in ("vision/00-early-fusion", "vision/01-late-fusion", "infra/00-zero", "authoring", "kb/report"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "stylesheets" / "oracle-kb.css").is_file()
    assert _tree(other_repo) == before  # nothing written but the site


def test_serve_answers_on_127_0_0_1(venv, other_repo):
    port = free_port()
    cmd = [str(venv / "bin" / "oracle-kb"), "serve", ".claude/skills/x", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(
        cmd, cwd=other_repo, env=_env(venv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        page = wait_for(lambda: fetch(f"http://127.0.0.1:{port}/vision/00-early-fusion/"))
        assert page and "Early fusion" in page, "oracle-kb serve did not come up"
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl+C: MkDocs shuts the server down and removes its build folder
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert f"serving it at http://127.0.0.1:{port}/" in err and f"Serving on http://127.0.0.1:{port}/" in err
    assert "oracle-kb: rebuilding" in err  # served with --dirty: a save re-renders only what it affects


def test_init_then_plain_mkdocs_build_strict_and_a_second_init_changes_nothing(venv, other_repo):
    r = in_repo(venv, other_repo, "oracle-kb", "init")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "wrote   mkdocs.yml" in r.stdout and "wrote   .github/workflows/oracle-kb.yml" in r.stdout
    r = in_repo(venv, other_repo, "mkdocs", "build", "--strict", "-d", "site-mkdocs")
    assert r.returncode == 0, r.stderr[-3000:]
    assert (other_repo / "site-mkdocs" / "vision" / "00-early-fusion" / "index.html").is_file()
    assert "Sample oracle" in (other_repo / "site-mkdocs" / "index.html").read_text()
    shutil.rmtree(other_repo / "site-mkdocs")
    before = _tree(other_repo)
    r = in_repo(venv, other_repo, "oracle-kb", "init")
    assert r.returncode == 0 and "nothing written" in r.stdout
    assert _tree(other_repo) == before


# ------------------------------------------------------------------ baseline and SARIF (the other half of issue 16)
# `oracle-kb baseline`, `oracle-kb check --baseline FILE` and `--format sarif` come from a parallel change; their
# tests in another repository go here, with the `venv` and `other_repo` fixtures and `in_repo(...)` above
# (for example: introduce a finding into .claude/skills/x, write a baseline, check that only new findings fail,
# and that `--format sarif` writes a report whose results name .claude/skills/x/... paths).
