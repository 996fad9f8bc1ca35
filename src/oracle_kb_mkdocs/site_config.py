"""The site configuration `oracle-kb serve|build` use when the working folder has no mkdocs.yml.

It is the package's `default/mkdocs.yml` (theme, extensions, the oracle-kb plugin) with the
site name and description taken from the oracle's SKILL.md and the package's own docs folder. Its
configuration path is a mkdocs.yml in the working folder that does not exist: relative paths, the lookup of
oracle-kb.toml / pyproject.toml and the paths in messages then start from the working folder, as they would
with a real mkdocs.yml there.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from oracle_kb.read.knowledge import scan_knowledge
from oracle_kb.read.text import decode

PACKAGE_SITE = Path(__file__).parent / "default"
DEFAULT_CONFIG = PACKAGE_SITE / "mkdocs.yml"
PACKAGE_DOCS = PACKAGE_SITE / "docs"
SKILL = "SKILL.md"
SKILL_MAX_BYTES = 1024 * 1024
_UNSAFE = re.compile(r"<[^>]*>|[<>\"`]")  # tags, and what could open one or end an attribute
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SiteIdentity:
    name: str
    description: str = ""


def site_identity(oracle_dir: Path) -> SiteIdentity:
    """The site name: SKILL.md's front matter `title`, else its `# Title`, else its `name`, else the folder's name.

    The text is oracle input and MkDocs puts the name into every page's HTML unescaped: tags, angle
    brackets, quotes and backticks are dropped.
    """
    meta, title = _read_skill(oracle_dir)
    name = title or str(meta.get("name") or "")
    description = meta.get("description")
    return SiteIdentity(
        name=_plain(name, 80) or _plain(oracle_dir.name, 80) or "oracle",
        description=_plain(description, 300) if isinstance(description, str) else "",
    )


def _read_skill(oracle_dir: Path) -> tuple[dict, str]:
    """(front matter, title or "") of SKILL.md; nothing for a file that is missing, not regular, outside the
    oracle (a symlink out), too big or unreadable."""
    path = oracle_dir / SKILL
    try:
        inside = os.path.realpath(path).startswith(os.path.realpath(oracle_dir) + os.sep)
        if not inside or not path.is_file() or path.stat().st_size > SKILL_MAX_BYTES:
            return {}, ""
        kf = scan_knowledge(SKILL, decode(path.read_bytes()))
    except OSError:
        return {}, ""
    fell_back = kf.title in (SKILL, SKILL.removesuffix(".md"))  # no title: the reader used the file name
    return kf.front_matter, "" if fell_back else kf.title


def _plain(text: str, limit: int) -> str:
    return _SPACE.sub(" ", _UNSAFE.sub("", str(text))).strip()[:limit].strip()


def default_config(cwd: Path, oracle_dir: Path) -> dict:
    """Keyword arguments for `mkdocs.config.load_config` (and `mkdocs.commands.serve.serve`)."""
    identity = site_identity(oracle_dir)
    return {
        "config_file": str(DEFAULT_CONFIG),
        "config_file_path": str(cwd / "mkdocs.yml"),
        "site_name": identity.name,
        "site_description": identity.description or None,
        "docs_dir": str(PACKAGE_DOCS),
    }


def find_oracle(cwd: Path) -> list[Path]:
    """Oracle folders a command run in `cwd` may mean: `cwd` itself when it has a SKILL.md, else the folders
    under `.claude/skills/` and the folders of `cwd` that have one."""
    if (cwd / SKILL).is_file():
        return [cwd]
    found = [*sorted((cwd / ".claude" / "skills").glob(f"*/{SKILL}")), *sorted(cwd.glob(f"*/{SKILL}"))]
    return [p.parent for p in found]
