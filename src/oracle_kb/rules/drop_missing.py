from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for plan in index.live_plans:
        if not any(p.drop_slug for p in plan.parts):
            continue  # the plan asks for no KNOWLEDGE-DROPs
        for ref in index.parts_of(plan):
            part = ref.part
            if part.done and ref.drop is None:
                where = f"{plan.folder}/"
                if ref.file is not None and "/" in ref.file.path:
                    where += f" or {ref.file.path.rsplit('/', 1)[0]}/"
                yield Hit(
                    plan.path,
                    part.drop_line or part.status_line or part.line,
                    f"PART {part.number} is complete but has no KNOWLEDGE-DROP: none in {where} is named "
                    f"KNOWLEDGE-DROP-{part.topic_slug}-*.md (or part{part.number:02d}), or names PART {part.number} "
                    "or its file",
                    f"write KNOWLEDGE-DROP-{part.topic_slug}-<YYYY-MM-DD>-<HHMM>.md beside the plan",
                )


RULE = Rule(
    id="drop-missing",
    severity=Severity.WARNING,
    summary="In a plan that asks for KNOWLEDGE-DROP files, a completed PART has none. A drop belongs to a PART when, "
    "in the plan's folder or beside the PART's file, it is named by the PART's slug (the date and time after it, "
    "`HHMM` or `HH-MM`, are not compared), by a shortened slug that fits no other PART, or by `partNN`; or when its "
    "head names the PART (`**Runner**: PART 8`) or its file (`**File Created**: t/x.md`).",
    why="The drop is the runner's report: sources used, lines, what changed; consolidation reads them.",
    example="- [ ] Create KNOWLEDGE-DROP-early-fusion-2025-11-14-[TIME].md\n(no drop for the PART in the plan folder "
    "or in the PART's topic folder)",
    fix="Write the drop beside the plan: `KNOWLEDGE-DROP-<slug>-<YYYY-MM-DD>-<HHMM>.md`.",
    check=check,
    passes="- [✓] Create KNOWLEDGE-DROP-quantum-entanglement-2025-02-03-[TIME].md\n"
    "(beside the plan: KNOWLEDGE-DROP-quantum-entanglement-2025-02-03-15-45.md, or KNOWLEDGE-DROP-quantum-…md, "
    "or KNOWLEDGE-DROP-part08-….md, or any drop whose head says `**Runner**: PART 8`)",
)
