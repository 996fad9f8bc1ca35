from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    tol = config.line_tolerance_under
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        kf = None if ref.shadowed else ref.file  # a shadowed PART's file is judged through the first plan
        if kf is None or not part.budget_lines or not part.done:
            continue
        floor = part.budget_lines * (1 - tol)
        if kf.lines < floor:
            yield Hit(
                kf.path,
                kf.lines or 1,
                f"{kf.lines} lines; PART {part.number} of {index.slug(plan)}{ref.also_said} budgets ~{part.budget_lines} "
                f"(under by {100 - kf.lines * 100 // part.budget_lines}%, tolerance {tol:.0%})",
                "cover the sections the PART lists in the depth it asks for",
            )


RULE = Rule(
    id="line-count-under",
    severity=Severity.WARNING,
    summary="A completed PART's file has fewer lines than its budget minus `line-tolerance-under` (default 20%).",
    why="Budgets are written as approximations (`~700 lines`), so small shortfalls are fine; a file a fifth "
    "short usually skipped sections the plan asked for.",
    example="## PART 2: Create practical-implementation/47-lora.md (350 lines)\n(file on disk: 120 lines)",
    fix="Write the missing depth, or correct the budget in the plan if it was wrong.",
    check=check,
)
