from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for plan in index.live_plans:
        seen: dict[int, int] = {}
        expected = 1
        for part in plan.parts:
            if part.number in seen:
                yield Hit(
                    plan.path,
                    part.line,
                    f"PART {part.number} is defined twice (first at line {seen[part.number]})",
                    "renumber the PARTs so each number appears once",
                )
                continue
            seen[part.number] = part.line
            if part.number != expected:
                yield Hit(
                    plan.path,
                    part.line,
                    f"PART {part.number} follows PART {expected - 1}; expected PART {expected}",
                    "renumber the PARTs consecutively",
                )
            expected = part.number + 1


RULE = Rule(
    id="part-numbering",
    severity=Severity.WARNING,
    summary="PART numbers in a plan repeat or skip. A batch overview that lists `### PART 1: …` headings without "
    "bodies before the PARTs are written out does not define them twice.",
    why="Runners, drops and dashboards refer to PARTs by number; a repeated or missing number points two "
    "runners at one PART or none at another.",
    example="## PART 3: …\n## PART 3: …\n## PART 5: …",
    fix="Renumber the PARTs 1..N in order.",
    check=check,
    passes="# BATCH 1\n### PART 1: …\n### PART 2: …\n---\n## PART 1: …\n- [✓] PART 1: …\n## PART 2: …\n- [ ] PART 2: …",
)
