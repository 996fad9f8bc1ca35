"""Scan one knowledge file: an ordered table of small passes over shared state (`PASSES`).

front matter -> block lines (headings, code fences, reference definitions) -> fenced code masked ->
headings and sections -> links -> citations -> unsafe HTML -> title and summary.
Each pass is a regex over the whole text (fast in C), never a Python loop over every line; the speed
tricks (masked code, a rewinding line counter, a code-span test) live in `_State`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from operator import itemgetter

from ..model import (
    Citation,
    CitationBlock,
    FileStamp,
    Heading,
    Issue,
    IssueKind,
    KnowledgeFile,
    Link,
    Role,
    SourceText,
    UnsafeHtml,
)
from ..names import plain_text
from . import citations
from .citations import is_citations_title  # noqa: F401  (re-exported: where callers found it)
from .lines import LineCounter
from .paths import resolve_link
from .text import count_lines, strip_closing_hashes

# One pass finds every line that opens a block this scanner cares about: an ATX heading, a code fence,
# a link reference definition, a label line that may open a citations block (`**Source**: …`, `- **URL**:`,
# `Sources:`), each indented by at most 3 spaces. The literal "\n" in front lets the
# regex engine jump from line to line, and the alternatives give up on a line's first characters: one
# pass costs about what a single literal search over the text does.
_BLOCK_LINE = (
    r" {0,3}(?:(#{1,6})(?:[ \t]([^\n]*))?(?=\n|$)|(```+|~~~+)([^\n]*)|\[[^\]\n]+\]:|(" + citations.LABEL + "))"
)
_BLOCK = re.compile("\n" + _BLOCK_LINE)
_BLOCK_AT_START = re.compile(_BLOCK_LINE)  # the text's first line has no "\n" before it
_REF_DEF = re.compile(r" {0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+[^\n]*)?(?=\n|$)")  # at a line start
_LINK = re.compile(
    r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^()\s<>]+(?:\([^()\s]*\)[^()\s<>]*)*)>?"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_UNSAFE_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|base|meta|form)\b", re.I)
_EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>\n]{0,512}?\s(on[a-zA-Z]+)\s*=", re.I)  # bounded: linear per tag
# `{: onclick="..." }` closing a line: Markdown's attr_list turns it into an attribute
_ATTR_LIST_HANDLER = re.compile(r"\{:?[^}\n]{0,512}?\b(on[a-zA-Z]+)\s*=[^}\n]{0,512}\}[ \t]*$", re.M)
_JS_URL = re.compile(
    r"(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.I
)
_RAW_TAG = re.compile(r"<[A-Za-z!/?]")
_SRC = re.compile(r"\ssrc\s*=\s*[\"']?(https?://[^\"'\s>]+)", re.I)


def _blocks(text: str, body_at: int) -> tuple[list, list[tuple[int, int]], list[int], list[int]]:
    """Headings (offset, level, title), fenced code spans (start, end), reference-definition line offsets and
    label line offsets.

    Lines inside a fenced block are neither headings, definitions nor labels. A fence closes on a line holding only
    a run of the same character at least as long; a fence never closed runs to the end.
    """
    found = []
    if body_at == 0:
        first = _BLOCK_AT_START.match(text)
        if first is not None:
            found.append((0, first))
        found.extend((m.start() + 1, m) for m in _BLOCK.finditer(text))
    else:  # front matter ends with "\n---\n": text[body_at - 1] is that newline
        found.extend((m.start() + 1, m) for m in _BLOCK.finditer(text, body_at - 1))
    headings: list[tuple[int, int, str]] = []
    fences: list[tuple[int, int]] = []
    definitions: list[int] = []
    labels: list[int] = []
    opened: tuple[int, str] | None = None
    for pos, m in found:
        hashes, title, fence, info, label = m.groups()
        if opened is not None:
            if fence and fence[0] == opened[1][0] and len(fence) >= len(opened[1]) and not info.strip():
                fences.append((opened[0], m.end()))
                opened = None
        elif fence:
            opened = (pos, fence)
        elif hashes:
            headings.append((pos, len(hashes), strip_closing_hashes(title or "")))
        elif label:
            labels.append(pos)
        else:
            definitions.append(pos)
    if opened is not None:
        fences.append((opened[0], len(text)))
    return headings, fences, definitions, labels


def mask_code(text: str, fences: list[tuple[int, int]]) -> str:
    """`text` with every character of each fenced block (fence lines included) but its newlines blanked.

    Later passes run over this: nothing in a code block is a link or a tag, and offsets and line numbers
    are those of the file.
    """
    if not fences:
        return text
    pieces: list[str] = []
    last = 0
    for a, b in fences:
        pieces.append(text[last:a])
        pieces.append("\n".join(" " * len(line) for line in text[a:b].split("\n")))
        last = b
    pieces.append(text[last:])
    return "".join(pieces)


def _in_code_span(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    if text.find("`", line_start, pos) == -1:
        return False
    return text.count("`", line_start, pos) % 2 == 1


@dataclass(slots=True)
class _State:
    """What the passes share. `md` is the text with fenced code blanked (offsets and lines unchanged)."""

    path: str
    text: str
    issues: list[Issue]
    meta: dict = field(default_factory=dict)
    body_at: int = 0
    md: str = ""
    found_headings: list[tuple[int, int, str]] = field(default_factory=list)
    fences: list[tuple[int, int]] = field(default_factory=list)
    definitions: list[int] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    heading_offsets: list[int] = field(default_factory=list)
    total: int = 0
    links: list[Link] = field(default_factory=list)
    citation_blocks: list[CitationBlock] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    unsafe: list[UnsafeHtml] = field(default_factory=list)
    title: str = ""
    summary: str = ""
    line_at: object = None
    in_code: object = None


def _front_matter(s: _State) -> None:
    """YAML front matter: its mapping, and the offset where the body starts."""
    text = s.text
    if not text.startswith("---\n"):
        return
    end = text.find("\n---\n", 3)
    if end == -1:
        if not text.endswith("\n---"):
            s.issues.append(Issue(IssueKind.FRONTMATTER_UNCLOSED, 1))
            return
        end = len(text) - 4
    s.body_at = end + 5
    import frontmatter  # only files that have front matter pay for the YAML stack
    import yaml

    try:
        meta = frontmatter.loads(text[: end + 5]).metadata
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        s.issues.append(Issue(IssueKind.FRONTMATTER_YAML, (mark.line + 1) if mark is not None else 1, problem))
        return
    except Exception as exc:  # python-frontmatter raises plain errors for non-mapping YAML
        s.issues.append(Issue(IssueKind.FRONTMATTER_NOT_MAPPING, 1, str(exc)))
        return
    if not isinstance(meta, dict):
        s.issues.append(Issue(IssueKind.FRONTMATTER_NOT_MAPPING, 1))
        return
    s.meta = dict(meta)


def _block_lines(s: _State) -> None:
    """Headings, fenced code and reference definitions; then the code-masked text the inline passes read."""
    s.found_headings, s.fences, s.definitions, s.labels = _blocks(s.text, s.body_at)
    s.md = md = mask_code(s.text, s.fences)
    s.line_at = LineCounter(md).line_at  # offsets and lines of `md` are the file's; it rewinds when asked to
    # A match in an inline code span (`...`) is text, not markup.
    s.in_code = (lambda pos: _in_code_span(md, pos)) if "`" in md else (lambda pos: False)
    s.total = count_lines(s.text)


def _headings(s: _State) -> None:
    """Headings with the last line of their section: it ends before the next heading of its level or higher."""
    line_at = s.line_at
    found = [(pos, level, title, line_at(pos)) for pos, level, title in s.found_headings]
    ends = [0] * len(found)
    next_at = [s.total + 1] * 7  # next_at[level]: line of the nearest following heading of that level or higher
    for i in range(len(found) - 1, -1, -1):
        level, line = found[i][1], found[i][3]
        ends[i] = next_at[level] - 1
        next_at[level:] = [line] * (7 - level)
    s.headings = [Heading(level, title, line, end) for (_, level, title, line), end in zip(found, ends, strict=True)]
    s.heading_offsets = [pos for pos, *_ in found]


def _links(s: _State) -> None:
    """Inline links and images, reference definitions and autolinks, resolved against the file's folder."""
    md, line_at, in_code = s.md, s.line_at, s.in_code
    found: list[tuple[int, str, str, bool]] = []  # (line, target, text, is a definition)
    for m in _LINK.finditer(md, s.body_at):
        if not in_code(m.start()):
            found.append((line_at(m.start()), m.group(2), plain_text(m.group(1)), False))
    in_order = True
    for pos in s.definitions:
        m = _REF_DEF.match(md, pos)
        if m is not None:
            found.append((line_at(pos), m.group(2), m.group(1), True))
            in_order = False
    if "<" in md:  # each pass that needs a character runs only when it occurs at all
        for m in _AUTOLINK.finditer(md, s.body_at):
            if not in_code(m.start()):
                found.append((line_at(m.start()), m.group(1), m.group(1), False))
                in_order = False
    if not in_order:
        found.sort(key=itemgetter(0))  # stable: same-line links keep their pass order
    base = s.path.rsplit("/", 1)[0] if "/" in s.path else ""
    s.links = [Link(target, label, line, *resolve_link(target, base), d) for line, target, label, d in found]


def _citations(s: _State) -> None:
    """Citations blocks (citations headings, source labels) and every candidate citation in them."""
    spans = citations.blocks(s.md, s.headings, s.heading_offsets, s.labels, s.line_at)
    if spans:
        s.citation_blocks = [sp.block for sp in spans]
        s.citations = citations.collect(s.text, s.md, spans, s.links, s.fences, s.line_at)


def _unsafe_tags(s: _State) -> None:
    """Raw HTML that can run code: a tag opening outside code, an event handler, a script URL in an attribute."""
    md, in_code = s.md, s.in_code
    if "<" not in md or not any(not in_code(m.start()) for m in _RAW_TAG.finditer(md, s.body_at)):
        return
    hits: list[tuple[int, str, str]] = []
    for rx, label in ((_UNSAFE_TAG, "<{}> element"), (_EVENT_HANDLER, "inline event handler {}=")):
        for m in rx.finditer(md, s.body_at):
            if not in_code(m.start()):
                src = _embedded(md, m) if rx is _UNSAFE_TAG else ""
                hits.append((m.start(), label.format(m.group(1).lower()), src))
    lowered = md.lower()
    if "script:" in lowered or "data:" in lowered:
        for m in _JS_URL.finditer(md, s.body_at):
            if not in_code(m.start()):
                hits.append((m.start(), "javascript: URL", ""))
    s.unsafe.extend(UnsafeHtml(s.line_at(pos), what, src) for pos, what, src in sorted(hits))


def _embedded(md: str, m: re.Match) -> str:
    """The http(s) page an <iframe>/<embed>/<frame> shows (its `src`), so the fix can offer a link to it."""
    if m.group(1).lower() not in ("iframe", "embed", "frame"):
        return ""
    end = md.find(">", m.end(), m.end() + 2048)
    found = _SRC.search(md, m.end(), end) if end != -1 else None
    return found.group(1) if found else ""


def _unsafe_markdown(s: _State) -> None:
    """Markdown that can run code: script link targets (also entity-encoded), handlers in attribute lists,
    HTML in front-matter values."""
    for link in s.links:
        raw = link.target
        if raw.startswith(("https://", "http://")) or (":" not in raw and "&" not in raw):
            continue  # a script URL needs a scheme, written out or entity-encoded
        target = unescape(raw).strip().lower().replace("\t", "").replace("\n", "")
        if target.startswith(("javascript:", "vbscript:", "data:text/html")):
            s.unsafe.append(UnsafeHtml(link.line, "javascript: URL"))
    if "{" in s.md:
        for m in _ATTR_LIST_HANDLER.finditer(s.md, s.body_at):
            if not s.in_code(m.start()):
                what = f"event handler {m.group(1).lower()}= in an attribute list"
                s.unsafe.append(UnsafeHtml(s.line_at(m.start()), what))
    for key, value in s.meta.items():
        if isinstance(value, str) and (_UNSAFE_TAG.search(value) or _EVENT_HANDLER.search(value)):
            s.unsafe.append(UnsafeHtml(1, f"HTML in front matter `{key}`"))
    s.unsafe.sort(key=lambda u: u.line)


def _title_and_summary(s: _State) -> None:
    title = str(s.meta.get("title") or "").strip()
    if not title:
        h1 = next((h for h in s.headings if h.level == 1), None)
        title = h1.title if h1 else s.path.rsplit("/", 1)[-1].removesuffix(".md")
    s.title = plain_text(title) or s.path
    s.summary = _summary(s.md, s.body_at)


PASSES = (
    _front_matter,
    _block_lines,
    _headings,
    _links,
    _citations,
    _unsafe_tags,
    _unsafe_markdown,
    _title_and_summary,
)


def scan_knowledge(
    path: str, src: SourceText, stamp: FileStamp | None = None, role: str = Role.KNOWLEDGE
) -> KnowledgeFile:
    s = _State(path, src.text, list(src.issues))
    for run in PASSES:
        run(s)
    return KnowledgeFile(
        path=path,
        title=s.title,
        lines=s.total,
        summary=s.summary,
        headings=tuple(s.headings),
        links=tuple(s.links),
        citation_blocks=tuple(s.citation_blocks),
        citations=tuple(s.citations),
        front_matter=s.meta,
        unsafe_html=tuple(s.unsafe),
        issues=tuple(s.issues),
        mojibake=src.mojibake,
        stamp=stamp,
        role=role,
    )


def _summary(text: str, start: int, limit: int = 220) -> str:
    """First paragraph of prose after the title: what the index pages show as a one-liner."""
    pos = start
    n = len(text)
    para: list[str] = []
    while pos < n:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        line = text[pos:end].strip()
        pos = end + 1
        if line.startswith(("#", "```", "~~~", "---", "|", ">", "<", "- [", "* [", "!")) or not line:
            if para:
                break
            continue
        if line.startswith("**") and line.endswith("**") and len(line) < 60:
            if para:
                break
            continue
        para.append(line)
        if sum(len(p) for p in para) > limit:
            break
    s = plain_text(" ".join(para))
    return s if len(s) <= limit else s[: limit - 1].rsplit(" ", 1)[0] + "…"
