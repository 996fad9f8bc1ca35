"""Walk an oracle folder once and assemble the Oracle model.

Each file is read once. The Scanner keeps what it parsed keyed by (size, mtime), so a second scan
(`mkdocs serve` rebuilding) re-reads only files that changed.
"""

from __future__ import annotations

import fnmatch
import gc
import os
import signal
import stat as stat_mod
from dataclasses import dataclass, field

from ..config import Config
from ..model import FileStamp, Finding, IndexFile, KnowledgeFile, Oracle, Plan, Severity, TextIssue
from .drops import is_drop_name, parse_drop
from .knowledge import scan_knowledge
from .paths import TargetResolver, inside, names_index
from .plans import parse_plan
from .text import decode

PLAN_DIR = "_ingest-auto"
PLAN_NAME = "ingestion.md"
SPECIAL_NAMES = {"skill.md", "index.md"}
SKIP_DIRS = {"node_modules", "__pycache__"}  # plus every dot-folder (.git, .venv, ...)


class OracleUnreadable(Exception):
    """The oracle root itself cannot be read (missing, not a folder, no permission)."""


@dataclass(slots=True)
class _Entry:
    rel: str
    abs: str
    stamp: FileStamp


PARALLEL_MIN_FILES = 400  # below this, a second process costs more than it saves
# The worker's share of the bytes to parse: it also packs its results and this process unpacks them.
WORKER_SHARE = 0.47


def _split(todo: list[tuple[_Entry, str]], share: float) -> tuple[list, list]:
    """Interleave files over (this process, the worker) so that the worker gets `share` of the bytes."""
    mine, theirs = [], []
    mine_bytes = theirs_bytes = 0
    for item in todo:
        size = item[0].stamp.size + 1
        if theirs_bytes * (1 - share) <= mine_bytes * share:
            theirs.append(item)
            theirs_bytes += size
        else:
            mine.append(item)
            mine_bytes += size
    return mine, theirs


@dataclass
class Scanner:
    """Scans an oracle; reuses parsed files whose size and mtime did not change.

    With `parallel=True` (the CLI), a large first scan parses about half of the bytes in one forked worker
    while this process parses the rest: the machine this runs on has two cores. Not for processes that
    run threads (`mkdocs serve`): forking those is unsafe.
    """

    config: Config
    parallel: bool = False
    _cache: dict[str, tuple[FileStamp, object]] = field(default_factory=dict)
    reads: int = 0  # files read from disk by the last scan (for tests and benchmarks)

    def scan(self) -> Oracle:
        # The model is a tree of plain objects without reference cycles: the cyclic garbage collector
        # would only re-walk the growing heap again and again while ~100k objects are allocated.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._scan()
        finally:
            if was_enabled:
                gc.enable()

    def _scan(self) -> Oracle:
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
        self._prefetch(entries, oracle)
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
                if de.name.startswith("."):
                    continue  # dotfiles (.env, .git ...) are neither oracle content nor published
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
                    if is_link or de.name in SKIP_DIRS:
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

    def _prefetch(self, entries: list[_Entry], oracle: Oracle) -> None:
        """Parse stale files in two processes at once (fills the cache; `_load` then finds them)."""
        if not self.parallel or not hasattr(os, "fork"):
            return
        todo = []
        for e in entries:
            kind = _kind(e.rel)
            cached = self._cache.get(e.rel)
            if kind != "other" and not (cached and cached[0] == e.stamp and cached[1][0] == kind):
                todo.append((e, kind))
        if len(todo) < PARALLEL_MIN_FILES:
            return
        mine, theirs = _split(todo, WORKER_SHARE)
        limit = self.config.max_file_bytes
        try:
            read_fd, write_fd = os.pipe()
        except OSError:
            return  # `_load` parses serially
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:  # the worker: parse its share, send it packed, leave without running any cleanup
            code = 1
            try:
                os.close(read_fd)
                data = _parse_many_packed(theirs, limit)
                with os.fdopen(write_fd, "wb") as out:
                    out.write(len(data).to_bytes(8, "little"))
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write_fd)
        blob = b""
        try:
            done = _parse_many(mine, limit)
            with os.fdopen(read_fd, "rb") as inp:
                read_fd = -1  # closed with `inp`
                blob = inp.read()
        finally:
            if read_fd != -1:  # this side failed first: stop the worker (parsing, or blocked writing to us)
                os.close(read_fd)
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if len(blob) >= 8 and int.from_bytes(blob[:8], "little") == len(blob) - 8:
            done += _unpack(blob[8:])
        else:  # the worker failed: parse its share here
            done += _parse_many(theirs, limit)
        for (e, kind), (obj, read) in zip(mine + theirs, done, strict=True):
            self._cache[e.rel] = (e.stamp, (kind, obj))
            self.reads += read

    def _load(self, e: _Entry, oracle: Oracle) -> None:
        kind = _kind(e.rel)
        if kind == "other":
            oracle.other_files.add(e.rel)
            return
        cached = self._cache.get(e.rel)
        if cached and cached[0] == e.stamp and cached[1][0] == kind:
            obj = cached[1][1]
        else:
            obj, read = parse_entry(e, kind, self.config.max_file_bytes)
            self.reads += read
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


def parse_entry(e: _Entry, kind: str, limit: int) -> tuple[object, int]:
    """Parse one file of the given kind; returns (model object, 1 if the file was read else 0)."""
    if e.stamp.size > limit:
        return _unreadable(e, kind, f"{e.stamp.size:,} bytes, over the {limit:,}-byte limit; not read"), 0
    try:
        # Ask for the size the walk saw (plus a byte, to notice growth): asking for `limit` bytes would
        # make Python allocate and release a limit-sized buffer for every file, 4x the cost of the read.
        # A buffered read returns short only at the end of the file (a raw one may on network file systems).
        with open(e.abs, "rb") as fh:
            data = fh.read(e.stamp.size + 1)
            if len(data) > e.stamp.size:  # it grew since the walk: read on, up to the limit
                data += fh.read(limit + 1 - len(data))
    except OSError as exc:
        return _unreadable(e, kind, f"cannot be read: {exc.strerror}"), 0
    src = decode(data)
    if kind == "plan":
        plan = parse_plan(e.rel, src)
        plan.stamp = e.stamp
        return plan, 1
    if kind == "drop":
        return parse_drop(e.rel, src), 1
    kf = scan_knowledge(e.rel, src)
    kf.stamp = e.stamp
    if kind == "index.md":
        return IndexFile(e.rel, listed=[lk for lk in kf.links if not lk.is_external]), 1
    return kf, 1


def _parse_many(items: list[tuple[_Entry, str]], limit: int) -> list[tuple[object, int]]:
    return [parse_entry(e, kind, limit) for e, kind in items]


def _parse_many_packed(items: list[tuple[_Entry, str]], limit: int) -> bytes:
    """Runs in the worker: its half of the files, as bytes (knowledge files as marshalled tuples, the rest pickled).

    Pickling ~70k small slotted objects costs more than parsing them; marshal of tuples is cheap.
    """
    import marshal
    import pickle

    gc.disable()  # see Scanner.scan
    plain, other = [], []
    for i, (obj, read) in enumerate(_parse_many(items, limit)):
        if isinstance(obj, KnowledgeFile) and _marshalable(obj.front_matter):
            plain.append((i, read, knowledge_to_tuple(obj)))
        else:
            other.append((i, read, obj))
    return marshal.dumps((len(items), plain)) + b"\0PICKLE\0" + pickle.dumps(other)


def _unpack(data: bytes) -> list[tuple[object, int]]:
    import marshal
    import pickle

    head, _, tail = data.partition(b"\0PICKLE\0")
    n, plain = marshal.loads(head)
    out: list = [None] * n
    for i, read, t in plain:
        out[i] = (knowledge_from_tuple(t), read)
    for i, read, obj in pickle.loads(tail):
        out[i] = (obj, read)
    return out


def _marshalable(value) -> bool:
    import marshal

    try:
        marshal.dumps(value)
        return True
    except ValueError:
        return False


def knowledge_to_tuple(k: KnowledgeFile) -> tuple:
    ch = k.headings.index(k.citations_heading) if k.citations_heading is not None else -1
    return (
        k.path,
        k.title,
        k.lines,
        k.summary,
        [(h.level, h.title, h.line, h.end_line) for h in k.headings],
        [(x.target, x.text, x.line, x.to, x.escapes) for x in k.links],
        ch,
        [(c.url, c.text, c.line) for c in k.citations],
        k.front_matter,
        [(u.line, u.what) for u in k.unsafe_html],
        k.raw_html,
        [(i.rule, i.line, i.message, i.fix) for i in k.issues],
        k.mojibake_lines,
        (k.stamp.size, k.stamp.mtime_ns) if k.stamp else None,
    )


def knowledge_from_tuple(t: tuple) -> KnowledgeFile:
    from ..model import Citation, Heading, Link, TextIssue, UnsafeHtml

    (path, title, lines, summary, hs, ls, ch, cs, fm, us, raw, iss, moj, stamp) = t
    headings = [Heading(*h) for h in hs]
    return KnowledgeFile(
        path=path,
        title=title,
        lines=lines,
        summary=summary,
        headings=headings,
        links=[Link(*x) for x in ls],
        citations_heading=headings[ch] if ch >= 0 else None,
        citations=[Citation(*c) for c in cs],
        front_matter=fm,
        unsafe_html=[UnsafeHtml(*u) for u in us],
        raw_html=raw,
        issues=[TextIssue(*i) for i in iss],
        mojibake_lines=list(moj),
        stamp=FileStamp(*stamp) if stamp else None,
    )


def _kind(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    in_plans = rel.startswith(PLAN_DIR + "/") or f"/{PLAN_DIR}/" in rel
    if is_drop_name(name):
        return "drop"
    if in_plans and lower == PLAN_NAME:
        return "plan"
    if in_plans:
        return "other"
    if lower in SPECIAL_NAMES:
        return lower if "/" not in rel else "other"
    return "knowledge"


def _unreadable(e: _Entry, kind: str, why: str):
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
    by_name = names_index(known)  # shared by every plan's resolver
    taken: dict[str, int] = {}
    for plan in oracle.plans:
        plan.slug_override = ""
        taken[plan.slug] = taken.get(plan.slug, 0) + 1
    for plan in oracle.plans:
        if taken[plan.slug] > 1:  # same folder name in two places: name it by its whole path
            plan.slug_override = plan.folder.removeprefix(PLAN_DIR + "/").replace("/", "--")
    for plan in oracle.plans:
        resolver = TargetResolver(known, config.search_roots, {oracle.name, plan.oracle}, by_name)
        for inf in plan.influences.values():
            try:
                inf.resolved, inf.outside = resolver.resolve(inf.path).path, False
            except OutsideOracle:
                inf.resolved, inf.outside = None, True
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
                    part.target_candidates = res.candidates
                except OutsideOracle:
                    part.target_outside = True
            part.drop = by_slug.get(part.topic_slug)
