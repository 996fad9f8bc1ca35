from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for ref in index.parts:
        kf = ref.file
        for path, same in ref.leftovers:
            left = oracle.workspace.get(path)
            if kf is None or left is None:
                continue
            if same:
                yield Hit(
                    path,
                    1,
                    f"leftover copy of `{kf.path}` (PART {ref.part.number}'s file), identical to it",
                    "delete the copy",
                )
            else:
                yield Hit(
                    path,
                    1,
                    f"another version of `{kf.path}` (PART {ref.part.number}'s file): {left.lines} lines here, "
                    f"{kf.lines} there",
                    f"keep one: bring what this copy adds into `{kf.path}`, then delete it",
                )


RULE = Rule(
    id="part-file-leftover",
    severity=Severity.INFO,
    summary="A PART's file was published at its target and a copy of it is still in the plan's folder.",
    why="A second copy in a plan folder is never checked or listed; when the two differ, edits land in one of them.",
    example="techniques/00-advanced-shader-2025-10-31.md and "
    "_ingest-auto/completed/expansion-advanced-texture-2025-10-31/techniques/00-advanced-shader-2025-10-31.md",
    fix="Delete the copy in the plan folder (after bringing over anything only it has).",
    check=check,
    passes="techniques/00-advanced-shader-2025-10-31.md, and nothing of that name under _ingest-auto/",
)
