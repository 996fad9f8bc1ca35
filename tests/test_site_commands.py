"""`oracle-kb build|serve|init` and the GitHub Action, in this checkout's environment (the fresh-install run
in another repository is tests/test_other_repo.py)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, knowledge, write_oracle
from site_oracles import CLEAN

from oracle_kb.config import ConfigError
from oracle_kb_mkdocs.scaffold import init, parse_source, source_from_direct_url
from oracle_kb_mkdocs.site_config import site_identity

BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items() if k != "ORACLE_KB_DIR"}


def oracle_kb(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "oracle-kb"), *args], cwd=cwd, capture_output=True, text=True, env=env or ENV, timeout=300
    )


# ------------------------------------------------------------------ the site's name, from SKILL.md


@pytest.mark.parametrize(
    ("skill", "name"),
    [
        ("---\nname: my-oracle\ntitle: The Title\n---\n# The Heading\n", "The Title"),
        ("---\nname: my-oracle\n---\n# The **Heading**\n", "The Heading"),
        ("---\nname: my-oracle\n---\nNo heading.\n", "my-oracle"),
        ("No heading, no front matter.\n", "x-oracle"),
        ('# A <script>alert(1)</script> "quoted" `name`\n', "A alert(1) quoted name"),
        ("---\nname: [unclosed\n---\n# Heading despite bad YAML\n", "Heading despite bad YAML"),
    ],
)
def test_the_site_name_comes_from_skill_md(tmp_path, skill, name):
    oracle = write_oracle(tmp_path, {"SKILL.md": skill}, "x-oracle")
    assert site_identity(oracle).name == name


def test_the_description_is_plain_text_and_a_skill_md_outside_the_oracle_is_not_read(tmp_path):
    oracle = write_oracle(tmp_path, {"SKILL.md": '---\ndescription: Knows "things" <b>well</b>\n---\n# T\n'}, "a")
    assert site_identity(oracle).description == "Knows things well"
    (tmp_path / "secret.md").write_text("# Secret title\n")
    other = write_oracle(tmp_path, {"x.md": "# x\n"}, "b")
    (other / "SKILL.md").symlink_to(tmp_path / "secret.md")
    assert site_identity(other).name == "b"


# ------------------------------------------------------------------ build and serve without a mkdocs.yml


def test_build_without_mkdocs_yml_finds_the_one_oracle_and_writes_nothing_else(tmp_path):
    write_oracle(tmp_path / ".claude" / "skills", CLEAN, "x")
    r = oracle_kb(tmp_path, "build", "-d", "out")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "the default site configuration, for .claude/skills/x" in r.stderr
    home = (tmp_path / "out" / "index.html").read_text()
    assert "<title>Sample oracle - Sample oracle</title>" in home  # page title (the H1) - site name
    assert '<meta name="description" content="test">' in home
    assert (tmp_path / "out" / "vision" / "00-early-fusion" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".claude", "out"]


def test_build_reads_the_working_folders_configuration_file(tmp_path):
    write_oracle(tmp_path, CLEAN, "kb")
    write_oracle(tmp_path, CLEAN, "other")  # two oracles: only the configuration says which
    (tmp_path / "oracle-kb.toml").write_text('oracle-dir = "kb"\n')
    r = oracle_kb(tmp_path, "build", "-d", "out")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "for kb" in r.stderr


def test_build_says_which_oracle_to_name_when_it_cannot_tell(tmp_path):
    r = oracle_kb(tmp_path, "build")
    assert r.returncode == 2 and "no oracle here" in r.stderr and "oracle-kb serve .claude/skills/NAME" in r.stderr
    write_oracle(tmp_path, {"SKILL.md": "# A\n"}, "a")
    write_oracle(tmp_path / ".claude" / "skills", {"SKILL.md": "# B\n"}, "b")
    r = oracle_kb(tmp_path, "build")
    assert r.returncode == 2 and "several oracles here (.claude/skills/b, a)" in r.stderr
    r = oracle_kb(tmp_path, "build", "missing")
    assert r.returncode == 2 and "missing: oracle folder not found" in r.stderr
    assert "Traceback" not in r.stderr


def test_strict_build_fails_on_error_findings_and_names_them(tmp_path):
    broken = dict(CLEAN) | {"infra/01-serving.md": knowledge("Serving", body="See [gone](nowhere.md).\n")}
    write_oracle(tmp_path, broken, "kb")
    r = oracle_kb(tmp_path, "build", "kb", "--strict", "-d", "out")
    assert r.returncode == 1
    assert "kb/infra/01-serving.md:" in r.stderr and "link-broken" in r.stderr and "Aborted" in r.stderr


def test_the_oracle_argument_outranks_a_mkdocs_yml_and_its_plugin_options(tmp_path):
    write_oracle(tmp_path, CLEAN, "kb")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Mine\ntheme: material\nplugins:\n  - oracle-kb:\n      oracle_dir: not-there\n"
    )
    r = oracle_kb(tmp_path, "build", "kb", "-d", "out")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "using mkdocs.yml" in r.stderr
    assert "Mine" in (tmp_path / "out" / "index.html").read_text()
    r = oracle_kb(tmp_path, "build", "-d", "out")  # without it, the plugin option holds
    assert r.returncode == 1 and "not-there: not a folder" in r.stderr  # the build failed, saying why


# ------------------------------------------------------------------ init


def _init(root: Path, oracle: str | None = None, source: str | None = None) -> str:
    out = io.StringIO()
    assert init(root, oracle, source=source, out=out) == 0
    return out.getvalue()


def _tree(root: Path) -> dict:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def test_init_writes_the_starter_files_and_a_second_run_changes_nothing(tmp_path):
    (tmp_path / ".git").mkdir()
    write_oracle(tmp_path / ".claude" / "skills", CLEAN, "x")
    sub = tmp_path / "src"
    sub.mkdir()
    text = _init(sub, "../.claude/skills/x", source="acme/oracle-kb@v1")  # run from a subfolder of the repository
    for rel in ("mkdocs.yml", "docs/oracle/index.md", ".github/workflows/oracle-kb.yml", ".pre-commit-config.yaml"):
        assert f"wrote   {rel}" in text
    mk = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert mk["site_name"] == "Sample oracle" and mk["docs_dir"] == "docs/oracle"
    assert {"oracle-kb": {"oracle_dir": ".claude/skills/x"}} in mk["plugins"]
    flow = yaml.safe_load((tmp_path / ".github/workflows/oracle-kb.yml").read_text())
    steps = flow["jobs"]["check"]["steps"]
    assert flow["env"]["ORACLE_DIR"] == ".claude/skills/x"
    assert {
        "name": "Check the oracle (installs oracle-kb)",
        "uses": "acme/oracle-kb@v1",
        "with": {"oracle-dir": "${{ env.ORACLE_DIR }}"},
    } in steps
    assert "deploy-pages" in json.dumps(flow["jobs"]["deploy"])
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]
    ids = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["repo"] == "https://github.com/acme/oracle-kb" and hooks["rev"] == "v1"
    assert hooks["hooks"] == [{"id": "oracle-kb-check", "args": [".claude/skills/x"]}] and "oracle-kb-check" in ids
    before = _tree(tmp_path)
    again = _init(tmp_path)
    assert _tree(tmp_path) == before
    assert "wrote" not in again and again.count("skipped") == 3 and "nothing written" in again


def test_init_leaves_existing_files_alone_and_says_what_to_add(tmp_path):
    write_oracle(tmp_path, CLEAN, "kb")
    (tmp_path / "mkdocs.yml").write_text("site_name: Theirs\n")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    text = _init(tmp_path, "kb")
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Theirs\n"
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == "repos: []\n"
    assert not (tmp_path / "docs").exists()  # the docs folder comes with the starter mkdocs.yml only
    assert "skipped mkdocs.yml" in text and "- id: oracle-kb-check" in text
    assert "OWNER/oracle-kb@main" in (tmp_path / ".github/workflows/oracle-kb.yml").read_text()
    assert "note: oracle-kb was not installed from a GitHub repository" in text


def test_init_refuses_an_oracle_outside_the_repository(tmp_path):
    write_oracle(tmp_path, {"SKILL.md": "# A\n"}, "elsewhere")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    with pytest.raises(ConfigError, match="outside the repository"):
        _init(repo, "../elsewhere")
    assert sorted(p.name for p in repo.iterdir()) == [".git"]


def test_where_the_workflow_takes_oracle_kb_from():
    assert parse_source("https://github.com/acme/oracle-kb.git@v2").action == "acme/oracle-kb@v2"
    assert parse_source("acme/oracle-kb").action == "acme/oracle-kb@main"
    with pytest.raises(ConfigError, match="expected OWNER/REPO@REF"):
        parse_source("not a repo")
    git = {"url": "https://github.com/acme/oracle-kb.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}
    assert source_from_direct_url(git).action == "acme/oracle-kb@abc123"
    tagged = git | {"vcs_info": {"vcs": "git", "commit_id": "abc123", "requested_revision": "v1.2"}}
    assert source_from_direct_url(tagged).action == "acme/oracle-kb@v1.2"
    assert not source_from_direct_url({"url": "file:///src/oracle-kb", "dir_info": {}}).known


# ------------------------------------------------------------------ the GitHub Action


def test_the_action_declares_the_inputs_and_passes_them_as_environment():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert {"oracle-dir", "baseline", "format"} <= set(action["inputs"])
    assert action["runs"]["using"] == "composite"
    check = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    assert check["env"]["ORACLE_DIR"] == "${{ inputs.oracle-dir }}" and "${{" not in check["run"]
    for step in action["runs"]["steps"]:
        script = step["run"].split("/scripts/")[1].rstrip('"')
        assert (ROOT / "scripts" / script).is_file()


def test_the_action_check_step_annotates_findings_and_fails_on_errors(tmp_path):
    broken = dict(CLEAN) | {"infra/01-serving.md": knowledge("Serving", body="See [gone](nowhere.md).\n")}
    write_oracle(tmp_path, broken, "kb")
    env = ENV | {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "ORACLE_DIR": "kb", "FORMAT": "github"}
    env |= {"BASELINE": ""}  # an empty input adds no --baseline
    r = subprocess.run(
        ["bash", str(ROOT / "scripts" / "action-check")], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert r.returncode == 1, r.stderr
    assert "::error file=kb/infra/01-serving.md,line=" in r.stdout and "link-broken" in r.stdout
    clean = write_oracle(tmp_path, CLEAN, "clean")
    r = subprocess.run(
        ["bash", str(ROOT / "scripts" / "action-check")],
        cwd=tmp_path,
        env=env | {"ORACLE_DIR": str(clean)},
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_site_folder_inside_the_oracle_is_refused(tmp_path):
    oracle = write_oracle(tmp_path, CLEAN, "kb")
    r = oracle_kb(oracle, "build")  # run in the oracle folder itself: the default site folder would be kb/site
    assert r.returncode == 1 and "is inside the oracle" in r.stderr and "oracle-kb build -d FOLDER" in r.stderr
    assert not (oracle / "site").exists()


def test_serve_on_a_taken_address_says_so(tmp_path):
    import socket

    write_oracle(tmp_path, CLEAN, "kb")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        addr = f"127.0.0.1:{taken.getsockname()[1]}"
        r = oracle_kb(tmp_path, "serve", "kb", "-a", addr)
    assert r.returncode == 2
    assert f"oracle-kb: cannot serve on {addr}: Address already in use (choose another: -a 127.0.0.1:PORT)" in r.stderr
