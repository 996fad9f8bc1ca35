"""Where a path written in a plan or a link may point: inside the oracle root, nowhere else."""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]|^[A-Za-z]:$")


class OutsideOracle(ValueError):
    """The path leaves the oracle root (absolute, `..`, `~`, a drive, a symlink out)."""


@dataclass(frozen=True, slots=True)
class Resolution:
    path: str | None  # oracle-relative POSIX path, or None when nothing matched
    by_suffix: bool = False
    candidates: tuple[str, ...] = ()


def normalize(raw: str, base: str = "") -> str:
    """Oracle-relative POSIX path for `raw` written in a file under folder `base`.

    Raises OutsideOracle for anything that would leave the root. Never touches the disk.
    """
    fast = _normalize_plain(raw, base)
    if fast is not None:
        return fast
    from urllib.parse import unquote  # the careful path is rare: most runs never import urllib

    path = unquote(raw.strip()).replace("\\", "/")
    if not path:
        raise OutsideOracle("empty path")
    if path.startswith(("/", "~")) or _DRIVE.match(path) or "\x00" in path:
        raise OutsideOracle(f"{raw!r} is not a path inside the oracle")
    joined = posixpath.normpath(posixpath.join(base, path)) if base else posixpath.normpath(path)
    if joined == ".." or joined.startswith("../"):
        raise OutsideOracle(f"{raw!r} leads outside the oracle")
    return "" if joined == "." else joined


def _normalize_plain(raw: str, base: str) -> str | None:
    """The common case without posixpath: `name.md`, `sub/name.md`, `../topic/name.md`.

    Anything else (escapes, backslashes, drives, `~`, absolute, dot segments mid-path) returns None
    and takes the careful path.
    """
    if not raw or raw[0] in "/~ " or raw[-1] == " " or "%" in raw or "\\" in raw or ":" in raw or "//" in raw:
        return None
    path, ups = raw, 0
    while path.startswith("../"):
        path, ups = path[3:], ups + 1
    if path.startswith("./"):
        path = path[2:]
    if not path or path[0] == "." or "/." in path or "\x00" in path:
        return None
    if not base:
        return None if ups else path.rstrip("/")
    parts = base.split("/")
    if ups > len(parts):
        raise OutsideOracle(f"{raw!r} leads outside the oracle")
    prefix = "/".join(parts[: len(parts) - ups])
    path = path.rstrip("/")
    return f"{prefix}/{path}" if prefix else path


@lru_cache(maxsize=16)
def glob_matcher(globs: tuple[str, ...]) -> Callable[[str], bool]:
    """A test of oracle-relative paths against `fnmatch` globs (`*` crosses `/`), compiled into one regex."""
    if not globs:
        return lambda path: False
    rx = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs))
    return lambda path: rx.match(path) is not None


def internal_target(target: str) -> str | None:
    """The path part of a link that points into the oracle, or None for URLs, mail and pure anchors."""
    if "://" in target[:16]:  # the common external link, decided without a regex
        return None
    t = target.strip()
    if not t or t.startswith("#"):
        return None
    scheme = _SCHEME.match(t)
    if scheme and len(scheme.group(1)) > 1:  # https:, mailto:, javascript: ...; a one-letter "scheme" is a drive
        return None
    if t.startswith("//"):
        return None
    t = t.split("#", 1)[0].split("?", 1)[0]
    return t or None


def resolve_link(target: str, base: str) -> tuple[str | None, bool]:
    """(oracle-relative path, leaves the oracle) for a link target written in a file under folder `base`.

    URLs, mail and pure anchors give (None, False). Memoized per folder: files in one folder link the same
    neighbours again and again (a third of the benchmark oracle's links repeat a (target, folder) pair).
    """
    if "://" in target[:16]:  # the common external link, decided before any lookup
        return _NOT_INTERNAL
    memo = _RESOLVED.get(base)
    if memo is None:
        if len(_RESOLVED) >= _RESOLVED_MAX_FOLDERS:
            _RESOLVED.clear()
        memo = _RESOLVED[base] = {}
    hit = memo.get(target)
    if hit is None:
        if len(memo) >= _RESOLVED_MAX_PER_FOLDER:
            memo.clear()
        path = internal_target(target)
        if path is None:
            hit = _NOT_INTERNAL
        else:
            try:
                hit = (normalize(path, base), False)
            except OutsideOracle:
                hit = (None, True)
        memo[target] = hit
    return hit


_NOT_INTERNAL: tuple[str | None, bool] = (None, False)
# folder -> link target -> resolution; bounded for long `mkdocs serve` sessions, far above one oracle's needs
_RESOLVED: dict[str, dict[str, tuple[str | None, bool]]] = {}
_RESOLVED_MAX_FOLDERS = 10_000
_RESOLVED_MAX_PER_FOLDER = 50_000


def relative_path(to_path: str, from_dir: str) -> str:
    """`posixpath.relpath(to_path, from_dir)` for two oracle-relative paths, without asking for the cwd.

    Both are normalized POSIX paths relative to the same root ("" or "." is the root; a trailing "/" is
    ignored). posixpath.relpath makes both absolute first: two getcwd() calls for each link it relates.
    """
    to_parts = [p for p in to_path.split("/") if p and p != "."]
    from_parts = [p for p in from_dir.split("/") if p and p != "."]
    common = 0
    for a, b in zip(to_parts, from_parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


def inside(root: str, abs_path: str) -> bool:
    """True when `abs_path`, symlinks followed, stays under `root` (itself resolved)."""
    real = os.path.realpath(abs_path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def names_index(paths: set[str]) -> dict[str, list[str]]:
    """File name -> the paths ending in it: where a target that does not resolve may have gone."""
    index: dict[str, list[str]] = {}
    for k in paths:
        index.setdefault(k.rsplit("/", 1)[-1], []).append(k)
    return index


class TargetResolver:
    """Resolves plan target paths against the known files, search roots and the oracle's own name."""

    def __init__(
        self,
        known: set[str],
        search_roots: list[str],
        oracle_names: set[str],
        by_name: dict[str, list[str]] | None = None,
    ):
        self.known = known
        self.roots = [r.strip("/") for r in search_roots if r.strip("/") not in ("", ".")]
        self.names = {n for n in oracle_names if n}
        self._by_name = by_name

    def resolve(self, raw: str) -> Resolution:
        rel = normalize(raw)
        first, _, rest = rel.partition("/")
        tries = [rel]
        if rest and first in self.names:
            tries.append(rest)
        for t in list(tries):
            tries.extend(f"{root}/{t}" for root in self.roots)
        for t in tries:
            if t in self.known:
                return Resolution(t)
        tail = tries[1] if len(tries) > 1 and tries[1] != tries[0] and rest and first in self.names else rel
        matches = self._suffix_matches(tail)
        if len(matches) == 1:
            return Resolution(matches[0], by_suffix=True)
        return Resolution(None, candidates=tuple(sorted(matches)))

    def moved(self, raw: str) -> str | None:
        """The one known file with the target's name, when no file ends with its path: it was moved. Only for
        a name distinctive enough to mean that file (two words or more besides a number: `46-frozen-backbone.md`,
        not `00-overview.md`)."""
        name = normalize(raw).rsplit("/", 1)[-1]
        words = [w for w in re.split(r"[-_\s.]+", name.removesuffix(".md")) if w and not w.isdigit()]
        if len(words) < 2:
            return None
        if self._by_name is None:
            self._by_name = names_index(self.known)
        same = self._by_name.get(name, [])
        return same[0] if len(same) == 1 else None

    def _suffix_matches(self, rel: str) -> list[str]:
        if self._by_name is None:
            self._by_name = names_index(self.known)
        return [k for k in self._by_name.get(rel.rsplit("/", 1)[-1], []) if k == rel or k.endswith("/" + rel)]
