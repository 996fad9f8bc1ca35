import re
from collections import Counter
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
    """Significant words of a title, lowercased, a plural "s" dropped from words longer than four letters."""
    low = title.lower()
    if "(" in low:
        low = _PARENTHETICAL.sub(" ", low)
    found = set(_WORD.findall(low)) - _STOP
    return frozenset(w[:-1] if len(w) > 4 and w[-1] == "s" else w for w in found if len(w) > 1)


_STARS = re.compile(r"\*")
_PARENTHETICAL_TAIL = re.compile(r" *\(.*")


def check(ctx: Context):
    for plan, part in ctx.parts():
        kf = ctx.part_file(part)
        if kf is None or not part.done or not part.sections:
            continue
        # word -> the headings (level 2 and below) that hold it
        holders: dict[str, list[int]] = {}
        for i, h in enumerate(kf.headings):
            if h.level >= 2:
                for w in words(h.title):
                    holders.setdefault(w, []).append(i)
        for spec in part.sections:
            want = words(spec.title)
            if not want:
                continue
            # a heading matches when it shares at least half of the section title's significant words
            shared = Counter(i for w in want for i in holders.get(w, ()))
            if shared and max(shared.values()) * 2 >= len(want):
                continue
            short = _STARS.sub("", _PARENTHETICAL_TAIL.sub("", spec.title))
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
