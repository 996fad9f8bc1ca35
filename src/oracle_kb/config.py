"""One configuration, read by the CLI, the MkDocs plugin and hooks and the gen-files script alike.

Looked up like ruff does: `--config FILE`, else the nearest `oracle-kb.toml`, else the nearest
`pyproject.toml` with a `[tool.oracle-kb]` table, walking up from the working directory.
Settings merge key by key, the nearer to the command winning: defaults < that file < `options` (the MkDocs
plugin's options in mkdocs.yml) < `ORACLE_KB_DIR` (the oracle folder only) < an explicit CLI argument.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .model import Severity

ENV_ORACLE_DIR = "ORACLE_KB_DIR"
# Folders holding verbatim copies of papers, pages and code (the oracle format's `source-documents/` and
# `source-codebases/`): sources, not knowledge. Globs on paths relative to the oracle root; `*` crosses `/`.
DEFAULT_SOURCE_GLOBS = (
    "source-documents/*",
    "source-codebases/*",
    "source-code/*",
    "*/source-documents/*",
    "*/source-codebases/*",
    "*/source-code/*",
)

ENV_SITE_URL = "ORACLE_KB_SITE_URL"


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why."""


@dataclass(slots=True)
class Config:
    oracle_dir: Path = Path("karpathy-deep-oracle")
    search_roots: list[str] = field(default_factory=lambda: ["."])
    ignore: list[str] = field(default_factory=list)
    source_globs: list[str] = field(default_factory=lambda: list(DEFAULT_SOURCE_GLOBS))
    min_citations: int = 3
    line_tolerance_under: float = 0.2
    line_tolerance_over: float = 1.0
    arr_coc_share_factor: float = 3.0
    max_file_bytes: int = 10 * 1024 * 1024
    severity: dict[str, Severity | None] = field(default_factory=dict)  # None = off
    site_url: str = ""  # where the site is published (MkDocs `site_url`); ORACLE_KB_SITE_URL overrides it
    glossary: dict[str, str] = field(default_factory=dict)  # term -> definition, shown on the home page
    source: Path | None = None  # the file this came from

    def severity_of(self, rule_id: str, default: Severity) -> Severity | None:
        return self.severity.get(rule_id, default)


_KEYS = {
    "oracle-dir": "oracle_dir",
    "search-roots": "search_roots",
    "ignore": "ignore",
    "source-globs": "source_globs",
    "min-citations": "min_citations",
    "line-tolerance-under": "line_tolerance_under",
    "line-tolerance-over": "line_tolerance_over",
    "arr-coc-share-factor": "arr_coc_share_factor",
    "max-file-bytes": "max_file_bytes",
    "severity": "severity",
    "site-url": "site_url",
    "glossary": "glossary",
}
SETTINGS = tuple(_KEYS.values())  # the same settings under their Python names (the MkDocs plugin's option names)


def find_config_file(start: Path) -> tuple[Path, dict] | None:
    for folder in [start, *start.parents]:
        own = folder / "oracle-kb.toml"
        if own.is_file():
            return own, _load_toml(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _load_toml(pyproject)
            table = data.get("tool", {}).get("oracle-kb")
            if table is not None:
                return pyproject, table
    return None


def _load_toml(path: Path) -> dict:
    import tomllib  # only runs that find a configuration file pay for the TOML parser

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None


def load_config(
    config_file: str | os.PathLike | None = None,
    oracle_dir: str | os.PathLike | None = None,
    cwd: Path | None = None,
    options: dict | None = None,
) -> Config:
    """The configuration; `options` (keys as in the file, `-` or `_`) override the file's, paths relative to `cwd`."""
    cwd = (cwd or Path.cwd()).resolve()
    table: dict = {}
    source: Path | None = None
    if config_file is not None:
        source = Path(config_file).resolve()
        if not source.is_file():
            raise ConfigError(f"{config_file}: no such configuration file")
        data = _load_toml(source)
        table = data.get("tool", {}).get("oracle-kb", {}) if source.name == "pyproject.toml" else data
    else:
        found = find_config_file(cwd)
        if found:
            source, table = found
    cfg = _from_table(table, source)
    base = source.parent if source else cwd
    if not cfg.oracle_dir.is_absolute():
        cfg.oracle_dir = base / cfg.oracle_dir
    if options:
        _apply(cfg, options, "mkdocs.yml: oracle-kb plugin options", merge=True)
        if "oracle_dir" in options or "oracle-dir" in options:
            cfg.oracle_dir = cwd / cfg.oracle_dir
    env = os.environ.get(ENV_ORACLE_DIR)
    if env:
        cfg.oracle_dir = (cwd / env) if not os.path.isabs(env) else Path(env)
    if oracle_dir is not None:
        cfg.oracle_dir = cwd / oracle_dir
    cfg.oracle_dir = Path(os.path.abspath(cfg.oracle_dir))
    cfg.site_url = os.environ.get(ENV_SITE_URL) or cfg.site_url
    return cfg


def _from_table(table: dict, source: Path | None) -> Config:
    cfg = Config(source=source)
    _apply(cfg, table, f"{source}" if source else "configuration")
    return cfg


def _apply(cfg: Config, table: dict, where: str, merge: bool = False) -> None:
    """Set each key of `table` on `cfg`; with `merge`, severities add to those already set."""
    seen: dict[str, str] = {}
    for key, value in table.items():
        attr = _KEYS.get(key) or (key if key in SETTINGS else None)
        if attr is None:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(_KEYS))})")
        if attr in seen:
            raise ConfigError(f"{where}: {seen[attr]!r} and {key!r} are the same setting; keep one")
        seen[attr] = key
        try:
            converted = _convert(attr, value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: {key}: {exc}") from None
        setattr(cfg, attr, {**cfg.severity, **converted} if merge and attr == "severity" else converted)


def _convert(attr: str, value):
    if attr == "oracle_dir":
        return Path(str(value))
    if attr in ("search_roots", "ignore", "source_globs"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError("expected a list of strings")
        return list(value)
    if attr in ("min_citations", "max_file_bytes"):
        if not isinstance(value, int) or value < 0:
            raise ValueError("expected a non-negative integer")
        return value
    if attr in ("line_tolerance_under", "line_tolerance_over", "arr_coc_share_factor"):
        if not isinstance(value, (int, float)) or value < 0:
            raise ValueError("expected a non-negative number")
        return float(value)
    if attr == "site_url":
        if not isinstance(value, str):
            raise TypeError('expected a URL string such as "https://owner.github.io/repo/"')
        return value
    if attr == "glossary":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise TypeError('expected a table of term = "definition"')
        return {str(k): v for k, v in value.items()}
    if attr == "severity":
        if not isinstance(value, dict):
            raise TypeError("expected a table of rule-id = severity")
        out: dict[str, Severity | None] = {}
        for rule_id, sev in value.items():
            if sev == "off":
                out[rule_id] = None
            elif sev in ("error", "warning", "info"):
                out[rule_id] = Severity(sev)
            else:
                raise ValueError(f"{rule_id}: severity must be error, warning, info or off, not {sev!r}")
        return out
    return value
