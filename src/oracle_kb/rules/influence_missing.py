from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        table = index.influences[plan.path]
        for n in part.influences:
            if n not in table:
                yield Hit(
                    plan.path,
                    part.influences_line,
                    f"PART {part.number} names influence file {n}, which the plan's influence table does not define",
                    "fix the number, or add the file to the influence table",
                )
        if ref.shadowed:
            continue  # judged through the first plan that asks the same of the file
        for n, mentioned_at, broken in ref.unlinked:
            if mentioned_at or broken:
                continue  # influence-not-linked / link-broken say those
            inf = table[n]
            rel = index.relative(ref.file.path, inf.resolved)
            yield Hit(
                ref.file.path,
                1,
                f"never cites influence file {n} `{inf.path}` that PART {part.number} of {index.slug(plan)}"
                f"{ref.also_said} names (no link, no mention)",
                f"link it where its technique is discussed, e.g. [{inf.path.rsplit('/', 1)[-1]}]({rel})",
            )


RULE = Rule(
    id="influence-missing",
    severity=Severity.ERROR,
    summary="The file of a completed PART with `Influenced by: Files 1,5,8` never cites one of those influence files: "
    "no link resolving to it and no mention of it in the text (`File 8`, its path or its name); or the PART names "
    "a number the influence table lacks. A mention without a link is `influence-not-linked`; a link to a file "
    "of that name that does not resolve is `link-broken`.",
    why="The influence files are the plan's cross-references: each PART must say what those techniques mean for "
    "its topic, and a link is what lets a reader (and this check) follow that.",
    example="**Influenced by**: Files 1,5,8 + ARR-COC (10%)\n(the file links files 1 and 5 but never links "
    "or names file 8, `inference-optimization/03-torch-compile-aot-inductor.md`)",
    fix="Link the influence file from the section that applies it, e.g. `[torch.compile](../inference-optimization/03-torch-compile-aot-inductor.md)`.",
    check=check,
    passes="**Influenced by**: Files 1,5,8 + ARR-COC (10%)\n(the file links [ZeRO](../distributed-training/00-deepspeed"
    "-zero-optimizer.md), [vLLM](../inference-optimization/01-vllm-paged-attention.md) and "
    "[torch.compile](../inference-optimization/03-torch-compile-aot-inductor.md))",
)
