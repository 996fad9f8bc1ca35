from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for ref in index.parts:
        if ref.file is not None and ref.moved:
            part = ref.part
            yield Hit(
                ref.plan.path,
                part.target_line or part.line,
                f"target `{part.target}` of PART {part.number} was found at `{ref.file.path}` (moved: the only file "
                "with that name)",
                f"write the target as `{ref.file.path}`",
            )


RULE = Rule(
    id="part-file-moved",
    severity=Severity.INFO,
    summary="A PART's target is not where the plan says and no file ends with its path, but exactly one file has "
    "its name (a distinctive one, of two words or more besides a number): that file is the PART's, moved.",
    why="Files get reorganized after a plan is written; judging the moved file keeps the checks true, and saying "
    "where it went lets the plan be corrected. Two files of that name are never guessed between.",
    example="- [✓] PART 1: Create practical-implementation/46-frozen-backbone.md\n(the only 46-frozen-backbone.md "
    "is vlm/46-frozen-backbone.md)",
    fix="Write the target as the file's path now, so the plan and the oracle agree.",
    check=check,
    passes="- [✓] PART 1: Create vlm/46-frozen-backbone.md\n(vlm/46-frozen-backbone.md exists)",
)
