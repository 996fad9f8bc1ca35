from ..model import IssueKind, Role, Severity
from .link_targets import escaped, meant, repair
from .rule import Hit, Rule, issues

KINDS = (IssueKind.SYMLINK_DANGLING,)
_PLAIN_FIX = "point the link at an existing file (paths are relative to this file's folder), or link a file outside the oracle by its URL"


def _placeholder(target: str) -> bool:
    """`{path}`, `{parent-file}.md`: a template's blank to fill in, not a link."""
    return "{" in target and "}" in target


def check(oracle, index, config):
    for path, issue in issues(oracle, KINDS):
        yield Hit(path, issue.line, "symlink points to nothing", "remove the dangling symlink")
    for path, links in index.internal_links.items():
        holder = index.holder(path)
        if holder is not None and holder.role != Role.KNOWLEDGE:
            continue  # a source copy's links are its original's; a template's are placeholders
        for link in links:
            if link.escapes and not _placeholder(link.target):
                hit = _escaping(oracle, index, path, link)
                if hit is not None:
                    yield hit
            elif link.to is not None and not oracle.exists(link.to) and not _placeholder(link.target):
                yield _broken(oracle, index, path, link)


def _broken(oracle, index, path, link) -> Hit:
    landing = meant(oracle, index, path, link)
    message = f"link to `{link.target}` points to nothing in the oracle"
    if landing.path is not None:
        fix, edits = repair(index, path, link, landing.path)
        return Hit(path, link.line, message, fix, edits)
    fix = f"did you mean {landing.hint}? (not rewritten by `oracle-kb fix`)" if landing.hint else _PLAIN_FIX
    return Hit(path, link.line, message, fix)


def _escaping(oracle, index, path, link) -> Hit | None:
    """A link that leaves the oracle but lands inside it, or is a web site's path: broken, not an escape."""
    landing = escaped(oracle, path, link)
    if landing.outside:
        return None  # path-outside-oracle reports it
    if landing.how == "site-absolute":
        return Hit(
            path,
            link.line,
            f"link to `{link.target}` is a web site's absolute path (copied from a page?); it points to nothing "
            "in the oracle",
            "use the page's full URL (https://<site>" + link.target + "), or a path relative to this file",
        )
    message = f"link to `{link.target}` leads {landing.how}; it breaks when the oracle is moved or published"
    if landing.path is None:
        return Hit(path, link.line, message, _PLAIN_FIX)
    fix, edits = repair(index, path, link, landing.path)
    return Hit(path, link.line, message, fix, edits)


RULE = Rule(
    id="link-broken",
    severity=Severity.ERROR,
    summary="A relative link (or image) in a knowledge file or SKILL.md points to no file or folder in the oracle, "
    "or a symlink in the oracle points to nothing. Also a link that climbs out of the oracle and lands back in it "
    "(one `../` too many, `../../<oracle>/x.md`, an absolute `/Users/…/<oracle>/x.md`) and a web site's absolute "
    "path (`/docs/x/`). The fix names the intended file when exactly one is found: the path from the oracle "
    "root, one `../` fewer, `.md` added, the number prefix (`01-deepencoder.md` for `deepencoder.md`), or the one "
    "file of that name; a near name is only suggested. Links in source copies (`source-globs`) and templates are "
    "not checked, nor `{placeholder}` targets.",
    why="Broken cross-references strand the reader and break the site's strict build.",
    example="See [ZeRO](../distributed-training/00-deepspeed-zero.md)  <!-- file is 00-deepspeed-zero-optimizer.md -->",
    fix="Correct the path (relative to the linking file's folder); `oracle-kb fix` rewrites the links whose fix "
    "names one file.",
    check=check,
    passes="See [ZeRO](../distributed-training/00-deepspeed-zero-optimizer.md) and [SAM + CLIP](01-deepencoder.md)",
)
