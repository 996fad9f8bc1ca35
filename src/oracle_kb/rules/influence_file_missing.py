from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for plan in index.live_plans:
        for inf in sorted(index.influences[plan.path].values(), key=lambda i: i.number):
            if inf.resolved is not None or inf.outside:  # path-outside-oracle reports the latter
                continue
            yield Hit(
                plan.path,
                inf.line,
                f"influence file {inf.number} `{inf.path}` does not exist in the oracle",
                "write the file (it is cited by every PART that names it) or correct its path",
            )


RULE = Rule(
    id="influence-file-missing",
    severity=Severity.ERROR,
    summary="An entry of the plan's numbered influence table (e.g. THE 16 INFLUENTIAL FILES) points to no file.",
    why="Every PART that names the influence must link it; if the file does not exist those links are broken by design.",
    example="1. `distributed-training/00-deepspeed-zero-optimizer.md` - Multi-GPU memory optimization\n(no such file)",
    fix="Write the influence file (plan it like any other expansion) or fix the path in the table.",
    check=check,
    passes="1. `distributed-training/00-deepspeed-zero-optimizer.md` - Multi-GPU memory optimization\n(the file exists, "
    "at that path or as the one file ending with it)",
)
