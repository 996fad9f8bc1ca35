"""What a rule is: a stable id, its documentation, and a pure check from the model and index to hits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..config import Config
from ..model import Edit, IssueKind, Oracle, Severity
from ..read.resolve import OracleIndex


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing a rule found; it becomes a Finding with the configured severity."""

    path: str
    line: int
    message: str
    fix: str = ""
    edits: tuple[Edit, ...] = ()  # the rule's own repair, applied by `oracle-kb fix`


Check = Callable[[Oracle, OracleIndex, Config], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # what it checks, one sentence
    why: str
    example: str  # markdown showing input that fails
    fix: str
    check: Check
    passes: str = ""  # markdown showing input that passes (what the rule accepts)


def issues(oracle: Oracle, kinds: Iterable[IssueKind]) -> Iterator[tuple[str, object]]:
    """(path, Issue) for every issue of the given kinds the readers noted: on files and during the walk."""
    wanted = set(kinds)
    for w in oracle.walk_issues:
        if w.issue.kind in wanted:
            yield w.path, w.issue
    for holder in oracle.text_holders():
        for issue in holder.issues:
            if issue.kind in wanted:
                yield holder.path, issue
