from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        if not part.done or not part.target or ref.file is not None or ref.outside or ref.special:
            continue
        if ref.candidates:
            listed = ", ".join(f"`{c}`" for c in ref.candidates[:5])
            yield Hit(
                plan.path,
                part.done_line or part.status_line or part.line,
                f"PART {part.number} is marked complete but its file `{part.target}` is ambiguous: "
                f"{len(ref.candidates)} files end with that path ({listed})",
                "write the target's full path from the oracle root",
            )
            continue
        yield Hit(
            plan.path,
            part.done_line or part.status_line or part.line,
            f"PART {part.number} is marked complete but its file `{part.target}` does not exist",
            "write the file, or untick the PART",
        )


RULE = Rule(
    id="part-file-missing",
    severity=Severity.ERROR,
    summary="A PART is ticked complete (its checkbox or a completion step) but its target file is nowhere: not at its "
    "path, not the one file ending with that path, not left in the plan's folder, not moved under a unique name. "
    "Bare `INDEX.md`/`SKILL.md` targets of update-PARTs are the oracle's own; templates are not checked.",
    why="A ticked PART tells everyone the knowledge exists; readers and later plans rely on it.",
    example="- [✓] PART 1: Create vlm-mastery/00-early-fusion-architectures.md (Completed 2025-11-16 18:56)\n(no such file)",
    fix="Write the file (or restore it), or untick the PART.",
    check=check,
    passes="- [✓] PART 1: Create vlm-mastery/00-early-fusion-architectures.md (Completed 2025-11-16 18:56)\n"
    "(vlm-mastery/00-early-fusion-architectures.md exists)",
)
