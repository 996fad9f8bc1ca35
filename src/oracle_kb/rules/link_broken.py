from ..model import Severity
from . import Context, Hit, Rule


def suggestion(ctx: Context, from_path: str, target: str) -> str:
    same = ctx.files_by_name.get(target.rsplit("/", 1)[-1], [])
    if len(same) == 1:
        return f"did you mean `{ctx.relative(from_path, same[0])}`?"
    return "point the link at an existing file (paths are relative to this file's folder)"


def check(ctx: Context):
    for path, rows in ctx.resolved_links.items():
        for link, target, outside in rows:
            if outside or target is None:
                continue
            if not ctx.oracle.exists(target):
                yield Hit(
                    path,
                    link.line,
                    f"link to `{link.target}` points to nothing in the oracle",
                    suggestion(ctx, path, target),
                )


RULE = Rule(
    id="link-broken",
    severity=Severity.ERROR,
    summary="A relative link (or image) in a knowledge file or SKILL.md points to no file or folder in the oracle; "
    "the fix names the intended file when exactly one file has that name.",
    why="Broken cross-references strand the reader and break the site's strict build.",
    example="See [ZeRO](../distributed-training/00-deepspeed-zero.md)  <!-- file is 00-deepspeed-zero-optimizer.md -->",
    fix="Correct the path (relative to the linking file's folder); `oracle-kb fix` rewrites unambiguous ones.",
    check=check,
)
