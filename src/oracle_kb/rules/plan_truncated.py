from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for plan in index.live_plans:
        if plan.truncated:
            last = plan.parts[-1]
            yield Hit(
                plan.path,
                plan.truncated_line,
                f'plan is cut off inside PART {last.number} ("{last.title}"); parsed as far as it goes',
                "restore the rest of the plan from its source, or finish the PART's steps",
            )


RULE = Rule(
    id="plan-truncated",
    severity=Severity.WARNING,
    summary="A plan's text stops inside its last PART (no heading closes it) and either mid-line with brackets left "
    "open, or with fewer steps than most of its other PARTs. A plan ending with final stats, a checklist or "
    "expected outputs after its last PART is whole.",
    why="A truncated plan silently drops PARTs and steps; the checks can only judge what is there.",
    example="- [ ] Section 5: ZeRO-3 training (File 1: 8B parameter encoder sh",
    fix="Recover the full plan; if the tail is lost, complete the last PART's steps by hand.",
    check=check,
    passes="…\n**Step 3: Create KNOWLEDGE DROP**\n- [✓] Create KNOWLEDGE-DROP-agape-2025-11-23-[TIME].md\n\n---\n\n"
    "## 🎯 FINAL STATS\n**Ready to execute batch-by-batch! 🚀**",
)
