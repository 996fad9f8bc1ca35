"""Where a knowledge file names its sources, and what it names there: facts only, judged by the citation rules.

A *citations block* is the section under a heading that names sources (`## Sources`, `## Primary Sources`,
`## 11. References and Source Material`, `## Code References` …) or the lines after a bold label line
(`**Primary Sources:**`, `**Source**: …`, `**File**: …`, `Source: …`) down to the next heading, rule or
label. In the blocks the reader notes every candidate citation with its kind (`model.CitationKind`): URLs,
identifiers (arXiv, DOI, ISBN), links into the oracle, file paths in code spans, links that leave the oracle,
BibTeX entries and bibliographic entries without a URL. Whether a link or path names a source copy is a
cross-file fact: `read.sources` decides it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import attrgetter

from ..model import Citation, CitationBlock, CitationKind, Heading, Link

# ---------------------------------------------------------------- titles

_HEADS = {"sources", "references", "citations", "bibliography", "resources", "citation", "reference", "source"}
# a head that names sources only after one of these words ("Source Material", "Further Reading", "Works Cited")
_HEADS_AFTER = {
    "materials": None,
    "material": {"source", "sources", "primary", "original"},
    "documents": {"source"},
    "document": {"source"},
    "reading": {"further", "recommended", "suggested"},
    "cited": {"works"},
    "source": {"primary", "original", "main", "key", "official"},
    "reference": {"paper", "code", "file"},
}
_ALONE = {"sources", "references", "citations", "bibliography", "resources", "citation", "reference", "source"}
_QUALIFIERS = set(
    "primary secondary key additional academic web research related external further recommended selected main "
    "original official source sources documentation paper papers code file literature scholarly encyclopedia "
    "reference references citations resources links recent learning development video".split()
)
_ENUMERATOR = re.compile(
    r"^(?:(?:section|part|chapter|appendix)\s+)?(?:\d+(?:\.\d+)*[.:)]?|[ivxlc]+[.:)])\s+|^(?:section|appendix)\s+\w\s*[.:]\s+"
)
_NOISE = re.compile(r"[*_`]")
_LEAD = re.compile(r"^[^a-z0-9]+")
_DASHES = re.compile(r"\s[-–—]\s")
_TRAILING_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def is_citations_title(title: str) -> bool:
    """Whether a heading or label names the file's sources: "Sources", "Primary Sources", "11. References and
    Source Material", "Biological Vision - Primary Sources", "Recent Papers & References (2024-2025)"; not
    "Cross-References", "Quick Reference", "Source Code", "The Source Concept" or "Citation Format"."""
    if not (  # plain substring tests past the first letter, spelled out: lowering or a regex is slower
        "ource" in title
        or "eferen" in title
        or "itation" in title
        or "eading" in title
        or "ibliograph" in title
        or "aterial" in title
        or "ited" in title
        or title.isupper()
    ):
        return False
    low = title.lower()
    t = _LEAD.sub("", _NOISE.sub("", low).strip())
    t = _ENUMERATOR.sub("", t).strip().rstrip(":").strip()
    phrases = [t]
    paren = _TRAILING_PAREN.match(t)
    if paren:
        t = paren.group(1)
        phrases += [t, paren.group(2)]
    segments = _DASHES.split(t)
    if len(segments) > 1:
        phrases += [segments[0], segments[-1]]
    return any(_names_sources(p) for p in phrases)


def _names_sources(phrase: str) -> bool:
    words = phrase.replace("&", " & ").replace(",", " ").split()
    if not words or words[0] in ("&", "and") or words[-1] in ("&", "and"):
        return False
    words = [w for w in words if w not in ("&", "and")]
    *quals, head = words
    if not quals:
        return head in _ALONE
    if not all(q in _QUALIFIERS for q in quals):
        return False
    if head in _HEADS_AFTER:
        after = _HEADS_AFTER[head]
        return after is None or quals[-1] in after
    return head in _HEADS


# A bold label a line opens with: `**Source**: …`, `**Primary Sources:**`. The reader's block-line pass finds
# these lines (`knowledge._BLOCK_LINE` holds this pattern) and skips code blocks. Labels in list items
# (`- **URL**: …`) and plain ones (`Source: …`) are left out: looking for them costs the pass a third more.
LABEL = r"\*\*[^*\n]{1,60}?(?::\*\*|\*\*[ \t]*:)"
_ANY = (
    r" {0,3}(?:[-*+][ \t]+)?(?:\*\*([^*\n]{1,60}?)(?::\*\*|\*\*[ \t]*:)"
    r"|(Sources?|References?|Citations?|URL|Website)[ \t]*:)"
)
_LABEL = re.compile(_ANY)  # at a line start: any label, bold or plain, in a list item or not
_ANY_LABEL = re.compile("\n" + _ANY)
# Labels that name the file's (or an item's) source on their line or the lines below it
_SOURCE_LABELS = {
    "source",
    "sources",
    "primary source",
    "original source",
    "source file",
    "source files",
    "file",
    "files",
    "code",
    "url",
    "official url",
    "website",
    "official website",
    "link",
    "reference",
    "citation",
    "paper",
    "repository",
    "repo",
    "documentation",
    "docs",
    "file reference",
    "file references",
    "see",
    *("full title", "authors", "author", "paper title", "book"),
}
# labels whose own line names a work (a paper-analysis header: `**Full Title**: …`, `**Authors**: …`)
_WORK_LABELS = {"full title", "authors", "author", "paper title", "book"}
_RULE_LINE = re.compile(r"\n {0,3}(?:-[ \t]*){3,}\n|\n {0,3}(?:\*[ \t]*){3,}\n|\n {0,3}(?:_[ \t]*){3,}\n")


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # offsets into the text
    end: int
    block: CitationBlock


def blocks(
    md: str, headings: list[Heading], offsets: list[int], labels: list[int], line_at: Callable[[int], int]
) -> list[Span]:
    """Citations blocks in text order: under citations headings, and after source labels."""
    spans = []
    for i, h in enumerate(headings):
        if is_citations_title(h.title):  # most titles fail its first test
            end = next((offsets[j] for j in range(i + 1, len(headings)) if headings[j].level <= h.level), len(md))
            spans.append(Span(offsets[i], end, CitationBlock(h.title, h.line, h.end_line)))
    if labels:
        spans.extend(_label_blocks(md, labels, offsets, line_at))
    if not spans and ("**" in md or ":" in md):
        # no block found: per-item labels (`- **URL**: …`) and plain ones (`Sources:`), costly to look for in
        # every file, are looked for in the few files that would otherwise name no source
        more = [m.start() + 1 for m in _ANY_LABEL.finditer(md)]
        spans.extend(_label_blocks(md, more, offsets, line_at))
    spans.sort(key=lambda s: s.start)
    return spans


def _label_blocks(md: str, labels: list[int], offsets: list[int], line_at) -> Iterator[Span]:
    """A block after each source label, down to the next heading, rule line or label line (of any name)."""
    for k, pos in enumerate(labels):
        m = _LABEL.match(md, pos)
        if m is None:
            continue
        name = (m.group(1) or m.group(2)).strip().rstrip(":").strip()
        low = name.lower()
        if not low[:1].isalnum():
            low = _LEAD.sub("", low).strip()
        if low not in _SOURCE_LABELS and not is_citations_title(name):
            continue
        start = pos
        end = labels[k + 1] if k + 1 < len(labels) else len(md)
        nxt = next((o for o in offsets if o > start), None)  # the headings are few: a scan is fine
        if nxt is not None:
            end = min(end, nxt)
        rule = _RULE_LINE.search(md, start, end + 1)
        if rule is not None:
            end = min(end, rule.start() + 1)
        first = line_at(start)
        last = line_at(max(end - 1, start))
        yield Span(start, end, CitationBlock(name, first, last, label=True))


# ---------------------------------------------------------------- what the blocks hold

# A bare URL: found from its "://" (a literal search), then matched from its scheme. Parentheses may belong to
# it (Wikipedia's `Foo_(bar)`); an unbalanced closing one, and closing punctuation, do not.
_URL_AT = re.compile(r"(?:https?|ftp)://[^\s<>\[\]{}\"'`|\\]+")
_NOT_BEFORE_URL = "<\"'=_"
_URL_TAIL = ".,;:!?*_'\"”’"
# on lowered text; an id in a URL is that URL's
_ARXIV_ID = re.compile(r"\barxiv(?:\s*:\s*|\s+)(\d{4}\.\d{4,5})(?:v\d+)?\b")
_DOI = re.compile(r"\bdoi(?:\s*[:=]\s*\{?|\s+)\s*(10\.\d{4,9}/[^\s{}<>\"',;\]\[)(]+)")
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*((?:97[89][- ]?)?\d{1,5}[- ]?\d+[- ]?\d+[- ]?[\dX])\b")
_CODE_SPAN = re.compile(r"`([^`\n]{1,200})`")
_PATHLIKE = re.compile(
    r"^(?:\.{0,2}/)?[\w.@+-]+(?:/[\w .@+,()&-]+)*/?"
    r"|^[\w.@+-]+\.(?:py|md|ts|tsx|js|rs|go|java|c|h|cc|cpp|hpp|cu|ipynb|ya?ml|json|toml|txt|sh|pdf|tex)$"
)
_LINE_SUFFIX = re.compile(r":\d+(?:-\d+)?$")
_BIBTEX_ENTRY = re.compile(r"@[A-Za-z]+\s*\{")
_BIBTEX_URL = re.compile(r"\b(?:url|howpublished)\s*=\s*[{\"]\s*(?:\\url\{)?\s*(https?://[^\s{}\"]+)", re.I)
_BIBTEX_TITLE = re.compile(r"\btitle\s*=\s*[{\"]\{?([^}\"\n]{1,200})", re.I)
# A bibliographic entry without URL: an author-year shape, a surname with a year in parentheses, a quoted title
# next to a year, or a bold or italic title with a year in parentheses. A date (2025-01-30) is not a year.
_YEAR = r"(?<![\d-])(?:19|20)\d\d[a-z]?(?![\d-])"
_AUTHORS = (
    r"(?:[A-Z][\w'’-]+,\s(?:[A-Z]\.\s?){1,3}|[A-Z][\w'’-]+\set al\.?|[A-Z][\w'’-]+\s(?:&|and)\s[A-Z][\w'’-]+,?\s)"
)
_QUOTED = r"[\"“][^\"”\n]*\w\s+\w[^\"”\n]*[\"”]"  # two words or more
_TITLE = r"(?:\*\*[^*\n]{3,}\*\*|(?<![*\w])\*[^*\n]{3,}\*(?!\*))(?!:)"  # bold or italic, not a `**Label**:`
_ENTRY = re.compile(
    rf"{_AUTHORS}.*?{_YEAR}|[A-Z][\w'’-]+\s\({_YEAR}\)|{_QUOTED}.*?{_YEAR}|{_YEAR}.*?{_QUOTED}"
    rf"|{_TITLE}[^\n]*?\([^)\n]*{_YEAR}[^)\n]*\)"
)
# A list item in a citations block may name a work without a year: its title in quotes, its authors "et al.",
# or a bold title followed by where it appeared (`**LOD with Frustum Culling** (LearnOpenGL, Unity docs)`).
_LISTED_ENTRY = re.compile(rf"{_QUOTED}|[A-Z][\w'’-]+\set al\.?|^{_TITLE}\s*(?:\(|[-–—]\s)")
_FILE_END = re.compile(r"\.\w{1,5}$|/$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def collect(
    text: str,
    md: str,
    spans: list[Span],
    links: list[Link],
    fences: list[tuple[int, int]],
    line_at: Callable[[int], int],
) -> list[Citation]:
    """Every candidate citation inside the blocks, in line order, each (line, kind, value) once."""
    out: dict[tuple[int, str, str], Citation] = {}
    for a, b, first, last in _merged(spans):  # links come sorted by line
        inside = links[bisect.bisect_left(links, first, key=_LINE) : bisect.bisect_right(links, last, key=_LINE)]
        for c in _from_links(inside):
            out.setdefault((c.line, c.kind, c.url), c)
        for c in _from_text(md, a, b, first, line_at):
            out.setdefault((c.line, c.kind, c.url), c)
        for fa, fb in fences:
            if fa < b and fb > a:
                for c in _bibtex(text, max(fa, a), min(fb, b), line_at):
                    out.setdefault((c.line, c.kind, c.url), c)
        named = {c.line for c in out.values()}
        for c in _entries(md, a, b, first, named):
            out.setdefault((c.line, c.kind, c.url), c)
    work = _work(md, spans)
    if work is not None and work.line not in {c.line for c in out.values()}:
        out.setdefault((work.line, work.kind, work.url), work)
    return sorted(out.values(), key=lambda c: c.line)


_LINE = attrgetter("line")


def _work(md: str, spans: list[Span]) -> Citation | None:
    """The work a paper-analysis header names (`**Full Title**: …` or `**Authors**: …`): one source, however many
    of its lines are labelled."""
    for s in spans:
        if s.block.label and s.block.title.lower() in _WORK_LABELS:
            end = md.find("\n", s.start)
            text = md[s.start : end if end != -1 else len(md)].split(":", 1)[-1].strip(" *")
            if text:
                return Citation(text.lower(), text[:100], s.block.line, CitationKind.ENTRY)
    return None


def _merged(spans: list[Span]) -> list[tuple[int, int, int, int]]:
    """Overlapping spans joined: (start offset, end offset, first line, last line)."""
    out: list[list[int]] = []
    for s in spans:  # sorted by start
        if out and s.start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], s.end)
            out[-1][3] = max(out[-1][3], s.block.end_line)
        else:
            out.append([s.start, s.end, s.block.line, s.block.end_line])
    return [(a, b, first, last) for a, b, first, last in out]


def _from_links(links: list[Link]) -> Iterator[Citation]:
    for lk in links:
        if lk.is_external:
            yield Citation(lk.target, lk.text, lk.line, CitationKind.URL)
        elif lk.escapes:
            yield Citation(lk.target, lk.text, lk.line, CitationKind.OUTSIDE)
        elif lk.to is not None:
            yield Citation(lk.to, lk.text, lk.line, CitationKind.LINK)
        elif _looks_like_url_attempt(lk.target):
            yield Citation(lk.target, lk.text, lk.line, CitationKind.ATTEMPT)


def _from_text(md: str, a: int, b: int, first: int, line_at) -> Iterator[Citation]:
    for at, url in bare_urls(md, a, b):
        yield Citation(url, url, line_at(at), CitationKind.URL)
    chunk = md[a:b]
    lowered = chunk.lower()  # searched with case-sensitive patterns: a case-blind regex has no fast literal scan
    if lowered.count("arxiv") > lowered.count("arxiv.org"):  # an id outside its URL
        for m in _ARXIV_ID.finditer(lowered):
            line = first + lowered.count("\n", 0, m.start())
            yield Citation(f"arXiv:{m.group(1)}", m.group(0), line, CitationKind.ID)
    if lowered.count("doi") > lowered.count("doi.org"):
        for m in _DOI.finditer(lowered):
            line = first + lowered.count("\n", 0, m.start())
            yield Citation(f"doi:{m.group(1).rstrip('.')}", m.group(0), line, CitationKind.ID)
    if "ISBN" in chunk:
        for m in _ISBN.finditer(md, a, b):
            yield Citation(f"isbn:{re.sub(r'[- ]', '', m.group(1))}", m.group(0), line_at(m.start()), CitationKind.ID)
    if "`" in chunk:
        for m in _CODE_SPAN.finditer(md, a, b):
            path = _code_path(m.group(1))
            if path:
                yield Citation(path, m.group(1), line_at(m.start()), CitationKind.PATH)


def _code_path(span: str) -> str:
    """The file path a code span names (`ovis/model/modeling_ovis.py:25-34` -> `ovis/model/modeling_ovis.py`)."""
    s = _LINE_SUFFIX.sub("", span.strip())
    if "://" in s or not s or s.startswith(("-", "$", "#")):
        return ""
    m = _PATHLIKE.match(s)
    if m is None or m.end() != len(s):
        return ""
    if "/" not in s.strip("/") and "." not in s:
        return ""
    if " " in s and not s.lower().endswith((".md", ".pdf", ".txt")):
        return ""  # words with a slash ("and/or") are not paths; a file name with spaces has an extension
    return s


def _bibtex(text: str, a: int, b: int, line_at) -> Iterator[Citation]:
    """One citation per BibTeX entry in a fenced block: its URL, arXiv id or DOI, else its title (weaker)."""
    starts = [m.start() for m in _BIBTEX_ENTRY.finditer(text, a, b)]
    for i, at in enumerate(starts):
        entry = text[at : starts[i + 1] if i + 1 < len(starts) else b]
        line = line_at(at)
        url = _BIBTEX_URL.search(entry)
        low = entry.lower()
        arxiv = _ARXIV_ID.search(low)
        doi = _DOI.search(low)
        if arxiv:
            yield Citation(f"arXiv:{arxiv.group(1)}", entry.split("\n", 1)[0], line, CitationKind.ID)
        elif doi:
            yield Citation(f"doi:{doi.group(1).rstrip('.')}", entry.split("\n", 1)[0], line, CitationKind.ID)
        elif url:
            yield Citation(url.group(1), url.group(1), line, CitationKind.URL)
        else:
            title = _BIBTEX_TITLE.search(entry)
            label = title.group(1).strip() if title else entry.split("\n", 1)[0]
            yield Citation(label.lower(), label, line, CitationKind.ENTRY)


def _entries(md: str, a: int, b: int, first: int, named: set[int]) -> Iterator[Citation]:
    """Bibliographic entries without URL: lines with an author-year or titled shape, and list items naming a
    work or a file. The indented lines under an entry (its details) are that entry, not more of them."""
    under_entry = False
    for i, line in enumerate(md[a:b].split("\n")):
        if not line or line.isspace():
            continue
        indented = line[0] in " \t"
        if indented and under_entry:
            continue
        n = first + i
        found = n not in named and line.lstrip()[0] != "#" and _entry(line, n)
        if found:
            yield found
        if not indented:
            under_entry = bool(found) or n in named


def _entry(line: str, n: int) -> Citation | None:
    item = _LIST_MARK.match(line)
    shown = line[item.end() :].strip() if item else line.strip()
    if item and "/" in shown and _FILE_END.search(shown):
        path = _code_path(shown)  # a list item that is a file path, written without code quotes
        if path:
            return Citation(path, shown, n, CitationKind.PATH)
    # every shape of _ENTRY holds a year; a listed one a quote, "et al" or an emphasised title
    year = "19" in line or "20" in line
    listed = item is not None and ('"' in shown or "“" in shown or "et al" in shown or shown[:1] == "*")
    if (year and _ENTRY.search(line) is not None) or (listed and _LISTED_ENTRY.search(shown)):
        return Citation(" ".join(shown.lower().split()), shown[:100], n, CitationKind.ENTRY)
    return None


def bare_urls(text: str, start: int, end: int | None = None) -> Iterator[tuple[int, str]]:
    """(offset, url) of each bare http(s)/ftp URL between `start` and `end`, wrappers and closing punctuation
    left out: `(https://x.org)`, `url={https://x.org}`, `\\url{https://x.org}.`. Not a markdown link's target,
    an autolink or an attribute value (the character before the scheme tells)."""
    end = len(text) if end is None else end
    pos = text.find("://", start, end)
    while pos != -1:
        url = None
        for scheme in ("https", "http", "ftp"):
            at = pos - len(scheme)
            if at >= start and text.startswith(scheme, at):
                before = text[at - 1] if at > 0 else " "
                link_target = before == "(" and at > 1 and text[at - 2] == "]"
                if before not in _NOT_BEFORE_URL and not before.isalnum() and not link_target:
                    m = _URL_AT.match(text, at, end)
                    url = _trimmed(m.group()) if m else None
                break
        if url and len(url) > url.index("://") + 3:
            yield at, url
            pos = text.find("://", at + len(url), end)
        else:
            pos = text.find("://", pos + 3, end)


def _trimmed(url: str) -> str:
    """`url` without closing punctuation and without closing brackets it does not open."""
    while url:
        last = url[-1]
        if last in _URL_TAIL or (last == ")" and url.count(")") > url.count("(")):
            url = url[:-1]
        else:
            break
    return url


def _looks_like_url_attempt(target: str) -> bool:
    t = target.lower()
    return ":" in t.split("/", 1)[0] or t.startswith("www.") or t in ("url", "link", "todo", "tbd")
