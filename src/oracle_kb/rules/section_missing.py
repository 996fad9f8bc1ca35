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


# ------------------------------------------------------------------ retitled sections
# Runners retitle: they keep the section's number (`## 6. Connection to the Meaning Crisis`), or name its label
# (`Section 4: **4Ps Mapping**: …` -> `## Section 6: 4Ps Mapping - …`), or spread its words over the heading and
# its subheadings (`## 7. Opponent Processing` / `### 7.1 Accuracy vs. Complexity`).

_ROMAN = {
    r: i for i, r in enumerate("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split(), 1)
}
_SPELLED = {
    w: i
    for i, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split(),
        1,
    )
}
_NUMBERED = re.compile(r"^\s*(\d{1,3})(?:\.|\)|:|\s+[-–—])")
_NAMED_NUMBER = re.compile(r"^\s*(?:section|part|chapter)\s+([0-9]{1,3}|[ivx]{1,5}|[a-z]{3,9})\b", re.I)
_LABEL = re.compile(r"^([^:]{2,60}):\s")
_FOUR_PS = re.compile(r"\bfour\s+p'?s\b")
_ACRONYM = re.compile(r"\b[A-Z]{2,4}\b")
_MORE_STOP = _STOP | {"as", "is", "are", "be", "all", "same", "not", "nor"}


def heading_number(title: str) -> int | None:
    """The number a heading gives its section: `6.`, `6)`, `6:`, `Section 6`, `Part VI`, `Part Six`."""
    m = _NUMBERED.match(title)
    if m:
        return int(m.group(1))
    m = _NAMED_NUMBER.match(title)
    if m is None:
        return None
    t = m.group(1).lower()
    return int(t) if t.isdigit() else _ROMAN.get(t) or _SPELLED.get(t)


@lru_cache(maxsize=65536)
def stems(text: str) -> frozenset[str]:
    """Significant words, stemmed (first six letters of a long word, a plural "s" dropped), `Four P's` as `4ps`."""
    t = _FOUR_PS.sub("4ps", _without_parentheticals(text)).replace("'", "").replace("’", "")
    out = set()
    for w in _WORD.findall(t):
        if w in _MORE_STOP or len(w) < 2:
            continue
        out.add(w[:6] if len(w) > 6 else (w[:-1] if len(w) > 4 and w.endswith("s") else w))
    return frozenset(out)


def _acronyms(spec: str, heading: str) -> set[str]:
    """The spec's all-capital abbreviations (`RR`) that the heading spells out (`Relevance Realization`)."""
    found = set()
    initials = "".join(w[0].upper() for w in re.findall(r"[A-Za-z0-9]+", heading))
    for a in _ACRONYM.findall(spec):
        if a in initials:
            found.add(a.lower())
    return found


def _groups(headings) -> list[tuple[object, list[str]]]:
    """Each level-2 heading with its subheadings' titles (every heading alone when there is no level 2)."""
    below = [h for h in headings if h.level >= 2]
    tops = [h for h in below if h.level == 2] or below
    return [(h, [x.title for x in below if h.line < x.line <= h.end_line and x.level > h.level]) for h in tops]


def retitled(spec, groups) -> bool:
    """Whether a heading keeps the section's number, names its label, or holds half its words with its subheadings."""
    label = _LABEL.match(spec.title)
    label_words = stems(label.group(1)) if label and len(label.group(1).split()) <= 4 else frozenset()
    want = stems(spec.title)
    for h, subs in groups:
        if heading_number(h.title) == spec.number:
            return True
        have = stems(h.title) | _acronyms(spec.title, h.title)
        if label_words and label_words <= have:
            return True
        for sub in subs:
            have |= stems(sub) | _acronyms(spec.title, sub)
        if want and len(want & have) * 2 >= len(want):
            return True
    return False


def check(oracle, index, config):
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        kf = None if ref.shadowed else ref.file  # a shadowed PART's file is judged through the first plan
        if kf is None or not part.done or not part.sections:
            continue
        titles = [h.title for h in kf.headings if h.level >= 2]
        headings_text = headings_as_text(titles)
        holders = WordIndex(titles)
        groups = None
        for spec in part.sections:
            if heading_for(spec.title, headings_text, holders):
                continue
            groups = _groups(kf.headings) if groups is None else groups
            if retitled(spec, groups):
                continue
            short = _STARS.sub("", _PARENTHETICAL_TAIL.sub("", spec.title))
            yield Hit(
                kf.path,
                1,
                f'no heading for section {spec.number} "{spec.title}" that PART {part.number} of '
                f"{index.slug(plan)}{ref.also_said} lists",
                f"add `## {spec.number}. {short}`",
            )


RULE = Rule(
    id="section-missing",
    severity=Severity.WARNING,
    summary="A section a completed PART lists (`Section N: title`) has no heading in the PART's file. A section is "
    "there when a level-2 heading keeps its number (`## 6.`, `## Section 6:`, `## Part VI:`, `## Part Six:`), or "
    "names its label (`Meaning Crisis` of `Section 6: **Meaning Crisis**: …`, abbreviations like `RR` spelled "
    "out), or holds at least half of its significant words together with its subheadings. Parentheticals and "
    "`(~N lines)` in the title are ignored.",
    why="The plan's sections are the contract between the planner and the runner; a missing heading usually "
    "means a missing topic, and readers navigate by headings.",
    example="- [✓] Section 3: **Deployment**: Kubernetes GPU scheduling\n(the file's headings: `## 1. Early fusion "
    "principles`, `## 2. Training efficiency`)",
    fix="Add the section with a heading that names it, e.g. `## 3. Deployment: Kubernetes GPU scheduling`.",
    check=check,
    passes="- [✓] Section 6: **Meaning Crisis**: Wisdom as response\n(the file: `## 6. Connection to the Meaning "
    "Crisis`, or `## Part X: Meaning Crisis Connection`)",
)
