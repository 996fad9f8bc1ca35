from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for ref in index.parts:
        if ref.file is not None and ref.misplaced:
            part = ref.part
            yield Hit(
                ref.plan.path,
                part.target_line or part.line,
                f"PART {part.number}'s file was left in the plan folder at `{ref.file.path}`",
                f"move it to `{part.target}` (where the target puts it) and link it from its topic",
            )


RULE = Rule(
    id="part-file-misplaced",
    severity=Severity.WARNING,
    summary="A PART's file exists only inside its plan's folder (`_ingest-auto/…/<plan>/techniques/x.md`), "
    "where its runner wrote it, not at the target's place. It is judged there by the plan rules.",
    why="Files in plan folders are not part of the oracle's topics: no index lists them, the file checks skip "
    "them, and the plan looks done while readers cannot find the knowledge.",
    example="- [✓] PART 1: Create techniques/00-advanced-shader.md\n(only at "
    "_ingest-auto/completed/expansion-advanced-texture-2025-10-31/techniques/00-advanced-shader.md)",
    fix="Move the file to its target path (the topic folder), and remove the copy from the plan folder.",
    check=check,
    passes="- [✓] PART 1: Create techniques/00-advanced-shader.md\n(techniques/00-advanced-shader.md exists)",
)
