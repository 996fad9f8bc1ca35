from ..model import Severity
from . import Context, Hit, Rule, issues_of


def check(ctx: Context):
    yield from issues_of(ctx, "path-outside-oracle")
    for plan, part in ctx.parts():
        if part.target_outside:
            yield Hit(
                plan.path,
                part.target_line or part.line,
                f"target `{part.target}` of PART {part.number} leads outside the oracle; it is not read",
                "write targets relative to the oracle root",
            )
    for plan in ctx.oracle.plans:
        for inf in plan.influences.values():
            if inf.outside:
                yield Hit(
                    plan.path,
                    inf.line,
                    f"influence file {inf.number} `{inf.path}` leads outside the oracle; it is not read",
                    "write influence paths relative to the oracle root",
                )
    for path, rows in ctx.resolved_links.items():
        for link, _, outside in rows:
            if outside:
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
