"""`oracle-kb`: check an oracle, show its stats and rules, write its INDEX.md, apply safe fixes; serve, build and
scaffold its site (through the MkDocs adapter, imported only by those commands)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys

from . import __version__, gate
from .config import ConfigError, load_config
from .model import Oracle, Severity
from .pipeline import Checked, check
from .read.scan import OracleUnreadable, Scanner
from .render import reports
from .rules import all_rules

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="oracle-kb", description="Check and publish research oracles.")
    p.add_argument("--version", action="version", version=f"oracle-kb {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("oracle_dir", nargs="?", help="oracle folder (default: configuration, or $ORACLE_KB_DIR)")
        sp.add_argument("--config", help="configuration file (oracle-kb.toml or pyproject.toml)")

    c = sub.add_parser("check", help="validate the oracle; exit 1 when there are errors")
    common(c)
    c.add_argument("--format", choices=["text", "json", "github", "sarif"], default="text")
    c.add_argument("--quiet", action="store_true", help="text format: hide info findings")
    s = sub.add_parser("stats", help="files, lines, citations, plans, PARTs done/total")
    common(s)
    s.add_argument("--format", choices=["text", "json"], default="text")
    r = sub.add_parser("rules", help="the rules and their documentation")
    r.add_argument("--format", choices=["markdown", "json"], default="markdown")
    i = sub.add_parser("index", help="regenerate the oracle's INDEX.md (--write) or test that it is current (--check)")
    common(i)
    mode = i.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    f = sub.add_parser("fix", help="apply safe fixes: mojibake, unambiguous broken links, tick finished PARTs")
    common(f)
    f.add_argument("--dry-run", action="store_true", help="print a unified diff, change nothing")
    gate.add_arguments(sub, c, common)  # check --baseline, `baseline`, `links --external`
    _site_parsers(sub)
    return p


def _site_parsers(sub) -> None:
    """serve, build and init: run by the MkDocs adapter (oracle_kb_mkdocs.commands), imported only for them."""
    here = "a mkdocs.yml in the working folder is used when present, else oracle-kb's default site configuration"
    s = sub.add_parser("serve", help="serve the oracle's site with live reload on 127.0.0.1", description=here)
    s.add_argument("oracle_dir", nargs="?", help="oracle folder (default: configuration, or the one oracle found here)")
    s.add_argument("-a", "--dev-addr", metavar="IP:PORT", help="address to serve on (default: 127.0.0.1:8000)")
    s.add_argument("--strict", action="store_true", help="stop on warnings (error findings, broken links)")
    b = sub.add_parser("build", help="build the oracle's site into a folder", description=here)
    b.add_argument("oracle_dir", nargs="?", help="oracle folder (default: configuration, or the one oracle found here)")
    b.add_argument("-d", "--site-dir", metavar="SITE", help="output folder (default: site)")
    b.add_argument("--strict", action="store_true", help="fail on warnings (error findings, broken links)")
    i = sub.add_parser(
        "init",
        help="write a starter mkdocs.yml, GitHub workflow and pre-commit entry into this repository",
        description="Writes only files that do not exist yet, and says which it skipped.",
    )
    i.add_argument("oracle_dir", nargs="?", help="oracle folder (default: the one oracle found here)")
    i.add_argument(
        "--source",
        metavar="OWNER/REPO@REF",
        help="where the workflow and pre-commit take oracle-kb from (default: where it was installed from)",
    )


def _load(args) -> Checked:
    config = load_config(args.config, args.oracle_dir)
    return check(config, Scanner(config, parallel=True))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command in ("serve", "build", "init"):
            gc.enable()  # a long-running server: entry() turned the collector off for one-shot checks
            from oracle_kb_mkdocs.commands import run

            return run(args)
        if args.command == "rules":
            return _rules(args)
        checked = _load(args)
        if args.command == "check":
            return _check(args, checked)
        if args.command == "stats":
            return _stats(args, checked)
        if args.command == "index":
            return _index(args, checked.oracle)
        if args.command == "fix":
            from .write.fixes import run_fix

            return run_fix(checked.oracle.root, checked.findings, dry_run=args.dry_run, out=sys.stdout)
        if args.command == "baseline":
            return gate.write_baseline(args, checked)
        if args.command == "links":
            return gate.links(args, checked)
    except (ConfigError, OracleUnreadable) as exc:
        print(f"oracle-kb: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        print(f"oracle-kb: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # never a traceback for a user; say what happened and where to report it
        print(
            f"oracle-kb: internal error: {type(exc).__name__}: {exc} (please report this with the input)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return EXIT_USAGE


def entry() -> None:
    """Console entry point: run, flush, and exit without tearing down the model object by object.

    Freeing a large model at interpreter shutdown takes a noticeable share of a check's time; like mypy,
    the command flushes its output and leaves with os._exit. `main()` itself returns normally and leaves
    the garbage collector as it found it.
    """
    # One run over acyclic data, then os._exit: the cyclic collector would only re-walk the growing heap
    # (measured: 0.2 s of a 1.1 s check on the benchmark oracle).
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)


def _check(args, checked: Checked) -> int:
    oracle, findings = checked.oracle, checked.findings
    if args.baseline or args.format == "sarif":
        return gate.check_output(args, checked)
    if args.format == "json":
        sys.stdout.write(reports.as_json(oracle, checked.index, findings))
    elif args.format == "github":
        prefix = os.path.relpath(oracle.root, os.getcwd()).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix.rstrip("/") + "/"
        sys.stdout.write(reports.as_github(oracle, findings, path_prefix=prefix))
    else:
        sys.stdout.write(reports.as_text(oracle, findings, show_info=not args.quiet))
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def _stats(args, checked: Checked) -> int:
    oracle = checked.oracle
    s = reports.stats(oracle, checked.index)
    if args.format == "json":
        print(json.dumps(s, indent=2))
    else:
        print(f"{s['files']} knowledge files in {s['topics']} topics, {s['lines']:,} lines, {s['citations']} citations")
        print(f"{s['plans']} plans, PARTs done {s['parts_done']}/{s['parts_total']}, {s['drops']} KNOWLEDGE-DROPs")
        for plan in oracle.plans:
            print(f"  {checked.index.slug(plan)}: {plan.parts_done}/{len(plan.parts)} PARTs done")
    return EXIT_OK


def _rules(args) -> int:
    rules = all_rules()
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "severity": r.severity.value,
                        "summary": r.summary,
                        "why": r.why,
                        "example": r.example,
                        "fix": r.fix,
                        "passes": r.passes,
                    }
                    for r in rules
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        sys.stdout.write(reports.rules_markdown(rules))
    return EXIT_OK


def _index(args, oracle: Oracle) -> int:
    from .write.index_file import update_index

    result = update_index(oracle, check_only=args.check)
    if result.refused:
        print(f"oracle-kb: {result.message}", file=sys.stderr)
        return EXIT_USAGE
    if result.ok or args.check:
        print(result.message)
    else:
        print(f"oracle-kb: {result.message}", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_FINDINGS
