import re
from collections import Counter
from functools import lru_cache

from ..model import Severity
from .rule import Hit, Rule

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


def _without_parentheticals(title: str) -> str:
    """Lowercased, `(...)` dropped: the text `words` reads (a link's target is not part of its heading)."""
    return _PARENTHETICAL.sub(" ", title.lower()) if "(" in title else title.lower()


@lru_cache(maxsize=65536)
def words(title: str) -> frozenset[str]:
    """Significant words of a title, lowercased, a plural "s" dropped from words longer than four letters."""
    found = set(_WORD.findall(_without_parentheticals(title))) - _STOP
    return frozenset(w[:-1] if len(w) > 4 and w[-1] == "s" else w for w in found if len(w) > 1)


_STARS = re.compile(r"\*")
_PARENTHETICAL_TAIL = re.compile(r" *\(.*")


def headings_as_text(titles: list[str]) -> str:
    """The titles as `heading_for` searches them: one a line, a newline at both ends."""
    return "\n" + "\n".join(_without_parentheticals(t) for t in titles) + "\n"


class WordIndex:
    """word -> indexes of the titles holding it, built on first use (most sections match by phrase)."""

    __slots__ = ("_titles", "_index")

    def __init__(self, titles: list[str]):
        self._titles = titles
        self._index: dict[str, list[int]] | None = None

    def get(self, word: str, default: tuple = ()) -> list[int] | tuple:
        if self._index is None:
            self._index = {}
            for i, title in enumerate(self._titles):
                for w in words(title):
                    self._index.setdefault(w, []).append(i)
        return self._index.get(word, default)


def heading_for(title: str, headings_text: str, holders: WordIndex) -> bool:
    """Whether a heading shares at least half of the significant words of section `title`.

    `headings_text` is `headings_as_text` of the file's level-2-and-below heading titles; `holders` maps
    each word to the headings holding it.
    Fast path: a heading that holds the title itself (parentheticals dropped) between non-alphanumeric
    characters holds every one of its words, which is what runners usually write.
    """
    phrase = _without_parentheticals(title).strip()
    if phrase:
        at = headings_text.find(phrase)
        while at != -1:
            end = at + len(phrase)
            if not headings_text[at - 1].isalnum() and not headings_text[end].isalnum():
                return True
            at = headings_text.find(phrase, at + 1)
    want = words(title)
    if not want:
        return True  # nothing significant to look for
    shared = Counter(i for w in want for i in holders.get(w, ()))
    return bool(shared) and max(shared.values()) * 2 >= len(want)


def check(oracle, index, config):
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        kf = None if ref.shadowed else ref.file  # a shadowed PART's file is judged through the first plan
        if kf is None or not part.done or not part.sections:
            continue
        titles = [h.title for h in kf.headings if h.level >= 2]
        headings_text = headings_as_text(titles)
        holders = WordIndex(titles)
        for spec in part.sections:
            if heading_for(spec.title, headings_text, holders):
                continue
            short = _STARS.sub("", _PARENTHETICAL_TAIL.sub("", spec.title))
            yield Hit(
                kf.path,
                1,
                f'no heading for section {spec.number} "{spec.title}" that PART {part.number} of {index.slug(plan)}{ref.also_said} lists',
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
