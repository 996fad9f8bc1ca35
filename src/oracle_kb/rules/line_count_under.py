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
        if kf.lines >= floor:
            continue
        per_line = index.bytes_per_line(plan)
        by_size = kf.stamp.size / per_line if kf.stamp is not None else 0
        if by_size >= floor:
            continue  # fewer but longer lines: the file holds the budget's text at this plan's line length
        yield Hit(
            kf.path,
            kf.lines or 1,
            f"{kf.lines} lines ({_kb(kf)}, about {by_size:.0f} lines at the {per_line:.0f} bytes a line of this "
            f"plan's files); PART {part.number} of {index.slug(plan)}{ref.also_said} budgets ~{part.budget_lines} "
            f"(under by {100 - max(kf.lines, int(by_size)) * 100 // part.budget_lines}%, tolerance {tol:.0%})",
            "cover the sections the PART lists in the depth it asks for",
        )


def _kb(kf) -> str:
    size = kf.stamp.size if kf.stamp is not None else 0
    return f"{size / 1000:.1f} KB" if size < 10_000 else f"{size // 1000} KB"


RULE = Rule(
    id="line-count-under",
    severity=Severity.WARNING,
    summary="A completed PART's file is shorter than its budget minus `line-tolerance-under` (default 20%), both in "
    "lines and in text: its size over the median line length of the plan's files (39 bytes when the plan has "
    "fewer than three), so a file of fewer but longer lines is not short.",
    why="Budgets are written as approximations (`~700 lines`), so small shortfalls are fine; a file a fifth "
    "short usually skipped sections the plan asked for. Line counts depend on wrapping, so the text is measured too.",
    example="## PART 2: Create practical-implementation/47-lora.md (350 lines)\n(file on disk: 120 lines, 4.8 KB)",
    fix="Write the missing depth, or correct the budget in the plan if it was wrong.",
    check=check,
    passes="## PART 16: Create temporal-phenomenology/03-james-stream-consciousness.md (~700 lines)\n"
    "(466 lines, 30 KB: about 760 lines at the plan's 39 bytes a line)",
)
