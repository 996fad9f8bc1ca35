from ..model import Edit, IssueKind, Role, Severity
from .rule import Hit, Rule, issues

KINDS = (IssueKind.SYMLINK_DANGLING,)


def _repair(index, path: str, link) -> tuple[str, tuple[Edit, ...]]:
    """The fix text and, when exactly one knowledge file has the name the link points to, the edit."""
    found = index.unique_by_name(link.to)
    if found is None:
        return "point the link at an existing file (paths are relative to this file's folder)", ()
    new = index.relative(path, found) + link.target[len(link.target.split("#", 1)[0]) :]
    old = f"]: {link.target}" if link.definition else f"]({link.target}"
    repl = f"]: {new}" if link.definition else f"]({new}"
    return f"did you mean `{new}`?", (Edit(path, link.line, old, repl, f"link to {found}"),)


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
            if link.escapes or link.to is None or oracle.exists(link.to) or _placeholder(link.target):
                continue
            fix, edits = _repair(index, path, link)
            yield Hit(path, link.line, f"link to `{link.target}` points to nothing in the oracle", fix, edits)


RULE = Rule(
    id="link-broken",
    severity=Severity.ERROR,
    summary="A relative link (or image) in a knowledge file or SKILL.md points to no file or folder in the oracle, "
    "or a symlink in the oracle points to nothing; the fix names the intended file when exactly one file has "
    "that name. Links in source copies (`source-globs`) and templates are not checked, nor `{placeholder}` targets.",
    why="Broken cross-references strand the reader and break the site's strict build.",
    example="See [ZeRO](../distributed-training/00-deepspeed-zero.md)  <!-- file is 00-deepspeed-zero-optimizer.md -->",
    fix="Correct the path (relative to the linking file's folder); `oracle-kb fix` rewrites unambiguous ones.",
    check=check,
)
