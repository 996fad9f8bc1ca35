"""Where each external URL is cited: knowledge files' citations and links, and SKILL.md's links."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..model import CitationKind, Oracle, Role


@dataclass(frozen=True, slots=True)
class Occurrence:
    url: str  # as written
    path: str
    line: int


def checkable(url: str) -> str | None:
    """The URL to ask for (no fragment), or None when it is not a well-formed http(s) URL."""
    u = url.strip()
    if not u or any(c.isspace() for c in u):
        return None
    try:
        parts = urlsplit(u)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return u.split("#", 1)[0]


def collect(oracle: Oracle) -> dict[str, list[Occurrence]]:
    """Checkable URL -> its occurrences, each (path, line, url) once, in file and line order."""
    holders = [kf for kf in oracle.linked_files() if kf.role != Role.SOURCE]  # a copy's URLs are its original's
    out: dict[str, list[Occurrence]] = {}
    seen: set[tuple[str, int, str]] = set()
    for kf in holders:
        cited = [(c.url, c.line) for c in kf.citations if c.kind == CitationKind.URL]
        pairs = cited + [(link.target, link.line) for link in kf.links]
        for url, line in sorted(pairs, key=lambda p: p[1]):
            key = checkable(url)
            if key is None or (kf.path, line, key) in seen:
                continue
            seen.add((kf.path, line, key))
            out.setdefault(key, []).append(Occurrence(url, kf.path, line))
    return out
