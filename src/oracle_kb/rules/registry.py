"""The rules, listed explicitly (ruff's `codes.rs` is the model): a rule is on when it is in this table.

`REPORTED_BY` is the one table saying which rule reports each kind of issue the readers note; it must
name every `IssueKind` (checked at import). `run_checks` turns hits into findings with the configured
severity, in a stable order.
"""

from __future__ import annotations

from operator import attrgetter

from ..config import Config, ConfigError
from ..model import Finding, IssueKind, Oracle
from ..read.resolve import OracleIndex
from . import (
    arr_coc_section_missing,
    citation_url_dead,
    citation_url_invalid,
    citation_url_unreachable,
    citations_missing,
    citations_too_few,
    citations_unlinked,
    drop_claim_wrong,
    drop_missing,
    drop_unmatched,
    file_unreadable,
    frontmatter_invalid,
    html_unsafe,
    index_stale,
    influence_file_missing,
    influence_missing,
    influence_not_linked,
    line_count_over,
    line_count_under,
    link_broken,
    mojibake,
    part_file_leftover,
    part_file_misplaced,
    part_file_missing,
    part_file_moved,
    part_not_marked,
    part_numbering,
    path_outside_oracle,
    path_resolved_by_suffix,
    plan_count_mismatch,
    plan_truncated,
    section_missing,
)
from .rule import Rule

RULES: tuple[Rule, ...] = (
    citations_missing.RULE,
    citations_unlinked.RULE,
    citations_too_few.RULE,
    citation_url_invalid.RULE,
    line_count_under.RULE,
    line_count_over.RULE,
    section_missing.RULE,
    influence_missing.RULE,
    influence_not_linked.RULE,
    influence_file_missing.RULE,
    arr_coc_section_missing.RULE,
    part_file_missing.RULE,
    part_file_moved.RULE,
    part_file_misplaced.RULE,
    part_file_leftover.RULE,
    part_not_marked.RULE,
    part_numbering.RULE,
    path_resolved_by_suffix.RULE,
    drop_missing.RULE,
    drop_unmatched.RULE,
    drop_claim_wrong.RULE,
    plan_count_mismatch.RULE,
    plan_truncated.RULE,
    mojibake.RULE,
    link_broken.RULE,
    frontmatter_invalid.RULE,
    path_outside_oracle.RULE,
    file_unreadable.RULE,
    index_stale.RULE,
    html_unsafe.RULE,
    citation_url_dead.RULE,  # reported by `oracle-kb links --external` only (oracle_kb.live)
    citation_url_unreachable.RULE,  # idem
)

REPORTED_BY: dict[IssueKind, Rule] = {
    **{kind: file_unreadable.RULE for kind in file_unreadable.KINDS},
    **{kind: frontmatter_invalid.RULE for kind in frontmatter_invalid.KINDS},
    **{kind: link_broken.RULE for kind in link_broken.KINDS},
    **{kind: path_outside_oracle.RULE for kind in path_outside_oracle.KINDS},
}
_unreported = set(IssueKind) - set(REPORTED_BY)
if _unreported:  # a new kind of issue that no rule reports would vanish silently
    raise ImportError(f"no rule reports issue kinds {sorted(_unreported)}")
if len({r.id for r in RULES}) != len(RULES):
    raise ImportError("two rules share an id")


def all_rules() -> list[Rule]:
    return list(RULES)


def rules_by_id() -> dict[str, Rule]:
    return {r.id: r for r in RULES}


def validate_config(config: Config) -> None:
    known = rules_by_id()
    for rule_id in config.severity:
        if rule_id not in known:
            raise ConfigError(f"{config.source or 'configuration'}: severity for unknown rule {rule_id!r}")


_FINDING_ORDER = attrgetter("path", "line", "rule", "message")  # by file, then line (C-level key)


def run_checks(oracle: Oracle, index: OracleIndex, config: Config) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        severity = config.severity_of(rule.id, rule.severity)
        if severity is None:
            continue
        for hit in rule.check(oracle, index, config):
            findings.append(Finding(rule.id, severity, hit.path, max(hit.line, 0), hit.message, hit.fix, hit.edits))
    findings.sort(key=_FINDING_ORDER)
    return findings
