from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for plan in index.live_plans:
        if not any(p.drop_slug for p in plan.parts):
            continue  # the plan asks for no KNOWLEDGE-DROPs
        for ref in index.parts_of(plan):
            part = ref.part
            if part.done and ref.drop is None:
                yield Hit(
                    plan.path,
                    part.drop_line or part.status_line or part.line,
                    f"PART {part.number} is complete but has no KNOWLEDGE-DROP-{part.topic_slug}-*.md in {plan.folder}/",
                    f"write KNOWLEDGE-DROP-{part.topic_slug}-<date>-<HHMM>.md beside the plan",
                )


RULE = Rule(
    id="drop-missing",
    severity=Severity.WARNING,
    summary="In a plan that asks for KNOWLEDGE-DROP files, a completed PART has none. Drops are matched to PARTs by "
    "topic slug (the date and time in a drop's name are when its runner finished, so they are not compared).",
    why="The drop is the runner's report: sources used, lines, what changed; consolidation reads them.",
    example="- [ ] Create KNOWLEDGE-DROP-early-fusion-2025-11-14-[TIME].md\n(no KNOWLEDGE-DROP-early-fusion-*.md in the plan folder)",
    fix="Write the drop beside the plan: `KNOWLEDGE-DROP-<slug>-<YYYY-MM-DD>-<HHMM>.md`.",
    check=check,
)
