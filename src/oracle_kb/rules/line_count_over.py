from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    tol = config.line_tolerance_over
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        kf = None if ref.shadowed else ref.file  # a shadowed PART's file is judged through the first plan
        if kf is None or not part.budget_lines or not part.done:
            continue
        if kf.lines > part.budget_lines * (1 + tol):
            yield Hit(
                kf.path,
                1,
                f"{kf.lines} lines; PART {part.number} of {index.slug(plan)}{ref.also_said} budgets ~{part.budget_lines} "
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
    passes="## PART 3: ... (280 lines)\n(file on disk: 540 lines)",
)
