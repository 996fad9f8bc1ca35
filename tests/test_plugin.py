"""The MkDocs plugin `oracle-kb`: options and their precedence, the pages it adds, and the hooks files it replaces."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write_oracle
from site_oracles import CLEAN

from oracle_kb.config import ConfigError, load_config
from oracle_kb.model import Severity

BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items() if k != "ORACLE_KB_DIR"} | {"DISABLE_MKDOCS_2_WARNING": "true"}


def mkdocs_build(folder: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    cmd = [str(BIN / "mkdocs"), "build", "--strict", *args]
    return subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env or ENV, timeout=300)


# ------------------------------------------------------------------ precedence of the settings


def test_plugin_options_override_the_configuration_file_key_by_key(tmp_path, monkeypatch):
    monkeypatch.delenv("ORACLE_KB_DIR", raising=False)
    (tmp_path / "oracle-kb.toml").write_text(
        'oracle-dir = "from-file"\nmin-citations = 5\nignore = ["drafts/*"]\n[severity]\nlink-broken = "warning"\n'
    )
    cfg = load_config(
        cwd=tmp_path, options={"oracle_dir": "from-plugin", "min-citations": 1, "severity": {"html-unsafe": "off"}}
    )
    assert cfg.oracle_dir == tmp_path / "from-plugin"  # relative to the mkdocs.yml folder
    assert cfg.min_citations == 1
    assert cfg.ignore == ["drafts/*"]  # a key the options do not set keeps the file's value
    assert cfg.severity == {"link-broken": Severity.WARNING, "html-unsafe": None}  # merged rule by rule


def test_the_environment_and_the_command_line_override_the_plugin_options(tmp_path, monkeypatch):
    monkeypatch.setenv("ORACLE_KB_DIR", "from-env")
    assert load_config(cwd=tmp_path, options={"oracle_dir": "from-plugin"}).oracle_dir == tmp_path / "from-env"
    cfg = load_config(oracle_dir="from-cli", cwd=tmp_path, options={"oracle_dir": "from-plugin"})
    assert cfg.oracle_dir == tmp_path / "from-cli"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"oracle_dirr": "x"}, "unknown key 'oracle_dirr'"),
        ({"min_citations": -1}, "min_citations: expected a non-negative integer"),
        ({"oracle_dir": "a", "oracle-dir": "b"}, "'oracle_dir' and 'oracle-dir' are the same setting"),
    ],
)
def test_bad_plugin_options_are_named(tmp_path, options, message):
    with pytest.raises(ConfigError, match="mkdocs.yml: oracle-kb plugin options") as err:
        load_config(cwd=tmp_path, options=options)
    assert message in str(err.value)


# ------------------------------------------------------------------ sites built through the plugin and the hooks


def _site_folder(tmp_path: Path, mkdocs_yml: str, docs: dict[str, str]) -> Path:
    folder = tmp_path / "repo"
    write_oracle(folder, CLEAN, "oracle")
    for rel, text in docs.items():
        (folder / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / rel).write_text(text)
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "mkdocs.yml").write_text(mkdocs_yml)
    return folder


def test_the_plugin_alone_adds_generated_pages_guide_stylesheet_and_home_title(tmp_path):
    folder = _site_folder(
        tmp_path,
        "site_name: Plugin only\nsite_description: A description.\ntheme: material\n"
        "plugins:\n  - search\n  - oracle-kb:\n      oracle_dir: oracle\n      min_citations: 1\n",
        {},
    )
    r = mkdocs_build(folder, "-d", "out")
    assert r.returncode == 0, r.stderr[-3000:]
    out = folder / "out"
    home = (out / "index.html").read_text()
    assert '<h1 id="plugin-only">' in home and home.count("<h1") == 1  # a title: docs/ has no index.md
    assert "How to read this site" in home  # the generated home follows, in SKILL.md's words
    assert "Sample plan" in home  # the generated home follows it
    assert (out / "vision" / "index.html").is_file() and (out / "vision" / "00-early-fusion" / "index.html").is_file()
    assert (out / "kb" / "rules" / "index.html").is_file()
    assert "Authoring guide" in (out / "authoring" / "index.html").read_text()
    assert (out / "stylesheets" / "oracle-kb.css").read_text().startswith("/* oracle-kb")
    assert 'href="stylesheets/oracle-kb.css"' in home
    assert not list(folder.glob("docs/**/*.md"))  # nothing written into docs/
    # `search` still listed: Pagefind answers the search box, Material's lunr index is not built
    assert "Pagefind replaces Material's search plugin" in r.stderr
    assert not (out / "search").exists() and (out / "pagefind" / "pagefind-entry.json").is_file()


def test_docs_dir_pages_win_over_the_packaged_ones(tmp_path):
    folder = _site_folder(
        tmp_path,
        "site_name: Own docs\ntheme: material\nplugins:\n  - oracle-kb:\n      oracle-dir: oracle\n",  # file spelling
        {"index.md": "# Our own home\n\nOur words.\n", "authoring.md": "# Our rules for writing\n"},
    )
    r = mkdocs_build(folder, "-d", "out")
    assert r.returncode == 0, r.stderr[-3000:]
    home = (folder / "out" / "index.html").read_text()
    assert "Our own home" in home and "Our words." in home and "Sample plan" in home
    assert 'id="own-docs"' not in home  # no second title
    assert "Our rules for writing" in (folder / "out" / "authoring" / "index.html").read_text()


def test_the_repository_hooks_files_still_build_a_site(tmp_path):
    """hooks/*.py with a gen-files script: the way before the plugin; without an authoring guide in docs/,
    the navigation has no Authoring entry (a strict build would fail on a missing page)."""
    folder = _site_folder(
        tmp_path,
        f"site_name: Hooks\ntheme: material\nhooks:\n  - {ROOT / 'hooks' / 'oracle_kb_hooks.py'}\n"
        f"plugins:\n  - search\n  - gen-files:\n      scripts:\n        - {ROOT / 'hooks' / 'gen_pages.py'}\n",
        {"index.md": "# Hooks home\n"},
    )
    env = ENV | {"ORACLE_KB_DIR": str(folder / "oracle")}
    r = mkdocs_build(folder, "-d", "out", env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    out = folder / "out"
    assert (out / "vision" / "index.html").is_file() and (out / "vision" / "00-early-fusion" / "index.html").is_file()
    assert "zanzibarquokka" in (out / "vision" / "00-early-fusion" / "index.html").read_text()  # content, sanitized
    assert "Early fusion" in (out / "vision" / "index.html").read_text()
    assert not (out / "authoring").exists()
    assert ">Authoring<" not in (out / "index.html").read_text()
    assert (out / "kb" / "report" / "index.html").is_file()
    assert not (out / "search").exists() and (out / "pagefind" / "pagefind-entry.json").is_file()
