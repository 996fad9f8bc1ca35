"""Findings as SARIF 2.1.0, for GitHub code scanning (`oracle-kb check --format sarif`).

Locations. GitHub resolves a result's `artifactLocation.uri` against the repository root, and an oracle
often lives in a sub-folder of its repository. So when the oracle is inside a git working tree (a `.git`
folder or file in it or above it) every uri is relative to that tree's root and carries the uriBaseId
`%SRCROOT%`, the name CodeQL uses for it; otherwise uris are relative to the oracle folder, with the
uriBaseId `ORACLEROOT`. `run.originalUriBaseIds` says which one applies, without absolute paths, so the
file is the same on every machine. Paths are percent-encoded (spaces are common in oracle file names).

Fingerprints. Each result carries `partialFingerprints["oracleKb/v1"]`: the baseline fingerprint
(see `oracle_kb.baseline`) and its occurrence number, `hash:n`, so an alert follows its finding when lines
move, the way GitHub's own `primaryLocationLineHash` (which the upload action computes itself) does.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from urllib.parse import quote

from .. import __version__
from ..model import Finding, Oracle, Severity
from .reports import summary

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "oracleKb/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def repository_root(path: str) -> str | None:
    """The nearest folder at or above `path` holding `.git` (a folder, or a file in a worktree)."""
    here = os.path.realpath(path)
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def location_base(oracle_root: str) -> tuple[str, str, str]:
    """(uri prefix for oracle-relative paths, uriBaseId, what the base is)."""
    repo = repository_root(oracle_root)
    if repo is None:
        return "", "ORACLEROOT", "the oracle folder (it is not inside a git repository)"
    rel = os.path.relpath(os.path.realpath(oracle_root), repo).replace(os.sep, "/")
    return ("" if rel == "." else rel + "/"), "%SRCROOT%", "the root of the git repository holding the oracle"


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _rule(r) -> dict:
    help_text = f"{r.summary}\n\nWhy: {r.why}\n\nExample that fails:\n\n{r.example}\n\nHow to fix: {r.fix}"
    help_md = f"{r.summary}\n\n**Why.** {r.why}\n\n**Example that fails:**\n\n```markdown\n{r.example}\n```\n\n"
    help_md += f"**How to fix.** {r.fix}"
    return {
        "id": r.id,
        "name": _pascal(r.id),
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": f"{r.summary} {r.why}"},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": _LEVEL[r.severity]},
    }


def _result(f: Finding, rule_index: dict[str, int], uri: str, base_id: str, fingerprint: str) -> dict:
    out = {
        "ruleId": f.rule,
        "level": _LEVEL[f.severity],
        "message": {"text": f.message + (f" (fix: {f.fix})" if f.fix else "")},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri, "uriBaseId": base_id},
                    "region": {"startLine": max(f.line, 1)},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if f.rule in rule_index:
        out["ruleIndex"] = rule_index[f.rule]
    return out


def as_sarif(
    oracle: Oracle,
    findings: Sequence[Finding],
    fingerprints: Sequence[str],
    rules: Sequence,
    *,
    baseline: dict | None = None,
) -> str:
    """One SARIF log with one run. `baseline` (counts and file) marks every result as new to it."""
    prefix, base_id, base_what = location_base(oracle.root)
    rule_index = {r.id: i for i, r in enumerate(rules)}
    seen: Counter[str] = Counter()  # the fingerprint holds the path: n counts identical findings in one file
    results = []
    for f, fp in zip(findings, fingerprints, strict=True):
        seen[fp] += 1
        result = _result(f, rule_index, quote(prefix + f.path, safe="/"), base_id, f"{fp}:{seen[fp]}")
        if baseline is not None:
            result["baselineState"] = "new"
        results.append(result)
    properties: dict = {"summary": summary(oracle, findings)}
    if baseline is not None:
        properties["baseline"] = baseline
    run = {
        "tool": {
            "driver": {
                "name": "oracle-kb",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(r) for r in rules],
            }
        },
        "originalUriBaseIds": {base_id: {"description": {"text": base_what}}},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": properties,
    }
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
