"""The oracle as immutable typed objects: frozen dataclasses, and NamedTuples for the many small records of a
file (headings, links, citations), which are built and carried between processes at C speed.

Readers (`read/`) build these from one read of each file and never change them afterwards: the scan
cache hands the same objects to every `mkdocs serve` rebuild. Facts that need more than one file (where a
PART's target is, which drop belongs to it, who links to whom) live in `read.resolve.OracleIndex`.
What a reader noticed while parsing is an `Issue` (a kind, a line, a detail): it knows no rule and no
severity; `rules.registry` decides which rule reports each kind.
Paths are POSIX strings relative to the oracle root. Line numbers are 1-based.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, partial
from operator import attrgetter
from typing import NamedTuple

from .names import anchor_of, slug_from_target


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Edit:
    """A proposed change to one line: replace the first `old` on `line` of `path` by `new`.

    `stamp_from` names a file whose last git commit time `oracle-kb fix` appends to `new` as
    " (Completed YYYY-MM-DD HH:MM)" (UTC); rules judge without running git, so the writer asks it.
    """

    path: str
    line: int
    old: str
    new: str
    title: str
    stamp_from: str = ""  # a tick whose time is the last commit time of this file, when the oracle is in git


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    path: str
    line: int
    message: str
    fix: str = ""
    edits: tuple[Edit, ...] = ()

    def as_dict(self) -> dict:
        """The finding as the JSON outputs give it (edits are `fix`'s business, not the report's)."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
        }


class IssueKind(StrEnum):
    """What a reader can notice. `rules.registry.REPORTED_BY` names the rule that reports each kind."""

    UNDECODABLE = "undecodable"  # not valid UTF-8
    BINARY = "binary"  # NUL bytes making up a real share of it, or NUL bytes in what is not UTF-8
    NUL_BYTES = "nul-bytes"  # a few stray NUL bytes in text (debris of a conversion): removed, the rest read
    TOO_LARGE = "too-large"
    OS_ERROR = "os-error"  # a file that cannot be opened or read
    FOLDER_UNREADABLE = "folder-unreadable"
    FRONTMATTER_UNCLOSED = "frontmatter-unclosed"
    FRONTMATTER_YAML = "frontmatter-yaml"
    FRONTMATTER_NOT_MAPPING = "frontmatter-not-mapping"
    SYMLINK_DANGLING = "symlink-dangling"
    SYMLINK_OUTSIDE = "symlink-outside"


@dataclass(frozen=True, slots=True)
class Issue:
    """A fact a reader noted: what it saw (`kind`), where, and the particulars (`detail`)."""

    kind: IssueKind
    line: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class MojibakeRun:
    """UTF-8 text that was decoded as another code page: `text` as found on `line`, `repaired` as meant."""

    line: int
    text: str
    repaired: str


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded text of one file (mojibake repaired, "\\n" line ends), with what decoding noticed."""

    text: str
    newline: str = "\n"
    bom: bool = False
    issues: tuple[Issue, ...] = ()
    mojibake: tuple[MojibakeRun, ...] = ()


class Role:
    """What a markdown file beside the plans is. Plain strings: parse results travel between processes by marshal."""

    KNOWLEDGE = "knowledge"  # a knowledge file: every rule judges it
    SOURCE = "source"  # a verbatim copy of a paper, page or code (`source-globs`): a source, not knowledge
    TEMPLATE = "template"  # a pattern to copy (under `templates/`, or named `*-template.md`): full of placeholders


class Heading(NamedTuple):
    level: int
    title: str
    line: int
    end_line: int  # last line of the section this heading opens

    @property
    def anchor(self) -> str:
        """The id Python-Markdown's toc extension gives this heading."""
        return anchor_of(self.title)


class Link(NamedTuple):
    target: str
    text: str
    line: int
    to: str | None = None  # oracle-relative path an internal link points to (None: URL, mail, anchor)
    escapes: bool = False  # the link leads outside the oracle
    definition: bool = False  # written as a reference definition `[label]: target`

    @property
    def is_external(self) -> bool:
        return "://" in self.target or self.target.startswith(("mailto:", "//"))


class CitationKind:
    """What a candidate citation in a citations block is (plain strings, like `Role`)."""

    URL = "url"  # an http(s) URL or another external link: judged by citation-url-invalid
    ATTEMPT = "attempt"  # a link target trying to be a URL (`www.x.org`, `TODO`): judged, never counted
    ID = "id"  # an arXiv id, DOI or ISBN (`url` holds `arXiv:2106.09685`, `doi:10.…`, `isbn:…`)
    LINK = "link"  # a link into the oracle (`url`: the oracle path): a citation when it names a source copy
    PATH = "path"  # a file path in a code span (`ovis/model/x.py`): a citation when a source copy holds it
    OUTSIDE = "outside"  # a link leaving the oracle (`../../RESEARCH/x.md`): named, but not reachable
    ENTRY = "entry"  # a bibliographic entry without URL or identifier (`url`: its text, normalised)


class Citation(NamedTuple):
    url: str  # the URL; for other kinds the identifier, oracle path, file path or entry text (see `kind`)
    text: str
    line: int
    kind: str = CitationKind.URL


@dataclass(frozen=True, slots=True)
class CitationBlock:
    """Where a file names its sources: a citations heading's section, or the lines after a source label."""

    title: str
    line: int
    end_line: int
    label: bool = False  # a bold label line (`**Primary Sources:**`, `**Source**: …`), not a heading


@dataclass(frozen=True, slots=True)
class UnsafeHtml:
    line: int
    what: str
    src: str = ""  # the http(s) page an embedding element (<iframe>, <embed>) shows, when it names one


@dataclass(frozen=True, slots=True)
class FileStamp:
    size: int
    mtime_ns: int


def _mojibake_lines(runs: tuple[MojibakeRun, ...]) -> list[int]:
    return sorted({r.line for r in runs})


@dataclass(frozen=True, slots=True)
class KnowledgeFile:
    path: str
    title: str
    lines: int
    summary: str = ""
    headings: tuple[Heading, ...] = ()
    links: tuple[Link, ...] = ()
    citation_blocks: tuple[CitationBlock, ...] = ()
    citations: tuple[Citation, ...] = ()
    front_matter: dict = field(default_factory=dict)  # read-only by convention
    unsafe_html: tuple[UnsafeHtml, ...] = ()
    issues: tuple[Issue, ...] = ()
    mojibake: tuple[MojibakeRun, ...] = ()
    stamp: FileStamp | None = None
    role: str = Role.KNOWLEDGE

    @property
    def topic(self) -> str:
        return self.path.split("/", 1)[0] if "/" in self.path else ""

    @property
    def citations_heading(self) -> CitationBlock | None:
        """The first citations section opened by a heading."""
        return next((b for b in self.citation_blocks if not b.label), None)

    @property
    def cited_urls(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.citations:
            if c.kind == CitationKind.URL:
                seen.setdefault(c.url.rstrip("/"), None)
        return list(seen)

    @property
    def mojibake_lines(self) -> list[int]:
        return _mojibake_lines(self.mojibake)

    @property
    def readable(self) -> bool:
        """False when nothing of the file could be read (too large, binary, an OS error)."""
        return bool(self.lines) or not any(i.kind in _NOT_READ for i in self.issues)


_NOT_READ = {IssueKind.TOO_LARGE, IssueKind.BINARY, IssueKind.OS_ERROR, IssueKind.UNDECODABLE}


@dataclass(frozen=True, slots=True)
class Checkbox:
    checked: bool
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Step:
    number: int
    title: str
    line: int
    items: tuple[Checkbox, ...] = ()


@dataclass(frozen=True, slots=True)
class SectionSpec:
    number: int
    title: str
    line: int


@dataclass(frozen=True, slots=True)
class Influence:
    number: int
    path: str
    description: str
    line: int


@dataclass(frozen=True, slots=True)
class Batch:
    number: int
    title: str
    line: int
    first_part: int | None = None
    last_part: int | None = None


@dataclass(frozen=True, slots=True)
class Part:
    number: int
    title: str
    line: int
    end_line: int = 0
    budget_lines: int | None = None
    done: bool = False  # its checkbox or one of its completion steps is ticked
    done_line: int = 0  # the line of that tick
    partial: bool = False  # marked `[/]` (started, not finished) and not ticked anywhere
    status_line: int = 0
    status_text: str = ""  # the PART's checkbox line as written (what a tick edit replaces)
    completed_at: str = ""
    target: str = ""
    target_line: int = 0
    influences: tuple[int, ...] = ()
    influences_line: int = 0
    arr_coc_share: float | None = None
    steps: tuple[Step, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    drop_slug: str = ""
    drop_line: int = 0

    @property
    def topic_slug(self) -> str:
        """The slug drops are matched by: the one the PART asks for, else the target's name."""
        return self.drop_slug or slug_from_target(self.target)


@dataclass(frozen=True, slots=True)
class Declared:
    """Totals a plan states about itself."""

    parts: int | None = None
    parts_line: int = 0
    lines: int | None = None
    lines_line: int = 0
    lines_files: int | None = None  # "~29,400 lines across 42 files": the 42
    batches: int | None = None
    batches_line: int = 0


@dataclass(frozen=True, slots=True)
class Plan:
    path: str
    folder: str
    title: str
    line_count: int
    date: str = ""
    oracle: str = ""
    declared: Declared = Declared()
    batches: tuple[Batch, ...] = ()
    influences: dict[int, Influence] = field(default_factory=dict)  # read-only by convention
    parts: tuple[Part, ...] = ()
    template: bool = False  # a pattern for new plans (folder or title says template): listed, not checked
    truncated: bool = False
    truncated_line: int = 0
    issues: tuple[Issue, ...] = ()
    mojibake: tuple[MojibakeRun, ...] = ()
    stamp: FileStamp | None = None

    @property
    def parts_done(self) -> int:
        return sum(1 for p in self.parts if p.done)

    @property
    def mojibake_lines(self) -> list[int]:
        return _mojibake_lines(self.mojibake)


@dataclass(frozen=True, slots=True)
class Drop:
    """A KNOWLEDGE-DROP: its name's slug, date and time (`HHMM`), and what its head claims (0/"" when silent)."""

    path: str
    slug: str
    date: str = ""
    time: str = ""  # "HHMM" when the name holds a real time of day
    part: int | None = None  # `**Runner**: PART 8`
    part_line: int = 0
    file_claim: str = ""  # `**File Created**: t/x.md`, as written
    file_line: int = 0
    lines_claim: int | None = None  # `**Lines**: ~700`, `(250 lines)`
    lines_line: int = 0
    finished: str = ""  # `**Timestamp**: 2025-02-03 15:45` as "YYYY-MM-DD HH:MM"


@dataclass(frozen=True, slots=True)
class IndexFile:
    """The oracle's own INDEX.md, as far as the checks need it."""

    path: str
    listed: tuple[Link, ...] = ()
    named: tuple[str, ...] = ()  # markdown file names and paths written in its text (headings, code, tables)


@dataclass(frozen=True, slots=True)
class WalkIssue:
    """An issue met while walking the folders (before any file was parsed)."""

    path: str
    issue: Issue


@dataclass(frozen=True)
class Oracle:
    """Every parsed file of one oracle, as the scan found them."""

    root: str  # absolute path
    name: str
    files: dict[str, KnowledgeFile]
    plans: tuple[Plan, ...] = ()
    drops: dict[str, Drop] = field(default_factory=dict)
    # markdown files left in plan folders (not plans, drops or the folder's notes), parsed like knowledge files:
    # a PART whose target is not at its place may find its file here
    workspace: dict[str, KnowledgeFile] = field(default_factory=dict)
    skill: KnowledgeFile | None = None
    index: IndexFile | None = None
    other_files: frozenset[str] = frozenset()  # every readable non-knowledge path (plans, drops, assets)
    folders: frozenset[str] = frozenset()
    walk_issues: tuple[WalkIssue, ...] = ()

    @cached_property
    def topics(self) -> dict[str, list[KnowledgeFile]]:
        """Knowledge files by topic folder."""
        out: dict[str, list[KnowledgeFile]] = {}
        for kf in sorted(self.files.values(), key=attrgetter("path")):
            out.setdefault(kf.topic, []).append(kf)
        return out

    def knowledge(self) -> list[KnowledgeFile]:
        """The knowledge files (not source copies, not templates): what the citation rules judge."""
        return [kf for k in sorted(self.files) if (kf := self.files[k]).role == Role.KNOWLEDGE]

    def linked_files(self) -> list[KnowledgeFile]:
        """Every parsed file outside the plans (knowledge files, source copies, templates) and SKILL.md."""
        out = [self.files[k] for k in sorted(self.files)]
        if self.skill is not None:
            out.append(self.skill)
        return out

    def text_holders(self) -> list[KnowledgeFile | Plan]:
        """Everything read as text that carries decoding issues and mojibake: knowledge files, SKILL.md, plans."""
        return [*self.linked_files(), *self.plans]

    def exists(self, rel: str) -> bool:
        return rel in self.files or rel in self.other_files or rel in self.drops or rel in self.folders


# ------------------------------------------------------------------ plain-data codec
# A parse result as nested tuples, dicts and scalars (what `marshal` carries between processes), and back.
# Derived from the dataclass fields, so a field added to the model travels without anyone touching this.


def _is_record(t) -> bool:
    return dataclasses.is_dataclass(t) or (isinstance(t, type) and issubclass(t, tuple) and hasattr(t, "_fields"))


def _record_types(cls) -> dict[str, type]:
    """Field name -> record type (dataclass or NamedTuple) held by that field (alone, optional, or as a tuple)."""
    out = {}
    for name, hint in typing.get_type_hints(cls).items():
        for arg in (hint, *typing.get_args(hint)):
            if _is_record(arg):
                out[name] = arg
    return out


class _Codec:
    """One dataclass's codec. Nested records are listed once (`slots`); tuples of flat records (links,
    headings) are converted by C-level map/starmap over the class, with no Python call per record."""

    __slots__ = ("cls", "names", "slots", "getter", "flat", "make")

    def __init__(self, cls):
        self.cls = cls
        if not dataclasses.is_dataclass(cls):  # a NamedTuple of scalars: the tuple itself, rebuilt in C
            self.names, self.slots, self.flat = cls._fields, [], True
            self.getter, self.make = tuple, partial(tuple.__new__, cls)
            return
        self.names = tuple(f.name for f in dataclasses.fields(cls))
        hints = typing.get_type_hints(cls)
        nested = _record_types(cls)
        self.slots = [
            (i, _codec(nested[n]), typing.get_origin(hints[n]) is tuple)
            for i, n in enumerate(self.names)
            if n in nested
        ]
        self.getter = attrgetter(*self.names)
        self.flat = not self.slots and len(self.names) > 1
        self.make = lambda values: cls(*values)  # noqa: E731

    def encode(self, obj) -> tuple:
        values = self.getter(obj)
        if len(self.names) == 1 and self.getter is not tuple:
            values = (values,)
        if not self.slots:
            return values
        out = list(values)
        for i, sub, many in self.slots:
            v = out[i]
            if v is None:
                continue
            if many:
                out[i] = tuple(map(sub.getter if sub.flat else sub.encode, v))
            elif isinstance(v, dict):
                out[i] = {k: sub.encode(x) for k, x in v.items()}
            else:
                out[i] = sub.encode(v)
        return tuple(out)

    def decode(self, values: tuple):
        if not self.slots:
            return self.make(values)
        out = list(values)
        for i, sub, many in self.slots:
            v = out[i]
            if v is None:
                continue
            if many:
                out[i] = tuple(map(sub.make, v)) if sub.flat else tuple(map(sub.decode, v))
            elif isinstance(v, dict):
                out[i] = {k: sub.decode(x) for k, x in v.items()}
            else:
                out[i] = sub.decode(v)
        return self.cls(*out)


_CODECS: dict[type, _Codec] = {}


def _codec(cls) -> _Codec:
    codec = _CODECS.get(cls)
    if codec is None:
        codec = _CODECS[cls] = _Codec(cls)
    return codec


def to_plain(obj) -> tuple[str, tuple]:
    """(type name, values) of a parse result: only tuples, dicts and scalars, so `marshal` can carry it."""
    return type(obj).__name__, _codec(type(obj)).encode(obj)


def from_plain(plain: tuple[str, tuple]):
    name, values = plain
    return _codec(_PARSE_RESULTS[name]).decode(values)


_PARSE_RESULTS = {c.__name__: c for c in (KnowledgeFile, Plan, Drop, IndexFile)}
