"""The CI gate's commands: `check --baseline` / `--format sarif`, `baseline`, and `links --external`.

cli.py declares the arguments through `add_arguments` and hands over to these functions; each returns an
exit code (0 nothing new that fails, 1 something does, 2 a usage problem, said on stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence

from . import baseline as bl
from .model import Finding, Oracle, Severity
from .pipeline import Checked
from .render import reports
from .rules import all_rules

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def add_arguments(sub, check: argparse.ArgumentParser, common) -> None:
    """`--baseline` on check, and the `baseline` and `links` commands (the sarif format is in check's choices)."""
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="report and fail only on findings not in FILE (written by `oracle-kb baseline`); list those gone",
    )
    b = sub.add_parser("baseline", help="record today's findings so `check --baseline` fails only on new ones")
    common(b)
    b.add_argument("-o", "--output", default=bl.DEFAULT_FILE, metavar="FILE", help=f"default: ./{bl.DEFAULT_FILE}")
    from .live.cache import DEFAULT_PATH

    k = sub.add_parser("links", help="check cited external URLs over the network (for a scheduled job)")
    common(k)
    k.add_argument("--external", action="store_true", required=True, help="check external URLs (required)")
    k.add_argument("--format", choices=["text", "json", "github"], default="text")
    k.add_argument("--cache", default=DEFAULT_PATH, metavar="FILE", help=f"answers cache (default: ./{DEFAULT_PATH})")
    k.add_argument(
        "--max-age", type=float, default=6.0, metavar="DAYS", help="reuse cached answers younger than this (6)"
    )
    k.add_argument("--timeout", type=int, default=20, metavar="SECONDS", help="per connection attempt (20)")
    k.add_argument("--rate", type=float, default=2.0, metavar="N", help="requests per second to one host, at most (2)")
    k.add_argument("--threads", type=int, default=4, metavar="N", help="requests in flight overall (4)")
    k.add_argument("--max-urls", type=int, default=1000, metavar="N", help="check at most N URLs now (1000)")


def _path_prefix(oracle: Oracle) -> str:
    prefix = os.path.relpath(oracle.root, os.getcwd()).replace(os.sep, "/")
    return "" if prefix == "." else prefix.rstrip("/") + "/"


def _fails(findings: Sequence[Finding]) -> int:
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def _gone_lines(gone: Sequence[bl.Entry], file: str, matched: int, new: int) -> list[str]:
    out = [
        f"baseline {file}: {matched} baselined finding{'s' if matched != 1 else ''} still present (not shown), "
        f"{new} new, {len(gone)} gone"
    ]
    if gone:
        out.append(f"gone from the oracle since the baseline (fixed, moved, or their rule turned off): {len(gone)}")
        out += [f"  {e.path}:{e.line}: {e.rule} {e.message}" for e in gone]
        out.append(f"run `oracle-kb baseline -o {file}` to drop them from the file")
    return out


def check_output(args, checked: Checked) -> int:
    """`check` with `--baseline` or `--format sarif`: render the findings that count, return the exit code."""
    oracle, findings = checked.oracle, checked.findings
    comparison = None
    if args.baseline:
        try:
            comparison = bl.compare(oracle.root, findings, bl.load(args.baseline))
        except bl.BaselineError as exc:
            print(f"oracle-kb: {exc}", file=sys.stderr)
            return EXIT_USAGE
        findings = comparison.new
    extra = _gone_lines(comparison.gone, args.baseline, len(comparison.matched), len(findings)) if comparison else []
    if args.format == "sarif":
        sys.stdout.write(_sarif(oracle, findings, args.baseline, comparison))
    elif args.format == "json":
        doc = json.loads(reports.as_json(oracle, checked.index, findings))
        if comparison is not None:
            doc["baseline"] = _baseline_doc(args.baseline, comparison)
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    elif args.format == "github":
        sys.stdout.write(reports.as_github(oracle, findings, path_prefix=_path_prefix(oracle)))
        if comparison is not None and comparison.gone:
            n = len(comparison.gone)
            print(f"::notice title=oracle-kb baseline::{n} baselined findings are gone; shrink {args.baseline}")
        sys.stdout.write("".join(line + "\n" for line in extra))
    else:
        sys.stdout.write(reports.as_text(oracle, findings, show_info=not args.quiet))
        sys.stdout.write("".join(line + "\n" for line in extra))
    return _fails(findings)


def _baseline_doc(file: str, comparison: bl.Comparison) -> dict:
    return {
        "file": file,
        "matched": len(comparison.matched),
        "new": len(comparison.new),
        "gone": [{"path": e.path, "line": e.line, "rule": e.rule, "message": e.message} for e in comparison.gone],
    }


def _sarif(oracle: Oracle, findings: list[Finding], file: str | None, comparison: bl.Comparison | None) -> str:
    from .render.sarif import as_sarif

    info = None
    if comparison is not None:
        info = {"file": file, "matched": len(comparison.matched), "gone": len(comparison.gone)}
    return as_sarif(oracle, findings, bl.fingerprints(oracle.root, findings), all_rules(), baseline=info)


def write_baseline(args, checked: Checked) -> int:
    """`oracle-kb baseline`: write every finding of today's check to the file."""
    from .write.atomic import write_atomic

    oracle, findings = checked.oracle, checked.findings
    items = bl.entries(oracle.root, findings)
    path = args.output
    previous = None
    if os.path.lexists(path):
        try:
            previous = bl.load(path)
        except bl.BaselineError as exc:
            if not bl.written_by_us(path):  # an older baseline is replaced; anyone else's file is not
                print(f"oracle-kb: {exc}; not overwritten (remove it or choose another file)", file=sys.stderr)
                return EXIT_USAGE
    changed = write_atomic(path, bl.dumps(items).encode("utf-8"))
    counts = Counter(f.severity for f in findings)
    line = (
        f"{path}: {len(items)} finding{'s' if len(items) != 1 else ''} recorded ({counts[Severity.ERROR]} errors, "
        f"{counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} info)"
    )
    if previous is not None:
        old, new = Counter(e.fingerprint for e in previous), Counter(e.fingerprint for e in items)
        line += f"; was {len(previous)}: {sum((old - new).values())} gone, {sum((new - old).values())} added"
        line += "" if changed else " (file unchanged)"
    print(line)
    return EXIT_OK


def links(args, checked: Checked) -> int:
    """`oracle-kb links --external`: check cited URLs (cached, rate-limited); exit 1 when some are dead."""
    from .config import load_config
    from .live import command as live
    from .live.checker import Limits, LinkcheckerFailed, LinkcheckerMissing

    if args.max_age < 0 or args.timeout < 1 or args.rate <= 0 or args.threads < 1 or args.max_urls < 0:
        print(
            "oracle-kb: --max-age >= 0, --timeout >= 1, --rate > 0, --threads >= 1 and --max-urls >= 0 please",
            file=sys.stderr,
        )
        return EXIT_USAGE
    limits = Limits(timeout=args.timeout, rate=args.rate, threads=args.threads)
    options = live.Options(args.cache, args.max_age, args.max_urls, limits)
    oracle, config = checked.oracle, load_config(args.config, args.oracle_dir)  # the severities
    try:
        report = live.run(oracle, config, options)
    except (LinkcheckerMissing, LinkcheckerFailed, live.NetworkDown) as exc:
        print(f"oracle-kb: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        sys.stdout.write(live.as_json(report, options))
    elif args.format == "github":
        sys.stdout.write(reports.as_github(oracle, report.findings, path_prefix=_path_prefix(oracle)))
        print(live.summary_line(report, options))
    else:
        sys.stdout.write(live.as_text(report, options))
    return EXIT_FINDINGS if report.failed else EXIT_OK
