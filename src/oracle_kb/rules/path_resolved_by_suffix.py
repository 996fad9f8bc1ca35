from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        if ref.file is not None and ref.by_suffix:
            yield Hit(
                plan.path,
                part.target_line or part.line,
                f"target `{part.target}` of PART {part.number} resolved to `{ref.file.path}` (the only file "
                "ending with that path)",
                f"write the target as `{ref.file.path}`, or add its folder to `search-roots`",
            )


RULE = Rule(
    id="path-resolved-by-suffix",
    severity=Severity.INFO,
    summary="A PART's target did not resolve as written but exactly one file ends with that relative path, so that file was used.",
    why="Real oracles keep trees under sub-roots; resolving by suffix keeps checks useful, and saying so keeps it honest.",
    example="Target `practical-implementation/46-x.md`, file at `karpathy/practical-implementation/46-x.md`.",
    fix="Write the full path in the plan, or list the sub-root under `search-roots`.",
    check=check,
    passes="Target `karpathy/practical-implementation/46-x.md`, file at `karpathy/practical-implementation/46-x.md` "
    "(or `karpathy` listed under `search-roots`).",
)
