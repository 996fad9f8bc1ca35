from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    matched = index.drop_parts
    for plan in index.live_plans:
        slugs = {p.topic_slug for p in plan.parts}
        for path in sorted(oracle.drops):
            drop = oracle.drops[path]
            if not path.startswith(plan.folder + "/") or path in matched or drop.slug in slugs:
                continue  # a second drop with a PART's own slug is a rerun's, not an orphan
            yield Hit(
                path,
                1,
                f"KNOWLEDGE-DROP slug `{drop.slug}` matches no PART of {index.slug(plan)}",
                "rename the drop to the slug its PART asks for, or say its PART in its head (`**Runner**: PART 8`)",
            )


RULE = Rule(
    id="drop-unmatched",
    severity=Severity.INFO,
    summary="A KNOWLEDGE-DROP in a plan folder belongs to no PART of that plan: neither its name (slug, shortened "
    "slug, `partNN`) nor its head (`**Runner**: PART 8`, `**File Created**: …`) points to one.",
    why="An orphan drop is usually a misnamed one, which leaves its PART looking undelivered.",
    example="KNOWLEDGE-DROP-early-fusion-2025-11-16-1856.md (one PART asks for `early-fusion-basics`, another for "
    "`early-fusion-training`: the shortened name fits both, so it is not guessed)",
    fix="Rename it to `KNOWLEDGE-DROP-<slug the PART names>-<date>-<HHMM>.md`, or write `**Runner**: PART N` in its head.",
    check=check,
    passes="KNOWLEDGE-DROP-free-energy-2025-11-23-1430.md for the PART asking for `free-energy-philosophical`",
)
