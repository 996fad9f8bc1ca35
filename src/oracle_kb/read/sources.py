"""What a knowledge file's citations amount to, once the oracle's source copies are known.

The reader notes candidates (`read.citations`); here each becomes a *linked* source (a URL, an arXiv id, DOI
or ISBN, a link or code path to a file of a source copy), a *named* one (a bibliographic entry without URL, a
file outside the oracle: named precisely, but the reader cannot follow it), or nothing (a link to another
knowledge file is a cross-reference). Sources are counted once each: an arXiv URL and its id are one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Citation, CitationKind, KnowledgeFile, Oracle
from .paths import OutsideOracle, normalize

_ARXIV_URL = re.compile(r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})", re.I)
_DOI_URL = re.compile(r"https?://(?:dx\.)?doi\.org/(10\.\S+)", re.I)
_SOURCE_FILE_TYPES = (".pdf", ".epub", ".djvu")  # a document kept in the oracle is a source wherever it is


@dataclass(frozen=True, slots=True)
class Sourced:
    """A file's sources, each once: `linked` can be followed (URL, identifier, source copy); `named` cannot."""

    linked: tuple[Citation, ...] = ()
    named: tuple[Citation, ...] = ()

    copies_only: bool = False  # every linked source is a file of the oracle's source copies (an extract)

    @property
    def count(self) -> int:
        return len(self.linked) + len(self.named)


class SourceCopies:
    """The oracle's source copies (every file under `source-globs`, markdown or not), for code paths and links."""

    def __init__(self, oracle: Oracle, is_source: Callable[[str], bool]):
        self.oracle = oracle
        self.is_source = is_source
        self._by_name: dict[str, list[str]] | None = None

    def by_name(self) -> dict[str, list[str]]:
        if self._by_name is None:
            out: dict[str, list[str]] = {}
            for p in (*self.oracle.files, *self.oracle.other_files):
                if self.is_source(p):
                    out.setdefault(p.rsplit("/", 1)[-1], []).append(p)
            self._by_name = out
        return self._by_name

    def holds(self, path: str, folder: str) -> bool:
        """Whether a code path names a source copy: relative to the file or the root, or as the end of a path
        under a source folder (`ovis/model/x.py` for `source-codebases/00-Ovis/ovis/model/x.py`)."""
        for base in (folder, ""):
            try:
                rel = normalize(path, base)
            except OutsideOracle:
                continue
            if rel and self.is_source(rel):
                return True
        tail = path.strip("/").removeprefix("./")
        if not tail or tail.startswith("../"):
            return False
        parts = tail.split("/")
        held = self.by_name().get(parts[-1], ())
        # the path as written, else its last segments (two or more): `RESEARCH/Ovis25/Ovis/ovis/model/x.py`
        # names the copy's `ovis/model/x.py` when the repository was copied in
        for k in range(len(parts), min(len(parts), 2) - 1, -1):
            end = "/".join(parts[-k:])
            if any(p == end or p.endswith("/" + end) for p in held):
                return True
        return False


def sourced(kf: KnowledgeFile, copies: SourceCopies) -> Sourced:
    folder = kf.path.rsplit("/", 1)[0] if "/" in kf.path else ""
    linked: dict[str, Citation] = {}
    named: dict[str, Citation] = {}
    for c in kf.citations:
        if c.kind == CitationKind.URL:  # the common case, without the calls
            u = c.url
            linked.setdefault(_key(c) if "arxiv.org/" in u or "doi.org/" in u else u.rstrip("/"), c)
            continue
        strength = _strength(c, copies, folder)
        if strength is None:
            continue
        key = _key(c)
        if strength:
            linked.setdefault(key, c)
        else:
            named.setdefault(key, c)
    for key in linked:
        named.pop(key, None)
    if len(named) > 1:  # a work's title and its full reference elsewhere in the file are one source
        entries = [k for k, c in named.items() if c.kind == CitationKind.ENTRY and len(k) >= 12]
        for k in entries:
            if any(k != other and k in other for other in entries):
                named.pop(k, None)
    copies_only = bool(linked)
    for c in linked.values():
        if c.kind != CitationKind.LINK and c.kind != CitationKind.PATH:
            copies_only = False
            break
    return Sourced(tuple(linked.values()), tuple(named.values()), copies_only)


def _strength(c: Citation, copies: SourceCopies, folder: str) -> bool | None:
    """True: a source the reader can follow; False: named only; None: not a source."""
    kind = c.kind
    if kind == CitationKind.URL or kind == CitationKind.ID:
        return True
    if kind == CitationKind.LINK:
        return True if copies.is_source(c.url) or c.url.lower().endswith(_SOURCE_FILE_TYPES) else None
    if kind == CitationKind.PATH:
        if copies.holds(c.url, folder):
            return True
        return False if "/" in c.url.strip("/") else None  # a repository path: named, not in the oracle
    if kind in (CitationKind.OUTSIDE, CitationKind.ENTRY):
        return False
    return None  # ATTEMPT: judged by citation-url-invalid, never counted


def _key(c: Citation) -> str:
    if c.kind != CitationKind.URL:
        return c.url
    if "arxiv.org/" in c.url:
        m = _ARXIV_URL.match(c.url)
        if m:
            return f"arXiv:{m.group(1)}"
    elif "doi.org/" in c.url:
        m = _DOI_URL.match(c.url)
        if m:
            return f"doi:{m.group(1).lower()}"
    return c.url.rstrip("/")
