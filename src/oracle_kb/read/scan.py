"""Walk an oracle folder once and assemble the Oracle model.

Each file is read once. The Scanner keeps what it parsed keyed by (size, mtime), so a second scan
(`mkdocs serve` rebuilding) re-reads only files that changed.
"""

from __future__ import annotations

import fnmatch
import os
import stat as stat_mod
from dataclasses import dataclass, field

from ..config import Config
from ..model import FileStamp, Finding, IndexFile, KnowledgeFile, Oracle, Plan, Severity
from .drops import is_drop_name, parse_drop
from .knowledge import scan_knowledge
from .paths import TargetResolver, inside
from .plans import parse_plan
from .text import decode

PLAN_DIR = "_ingest-auto"
PLAN_NAME = "ingestion.md"
SPECIAL_NAMES = {"skill.md", "index.md"}
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "site"}


class OracleUnreadable(Exception):
    """The oracle root itself cannot be read (missing, not a folder, no permission)."""


@dataclass(slots=True)
class _Entry:
    rel: str
    abs: str
    stamp: FileStamp


@dataclass
class Scanner:
    """Scans an oracle; reuses parsed files whose size and mtime did not change."""

    config: Config
    _cache: dict[str, tuple[FileStamp, object]] = field(default_factory=dict)
    reads: int = 0  # files read from disk by the last scan (for tests and benchmarks)

    def scan(self) -> Oracle:
        root = os.path.realpath(self.config.oracle_dir)
        if not os.path.isdir(root):
            raise OracleUnreadable(f"{self.config.oracle_dir}: not a folder (no oracle here)")
        try:
            os.listdir(root)
        except OSError as exc:
            raise OracleUnreadable(f"{self.config.oracle_dir}: cannot be read: {exc.strerror}") from None
        self.reads = 0
        oracle = Oracle(root=root, name=os.path.basename(root))
        entries = self._walk(root, oracle)
        seen: set[str] = set()
        for e in entries:
            seen.add(e.rel)
            self._load(e, oracle)
        for stale in set(self._cache) - seen:
            del self._cache[stale]
        resolve_plans(oracle, self.config)
        return oracle

    # ------------------------------------------------------------ walking

    def _walk(self, root: str, oracle: Oracle) -> list[_Entry]:
        out: list[_Entry] = []
        ignore = self.config.ignore
        stack = [("", root)]
        while stack:
            rel_dir, abs_dir = stack.pop()
            try:
                it = list(os.scandir(abs_dir))
            except OSError as exc:
                oracle.scan_findings.append(
                    _finding(
                        "file-unreadable",
                        rel_dir or ".",
                        0,
                        f"folder cannot be read: {exc.strerror}",
                        "check its permissions",
                    )
                )
                continue
            for de in it:
                rel = f"{rel_dir}/{de.name}" if rel_dir else de.name
                if ignore and any(fnmatch.fnmatch(rel, g) for g in ignore):
                    continue
                try:
                    is_link = de.is_symlink()
                    st = os.stat(de.path) if is_link else de.stat(follow_symlinks=False)
                except OSError:
                    if is_link:
                        oracle.scan_findings.append(
                            _finding("link-broken", rel, 0, "symlink points to nothing", "remove the dangling symlink")
                        )
                    continue
                if is_link and not inside(root, de.path):
                    oracle.scan_findings.append(
                        _finding(
                            "path-outside-oracle",
                            rel,
                            0,
                            f"symlink leads outside the oracle ({'folder' if stat_mod.S_ISDIR(st.st_mode) else 'file'}); "
                            "it is not read",
                            "replace the symlink with the file itself, or remove it",
                        )
                    )
                    continue
                if stat_mod.S_ISDIR(st.st_mode):
                    if is_link or de.name in SKIP_DIRS or de.name.startswith("."):
                        continue  # a link inside the oracle is already walked by its real path
                    stack.append((rel, de.path))
                    oracle.folders.add(rel)
                elif stat_mod.S_ISREG(st.st_mode):
                    if de.name.lower().endswith(".md"):
                        out.append(_Entry(rel, de.path, FileStamp(st.st_size, st.st_mtime_ns)))
                    else:
                        oracle.other_files.add(rel)
        out.sort(key=lambda e: e.rel)
        return out

    # ------------------------------------------------------------ loading

    def _load(self, e: _Entry, oracle: Oracle) -> None:
        name = e.rel.rsplit("/", 1)[-1]
        lower = name.lower()
        in_plans = e.rel.startswith(PLAN_DIR + "/") or f"/{PLAN_DIR}/" in e.rel
        if is_drop_name(name):
            kind = "drop"
        elif in_plans and lower == PLAN_NAME:
            kind = "plan"
        elif in_plans:
            kind = "other"
        elif lower in SPECIAL_NAMES and "/" not in e.rel:
            kind = lower
        elif lower in SPECIAL_NAMES:
            kind = "other"
        else:
            kind = "knowledge"
        if kind == "other":
            oracle.other_files.add(e.rel)
            return
        cached = self._cache.get(e.rel)
        if cached and cached[0] == e.stamp and cached[1][0] == kind:
            obj = cached[1][1]
        else:
            obj = self._parse(e, kind, oracle)
            self._cache[e.rel] = (e.stamp, (kind, obj))
        if kind == "knowledge":
            oracle.files[e.rel] = obj
        elif kind == "plan":
            oracle.plans.append(obj)
            oracle.other_files.add(e.rel)
        elif kind == "drop":
            oracle.drops[e.rel] = obj
        elif kind == "skill.md":
            oracle.skill = obj
            oracle.other_files.add(e.rel)
        elif kind == "index.md":
            oracle.index = obj
            oracle.other_files.add(e.rel)

    def _parse(self, e: _Entry, kind: str, oracle: Oracle):
        limit = self.config.max_file_bytes
        if e.stamp.size > limit:
            src = None
            too_big = f"{e.stamp.size:,} bytes, over the {limit:,}-byte limit; not read"
        else:
            too_big = ""
            try:
                with open(e.abs, "rb") as fh:
                    data = fh.read(limit + 1)
                self.reads += 1
            except OSError as exc:
                return _unreadable(e, kind, f"cannot be read: {exc.strerror}")
            src = decode(data)
        if src is None:
            return _unreadable(e, kind, too_big)
        if kind == "plan":
            plan = parse_plan(e.rel, src)
            plan.stamp = e.stamp
            return plan
        if kind == "drop":
            return parse_drop(e.rel, src)
        kf = scan_knowledge(e.rel, src)
        kf.stamp = e.stamp
        if kind == "index.md":
            return IndexFile(e.rel, listed=[lk for lk in kf.links if not lk.is_external])
        return kf


def _unreadable(e: _Entry, kind: str, why: str):
    from ..model import TextIssue

    issue = TextIssue("file-unreadable", 1, why, "split the file, or add it to `ignore`")
    if kind == "plan":
        return Plan(
            path=e.rel, folder=e.rel.rsplit("/", 1)[0], title=e.rel, line_count=0, issues=[issue], stamp=e.stamp
        )
    if kind == "drop":
        return parse_drop(e.rel, None)
    if kind == "index.md":
        return IndexFile(e.rel)
    return KnowledgeFile(path=e.rel, title=e.rel.rsplit("/", 1)[-1], lines=0, issues=[issue], stamp=e.stamp)


def _finding(rule: str, path: str, line: int, message: str, fix: str) -> Finding:
    return Finding(rule, Severity.ERROR, path, line, message, fix)


def resolve_plans(oracle: Oracle, config: Config) -> None:
    """Tie PARTs to files: targets, influence-table entries and KNOWLEDGE-DROPs (derived, not read)."""
    from .paths import OutsideOracle

    known = set(oracle.files)
    for plan in oracle.plans:
        resolver = TargetResolver(known, config.search_roots, {oracle.name, plan.oracle})
        for inf in plan.influences.values():
            try:
                inf.resolved = resolver.resolve(inf.path).path
            except OutsideOracle:
                inf.resolved = None
        drops_here = [d for d in oracle.drops.values() if d.path.startswith(plan.folder + "/")]
        by_slug: dict[str, str] = {}
        for d in sorted(drops_here, key=lambda d: d.path):
            by_slug.setdefault(d.slug, d.path)
        for part in plan.parts:
            part.resolved, part.resolved_by_suffix, part.target_outside = None, False, False
            if part.target:
                try:
                    res = resolver.resolve(part.target)
                    part.resolved, part.resolved_by_suffix = res.path, res.by_suffix
                except OutsideOracle:
                    part.target_outside = True
            part.drop = by_slug.get(part.topic_slug)
