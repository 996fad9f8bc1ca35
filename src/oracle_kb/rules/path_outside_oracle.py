from ..model import IssueKind, Severity
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
                yield Hit(
                    path,
                    link.line,
                    f"link `{link.target}` leads outside the oracle; it is not followed or served",
                    "link only files inside the oracle (relative paths), or use an https:// URL",
                )


RULE = Rule(
    id="path-outside-oracle",
    severity=Severity.ERROR,
    summary="A plan target, influence path, link or symlink leads outside the oracle root (absolute paths, `..` "
    "that escapes, `~`, drive letters, URL-encoded escapes, symlinks out). Such files are never read or served.",
    why="The oracle is untrusted input; following such paths would leak files from the machine into reports and "
    "the published site.",
    example="[keys](../../../.ssh/id_rsa)\n- [ ] PART 1: Create /etc/passwd",
    fix="Use paths relative to the oracle root that stay inside it; copy outside material in instead of linking it.",
    check=check,
)
