from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    minimum = config.min_citations
    for kf in oracle.knowledge():
        n = len(kf.cited_urls)
        if kf.citations_heading is not None and 0 < n < minimum:
            yield Hit(
                kf.path,
                kf.citations_heading.line,
                f"cites {n} distinct source{'s' if n != 1 else ''}; at least {minimum} expected",
                f"add {minimum - n} more primary source{'s' if minimum - n != 1 else ''} (paper, official docs, repository)",
            )


RULE = Rule(
    id="citations-too-few",
    severity=Severity.WARNING,
    summary="The citations section lists fewer distinct URLs than `min-citations` (default 3).",
    why="A file resting on one or two sources is usually a summary of one page, not research; the plans ask "
    "runners to consult several.",
    example="## Sources\n- [LoRA paper](https://arxiv.org/abs/2106.09685)",
    fix="Cite more primary sources, or lower `min-citations` in the configuration for this oracle.",
    check=check,
)
