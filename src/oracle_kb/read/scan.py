"""Walk an oracle folder once and assemble the Oracle model from its parsed files.

Each file is read once. The Scanner keeps what it parsed keyed by path and (size, mtime), so a second scan
(`mkdocs serve` rebuilding) re-reads only files that changed. Parsed objects are immutable, so a cached one
can be handed to any number of builds; cross-file facts are resolved afresh by `read.resolve`.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat as stat_mod
from dataclasses import dataclass, field

from ..config import Config
from ..model import FileStamp, IndexFile, Issue, IssueKind, KnowledgeFile, Oracle, Plan, Role, WalkIssue
from .drops import is_drop_name, parse_drop
from .knowledge import scan_knowledge
from .parallel import parse_all
from .paths import glob_matcher, inside
from .plans import parse_plan
from .text import decode

PLAN_DIR = "_ingest-auto"
DROP_BOX = "_ingest"  # where the user leaves documents to ingest (its README says so): not knowledge
PLAN_NAME = "ingestion.md"
SPECIAL_NAMES = {"skill.md", "index.md"}
PLAN_NOTES = {"readme.md", "expansion-complete.md"}  # a plan folder's own notes, never a PART's file
SKIP_DIRS = {"node_modules", "__pycache__"}  # plus every dot-folder (.git, .venv, ...)


class OracleUnreadable(Exception):
    """The oracle root itself cannot be read (missing, not a folder, no permission)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A markdown file the walk found: where it is, what kind of file it is, its size and mtime."""

    rel: str
    abs: str
    kind: str  # knowledge | source | template | plan | drop | skill.md | index.md | workspace | other
    stamp: FileStamp


@dataclass(slots=True)
class _Walk:
    entries: list[Entry] = field(default_factory=list)
    other_files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)
    issues: list[WalkIssue] = field(default_factory=list)
    is_source: object = None  # path -> whether it is a source copy


@dataclass
class Scanner:
    """Scans an oracle; reuses parsed files whose size and mtime did not change.

    With `parallel=True` (the CLI, `mkdocs build`), a large scan is parsed in several processes
    (`read.parallel`). Not for processes that run threads (`mkdocs serve`): forking those is unsafe.
    """

    config: Config
    parallel: bool = False
    _cache: dict[str, tuple[FileStamp, str, object]] = field(default_factory=dict)
    reads: int = 0  # files read from disk by the last scan (for tests and benchmarks)

    def scan(self) -> Oracle:
        root = os.path.realpath(self.config.oracle_dir)
        if not os.path.isdir(root):
            raise OracleUnreadable(f"{self.config.oracle_dir}: not a folder (no oracle here)")
        try:
            os.listdir(root)
        except OSError as exc:
            raise OracleUnreadable(f"{self.config.oracle_dir}: cannot be read: {exc.strerror}") from None
        walk = walk_oracle(root, self.config.ignore, self.config.source_globs)
        parsed = self._parse(walk.entries)
        return _assemble(root, walk, parsed)

    def _parse(self, entries: list[Entry]) -> dict[str, tuple[str, object]]:
        """rel -> (kind, parsed object) for every entry, from the cache or freshly parsed."""
        self.reads = 0
        stale = [e for e in entries if e.kind != "other" and not self._fresh(e)]
        limit = self.config.max_file_bytes
        parse = lambda e: parse_entry(e, limit)  # noqa: E731
        done = parse_all(stale, parse, [e.stamp.size for e in stale], workers=None if self.parallel else 1)
        for e, (obj, read) in zip(stale, done, strict=True):
            self._cache[e.rel] = (e.stamp, e.kind, obj)
            self.reads += read
        seen = {e.rel for e in entries}
        for gone in set(self._cache) - seen:
            del self._cache[gone]
        return {e.rel: (e.kind, self._cache[e.rel][2]) for e in entries if e.kind != "other"}

    def _fresh(self, e: Entry) -> bool:
        cached = self._cache.get(e.rel)
        return cached is not None and cached[0] == e.stamp and cached[1] == e.kind


def walk_oracle(root: str, ignore: list[str], source_globs: list[str] | tuple[str, ...] = ()) -> _Walk:
    """Every file and folder under `root` that belongs to the oracle: dot-entries, ignored globs and
    symlinks that leave the root are left out (the latter noted as issues). Markdown under `source_globs`
    is a source copy."""
    walk = _Walk(is_source=glob_matcher(tuple(source_globs)))
    stack = [("", root)]
    while stack:
        rel_dir, abs_dir = stack.pop()
        try:
            listing = list(os.scandir(abs_dir))
        except OSError as exc:
            walk.issues.append(WalkIssue(rel_dir or ".", Issue(IssueKind.FOLDER_UNREADABLE, 0, exc.strerror or "")))
            continue
        for de in listing:
            if de.name.startswith("."):
                continue  # dotfiles (.env, .git ...) are neither oracle content nor published
            rel = f"{rel_dir}/{de.name}" if rel_dir else de.name
            if ignore and any(fnmatch.fnmatch(rel, g) for g in ignore):
                continue
            _visit(root, de, rel, walk, stack)
    walk.entries.sort(key=lambda e: e.rel)
    return walk


def _visit(root: str, de: os.DirEntry, rel: str, walk: _Walk, stack: list) -> None:
    is_link = False
    try:
        is_link = de.is_symlink()
        st = os.stat(de.path) if is_link else de.stat(follow_symlinks=False)
    except OSError:
        if is_link:
            walk.issues.append(WalkIssue(rel, Issue(IssueKind.SYMLINK_DANGLING, 0)))
        return
    is_dir = stat_mod.S_ISDIR(st.st_mode)
    if is_link and not inside(root, de.path):
        walk.issues.append(WalkIssue(rel, Issue(IssueKind.SYMLINK_OUTSIDE, 0, "folder" if is_dir else "file")))
        return
    if is_dir:
        if not is_link and de.name not in SKIP_DIRS:  # a link inside the oracle is walked by its real path
            stack.append((rel, de.path))
            walk.folders.add(rel)
    elif stat_mod.S_ISREG(st.st_mode):
        kind = file_kind(rel) if de.name.lower().endswith(".md") else "other"
        if kind == "knowledge":
            kind = "source" if walk.is_source(rel) else "template" if is_template(rel) else kind
        if kind == "other":
            walk.other_files.add(rel)
        else:
            walk.entries.append(Entry(rel, de.path, kind, FileStamp(st.st_size, st.st_mtime_ns)))


def file_kind(rel: str) -> str:
    """What a markdown file is, from its path: a plan, a drop, SKILL.md/INDEX.md at the root, knowledge,
    workspace (any other markdown in a plan folder, parsed like knowledge), or other (a plan folder's notes)."""
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    in_plans = rel.startswith(PLAN_DIR + "/") or f"/{PLAN_DIR}/" in rel
    if is_drop_name(name):
        return "drop"
    if in_plans and lower == PLAN_NAME:
        return "plan"
    if in_plans:  # a file a runner left in a plan's folder may be a PART's file written in the wrong place
        return "other" if lower in PLAN_NOTES else "workspace"
    if rel.startswith(DROP_BOX + "/") or f"/{DROP_BOX}/" in rel:
        return "other"
    if lower in SPECIAL_NAMES:
        return lower if "/" not in rel else "other"
    return "knowledge"


def is_template(rel: str) -> bool:
    """A file meant to be copied: under a `templates/` folder, or named `*-template.md`."""
    folders, _, name = rel.lower().rpartition("/")
    stem = name.removesuffix(".md")
    return stem == "template" or stem.endswith(("-template", "_template")) or "templates" in folders.split("/")


def parse_entry(e: Entry, limit: int) -> tuple[object, int]:
    """Parse one file; returns (model object, 1 if the file was read else 0)."""
    if e.kind == "drop":
        return _drop(e), 1
    if e.stamp.size > limit:
        return _unreadable(
            e, Issue(IssueKind.TOO_LARGE, 1, f"{e.stamp.size:,} bytes, over the {limit:,}-byte limit")
        ), 0
    try:
        # Ask for the size the walk saw (plus a byte, to notice growth): asking for `limit` bytes would
        # make Python allocate and release a limit-sized buffer for every file, 4x the cost of the read.
        with open(e.abs, "rb") as fh:
            data = fh.read(e.stamp.size + 1)
            if len(data) > e.stamp.size:  # it grew since the walk: read on, up to the limit
                data += fh.read(limit + 1 - len(data))
    except OSError as exc:
        return _unreadable(e, Issue(IssueKind.OS_ERROR, 1, exc.strerror or str(exc))), 0
    src = decode(data, repair=e.kind != "source")  # a source copy's odd characters are the original's
    if e.kind == "plan":
        return parse_plan(e.rel, src, e.stamp), 1
    role = Role.SOURCE if e.kind == "source" else Role.TEMPLATE if e.kind == "template" else Role.KNOWLEDGE
    kf = scan_knowledge(e.rel, src, e.stamp, role)
    if e.kind == "index.md":
        listed = tuple(lk for lk in kf.links if not lk.is_external)
        return IndexFile(e.rel, listed=listed, named=tuple(sorted(set(_MD_NAME.findall(src.text))))), 1
    return kf, 1


# a markdown file's name or path as INDEX.md may write it: `### 00-lod-fundamentals.md`, `| \`concepts/a.md\` |`
_MD_NAME = re.compile(r"(?<![\w./-])((?:[\w.-]+/)*[\w.-]+\.md)\b")
DROP_HEAD_BYTES = 16_384  # a drop's claims stand in its first lines


def _drop(e: Entry):
    """A drop from its name and the head of its body (a drop that cannot be read is described by its name)."""
    try:
        with open(e.abs, "rb") as fh:
            data = fh.read(min(e.stamp.size, DROP_HEAD_BYTES))
    except OSError:
        return parse_drop(e.rel)
    return parse_drop(e.rel, decode(data))


def _unreadable(e: Entry, issue: Issue):
    if e.kind == "plan":
        folder = e.rel.rsplit("/", 1)[0]
        return Plan(path=e.rel, folder=folder, title=e.rel, line_count=0, issues=(issue,), stamp=e.stamp)
    if e.kind == "index.md":
        return IndexFile(e.rel)
    role = Role.SOURCE if e.kind == "source" else Role.TEMPLATE if e.kind == "template" else Role.KNOWLEDGE
    return KnowledgeFile(path=e.rel, title=e.rel.rsplit("/", 1)[-1], lines=0, issues=(issue,), stamp=e.stamp, role=role)


def _assemble(root: str, walk: _Walk, parsed: dict[str, tuple[str, object]]) -> Oracle:
    files, drops, plans, workspace = {}, {}, [], {}
    skill = index = None
    other = set(walk.other_files)
    for rel, (kind, obj) in parsed.items():
        if kind in ("knowledge", "source", "template"):
            files[rel] = obj
        elif kind == "drop":
            drops[rel] = obj
        else:
            other.add(rel)
            if kind == "workspace":
                workspace[rel] = obj
            elif kind == "plan":
                plans.append(obj)
            elif kind == "skill.md":
                skill = obj
            elif kind == "index.md":
                index = obj
    return Oracle(
        root=root,
        name=os.path.basename(root),
        files=files,
        plans=tuple(plans),
        drops=drops,
        workspace=workspace,
        skill=skill,
        index=index,
        other_files=frozenset(other),
        folders=frozenset(walk.folders),
        walk_issues=tuple(walk.issues),
    )
