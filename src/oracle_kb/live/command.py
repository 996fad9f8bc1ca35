"""`oracle-kb links --external`: check the oracle's cited URLs, through the cache, and report findings."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from ..config import Config
from ..model import Finding, Oracle, Severity
from ..rules import rules_by_id
from .cache import DEFAULT_PATH, LinkCache
from .checker import Limits, LinkcheckerFailed, check
from .urls import Occurrence, collect
from .verdict import DEAD, OK, Verdict, judge

RULE_FOR = {DEAD: "citation-url-dead", "unreachable": "citation-url-unreachable"}


class NetworkDown(Exception):
    """No server answered at all: the verdicts would say more about this machine than about the URLs."""


@dataclass(frozen=True, slots=True)
class Options:
    cache_path: str = DEFAULT_PATH
    max_age_days: float = 6.0  # under a week: a weekly job asks again each week, a rerun that week does not
    max_urls: int = 1000
    limits: Limits = field(default_factory=Limits)


@dataclass(slots=True)
class Report:
    findings: list[Finding]
    urls: int = 0
    files: int = 0
    from_cache: int = 0
    checked: int = 0
    left: int = 0
    dead: int = 0
    unreachable: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.rule == RULE_FOR[DEAD] or f.severity is Severity.ERROR for f in self.findings)


def run(oracle: Oracle, config: Config, options: Options, now: float | None = None) -> Report:
    now = time.time() if now is None else now
    cited = collect(oracle)
    cache = LinkCache(options.cache_path, options.max_age_days, now)
    report = Report([], urls=len(cited), files=len({o.path for occ in cited.values() for o in occ}))
    if cache.note:
        report.notes.append(cache.note)
    known: dict[str, tuple[Verdict, float]] = {}
    todo: list[str] = []
    for url in sorted(cited):
        hit = cache.fresh(url)
        if hit is not None:
            known[url] = hit
        else:
            todo.append(url)
    report.from_cache = len(known)
    batch, report.left = todo[: max(0, options.max_urls)], max(0, len(todo) - max(0, options.max_urls))
    answered = _ask(batch, options.limits)
    for url, verdict in answered.items():
        cache.put(url, verdict)
        known[url] = (verdict, now)
    report.left += len(batch) - len(answered)  # linkchecker did not report them: the next run asks again
    report.checked = len(known) - report.from_cache
    if batch:
        cache.save()
    report.findings = _findings(cited, known, config)
    report.dead = sum(1 for v, _ in known.values() if v.kind == DEAD)
    report.unreachable = sum(1 for v, _ in known.values() if v.kind not in (OK, DEAD))
    return report


def _ask(batch: list[str], limits: Limits) -> dict[str, Verdict]:
    if not batch:
        return {}
    answers = check(batch, limits)
    if not answers:
        raise LinkcheckerFailed(f"linkchecker reported on none of the {len(batch)} URLs it was given")
    verdicts = {url: judge(a.valid, a.result, limits.timeout) for url, a in answers.items()}
    if len(verdicts) >= 3 and not any(v.answered for v in verdicts.values()):
        raise NetworkDown(
            f"none of the {len(verdicts)} URLs checked got an answer from a server (is the network up?); "
            "nothing reported and nothing cached"
        )
    return verdicts


def _findings(cited: dict[str, list[Occurrence]], known: dict[str, tuple[Verdict, float]], config: Config):
    rules = rules_by_id()
    out: list[Finding] = []
    for url, (verdict, when) in known.items():
        if verdict.kind == OK:
            continue
        rule = rules[RULE_FOR.get(verdict.kind, RULE_FOR["unreachable"])]
        severity = config.severity_of(rule.id, rule.severity)
        if severity is None:
            continue
        date = time.strftime("%Y-%m-%d", time.gmtime(when))
        for occ in cited[url]:
            what = verdict.detail if verdict.kind == DEAD else f"could not be checked: {verdict.detail}"
            out.append(
                Finding(rule.id, severity, occ.path, occ.line, f"URL `{occ.url}` {what} (checked {date})", rule.fix)
            )
    out.sort(key=lambda f: (f.path, f.line, f.rule, f.message))
    return out


def summary_line(report: Report, options: Options) -> str:
    parts = [
        f"{report.urls} external URL{'s' if report.urls != 1 else ''} in {report.files} files",
        f"{report.from_cache} from cache (younger than {options.max_age_days:g} days)",
        f"{report.checked} checked now",
    ]
    if report.left:
        parts.append(f"{report.left} left for the next run (--max-urls {options.max_urls})")
    return ", ".join(parts) + f": {report.dead} dead, {report.unreachable} unreachable"


def as_text(report: Report, options: Options) -> str:
    out = [f"{f.path}:{f.line}: {f.severity.value} {f.rule} {f.message} (fix: {f.fix})" for f in report.findings]
    out += report.notes
    out.append(summary_line(report, options))
    return "\n".join(out) + "\n"


def as_json(report: Report, options: Options) -> str:
    doc = {
        "summary": {
            "urls": report.urls,
            "files": report.files,
            "from_cache": report.from_cache,
            "checked": report.checked,
            "left": report.left,
            "dead": report.dead,
            "unreachable": report.unreachable,
        },
        "findings": [f.as_dict() for f in report.findings],
        "notes": report.notes,
    }
    return json.dumps(doc, ensure_ascii=False) + "\n"
