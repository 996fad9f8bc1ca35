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


# An oracle for site search: a term (wombatfusion) that one knowledge page is about, which its plan and its
# KNOWLEDGE-DROP also name; identifiers with punctuation; HTML-looking text that must stay text.
SEARCH_PLAN = """# Knowledge Expansion: Kernels

**Date**: 2026-11-22
**Oracle**: search-oracle
**Total PARTs**: 2

---

## PART 1: Wombatfusion kernels (~120 lines)

- [✓] PART 1: Create kernels/00-wombatfusion.md (Completed 2026-11-22 10:00)

**Step 1: Write**
- [✓] Section 1: Wombatfusion principles
- [✓] Section 2: Wombatfusion with torch.compile
- [✓] Section 3: When wombatfusion fails

**Step 2: Drop**
- [✓] Create KNOWLEDGE-DROP-wombatfusion-2026-11-22-[TIME].md

---

## PART 2: Compiled graphs (~60 lines)

- [✓] PART 2: Create kernels/01-compiled-graphs.md (Completed 2026-11-22 10:05)

**Step 1: Write**
- [✓] Section 1: Graph capture

**Step 2: Drop**
- [✓] Create KNOWLEDGE-DROP-compiled-graphs-2026-11-22-[TIME].md

---
"""

_WOMBAT = """
## 1. Wombatfusion principles

Wombatfusion merges adjacent kernels into one launch, so the activations stay in registers.

## 2. Wombatfusion with torch.compile

Wrap the model with `torch.compile` before the first step:

```python
model = torch.compile(model, mode="max-autotune")
```

## 3. When it fails

Dynamic shapes break the fused graph; fall back to eager mode.
"""

_GRAPHS = """
## 1. Graph capture

We compile the graph once and replay it; torch records the kernels (wombatfusion merges some of them).
The ARR-COC-0-2 variant and the ARR COC notes differ from the first one.
"""

_ARR = """
## 1. ARR-COC-0-1 relevance

Relevance realization decides which patches get tokens.
"""

_NUMBAT = """
A numbatscript payload written as text, `<img src=x onerror=window.__pwned=9>`, stays text.
"""

_DROP_DIR = "_ingest-auto/completed/expansion-kernels-2026-11-22"

SEARCH = {
    f"{_DROP_DIR}/ingestion.md": SEARCH_PLAN,
    f"{_DROP_DIR}/KNOWLEDGE-DROP-wombatfusion-2026-11-22-1000.md": (
        "# KNOWLEDGE DROP: Wombatfusion kernels\n\nCreated kernels/00-wombatfusion.md: wombatfusion, "
        "wombatfusion principles, wombatfusion with torch.compile.\n"
    ),
    f"{_DROP_DIR}/KNOWLEDGE-DROP-compiled-graphs-2026-11-22-1005.md": "# KNOWLEDGE DROP: Compiled graphs\n",
    "SKILL.md": "---\nname: search-oracle\ndescription: test\n---\n# Search oracle\n",
    "kernels/00-wombatfusion.md": knowledge("Wombatfusion kernels", body=_WOMBAT, lines=120),
    "kernels/01-compiled-graphs.md": knowledge("Compiled graphs", body=_GRAPHS, lines=60),
    "vision/00-relevance.md": knowledge("Relevance", body=_ARR, lines=40),
    "vision/01-numbat.md": knowledge("Numbat", body=_NUMBAT),
}
