import re
from functools import lru_cache

from ..model import Severity
from . import Context, Hit, Rule

_WORD = re.compile(r"[a-z0-9]+")
_PARENTHETICAL = re.compile(r"\([^)]*\)")
_STOP = {
    "and",
    "the",
    "for",
    "with",
    "vs",
    "of",
    "to",
    "in",
    "on",
    "a",
    "an",
    "via",
    "from",
    "how",
    "what",
    "when",
    "why",
    "its",
    "their",
    "into",
    "section",
    "lines",
    "line",
    "file",
    "files",
    "or",
    "by",
    "at",
}


@lru_cache(maxsize=65536)
def words(title: str) -> frozenset[str]:
    title = _PARENTHETICAL.sub(" ", title.lower()) if "(" in title else title.lower()
    out = set()
    for w in _WORD.findall(title):
        if w in _STOP or (len(w) < 2):
            continue
        out.add(w[:-1] if len(w) > 4 and w.endswith("s") else w)
    return frozenset(out)


def check(ctx: Context):
    for plan, part in ctx.parts():
        kf = ctx.part_file(part)
        if kf is None or not part.done:
            continue
        heads = [words(h.title) for h in kf.headings if h.level >= 2]
        for spec in part.sections:
            want = words(spec.title)
            # a heading matches when it shares at least half of the section title's significant words
            if want and not any(len(want & have) * 2 >= len(want) for have in heads):
                short = re.sub(r"\*", "", re.sub(r" *\(.*", "", spec.title))
                yield Hit(
                    kf.path,
                    1,
                    f'no heading for section {spec.number} "{spec.title}" that PART {part.number} of {plan.slug} lists',
                    f"add `## {spec.number}. {short}`",
                )


RULE = Rule(
    id="section-missing",
    severity=Severity.WARNING,
    summary="A section listed in the PART (`Section N: title`) has no heading in the PART's file sharing at "
    "least half of its significant words.",
    why="The plan's sections are the contract between the planner and the runner; a missing heading usually "
    "means a missing topic, and readers navigate by headings.",
    example="- [✓] Section 3: Dense prediction capabilities (segmentation, depth)\n(file has no heading about dense prediction)",
    fix="Add the section with a heading that names it, e.g. `## 3. Dense prediction capabilities`.",
    check=check,
)
