"""Findings of `oracle-kb check` over real oracles: per oracle and per rule, and one total table.

python benchmarks/field_report.py [FIELD_DIR] [--rule RULE ...] [--oracle NAME ...]

FIELD_DIR holds one oracle per sub-folder (default: `../shared/field/` next to the repository). Each oracle
is checked through the CLI's JSON output (`python -m oracle_kb check DIR --format json`), the interface that
stays stable while the core changes. The counts are figures to judge by opening the files, not a test:
a finding is right or wrong only once someone has read the line it names.

--rule R prints R's findings as `oracle/path:line rule message` (repeatable); --oracle limits the run to
the named oracle folders. A missing FIELD_DIR is not an error: the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

DEFAULT_FIELD = Path(__file__).resolve().parents[1].parent / "shared" / "field"
SEVERITIES = ("error", "warning", "info")


def check(oracle: Path) -> dict | None:
    """The CLI's JSON report for one oracle, or None (with a note on stderr) when the check did not run."""
    proc = subprocess.run(
        [sys.executable, "-m", "oracle_kb", "check", str(oracle), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1):
        print(f"note: {oracle.name}: check exited {proc.returncode}: {proc.stderr.strip()}", file=sys.stderr)
        return None
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        print(f"note: {oracle.name}: output is not JSON ({exc})", file=sys.stderr)
        return None


def oracles_in(field: Path, names: list[str]) -> list[Path]:
    found = sorted(p for p in field.iterdir() if p.is_dir() and not p.name.startswith("."))
    return [p for p in found if not names or p.name in names]


def table(title: str, rows: dict[str, Counter], first: str) -> list[str]:
    """A fixed-width table: one row per key with its errors, warnings, infos and total."""
    width = max([len(first), *(len(k) for k in rows)])
    out = [title, f"  {first:<{width}}  {'errors':>6}  {'warnings':>8}  {'info':>5}  {'total':>5}"]
    for key in sorted(rows, key=lambda k: (-sum(rows[k].values()), k)):
        c = rows[key]
        out.append(f"  {key:<{width}}  {c['error']:>6}  {c['warning']:>8}  {c['info']:>5}  {sum(c.values()):>5}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("field", nargs="?", type=Path, default=DEFAULT_FIELD, help="folder of oracle folders")
    ap.add_argument("--rule", action="append", default=[], help="print this rule's findings (repeatable)")
    ap.add_argument("--oracle", action="append", default=[], help="only this oracle folder (repeatable)")
    args = ap.parse_args(argv)
    if not args.field.is_dir():
        print(f"note: no field oracles at {args.field}; nothing to report")
        return 0
    oracles = oracles_in(args.field, args.oracle)
    if not oracles:
        print(f"note: no oracle folders in {args.field}")
        return 0
    total_by_rule: dict[str, Counter] = {}
    total_by_oracle: dict[str, Counter] = {}
    listed: list[str] = []
    for oracle in oracles:
        report = check(oracle)
        if report is None:
            continue
        by_rule: dict[str, Counter] = {}
        total_by_oracle[oracle.name] = Counter({s: 0 for s in SEVERITIES})
        for f in report["findings"]:
            by_rule.setdefault(f["rule"], Counter({s: 0 for s in SEVERITIES}))[f["severity"]] += 1
            total_by_rule.setdefault(f["rule"], Counter({s: 0 for s in SEVERITIES}))[f["severity"]] += 1
            total_by_oracle[oracle.name][f["severity"]] += 1
            if f["rule"] in args.rule:
                listed.append(f"{oracle.name}/{f['path']}:{f['line']} {f['rule']} {f['message']}")
        s = report["summary"]
        head = f"{oracle.name}: {s['files']} knowledge files, {s['plans']} plans, {s['parts']} PARTs"
        print("\n".join(table(head, by_rule, "rule")) if by_rule else f"{head}\n  no findings")
        print()
    print("\n".join(table("TOTAL by oracle", total_by_oracle, "oracle")))
    print()
    print("\n".join(table("TOTAL by rule", total_by_rule, "rule")))
    if args.rule:
        print()
        print(f"{len(listed)} finding(s) of {', '.join(args.rule)}:")
        print("\n".join(listed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
