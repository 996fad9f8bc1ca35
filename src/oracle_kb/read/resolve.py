"""Cross-file facts, resolved in one place: `resolve(oracle, config) -> OracleIndex`.

Which file each PART's target is, which KNOWLEDGE-DROP belongs to it, where each influence file is, each
plan's unique slug, the file-name index, and who links to whom. The parsed files are never changed: the
index is a new object built from them on every scan, so cached parse results stay valid across rebuilds.
Rules, renderers and writers all read this index.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..config import Config
from ..model import KnowledgeFile, Link, Oracle, Part, Plan
from .drop_match import Wanted, match_drops
from .mentions import read_mentions
from .paths import OutsideOracle, Resolution, TargetResolver, glob_matcher, names_index, relative_path
from .scan import PLAN_DIR
from .sources import SourceCopies, Sourced, sourced

# The median line length, in bytes, of the files written for the field's largest plan (36 files, 39 bytes):
# what a plan's own files are measured against when it has fewer than three.
DEFAULT_BYTES_PER_LINE = 39.0
_NUMBER_PREFIX = re.compile(r"^\d+[-_]")


@dataclass(frozen=True, slots=True)
class PartRef:
    """A PART with what it resolved to."""

    plan: Plan
    part: Part
    file: KnowledgeFile | None = None  # the knowledge file its target names, when it exists
    by_suffix: bool = False  # found only as the unique file ending with the target's path
    candidates: tuple[str, ...] = ()  # several files end with the target's path: it is ambiguous
    outside: bool = False  # the target leads outside the oracle
    moved: bool = False  # found only as the one file with the target's name, in another folder
    misplaced: bool = False  # found only in the plan's folder (`<plan folder>/<target>`), where the runner left it
    special: str = ""  # INDEX.md / SKILL.md at the root: an update-PART's target, not a knowledge file
    # influences its file does not link: (number, line of its first mention in text (0: none), a link to a file
    # of its name that does not resolve: link-broken says that one)
    unlinked: tuple[tuple[int, int, bool], ...] = ()
    leftovers: tuple[tuple[str, bool], ...] = ()  # copies of its file in the plan's folder: (path, byte-identical)
    drop: str | None = None  # path of the matching KNOWLEDGE-DROP
    drops: tuple[str, ...] = ()  # every drop that names this PART (a rerun may leave two)
    also: tuple[str, ...] = ()  # "PART 1 of <plan>" for later plans' PARTs asking the same of the same file
    shadowed: bool = False  # an earlier plan's PART asks the same of this file: judge the file there, once

    @property
    def also_said(self) -> str:
        """ " (also PART 1 of other-plan)" when other plans' PARTs ask the same of this file, else ""."""
        return f" (also {', '.join(self.also)})" if self.also else ""


@dataclass(frozen=True, slots=True)
class InfluenceRef:
    """An entry of a plan's influence table with where it resolved."""

    number: int
    path: str
    line: int
    resolved: str | None = None
    outside: bool = False


@dataclass
class OracleIndex:
    """Cross-file facts about one scanned oracle. Built by `resolve`; read by rules, pages and fixes."""

    oracle: Oracle
    slugs: dict[str, str]  # plan path -> slug, unique within the oracle
    parts: tuple[PartRef, ...]  # the PARTs of live plans (templates are listed, not checked)
    influences: dict[str, dict[int, InfluenceRef]]  # plan path -> number -> entry
    names: dict[str, list[str]]  # file name -> knowledge files with that name (sorted)
    drop_files: dict[str, str | None] = field(default_factory=dict)  # drop -> the file its head claims (resolved)
    source_globs: tuple[str, ...] = ()  # where the oracle's source copies are (`source-globs`)
    _sourced: dict[str, Sourced] = field(default_factory=dict, repr=False)
    _listing: dict[str, str] = field(default_factory=dict, repr=False)
    _unnumbered: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    # what rules work out once per scan and reuse (a helper's results by its arguments), keyed by the helper
    rule_cache: dict[str, dict] = field(default_factory=dict, repr=False)
    _linked: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _bytes_per_line: dict[str, float] = field(default_factory=dict, repr=False)

    def slug(self, plan: Plan) -> str:
        return self.slugs[plan.path]

    @cached_property
    def live_plans(self) -> list[Plan]:
        """The plans to check: every plan but templates."""
        return [p for p in self.oracle.plans if not p.template]

    def parts_of(self, plan: Plan) -> list[PartRef]:
        return [r for r in self.parts if r.plan.path == plan.path]

    @cached_property
    def drop_parts(self) -> dict[str, PartRef]:
        """KNOWLEDGE-DROP path -> the PART it was matched to."""
        return {d: ref for ref in self.parts for d in ref.drops}

    @cached_property
    def part_of(self) -> dict[str, PartRef]:
        """Knowledge file path -> the first PART that produced it."""
        out: dict[str, PartRef] = {}
        for ref in self.parts:
            if ref.file is not None:
                out.setdefault(ref.file.path, ref)
        return out

    def holder(self, path: str) -> KnowledgeFile | None:
        """The knowledge file or SKILL.md at `path`."""
        kf = self.oracle.files.get(path)
        if kf is None and self.oracle.skill is not None and self.oracle.skill.path == path:
            return self.oracle.skill
        return kf

    def linked(self, path: str) -> set[str]:
        """Oracle paths the file at `path` (a knowledge file or SKILL.md) links to; empty for any other path."""
        found = self._linked.get(path)
        if found is None:
            holder = self.holder(path)
            found = self._linked[path] = {link.to for link in holder.links if link.to} if holder else set()
        return found

    @cached_property
    def internal_links(self) -> dict[str, list[Link]]:
        """For each linking file (knowledge files and SKILL.md): its links into the oracle or out of it."""
        return {
            kf.path: [lk for lk in kf.links if lk.to is not None or lk.escapes] for kf in self.oracle.linked_files()
        }

    @cached_property
    def backlinks(self) -> dict[str, list[tuple[str, Link]]]:
        """Knowledge file path -> (linking file, link) for every link to it from another file."""
        out: dict[str, list[tuple[str, Link]]] = {}
        for src, links in self.internal_links.items():
            for link in links:
                if link.to and link.to != src and link.to in self.oracle.files:
                    out.setdefault(link.to, []).append((src, link))
        return out

    def bytes_per_line(self, plan: Plan | None) -> float:
        """How long a line of this plan's written files is (the median over its completed PARTs' files, when
        there are three or more), else what the field's plans write: a file's size over this is its length
        in lines as the plan's runners wrap them."""
        if plan is None:
            return DEFAULT_BYTES_PER_LINE
        found = self._bytes_per_line.get(plan.path)
        if found is None:
            ratios = sorted(
                r.file.stamp.size / r.file.lines
                for r in self.parts_of(plan)
                if r.part.done and r.file is not None and r.file.lines and r.file.stamp is not None
            )
            found = ratios[(len(ratios) - 1) // 2] if len(ratios) >= 3 else DEFAULT_BYTES_PER_LINE
            self._bytes_per_line[plan.path] = found
        return found

    @cached_property
    def by_folder(self) -> dict[str, list[str]]:
        """Folder -> names of the files in it (parsed or not): where a link's intended file is looked for."""
        out: dict[str, list[str]] = {}
        for p in sorted({*self.oracle.files, *self.oracle.other_files}):
            folder, _, name = p.rpartition("/")
            out.setdefault(folder, []).append(name)
        return out

    def listing(self, folder: str) -> str:
        """The names of the files in `folder`, each between newlines (`"\\na.md\\nb.md\\n"`): for C-speed searches."""
        found = self._listing.get(folder)
        if found is None:
            found = self._listing[folder] = "".join("\n" + n for n in self.by_folder.get(folder, ())) + "\n"
        return found

    def unnumbered(self, folder: str) -> dict[str, list[str]]:
        """Names in `folder` without their number prefix -> the numbered names (`deepencoder.md` ->
        [`01-deepencoder.md`]): what a link that left the number out meant."""
        found = self._unnumbered.get(folder)
        if found is None:
            found = self._unnumbered[folder] = {}
            for n in self.by_folder.get(folder, ()):
                bare = _NUMBER_PREFIX.sub("", n, count=1)
                if bare != n:
                    found.setdefault(bare, []).append(n)
        return found

    @cached_property
    def copies(self) -> SourceCopies:
        """The oracle's source copies: what a link or code path in a citations block may name."""
        return SourceCopies(self.oracle, glob_matcher(self.source_globs))

    def is_source(self, path: str) -> bool:
        """Whether an oracle path lies under a source-copies folder (`source-globs`), existing or not."""
        return self.copies.is_source(path)

    def sourced(self, kf: KnowledgeFile) -> Sourced:
        """What the file's citations amount to: sources the reader can follow, and sources only named."""
        found = self._sourced.get(kf.path)
        if found is None:
            found = self._sourced[kf.path] = sourced(kf, self.copies)
        return found

    def unique_by_name(self, path: str) -> str | None:
        """The one knowledge file named like `path`'s last segment, if exactly one is."""
        same = self.names.get(path.rsplit("/", 1)[-1], [])
        return same[0] if len(same) == 1 else None

    @staticmethod
    def relative(from_path: str, to_path: str) -> str:
        """A link from the file at `from_path` to `to_path` (both oracle-relative)."""
        return relative_path(to_path, from_path.rsplit("/", 1)[0] if "/" in from_path else "")


def resolve(oracle: Oracle, config: Config) -> OracleIndex:
    known = set(oracle.files)
    names = {k: sorted(v) for k, v in names_index(known).items()}
    slugs = plan_slugs(oracle.plans)
    parts: list[PartRef] = []
    influences: dict[str, dict[int, InfluenceRef]] = {}
    drops_in = _drops_by_folder(oracle)
    for plan in oracle.plans:
        resolver = TargetResolver(known, config.search_roots, {oracle.name, plan.oracle}, names)
        influences[plan.path] = {n: _influence(resolver, inf) for n, inf in plan.influences.items()}
        if plan.template:
            continue  # listed, not checked: its PARTs are a pattern, not work
        refs = [_part(oracle, resolver, plan, part) for part in plan.parts]
        parts.extend(_with_drops(oracle, plan, refs, drops_in))
    index = OracleIndex(oracle, slugs, _same_asked_once(parts, slugs, influences), influences, names)
    index.source_globs = tuple(config.source_globs)
    index.parts = tuple(_with_unlinked(index, ref, config.max_file_bytes) for ref in index.parts)
    index.drop_files = _drop_files(oracle, config, known, names)
    return index


def _with_unlinked(index: OracleIndex, ref: PartRef, limit: int) -> PartRef:
    """The PART with the influences its (done) file does not link, and where the file names them in text."""
    kf, table = ref.file, index.influences.get(ref.plan.path, {})
    if kf is None or not ref.part.done or not ref.part.influences:
        return ref
    linked = index.linked(kf.path)
    missing = {n: table[n].resolved for n in ref.part.influences if n in table and table[n].resolved}
    missing = {n: path for n, path in missing.items() if path not in linked}
    if not missing:
        return ref
    broken = {lk.to.rsplit("/", 1)[-1] for lk in kf.links if lk.to and not index.oracle.exists(lk.to)}
    said = read_mentions(os.path.join(index.oracle.root, kf.path), missing, limit)
    gaps = tuple((n, said.get(n, 0), path.rsplit("/", 1)[-1] in broken) for n, path in sorted(missing.items()))
    return replace(ref, unlinked=gaps)


def _drop_files(oracle: Oracle, config: Config, known: set[str], names: dict) -> dict[str, str | None]:
    """Drop path -> the file its head claims to have created, resolved like a PART's target (None: no such file).
    Claims that lead outside the oracle are left out."""
    out: dict[str, str | None] = {}
    oracle_names = {oracle.name, *(p.oracle for p in oracle.plans)}
    resolver = TargetResolver(known, config.search_roots, oracle_names, names)
    for path, drop in oracle.drops.items():
        if drop.file_claim:
            try:
                res = resolver.resolve(drop.file_claim)
            except OutsideOracle:
                continue
            if res.candidates:
                continue  # ambiguous: not judged
            found = res.path or resolver.moved(drop.file_claim)
            if found is None and drop.file_claim.lower() in ("index.md", "skill.md"):
                continue
            out[path] = found or _in_workspace(oracle, drop.file_claim)
    return out


def _in_workspace(oracle: Oracle, claim: str) -> str | None:
    tail = "/" + claim.removeprefix("./")
    found = [w for w in oracle.workspace if w.endswith(tail)]
    return found[0] if len(found) == 1 else None


def _drops_by_folder(oracle: Oracle) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted(oracle.drops):
        out.setdefault(path.rsplit("/", 1)[0] if "/" in path else "", []).append(path)
    return out


def _with_drops(oracle: Oracle, plan: Plan, refs: list[PartRef], drops_in: dict[str, list[str]]) -> list[PartRef]:
    """The PARTs with their KNOWLEDGE-DROPs: those in the plan's folder (at any depth) and those left beside
    the PARTs' files (in their topic folders)."""
    own = {p for folder, paths in drops_in.items() if _under(folder, plan.folder) for p in paths}
    near = {p for ref in refs if ref.file is not None for p in drops_in.get(_folder(ref.file.path), ())}
    if not own and not near:
        return refs
    wanted = [Wanted(r.part.number, r.part.topic_slug, r.part.target, r.file.path if r.file else "") for r in refs]
    found = match_drops(wanted, [oracle.drops[p] for p in sorted(own | near)], own)
    return [replace(r, drop=found[i][0], drops=tuple(found[i])) if i in found else r for i, r in enumerate(refs)]


def _under(folder: str, top: str) -> bool:
    return folder == top or folder.startswith(top + "/") if top else True


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _same_asked_once(parts: list[PartRef], slugs: dict[str, str], influences: dict) -> tuple[PartRef, ...]:
    """PARTs of different plans asking the same of one file (a plan copied into another folder): the first, by
    plan path, judges the file and names the others; the others are marked shadowed."""
    first: dict[tuple, int] = {}
    also: dict[int, list[str]] = {}
    shadowed: set[int] = set()
    for i in sorted(range(len(parts)), key=lambda i: parts[i].plan.path):
        ref = parts[i]
        if ref.file is None:
            continue
        key = _asks(ref, influences[ref.plan.path])
        j = first.setdefault(key, i)
        if j != i and parts[j].plan.path != ref.plan.path:
            also.setdefault(j, []).append(f"PART {ref.part.number} of {slugs[ref.plan.path]}")
            shadowed.add(i)
    if not also:
        return tuple(parts)
    return tuple(
        replace(ref, also=tuple(also.get(i, ())), shadowed=i in shadowed) if i in also or i in shadowed else ref
        for i, ref in enumerate(parts)
    )


def _asks(ref: PartRef, table: dict) -> tuple:
    """What a PART asks of its file: the same tuple means the same findings."""
    p = ref.part
    infl = tuple((n, table[n].resolved if n in table else None) for n in p.influences)
    return (
        ref.file.path,
        p.done,
        p.budget_lines,
        tuple((s.number, s.title) for s in p.sections),
        infl,
        p.arr_coc_share,
    )


def plan_slugs(plans: tuple[Plan, ...]) -> dict[str, str]:
    """A plan's short name is its folder's; two folders of the same name are named by their whole path."""
    short = {p.path: p.folder.rsplit("/", 1)[-1] if p.folder else p.path.rsplit("/", 1)[0] for p in plans}
    taken: dict[str, int] = {}
    for s in short.values():
        taken[s] = taken.get(s, 0) + 1
    return {
        p.path: short[p.path] if taken[short[p.path]] == 1 else p.folder.removeprefix(PLAN_DIR + "/").replace("/", "--")
        for p in plans
    }


def _influence(resolver: TargetResolver, inf) -> InfluenceRef:
    try:
        return InfluenceRef(inf.number, inf.path, inf.line, resolver.resolve(inf.path).path)
    except OutsideOracle:
        return InfluenceRef(inf.number, inf.path, inf.line, None, outside=True)


def _part(oracle: Oracle, resolver: TargetResolver, plan: Plan, part: Part) -> PartRef:
    if not part.target:
        return PartRef(plan, part)
    special = _special(oracle, part.target)
    if special:
        return PartRef(plan, part, special=special)
    try:
        res: Resolution = resolver.resolve(part.target)
    except OutsideOracle:
        return PartRef(plan, part, outside=True)
    left = _left_in(oracle, plan, part.target)
    if res.path is not None:
        copies = tuple((w, _same_bytes(oracle.root, w, res.path)) for w in left if w != res.path)
        return PartRef(plan, part, oracle.files.get(res.path), res.by_suffix, leftovers=copies)
    if res.candidates:
        return PartRef(plan, part, candidates=res.candidates)
    if len(left) == 1:
        return PartRef(plan, part, oracle.workspace[left[0]], misplaced=True)
    moved = resolver.moved(part.target)
    return PartRef(plan, part, oracle.files[moved], moved=True) if moved else PartRef(plan, part)


def _same_bytes(root: str, a: str, b: str) -> bool:
    """Whether two oracle files hold the same bytes (read only for a copy left in a plan folder: rare)."""
    try:
        with open(os.path.join(root, a), "rb") as fa, open(os.path.join(root, b), "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def _special(oracle: Oracle, target: str) -> str:
    """`INDEX.md` or `SKILL.md` written bare: the oracle's own file at the root, when it has one."""
    name = target.removeprefix("./")
    if name.lower() == "index.md" and oracle.index is not None and "/" not in oracle.index.path:
        return oracle.index.path
    if name.lower() == "skill.md" and oracle.skill is not None and "/" not in oracle.skill.path:
        return oracle.skill.path
    return ""


def _left_in(oracle: Oracle, plan: Plan, target: str) -> list[str]:
    """Files in the plan's folder written under the target's path (`<plan folder>/techniques/00-a.md`)."""
    if not oracle.workspace or not plan.folder:
        return []
    prefix = plan.folder + "/"
    tail = "/" + target.removeprefix("./")
    return sorted(w for w in oracle.workspace if w.startswith(prefix) and ("/" + w[len(prefix) :]).endswith(tail))
