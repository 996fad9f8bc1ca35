from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for ref in index.parts:
        if ref.shadowed:
            continue
        plan, part = ref.plan, ref.part
        for n, mentioned_at, broken in ref.unlinked:
            if not mentioned_at or broken:
                continue
            inf = index.influences[plan.path][n]
            rel = index.relative(ref.file.path, inf.resolved)
            yield Hit(
                ref.file.path,
                mentioned_at,
                f"influence file {n} `{inf.path}` (PART {part.number} of {index.slug(plan)}{ref.also_said}) is "
                "cited in text but not linked",
                f"make the mention a link: [{inf.path.rsplit('/', 1)[-1]}]({rel})",
            )


RULE = Rule(
    id="influence-not-linked",
    severity=Severity.WARNING,
    summary="The file of a completed PART names one of the PART's influence files in its text (`File 3`, `Files 3 "
    "and 7`, the file's path or name, in backticks or not) but has no link that resolves to it.",
    why="The influence is cited, so the knowledge is there; without a link readers cannot follow it and the site "
    "shows no backlink.",
    example='**Influenced by**: Files 3,7\n(the file: "File 3\'s cost model puts the ratio …", and no link to '
    "`distributed-training/02-megatron-lm-tensor-parallelism.md`)",
    fix="Turn the first mention into a relative link to the influence file.",
    check=check,
    passes='"[File 3](../distributed-training/02-megatron-lm-tensor-parallelism.md)\'s cost model puts the ratio …"',
)
