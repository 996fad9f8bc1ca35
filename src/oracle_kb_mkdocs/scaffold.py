"""`oracle-kb init`: a starter mkdocs.yml (with its docs folder), a GitHub workflow and a pre-commit entry,
written into the repository that holds the oracle.

A file that exists is never touched: init says it skipped it, so a second run changes nothing. The
workflow and pre-commit entry name where oracle-kb comes from: `--source OWNER/REPO@REF`, else the git
repository pip installed it from (PEP 610 `direct_url.json`), else a placeholder that init tells to replace.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TextIO

from oracle_kb.config import ConfigError

from .site_config import DEFAULT_CONFIG, find_oracle, site_identity

TEMPLATES = Path(__file__).parent / "templates"
DOCS_DIR = "docs/oracle"  # the starter site's own pages; a subfolder, so a docs/ the repository has stays apart
PLACEHOLDER = "OWNER/oracle-kb"
_GITHUB = re.compile(r"^(?:https://github\.com/)?([\w.-]+/[\w.-]+?)(?:\.git)?/?(?:@([^\s@]+))?$")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a workflow and pre-commit take oracle-kb from: a GitHub repository and a git ref."""

    repo: str  # OWNER/REPO
    ref: str
    known: bool = True

    @property
    def action(self) -> str:
        return f"{self.repo}@{self.ref}"

    @property
    def url(self) -> str:
        return f"https://github.com/{self.repo}"


def init(cwd: Path, oracle_arg: str | None, *, source: str | None, out: TextIO) -> int:
    root = repository_root(cwd)
    oracle = _oracle(cwd, root, oracle_arg)
    rel = oracle.relative_to(root).as_posix()
    src = parse_source(source) if source else installed_source()
    print(f"oracle-kb init: {rel} in {root}", file=out)
    wrote = []
    if _create(root, "mkdocs.yml", starter_mkdocs_yml(oracle, rel), out):
        wrote.append("mkdocs.yml")
        identity = site_identity(oracle)
        index = _fill("docs-index.md", NAME=identity.name, DESCRIPTION=identity.description).rstrip() + "\n"
        _create(root, f"{DOCS_DIR}/index.md", index, out)
    workflow = _fill("workflow.yml", ORACLE_DIR=json.dumps(rel), ACTION=src.action)
    if _create(root, ".github/workflows/oracle-kb.yml", workflow, out):
        wrote.append("workflow")
    hooks = _fill("pre-commit-config.yaml", ORACLE_DIR=json.dumps(rel), REPO=src.url, REV=src.ref)
    if _create(root, ".pre-commit-config.yaml", hooks, out):
        wrote.append("pre-commit")
    elif "oracle-kb-check" not in (root / ".pre-commit-config.yaml").read_text(encoding="utf-8", errors="replace"):
        print(f"        to run oracle-kb there, add this entry under its `repos:`:\n{_entry(hooks)}", file=out)
    if not src.known and {"workflow", "pre-commit"} & set(wrote):
        print(
            f"note: oracle-kb was not installed from a GitHub repository, so the workflow and the pre-commit entry "
            f"name {src.action}: replace it with the repository and tag you install oracle-kb from (or delete "
            f"the files and run `oracle-kb init --source OWNER/REPO@REF`).",
            file=out,
        )
    print(
        "next: `oracle-kb serve` (live preview), `oracle-kb build --strict` (what CI runs)"
        if wrote
        else "nothing written: every file exists",
        file=out,
    )
    return 0


def repository_root(cwd: Path) -> Path:
    """The nearest folder upward with a `.git` (a folder, or a file in a worktree); else the working folder."""
    for folder in [cwd, *cwd.parents]:
        if (folder / ".git").exists():
            return folder
    return cwd


def _oracle(cwd: Path, root: Path, oracle_arg: str | None) -> Path:
    if oracle_arg is None:
        found = find_oracle(cwd)
        if len(found) != 1:
            names = ", ".join(os.path.relpath(p, cwd) for p in found) or "none"
            raise ConfigError(f"give the oracle folder, e.g. `oracle-kb init .claude/skills/NAME` (found: {names})")
        oracle_arg = str(found[0])
    oracle = (cwd / oracle_arg).resolve()
    if not oracle.is_dir():
        raise ConfigError(f"{oracle_arg}: oracle folder not found")
    if not oracle.is_relative_to(root):
        raise ConfigError(f"{oracle_arg}: outside the repository {root}; run init in the repository that holds it")
    return oracle


def starter_mkdocs_yml(oracle: Path, rel: str) -> str:
    """The default site configuration with this oracle's name, description, docs folder and folder filled in."""
    identity = site_identity(oracle)
    head = [
        "# Written by `oracle-kb init`: oracle-kb's default site configuration, made explicit. `oracle-kb serve`",
        "# previews the site, `oracle-kb build --strict` (or `mkdocs build --strict`) builds it as CI does.",
        f"# Pages of the site's own go in {DOCS_DIR}/; the oracle's pages come from the folder below.",
    ]
    body = [line for line in DEFAULT_CONFIG.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    named = [f"site_name: {json.dumps(identity.name, ensure_ascii=False)}"]
    if identity.description:
        named.append(f"site_description: {json.dumps(identity.description, ensure_ascii=False)}")
    named.append(f"docs_dir: {DOCS_DIR}")
    body = _replace_line(body, "site_name: oracle", named)
    body = _replace_line(body, "  - oracle-kb", ["  - oracle-kb:", f"      oracle_dir: {json.dumps(rel)}"])
    return "\n".join([*head, *body]) + "\n"


def _replace_line(lines: list[str], old: str, new: list[str]) -> list[str]:
    at = lines.index(old)  # a ValueError here means the packaged configuration changed shape: a bug
    return [*lines[:at], *new, *lines[at + 1 :]]


def _fill(template: str, **values: str) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def _entry(config: str) -> str:
    """The repository entry of a pre-commit configuration (its lines under `repos:`)."""
    lines = config.splitlines()
    return "\n".join(lines[lines.index("repos:") + 1 :])


def _create(root: Path, rel: str, text: str, out: TextIO) -> bool:
    path = root / rel
    if os.path.lexists(path):
        print(f"  skipped {rel} (exists; left as it is)", file=out)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never replaces a file made meanwhile
        fh.write(text)
    print(f"  wrote   {rel}", file=out)
    return True


def parse_source(text: str) -> Source:
    m = _GITHUB.match(text.strip())
    if m is None:
        raise ConfigError(f"--source {text!r}: expected OWNER/REPO@REF or https://github.com/OWNER/REPO@REF")
    return Source(m.group(1), m.group(2) or "main")


def installed_source() -> Source:
    """The GitHub repository and revision pip installed oracle-kb from (PEP 610), when it was a git URL."""
    try:
        raw = metadata.distribution("oracle-kb").read_text("direct_url.json")
        info = json.loads(raw) if raw else {}
    except (metadata.PackageNotFoundError, ValueError):
        info = {}
    return source_from_direct_url(info)


def source_from_direct_url(info) -> Source:
    vcs = info.get("vcs_info") if isinstance(info, dict) else None
    url = str(info.get("url", "")) if isinstance(vcs, dict) and vcs.get("vcs") == "git" else ""
    m = _GITHUB.match(url) if url.startswith("https://github.com/") else None
    if m is None:
        return Source(PLACEHOLDER, "main", known=False)
    return Source(m.group(1), str(vcs.get("requested_revision") or vcs.get("commit_id") or "main"))
