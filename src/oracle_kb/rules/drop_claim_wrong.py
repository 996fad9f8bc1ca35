from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    tol = config.line_tolerance_under
    templates = [p.folder + "/" for p in oracle.plans if p.template]
    for path in sorted(oracle.drops):
        drop = oracle.drops[path]
        if any(path.startswith(t) for t in templates):
            continue
        ref = index.drop_parts.get(path)
        claimed = index.drop_files.get(path, "")
        if drop.file_claim and path in index.drop_files and claimed is None:
            yield _missing(drop, ref)
            continue
        kf = (
            (oracle.files.get(claimed) or oracle.workspace.get(claimed))
            if claimed
            else (ref.file if ref is not None else None)
        )
        if kf is None or not drop.lines_claim or not kf.lines:
            continue
        floor = drop.lines_claim * (1 - tol)
        by_size = kf.stamp.size / index.bytes_per_line(ref.plan if ref else None) if kf.stamp else 0
        if kf.lines < floor and by_size < floor:  # short in lines and in text (a dense file is not short)
            yield Hit(
                path,
                drop.lines_line,
                f"says ~{drop.lines_claim:,} lines; `{kf.path}` has {kf.lines:,}",
                "correct the drop's line count (or finish the file)",
            )


def _missing(drop, ref) -> Hit:
    real = ref.file.path if ref is not None and ref.file is not None else ""
    said = f" (PART {ref.part.number}'s file is `{real}`)" if real else ""
    return Hit(
        drop.path,
        drop.file_line,
        f"claims to have created `{drop.file_claim}`, which does not exist{said}",
        f"correct the path in the drop to `{real}`" if real else "correct the path in the drop, or write the file",
    )


RULE = Rule(
    id="drop-claim-wrong",
    severity=Severity.WARNING,
    summary="A KNOWLEDGE-DROP's head claims a file that does not exist (`**File Created**: t/x.md`), or more lines "
    "than its file has (`**Lines**: ~700` for a file short by more than `line-tolerance-under`, in lines and in "
    "text at the plan's line length).",
    why="Consolidation and reviewers read the drops instead of the files; a drop that names a missing file or "
    "copies the budget instead of the result misreports the work.",
    example="**Runner**: PART 3\n**Target File**: friston-cognitive/02-active-inference-agency.md\n**Lines**: ~700\n"
    "(the file has 425 lines)",
    fix="Correct the drop: the path of the file written and its real length (or finish the file).",
    check=check,
    passes="**Runner**: PART 8\n**Timestamp**: 2025-02-03 15:45\n\n## Knowledge File Created\n"
    "`concepts/quantum-entanglement-2024.md` (250 lines)\n(the file exists and has 262 lines)",
)
