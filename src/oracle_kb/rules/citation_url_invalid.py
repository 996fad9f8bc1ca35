import re
from urllib.parse import urlsplit

from ..model import Severity
from .rule import Hit, Rule

_PLACEHOLDER_HOSTS = {
    "example.com",
    "example.org",
    "example.net",
    "localhost",
    "127.0.0.1",
    "0.0.0.0",
    "your-url.com",
    "url.com",
    "link.com",
    "xxx.com",
    "todo",
}
_PLACEHOLDER_TEXT = re.compile(r"(?:todo|tbd|placeholder|xxx+|<url>|\.\.\.|your[-_]?url|insert[-_ ]?url)", re.I)
_ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(?:v\d+)?$")
_ARXIV_OLD = re.compile(r"^[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?$")


_PLAIN_HTTP = re.compile(r"https?://(?:www\.)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d+)?(?:[/?#][^\s]*)?", re.A)


_ARXIV_ABS = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(\d\d)(\d\d)\.(\d{4,5})(?:v\d+)?(?:\.pdf)?/?"
)


def _arxiv_id_problem(yy: str, mm: str, seq: str) -> str | None:
    if not 1 <= int(mm) <= 12:
        return f"month {mm}"
    digits = 5 if yy + mm >= "1501" else 4  # since January 2015 the sequence number has five digits
    return None if len(seq) == digits else f"a {yy}{mm} id has {digits} digits after the dot"


def problem(url: str) -> str | None:
    u = url.strip()
    a = _ARXIV_ABS.fullmatch(u)
    if (
        a is not None
        and 1 <= int(a.group(2)) <= 12
        and len(a.group(3)) == (5 if a.group(1) + a.group(2) >= "1501" else 4)
    ):
        return None  # the commonest citation, well formed
    m = _PLAIN_HTTP.fullmatch(u)
    if m is not None:  # the common case: a well-formed http(s) URL; only placeholders and arXiv ids to judge
        host = m.group(1).lower()
        if host in _PLACEHOLDER_HOSTS or _PLACEHOLDER_TEXT.search(u):
            return "is a placeholder, not a real source"
        if not host.endswith("arxiv.org"):
            return None
    return _slow_problem(u)


def _slow_problem(u: str) -> str | None:
    if any(c.isspace() for c in u):
        return "holds white space"
    try:
        parts = urlsplit(u)
    except ValueError:
        return "is not a well-formed URL"
    if parts.scheme.lower() not in ("http", "https"):
        return f"is not an http(s) URL (scheme {parts.scheme + ':' if parts.scheme else 'missing'})"
    host = (parts.hostname or "").lower()
    if not host or "." not in host and host != "localhost":
        return "has no valid host"
    if host.removeprefix("www.") in _PLACEHOLDER_HOSTS or _PLACEHOLDER_TEXT.search(u):
        return "is a placeholder, not a real source"
    if host.removeprefix("www.") in ("arxiv.org", "export.arxiv.org"):
        m = re.match(r"^/(?:abs|pdf|html)/(.+?)(?:\.pdf)?/?$", parts.path)
        if m:
            ident = m.group(1)
            new = _ARXIV_NEW.match(ident)
            if new:
                why = _arxiv_id_problem(new.group(1), new.group(2), new.group(3))
                if why:
                    return f"has a malformed arXiv id {ident!r} ({why})"
            elif not _ARXIV_OLD.match(ident):
                return f"has a malformed arXiv id {ident!r} (expected YYMM.NNNNN)"
    return None


def check(oracle, index, config):
    for kf in oracle.knowledge():
        for c in kf.citations:
            why = problem(c.url)
            if why:
                yield Hit(
                    kf.path,
                    c.line,
                    f"citation URL {c.url!r} {why}",
                    "link the real page: an arXiv abstract (https://arxiv.org/abs/…), official docs or repository",
                )


RULE = Rule(
    id="citation-url-invalid",
    severity=Severity.ERROR,
    summary="A URL in the citations section is not http(s), is a placeholder (example.com, TODO, …), or is an "
    "arXiv link whose id is malformed.",
    why="A wrong citation is worse than none: it sends the reader nowhere while looking checked.",
    example="## Sources\n- [LoRA](https://arxiv.org/abs/2106.9685)\n- [Docs](https://example.com/TODO)",
    fix="Replace it with the page you actually used; for arXiv use the abstract page `https://arxiv.org/abs/YYMM.NNNNN`.",
    check=check,
)
