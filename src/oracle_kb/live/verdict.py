"""linkchecker's answer for one URL -> ok, dead (gone for sure) or unreachable (no usable answer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

OK, DEAD, UNREACHABLE = "ok", "dead", "unreachable"

_STATUS = re.compile(r"^(\d{3})\b\s*(.*)")
_DNS = re.compile(
    r"Name or service not known|NameResolutionError|nodename nor servname|getaddrinfo failed|"
    r"No address associated with hostname|Failed to resolve",
    re.I,
)
_TIMEOUT = re.compile(r"\b(?:Read|Connect)?Timeout\b|timed out", re.I)
_REFUSED = re.compile(r"Connection refused", re.I)


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: str  # OK | DEAD | UNREACHABLE
    detail: str  # what happened, short, for the message
    answered: bool  # a server answered (an HTTP status): the network works


def judge(valid: bool, result: str, timeout: int) -> Verdict:
    result = " ".join(result.split())
    status = _STATUS.match(result)
    if valid:
        return Verdict(OK, result or "ok", True)
    if status:
        code = int(status.group(1))
        kind = DEAD if code in (404, 410) else UNREACHABLE
        return Verdict(kind, f"answers {code} {status.group(2)}".strip(), True)
    if _DNS.search(result):
        return Verdict(DEAD, "names a host that does not resolve", False)
    if _TIMEOUT.search(result):
        return Verdict(UNREACHABLE, f"no answer within {timeout} s", False)
    if _REFUSED.search(result):
        return Verdict(UNREACHABLE, "connection refused", False)
    short = result if len(result) <= 160 else result[:157] + "..."
    return Verdict(UNREACHABLE, short or "no answer", False)
