from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    minimum = config.min_citations
    for kf in oracle.knowledge():
        found = index.sourced(kf)
        n = found.count
        if not found.linked or n >= minimum or found.copies_only:
            continue  # none linked: citations-missing or citations-unlinked speaks; an extract of source copies
        first = found.linked[0]
        block = next((b for b in kf.citation_blocks if b.line <= first.line <= b.end_line), None)
        yield Hit(
            kf.path,
            block.line if block else first.line,
            f"names {n} source{'s' if n != 1 else ''}; at least {minimum} expected",
            f"add {minimum - n} more primary source{'s' if minimum - n != 1 else ''} (paper, official docs, repository)",
        )


RULE = Rule(
    id="citations-too-few",
    severity=Severity.WARNING,
    summary="A knowledge file names fewer distinct sources than `min-citations` (default 3). Every source counts "
    "once: URLs, arXiv ids and DOIs (an arXiv link and its id are one), files of the oracle's source copies, "
    "BibTeX entries and full references without URL. A file whose linked sources are all files of the oracle's "
    "source copies is an extract of those documents (the oracle format's shape) and is not held to the minimum.",
    why="A file resting on one or two sources is usually a summary of one page, not research; the plans ask "
    "runners to consult several.",
    example="## Sources\n- [LoRA paper](https://arxiv.org/abs/2106.09685)",
    fix="Cite more primary sources, or lower `min-citations` in the configuration for this oracle.",
    check=check,
    passes="## Sources\n- [LoRA paper](https://arxiv.org/abs/2106.09685)\n"
    '- Houlsby et al. (2019), "Parameter-Efficient Transfer Learning for NLP"\n'
    "- [PEFT repository](https://github.com/huggingface/peft)",
)
