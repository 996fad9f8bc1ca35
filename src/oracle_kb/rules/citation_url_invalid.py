import re
from urllib.parse import urlsplit

from ..model import CitationKind, Severity
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
# A whole host label, path segment or query value that is a blank to fill in (`/TODO`, `/your-repo/`, `?id=xxx`,
# `/{url}`); never part of a longer word: `a-todo-tui-application`, `Super_Bowl_XXXVIII`, `Louis_XIV` are real.
_PLACEHOLDER_WORD = re.compile(
    r"(?:todo|tbd|tba|placeholder|\.\.\.+|…|<[^>]*>|\{[^{}]*\}|your[-_]?(?:url|link|repo|org|organization|"
    r"username|user|name|project|package|model|dataset|site|domain)|insert[-_ ]?(?:url|link))",
    re.I,
)
_X_RUN = re.compile(r"x{4,}|xxx", re.I)  # a token of x's in an id (`2401.xxxxx`); three capitals may be 30
_GIT_HOSTS = {"github.com", "gitlab.com"}
_MAYBE_PLACEHOLDER = re.compile(r"todo|tb[da]|placeholder|xxx|\.\.\.|…|<|\{|your|insert|/user|/owner|/org/", re.I)
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


def _placeholder(host: str, path: str, query: str) -> bool:
    pieces = [*host.split("."), *path.split("/"), *(v.partition("=")[2] for v in query.split("&"))]
    for piece in pieces:
        if piece and _PLACEHOLDER_WORD.fullmatch(piece):
            return True
        for token in re.split(r"[-_.]", piece):
            if _X_RUN.fullmatch(token) and (len(token) > 3 or token == "xxx"):
                return True
    owner = path.split("/")[1].lower() if host in _GIT_HOSTS and path.count("/") >= 1 else ""
    return owner in ("username", "user", "owner")


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
        if host in _PLACEHOLDER_HOSTS or _is_placeholder(u):
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
    if host.removeprefix("www.") in _PLACEHOLDER_HOSTS or _placeholder(host, parts.path, parts.query):
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


def _is_placeholder(u: str) -> bool:
    if _MAYBE_PLACEHOLDER.search(u) is None:  # one C-speed search settles nearly every URL
        return False
    try:
        parts = urlsplit(u)
    except ValueError:
        return False
    return _placeholder((parts.hostname or "").lower().removeprefix("www."), parts.path, parts.query)


_JUDGED = (CitationKind.URL, CitationKind.ATTEMPT)


def check(oracle, index, config):
    for kf in oracle.knowledge():  # not source copies: their odd URLs are the original's (PDF line wrapping)
        for c in kf.citations:
            if c.kind not in _JUDGED:
                continue
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
