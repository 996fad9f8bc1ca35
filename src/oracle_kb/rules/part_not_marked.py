from ..model import Severity
from . import Context, Hit, Rule


def check(ctx: Context):
    for plan, part in ctx.parts():
        if part.done or not part.resolved:
            continue
        yield Hit(
            plan.path,
            part.status_line or part.line,
            f"`{part.resolved}` exists but PART {part.number} is not marked complete",
            "tick the PART with its completion time (`oracle-kb fix` does this)",
        )


RULE = Rule(
    id="part-not-marked",
    severity=Severity.WARNING,
    summary="A PART's target file exists but the PART is not ticked complete.",
    why="Progress dashboards and the next runner read the checkboxes; an unticked finished PART gets redone.",
    example="- [ ] PART 1: Create practical-implementation/46-frozen-backbone-adapter-training.md\n(file exists)",
    fix="Tick it: `- [✓] PART 1: Create … (Completed YYYY-MM-DD HH:MM)`, or run `oracle-kb fix`.",
    check=check,
)
