import re

from ..model import CitationKind, Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for kf in oracle.knowledge():
        found = index.sourced(kf)
        if found.linked or not found.named:
            continue  # linked sources (citations-too-few counts them all), or none (citations-missing)
        first = found.named[0]
        block = next((b for b in kf.citation_blocks if b.line <= first.line <= b.end_line), None)
        n = len(found.named)
        outside = [c for c in found.named if c.kind != CitationKind.ENTRY]
        if len(outside) == n:
            yield Hit(
                kf.path,
                block.line if block else first.line,
                f"cites {n} file{'s' if n != 1 else ''} outside the oracle (`{first.text if first.kind == CitationKind.PATH else first.url}`) "
                "and no source a reader can follow",
                "link each by its repository URL (https://github.com/OWNER/REPO/blob/BRANCH/…), or copy it into "
                "the oracle's source-documents/ and link that copy",
            )
            continue
        shown = _LABEL.sub("", next(c for c in found.named if c.kind == CitationKind.ENTRY).text)
        where = f" in `{block.title}`" if block and not block.label else ""
        yield Hit(
            kf.path,
            block.line if block else first.line,
            f"{n} source{'s' if n != 1 else ''}{where} {'have' if n != 1 else 'has'} no URL or identifier "
            f'(e.g. "{_short(shown)}"): readers cannot open {"them" if n != 1 else "it"}',
            "add each source's link (arXiv abstract, DOI, publisher or official page): "
            "`- Author (Year), Title — https://…`",
        )


_LABEL = re.compile(r"^\*\*[^*]{1,60}(?:\*\*:|:\*\*)\s*")  # `**Paper**: ` before the entry itself


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


RULE = Rule(
    id="citations-unlinked",
    severity=Severity.WARNING,
    summary="A knowledge file names its sources only in ways a reader cannot follow: full references without "
    'URL, DOI or arXiv id (`Bengio et al. (2009), "Curriculum Learning"`, or a paper named by a header\'s '
    "`**Full Title**: …` / `**Authors**: …` lines), or files outside the oracle "
    "(`../../RESEARCH/…`, `RESEARCH/x/TRAINING.md`). The sources are named, so the section is not missing; one "
    "linked source (URL, identifier, or a file of the oracle's source copies) is enough to pass.",
    why="A reference without a link is a real citation but costs every reader a search, and a file of the "
    "enclosing repository is not published with the oracle.",
    example='## References\n1. **Curriculum Learning**: Bengio et al. (2009), "Curriculum Learning"\n'
    '2. **REINFORCE**: Williams (1992), "Simple Statistical Gradient-Following Algorithms"',
    fix="Add each source's URL (arXiv abstract page, DOI, official page), or its identifier (`arXiv:YYMM.NNNNN`, "
    "`DOI: 10.…`).",
    check=check,
    passes='## References\n1. Bengio et al. (2009), "Curriculum Learning" — https://dl.acm.org/doi/10.1145/1553374.1553380\n'
    '2. Williams (1992), "Simple Statistical Gradient-Following Algorithms", DOI: 10.1007/BF00992696',
)
