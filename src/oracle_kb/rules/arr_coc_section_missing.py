import re

from ..model import Severity
from .rule import Hit, Rule

_ARR_COC = re.compile(r"arr\W?coc", re.I)


def _sections(kf):
    """The dedicated ARR-COC sections (headings naming ARR-COC at the file's section level, level 2) and the
    notes (ARR-COC headings nested inside other sections)."""
    top = min((h.level for h in kf.headings if h.level >= 2), default=2)
    named = [h for h in kf.headings if h.level >= 2 and _ARR_COC.search(h.title)]
    return [h for h in named if h.level == top], [h for h in named if h.level > top]


def _share(heads, total: int) -> int:
    """Distinct lines the sections cover (a heading nested in another is not counted again)."""
    covered: set[int] = set()
    for h in heads:
        covered.update(range(h.line, min(h.end_line, total) + 1))
    return len(covered)


def check(oracle, index, config):
    factor = config.arr_coc_share_factor
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        kf = None if ref.shadowed else ref.file  # a shadowed PART's file is judged through the first plan
        if part.arr_coc_share is None or kf is None or not part.done or not kf.lines:
            continue
        heads, notes = _sections(kf)
        if not heads:
            where = (
                f" (the ARR-COC notes at line{'s' if len(notes) > 1 else ''} {', '.join(str(h.line) for h in notes[:5])} are inside topic sections)"
                if notes
                else ""
            )
            yield Hit(
                kf.path,
                1,
                f"no ARR-COC-0-1 section; PART {part.number} of {index.slug(plan)}{ref.also_said} asks for one "
                f"(about {part.arr_coc_share:.0%} of the file){where}",
                "add `## ARR-COC-0-1: <how this topic applies>` before the Sources section",
            )
            continue
        span = _share(heads, kf.lines)
        share = span / kf.lines
        want = part.arr_coc_share
        if factor and (share < want / factor or share > want * factor):
            yield Hit(
                kf.path,
                heads[0].line,
                f"ARR-COC-0-1 section is {share:.0%} of the file ({span} of {kf.lines} lines); "
                f"PART {part.number} asks for about {want:.0%}",
                "resize the section toward its share",
            )


RULE = Rule(
    id="arr-coc-section-missing",
    severity=Severity.WARNING,
    summary="A PART that asks for an ARR-COC section (`+ ARR-COC (10%)`) produced a file with no dedicated section "
    "(a level-2 heading naming ARR-COC; short ARR-COC notes nested in topic sections are not it), or one whose "
    "lines, each counted once, are off its share by more than `arr-coc-share-factor` (default 3×).",
    why="The plans tie each topic back to the owner's research project; a missing or token-sized section breaks "
    "that promise, an oversized one crowds out the topic.",
    example="**Influenced by**: Files 2,6,9 + ARR-COC (10%)\n(700-line file, no ARR-COC heading)",
    fix="Add `## ARR-COC-0-1: …` relating the topic to the project, about the share the PART gives.",
    check=check,
    passes="**Influenced by**: Files 2,6,9 + ARR-COC (10%)\n(700-line file; `## ARR-COC-0-1: Relevance-guided "
    "token budgets` spans 70 lines, with its own `### …` subsections)",
)
