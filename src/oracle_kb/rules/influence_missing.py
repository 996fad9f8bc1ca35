from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        if not part.influences:
            continue
        kf = ref.file
        for n in part.influences:
            inf = index.influences[plan.path].get(n)
            if inf is None:
                yield Hit(
                    plan.path,
                    part.influences_line,
                    f"PART {part.number} names influence file {n}, which the plan's influence table does not define",
                    "fix the number, or add the file to the influence table",
                )
                continue
            if kf is None or ref.shadowed or not part.done or inf.resolved is None:
                continue  # part-file-missing / influence-file-missing report those
            if inf.resolved not in index.linked(kf.path):
                rel = index.relative(kf.path, inf.resolved)
                yield Hit(
                    kf.path,
                    1,
                    f"does not link influence file {n} `{inf.path}` that PART {part.number} of {index.slug(plan)}{ref.also_said} names",
                    f"link it where its technique is discussed, e.g. [{inf.path.rsplit('/', 1)[-1]}]({rel})",
                )


RULE = Rule(
    id="influence-missing",
    severity=Severity.ERROR,
    summary="The file of a PART with `Influenced by: Files 1,5,8` does not link, by a relative markdown link, each "
    "influence file it names (or the PART names a number the influence table lacks).",
    why="The influence files are the plan's cross-references: each PART must say what those techniques mean for "
    "its topic, and a link is what lets a reader (and this check) follow that.",
    example="**Influenced by**: Files 1,5,8 + ARR-COC (10%)\n(the file links files 1 and 5 but never "
    "`inference-optimization/03-torch-compile-aot-inductor.md`)",
    fix="Link the influence file from the section that applies it, e.g. `[torch.compile](../inference-optimization/03-torch-compile-aot-inductor.md)`.",
    check=check,
)
