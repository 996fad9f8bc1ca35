"""What every page of one build shares: the oracle, its index and its findings, grouped once."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..model import Finding, KnowledgeFile, Oracle, Plan, Severity
from ..read.orientation import Orientation
from ..read.resolve import OracleIndex, PartRef
from .urls import href, matrix_page, plan_page


@dataclass
class SiteModel:
    """The oracle, its cross-file index and its findings, with the findings grouped by file."""

    oracle: Oracle
    index: OracleIndex
    findings: list[Finding]
    directory_urls: bool = True
    by_path: dict[str, list[Finding]] = field(default_factory=dict)
    orientation: Orientation = field(default_factory=Orientation)  # SKILL.md and topic INDEX words for readers
    glossary: dict[str, str] = field(default_factory=dict)  # the configuration's terms (override SKILL.md's)
    commit_times: dict[str, int] = field(default_factory=dict)  # path -> Unix time of its last commit

    def __post_init__(self) -> None:
        grouped: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            grouped[f.path].append(f)
        self.by_path = dict(grouped)

    def cited(self, kf: KnowledgeFile) -> int:
        """The sources a file names, counted as the citation rules count them."""
        return self.index.sourced(kf).count

    def plan_page(self, plan: Plan) -> str:
        return plan_page(self.index.slug(plan))

    def matrix_page(self, plan: Plan) -> str:
        return matrix_page(self.index.slug(plan))

    def served(self, path: str) -> bool:
        o = self.oracle
        return (
            path in o.files
            or path in o.drops
            or path in o.workspace
            or path in self._plans
            or (o.skill is not None and o.skill.path == path)
        )

    @cached_property
    def _plans(self) -> dict[str, Plan]:
        return {p.path: p for p in self.oracle.plans}

    def plan_at(self, path: str) -> Plan | None:
        """The plan whose file is `path`, if any."""
        return self._plans.get(path)

    def topic_position(self, path: str) -> int:
        """Where the knowledge file `path` stands in its topic's list (-1: not a knowledge file)."""
        return self._positions.get(path, -1)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {f.path: i for files in self.oracle.topics.values() for i, f in enumerate(files)}

    @cached_property
    def drop_parts(self) -> dict[str, list[PartRef]]:
        """KNOWLEDGE-DROP path -> the PARTs that claim it."""
        out: dict[str, list[PartRef]] = defaultdict(list)
        for ref in self.index.parts:
            if ref.drop:
                out[ref.drop].append(ref)
        return dict(out)

    def plan_findings(self, plan: Plan) -> list[Finding]:
        """Every finding on the plan file and on the files its PARTs produced."""
        own = list(self.by_path.get(plan.path, []))
        for path in dict.fromkeys(r.file.path for r in self.index.parts_of(plan) if r.file is not None):
            own += self.by_path.get(path, [])
        return own

    @cached_property
    def adjacency(self) -> dict[str, set[str]]:
        """Knowledge page -> the pages it links with, either way (the graphs draw this)."""
        from .graph import adjacency

        return adjacency(self.oracle, self.index)

    @property
    def tagged(self) -> bool:
        """Whether any knowledge page has `tags:` in its front matter (then the site has a tags page)."""
        return any(kf.front_matter.get("tags") for kf in self.oracle.files.values())

    def has_matrix(self, plan: Plan) -> bool:
        """Only a plan with a numbered influence table gets an influence matrix page."""
        return bool(self.index.influences.get(plan.path))

    def part_findings(self, ref: PartRef) -> list[Finding]:
        part = ref.part
        own = [f for f in self.by_path.get(ref.plan.path, []) if part.line <= f.line <= (part.end_line or part.line)]
        if ref.file is not None:
            own += self.by_path.get(ref.file.path, [])
        return own

    def html_link_to_finding(self, page: str, f: Finding) -> str:
        """Raw-HTML link to the page and the section holding a finding's line (report tables are raw HTML)."""
        label = html.escape(f"{f.path}:{f.line}")
        if not self.served(f.path):
            return f"<code>{label}</code>"
        anchor = ""
        kf = self.oracle.files.get(f.path)
        if kf is not None:
            holder = None
            for h in kf.headings:
                if h.line <= f.line:
                    holder = h
            anchor = holder.anchor if holder is not None else ""
        url = href(page, f.path, anchor, self.directory_urls)
        return f'<a href="{html.escape(url)}">{label}</a>'


def counts(findings: list[Finding]) -> str:
    c = Counter(f.severity for f in findings)
    parts = []
    if c[Severity.ERROR]:
        parts.append(f"{c[Severity.ERROR]} error{'s' if c[Severity.ERROR] > 1 else ''}")
    if c[Severity.WARNING]:
        parts.append(f"{c[Severity.WARNING]} warning{'s' if c[Severity.WARNING] > 1 else ''}")
    return ", ".join(parts) or "—"
