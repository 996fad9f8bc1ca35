"""Small oracles the site tests build sites from."""

from conftest import knowledge

PLAN = """# Knowledge Expansion: Sample plan

**Date**: 2026-11-21
**Oracle**: sample-oracle
**Total PARTs**: 2

## THE 2 INFLUENTIAL FILES

1. `infra/00-zero.md` - memory
2. `infra/01-serving.md` - serving

---

## PART 1: Early fusion (~40 lines)

- [✓] PART 1: Create vision/00-early-fusion.md (Completed 2026-11-21 10:00)

**Influenced by**: Files 1,2 + ARR-COC (10%)

**Step 1: Write**
- [✓] Section 1: Early fusion principles
- [✓] Section 2: ARR-COC-0-1 relevance

**Step 2: Drop**
- [✓] Create KNOWLEDGE-DROP-early-fusion-2026-11-21-[TIME].md

---

## PART 2: Late fusion (~40 lines)

- [✓] PART 2: Create vision/01-late-fusion.md (Completed 2026-11-21 10:05)

**Influenced by**: Files 2 + ARR-COC (10%)

**Step 1: Write**
- [✓] Section 1: Late fusion principles
- [✓] Section 2: ARR-COC-0-1 relevance

**Step 2: Drop**
- [✓] Create KNOWLEDGE-DROP-late-fusion-2026-11-21-[TIME].md

---
"""


def _vision(title, principle, links):
    body = f"## 1. {principle}\n\nThe zanzibarquokka method {links}.\n\n## 2. ARR-COC-0-1 relevance\n" + "".join(
        f"Relevance line {i}.\n" for i in range(4)
    )
    return knowledge(title, body=body, lines=40)


CLEAN = {
    "_ingest-auto/completed/expansion-sample-2026-11-21/ingestion.md": PLAN,
    "_ingest-auto/completed/expansion-sample-2026-11-21/KNOWLEDGE-DROP-early-fusion-2026-11-21-1000.md": "# Drop: early\n",
    "_ingest-auto/completed/expansion-sample-2026-11-21/KNOWLEDGE-DROP-late-fusion-2026-11-21-1005.md": "# Drop: late\n",
    "SKILL.md": "---\nname: sample-oracle\ndescription: test\n---\n# Sample oracle\n",
    "vision/00-early-fusion.md": _vision(
        "Early fusion",
        "Early fusion principles",
        "uses [ZeRO](../infra/00-zero.md) and [serving](../infra/01-serving.md)",
    ),
    "vision/01-late-fusion.md": _vision(
        "Late fusion",
        "Late fusion principles",
        "builds on [early fusion](00-early-fusion.md) and [serving](../infra/01-serving.md)",
    ),
    "infra/00-zero.md": knowledge("ZeRO", body="Back to [early fusion](../vision/00-early-fusion.md).\n"),
    "infra/01-serving.md": knowledge("Serving"),
}
