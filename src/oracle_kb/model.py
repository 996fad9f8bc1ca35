"""The oracle as plain typed objects.

Everything the checks and renderers need is here, derived from one read of each file.
Paths are POSIX strings relative to the oracle root. Line numbers are 1-based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

_NUMBER_PREFIX = re.compile(r"^\d+[-_.]+")


def slug_from_target(target: str) -> str:
    """`vlm-mastery/00-early-fusion-architectures.md` -> `early-fusion-architectures`."""
    stem = target.replace("\\", "/").rsplit("/", 1)[-1]
    if stem.lower().endswith(".md"):
        stem = stem[:-3]
    return _NUMBER_PREFIX.sub("", stem).lower()


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    path: str
    line: int
    message: str
    fix: str = ""


@dataclass(slots=True)
class TextIssue:
    """A problem met while decoding a file; becomes a finding of `rule`."""

    rule: str
    line: int
    message: str
    fix: str = ""


@dataclass(slots=True)
class SourceText:
    """Decoded text of one file, with what decoding had to repair."""

    text: str
    newline: str = "\n"
    bom: bool = False
    issues: list[TextIssue] = field(default_factory=list)
    mojibake_lines: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Heading:
    level: int
    title: str
    line: int
    end_line: int = 0  # last line of the section this heading opens

    @property
    def anchor(self) -> str:
        """The id Python-Markdown's toc extension gives this heading."""
        from .read.knowledge import anchor_of

        return anchor_of(self.title)


@dataclass(slots=True)
class Link:
    target: str
    text: str
    line: int
    to: str | None = None  # oracle-relative path an internal link points to (None: URL, mail, anchor)
    escapes: bool = False  # the link leads outside the oracle

    @property
    def is_external(self) -> bool:
        return "://" in self.target or self.target.startswith(("mailto:", "//"))


@dataclass(slots=True)
class Citation:
    url: str
    text: str
    line: int


@dataclass(slots=True)
class UnsafeHtml:
    line: int
    what: str


@dataclass(slots=True)
class FileStamp:
    size: int
    mtime_ns: int


@dataclass(slots=True)
class KnowledgeFile:
    path: str
    title: str
    lines: int
    summary: str = ""
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    citations_heading: Heading | None = None
    citations: list[Citation] = field(default_factory=list)
    front_matter: dict = field(default_factory=dict)
    unsafe_html: list[UnsafeHtml] = field(default_factory=list)
    raw_html: bool = False  # any HTML tag outside fenced code: the site must sanitize this page
    issues: list[TextIssue] = field(default_factory=list)
    mojibake_lines: list[int] = field(default_factory=list)
    stamp: FileStamp | None = None

    @property
    def topic(self) -> str:
        return self.path.split("/", 1)[0] if "/" in self.path else ""

    @property
    def cited_urls(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.citations:
            seen.setdefault(c.url.rstrip("/"), None)
        return list(seen)


@dataclass(slots=True)
class Checkbox:
    checked: bool
    text: str
    line: int


@dataclass(slots=True)
class Step:
    number: int
    title: str
    line: int
    items: list[Checkbox] = field(default_factory=list)


@dataclass(slots=True)
class SectionSpec:
    number: int
    title: str
    line: int
    budget_lines: int | None = None
    checked: bool = False


@dataclass(slots=True)
class Influence:
    number: int
    path: str
    description: str
    line: int
    resolved: str | None = None
    outside: bool = False  # the path leads outside the oracle


@dataclass(slots=True)
class Batch:
    number: int
    title: str
    line: int
    first_part: int | None = None
    last_part: int | None = None


@dataclass(slots=True)
class Part:
    number: int
    title: str
    line: int
    end_line: int = 0
    budget_lines: int | None = None
    done: bool = False
    status_line: int = 0
    completed_at: str = ""
    target: str = ""
    target_line: int = 0
    resolved: str | None = None  # knowledge-file path the target resolved to
    resolved_by_suffix: bool = False
    target_candidates: tuple[str, ...] = ()  # files ending with the target when it was ambiguous
    target_outside: bool = False
    influences: list[int] = field(default_factory=list)
    influences_line: int = 0
    arr_coc_share: float | None = None
    steps: list[Step] = field(default_factory=list)
    sections: list[SectionSpec] = field(default_factory=list)
    drop_slug: str = ""
    drop_line: int = 0
    drop: str | None = None  # path of the matched KNOWLEDGE-DROP file

    @property
    def topic_slug(self) -> str:
        """The slug drops are matched by: the one the PART asks for, else the target's name."""
        return self.drop_slug or slug_from_target(self.target)


@dataclass(slots=True)
class Declared:
    """Totals a plan states about itself."""

    parts: int | None = None
    parts_line: int = 0
    lines: int | None = None
    lines_line: int = 0
    files: int | None = None
    batches: int | None = None
    batches_line: int = 0


@dataclass(slots=True)
class Plan:
    path: str
    folder: str
    title: str
    line_count: int
    date: str = ""
    oracle: str = ""
    target_folder: str = ""
    declared: Declared = field(default_factory=Declared)
    batches: list[Batch] = field(default_factory=list)
    influences: dict[int, Influence] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    truncated: bool = False
    truncated_line: int = 0
    issues: list[TextIssue] = field(default_factory=list)
    mojibake_lines: list[int] = field(default_factory=list)
    stamp: FileStamp | None = None
    slug_override: str = ""  # set by the scan when two plan folders share a name

    @property
    def slug(self) -> str:
        """The plan's short name (its folder's), unique within the oracle; dashboards live under it."""
        if self.slug_override:
            return self.slug_override
        return self.folder.rsplit("/", 1)[-1] if self.folder else self.path.rsplit("/", 1)[0]

    @property
    def parts_done(self) -> int:
        return sum(1 for p in self.parts if p.done)


@dataclass(slots=True)
class Drop:
    path: str
    slug: str
    date: str = ""
    time: str = ""
    lines: int = 0
    title: str = ""


@dataclass(slots=True)
class IndexFile:
    """The oracle's own INDEX.md, as far as the checks need it."""

    path: str
    listed: list[Link] = field(default_factory=list)


@dataclass
class Oracle:
    root: str  # absolute path
    name: str
    files: dict[str, KnowledgeFile] = field(default_factory=dict)
    plans: list[Plan] = field(default_factory=list)
    drops: dict[str, Drop] = field(default_factory=dict)
    skill: KnowledgeFile | None = None
    index: IndexFile | None = None
    other_files: set[str] = field(default_factory=set)  # every readable non-knowledge path (plans, drops, assets)
    folders: set[str] = field(default_factory=set)
    scan_findings: list[Finding] = field(default_factory=list)

    @cached_property
    def topics(self) -> dict[str, list[KnowledgeFile]]:
        """Knowledge files by topic folder (derived once, after the scan)."""
        out: dict[str, list[KnowledgeFile]] = {}
        for kf in sorted(self.files.values(), key=lambda f: f.path):
            out.setdefault(kf.topic, []).append(kf)
        return out

    def exists(self, rel: str) -> bool:
        return rel in self.files or rel in self.other_files or rel in self.drops or rel in self.folders
