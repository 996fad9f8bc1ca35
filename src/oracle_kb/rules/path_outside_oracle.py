from ..model import IssueKind, Severity
from .link_targets import escaped
from .rule import Hit, Rule, issues

KINDS = (IssueKind.SYMLINK_OUTSIDE,)


def check(oracle, index, config):
    for path, issue in issues(oracle, KINDS):
        yield Hit(
            path,
            issue.line,
            f"symlink leads outside the oracle ({issue.detail}); it is not read",
            "replace the symlink with the file itself, or remove it",
        )
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        if ref.outside:
            yield Hit(
                plan.path,
                part.target_line or part.line,
                f"target `{part.target}` of PART {part.number} leads outside the oracle; it is not read",
                "write targets relative to the oracle root",
            )
    for plan in oracle.plans:
        for inf in index.influences[plan.path].values():
            if inf.outside:
                yield Hit(
                    plan.path,
                    inf.line,
                    f"influence file {inf.number} `{inf.path}` leads outside the oracle; it is not read",
                    "write influence paths relative to the oracle root",
                )
    for path, links in index.internal_links.items():
        for link in links:
            if link.escapes:
                hit = _escape(oracle, path, link)
                if hit is not None:
                    yield hit


def _escape(oracle, path, link) -> Hit | None:
    landing = escaped(oracle, path, link)
    if not landing.outside:
        return None  # it lands inside the oracle, or is a web site's path: link-broken reports it
    if landing.how == "relative":
        return Hit(
            path,
            link.line,
            f"link `{link.target}` leads outside the oracle into the enclosing folders (the repository around "
            "it?); it is not followed or served",
            "copy the file into the oracle (e.g. source-documents/) and link the copy, or link it by its "
            "repository URL (https://github.com/OWNER/REPO/blob/BRANCH/PATH)",
        )
    return Hit(
        path,
        link.line,
        f"link `{link.target}` is a path on this machine, outside the oracle; it is not followed or served",
        "link only files inside the oracle (relative paths), or use an https:// URL",
    )


RULE = Rule(
    id="path-outside-oracle",
    severity=Severity.ERROR,
    summary="A plan target, influence path, link or symlink leads outside the oracle root (absolute paths, `..` "
    "that escapes, `~`, drive letters, URL-encoded escapes, symlinks out). Such files are never read or served. "
    "A link that lands back inside the oracle (one `../` too many, through the oracle's own folder name) or is a "
    "web site's absolute path (`/docs/x/`) is a broken link instead (link-broken).",
    why="The oracle is untrusted input; following such paths would leak files from the machine into reports and "
    "the published site.",
    example="[keys](../../../.ssh/id_rsa)\n- [ ] PART 1: Create /etc/passwd",
    fix="Use paths relative to the oracle root that stay inside it; copy outside material in instead of linking it.",
    check=check,
    passes="[Part 27](https://github.com/OWNER/REPO/blob/main/RESEARCH/27-the-texture-revelation.md)\n"
    "[Republic](../source-documents/00-republic.md)\n- [ ] PART 1: Create concepts/00-forms.md",
)
