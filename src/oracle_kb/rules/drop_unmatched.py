from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for plan in index.live_plans:
        slugs = {p.topic_slug for p in plan.parts}
        for path in sorted(oracle.drops):
            drop = oracle.drops[path]
            if path.startswith(plan.folder + "/") and drop.slug not in slugs:
                yield Hit(
                    path,
                    1,
                    f"KNOWLEDGE-DROP slug `{drop.slug}` matches no PART of {index.slug(plan)}",
                    "rename the drop to the slug its PART asks for",
                )


RULE = Rule(
    id="drop-unmatched",
    severity=Severity.INFO,
    summary="A KNOWLEDGE-DROP in a plan folder matches no PART of that plan by slug.",
    why="An orphan drop is usually a misnamed one, which leaves its PART looking undelivered.",
    example="KNOWLEDGE-DROP-early-fusion-vlm-2025-11-16-1856.md (the PART asks for `early-fusion`)",
    fix="Rename it to `KNOWLEDGE-DROP-<slug the PART names>-<date>-<HHMM>.md`.",
    check=check,
)
