"""Rules: one module per rule, each with a stable id, its documentation and a pure `check`.

A rule's `check(ctx)` yields Hits; `run_checks` turns them into Findings with the configured severity.
The rules reference page (`oracle-kb rules`, the site's Rules page) is generated from these same objects.
"""

from __future__ import annotations

import importlib
import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

from ..config import Config, ConfigError
from ..model import Finding, KnowledgeFile, Link, Oracle, Part, Plan, Severity
from ..read.paths import relative_path


@dataclass(frozen=True, slots=True)
class Hit:
    path: str
    line: int
    message: str
    fix: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # what it checks, one sentence
    why: str
    example: str  # markdown showing input that fails
    fix: str
    check: Callable[[Context], Iterable[Hit]]


class Context:
    """What rules share: the oracle, the config, and indexes derived once from them."""

    def __init__(self, oracle: Oracle, config: Config):
        self.oracle = oracle
        self.config = config
        self._linked: dict[str, set[str]] = {}

    def knowledge(self) -> list[KnowledgeFile]:
        return [self.oracle.files[k] for k in sorted(self.oracle.files)]

    def linked_files(self) -> list[KnowledgeFile]:
        """Files whose links are checked: knowledge files and SKILL.md."""
        out = self.knowledge()
        if self.oracle.skill is not None:
            out.append(self.oracle.skill)
        return out

    def text_holders(self) -> list:
        """Everything read as text that carries decoding issues and mojibake: knowledge files, SKILL.md, plans."""
        return [*self.linked_files(), *self.oracle.plans]

    def part_file(self, part: Part) -> KnowledgeFile | None:
        return self.oracle.files.get(part.resolved) if part.resolved else None

    def parts(self) -> Iterator[tuple[Plan, Part]]:
        for plan in self.oracle.plans:
            for part in plan.parts:
                yield plan, part

    @cached_property
    def resolved_links(self) -> dict[str, list[tuple[Link, str | None, bool]]]:
        """For each linking file: (link, oracle-relative target or None, escapes-the-oracle), internal links only."""
        return {
            kf.path: [(link, link.to, link.escapes) for link in kf.links if link.to is not None or link.escapes]
            for kf in self.linked_files()
        }

    @cached_property
    def files_by_name(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in sorted(self.oracle.files):
            out.setdefault(p.rsplit("/", 1)[-1], []).append(p)
        return out

    def linked(self, path: str) -> set[str]:
        """Oracle paths the file at `path` (a knowledge file or SKILL.md) links to; empty for any other path."""
        found = self._linked.get(path)
        if found is None:
            holder = self.oracle.files.get(path)
            if holder is None and self.oracle.skill is not None and self.oracle.skill.path == path:
                holder = self.oracle.skill
            found = self._linked[path] = {link.to for link in holder.links if link.to} if holder else set()
        return found

    @cached_property
    def backlinks(self) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        for src, rows in self.resolved_links.items():
            for link, target, _ in rows:
                if target and target != src and target in self.oracle.files:
                    out.setdefault(target, []).append((src, link.line))
        return out

    def relative(self, from_path: str, to_path: str) -> str:
        return relative_path(to_path, posixpath.dirname(from_path))


RULE_MODULES = [
    "citations_missing",
    "citations_too_few",
    "citation_url_invalid",
    "line_count_under",
    "line_count_over",
    "section_missing",
    "influence_missing",
    "influence_file_missing",
    "arr_coc_section_missing",
    "part_file_missing",
    "part_not_marked",
    "part_numbering",
    "path_resolved_by_suffix",
    "drop_missing",
    "drop_unmatched",
    "plan_count_mismatch",
    "plan_truncated",
    "mojibake",
    "link_broken",
    "frontmatter_invalid",
    "path_outside_oracle",
    "file_unreadable",
    "index_stale",
    "html_unsafe",
]


def all_rules() -> list[Rule]:
    return [importlib.import_module(f"{__name__}.{m}").RULE for m in RULE_MODULES]


def rules_by_id() -> dict[str, Rule]:
    return {r.id: r for r in all_rules()}


def validate_config(config: Config) -> None:
    known = rules_by_id()
    for rule_id in config.severity:
        if rule_id not in known:
            raise ConfigError(f"{config.source or 'configuration'}: severity for unknown rule {rule_id!r}")


_FINDING_ORDER = attrgetter("path", "line", "rule", "message")  # by file, then line (C-level key)


def run_checks(oracle: Oracle, config: Config, ctx: Context | None = None) -> list[Finding]:
    ctx = ctx or Context(oracle, config)
    findings: list[Finding] = []
    for rule in all_rules():
        severity = config.severity_of(rule.id, rule.severity)
        if severity is None:
            continue
        for hit in rule.check(ctx):
            findings.append(Finding(rule.id, severity, hit.path, max(hit.line, 0), hit.message, hit.fix))
    findings.sort(key=_FINDING_ORDER)
    return findings


def issues_of(ctx: Context, rule_id: str) -> Iterator[Hit]:
    """Hits for decoding and scanning problems recorded on files under `rule_id`."""
    for f in ctx.oracle.scan_findings:
        if f.rule == rule_id:
            yield Hit(f.path, f.line, f.message, f.fix)
    for holder in ctx.text_holders():
        for issue in holder.issues:
            if issue.rule == rule_id:
                yield Hit(holder.path, issue.line, issue.message, issue.fix)
