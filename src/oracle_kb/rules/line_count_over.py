from ..model import Severity
from . import Context, Hit, Rule


def check(ctx: Context):
    tol = ctx.config.line_tolerance_over
    for plan, part in ctx.parts():
        kf = ctx.part_file(part)
        if kf is None or not part.budget_lines or not part.done:
            continue
        if kf.lines > part.budget_lines * (1 + tol):
            yield Hit(
                kf.path,
                1,
                f"{kf.lines} lines; PART {part.number} of {plan.slug} budgets ~{part.budget_lines} "
                f"(more than {1 + tol:.0%} of it)",
                "split the file into focused files, or cut repetition",
            )


RULE = Rule(
    id="line-count-over",
    severity=Severity.WARNING,
    summary="A completed PART's file is longer than its budget plus `line-tolerance-over` (default 100%, i.e. twice the budget).",
    why="The budget is a floor for depth, so going over is normal; more than double usually means padding, "
    "pasted material or two topics in one file.",
    example="## PART 3: ... (280 lines)\n(file on disk: 900 lines)",
    fix="Split the file or remove repeated text; raise the tolerance if long files are intended.",
    check=check,
)
