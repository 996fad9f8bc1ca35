"""Scan one knowledge file: a pipeline of small passes over its text.

front matter -> block lines (headings, code fences, reference definitions) -> fenced code masked ->
sections -> links -> citations -> unsafe HTML.
Each pass is a regex over the whole text (fast in C), never a Python loop over every line.
"""

from __future__ import annotations

import bisect
import re
from html import unescape
from operator import itemgetter

from ..model import Citation, Heading, KnowledgeFile, Link, SourceText, TextIssue, UnsafeHtml
from .lines import LineCounter
from .paths import resolve_link
from .text import count_lines, strip_closing_hashes

# One pass finds every line that opens a block this scanner cares about: an ATX heading, a code fence,
# a link reference definition (each indented by at most 3 spaces). The literal "\n" in front lets the
# regex engine jump from line to line, and the alternatives give up on a line's first characters: one
# pass costs about what a single literal search over the text does.
_BLOCK_LINE = r" {0,3}(?:(#{1,6})(?:[ \t]([^\n]*))?(?=\n|$)|(```+|~~~+)([^\n]*)|\[[^\]\n]+\]:)"
_BLOCK = re.compile("\n" + _BLOCK_LINE)
_BLOCK_AT_START = re.compile(_BLOCK_LINE)  # the text's first line has no "\n" before it
_REF_DEF = re.compile(r" {0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+[^\n]*)?(?=\n|$)")  # at a line start
_LINK = re.compile(
    r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^()\s<>]+(?:\([^()\s]*\)[^()\s<>]*)*)>?"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
# A bare URL: found from its "://" (a literal search), then matched from its scheme. Not one inside
# a markdown link, an autolink or an attribute (the character before the scheme tells).
_URL_AT = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?*_]")
_NOT_BEFORE_URL = "(<[\"'=_"
# The whole title must name a citations section ("Sources", "9. References", "Sources & further reading"),
# so "Source code walkthrough" or "Reference implementation" do not count.
_CITATIONS_TITLE = re.compile(
    r"^(?:sources?|citations?|references?|bibliography|further reading|works cited|source documents?"
    r"|research sources?|web research sources?|sources? and citations)"
    r"(?:\s*(?:&|and)\s*(?:further reading|links|resources|citations|references))?\s*:?$",
    re.I,
)
_TITLE_NOISE = re.compile(r"^[\W\d_]*?(?=[A-Za-z])")
_UNSAFE_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|base|meta|form)\b", re.I)
_EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>\n]{0,512}?\s(on[a-zA-Z]+)\s*=", re.I)  # bounded: linear per tag
# `{: onclick="..." }` closing a line: Markdown's attr_list turns it into an attribute
_ATTR_LIST_HANDLER = re.compile(r"\{:?[^}\n]{0,512}?\b(on[a-zA-Z]+)\s*=[^}\n]{0,512}\}[ \t]*$", re.M)
_JS_URL = re.compile(
    r"(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.I
)
_RAW_TAG = re.compile(r"<[A-Za-z!/?]")
_INLINE_MD = re.compile(r"[*_`]+|!?\[([^\]]*)\]\([^)]*\)")
_SLUG_DROP = re.compile(r"[^\w\- ]+")


def is_citations_title(title: str) -> bool:
    low = title.lower()
    if not (
        "source" in low
        or "citation" in low
        or "reference" in low
        or "bibliograph" in low
        or "further reading" in low
        or "works cited" in low
    ):
        return False
    return bool(_CITATIONS_TITLE.match(_TITLE_NOISE.sub("", title.replace("*", "")).strip()))


def anchor_of(title: str) -> str:
    """The id Python-Markdown's toc extension gives a heading (default slugify)."""
    plain = _INLINE_MD.sub(lambda m: m.group(1) or "", title)
    return re.sub(r"[-\s]+", "-", _SLUG_DROP.sub("", plain).strip().lower())


def plain_text(md: str) -> str:
    if "*" not in md and "_" not in md and "`" not in md and "[" not in md:
        return md.strip()
    return _INLINE_MD.sub(lambda m: m.group(1) or "", md).strip()


def _blocks(text: str, body_at: int) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]], list[int]]:
    """Headings (offset, level, title), fenced code spans (start, end) and reference-definition line offsets.

    Lines inside a fenced block are neither headings nor definitions. A fence closes on a line holding only
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
    opened: tuple[int, str] | None = None
    for pos, m in found:
        hashes, title, fence, info = m.groups()
        if opened is not None:
            if fence and fence[0] == opened[1][0] and len(fence) >= len(opened[1]) and not info.strip():
                fences.append((opened[0], m.end()))
                opened = None
        elif fence:
            opened = (pos, fence)
        elif hashes:
            headings.append((pos, len(hashes), strip_closing_hashes(title or "")))
        else:
            definitions.append(pos)
    if opened is not None:
        fences.append((opened[0], len(text)))
    return headings, fences, definitions


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


def _split_front_matter(text: str, path: str, issues: list[TextIssue]) -> tuple[dict, int]:
    """Parse YAML front matter; return (metadata, offset where the body starts)."""
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            issues.append(
                TextIssue(
                    "frontmatter-invalid",
                    1,
                    "front matter opened with --- is never closed",
                    "close it with a line holding only ---",
                )
            )
            return {}, 0
    block = text[: end + 5]
    import frontmatter  # only files that have front matter pay for the YAML stack
    import yaml

    try:
        post = frontmatter.loads(block)
        meta = dict(post.metadata)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        issues.append(
            TextIssue(
                "frontmatter-invalid",
                line,
                f"front matter is not valid YAML: {problem}",
                "fix the YAML between the --- lines (quote values that hold ':' or '#')",
            )
        )
        return {}, end + 5
    except Exception as exc:  # python-frontmatter raises plain errors for non-mapping YAML
        issues.append(
            TextIssue(
                "frontmatter-invalid",
                1,
                f"front matter could not be read: {exc}",
                "front matter must be a YAML mapping of key: value lines",
            )
        )
        return {}, end + 5
    if not isinstance(post.metadata, dict):
        issues.append(
            TextIssue(
                "frontmatter-invalid",
                1,
                "front matter is not a mapping",
                "front matter must be a YAML mapping of key: value lines",
            )
        )
        return {}, end + 5
    return meta, end + 5


def scan_knowledge(path: str, src: SourceText) -> KnowledgeFile:
    text = src.text
    issues = list(src.issues)
    meta, body_at = _split_front_matter(text, path, issues)
    found_headings, fences, definitions = _blocks(text, body_at)
    md = mask_code(text, fences)  # the inline passes below run over this
    line_at = LineCounter(md).line_at  # offsets and lines of `md` are the file's; it rewinds when asked to
    # A match in an inline code span (`...`) is text, not markup.
    in_code = (lambda pos: _in_code_span(md, pos)) if "`" in md else (lambda pos: False)

    headings: list[Heading] = []
    heading_offsets: list[int] = []
    for pos, level, title in found_headings:
        headings.append(Heading(level, title, line_at(pos)))
        heading_offsets.append(pos)
    total = count_lines(text)
    # A section ends where the next heading of the same or a higher level starts: one backward pass.
    next_at = [total + 1] * 7  # next_at[level]: line of the nearest following heading of that level or higher
    for h in reversed(headings):
        h.end_line = next_at[h.level] - 1
        next_at[h.level :] = [h.line] * (7 - h.level)

    found_links: list[tuple[int, str, str]] = []  # (line, target, text)
    for m in _LINK.finditer(md, body_at):
        start = m.start()
        if in_code(start):
            continue
        found_links.append((line_at(start), m.group(2), plain_text(m.group(1))))
    sorted_by_line = True
    for pos in definitions:
        m = _REF_DEF.match(md, pos)
        if m is not None:
            found_links.append((line_at(pos), m.group(2), m.group(1)))
            sorted_by_line = False
    # Each pass that needs a character runs only when it occurs at all: a substring test is far cheaper.
    has_lt = "<" in md
    if has_lt:
        for m in _AUTOLINK.finditer(md, body_at):
            if not in_code(m.start()):
                found_links.append((line_at(m.start()), m.group(1), m.group(1)))
                sorted_by_line = False
    if not sorted_by_line:
        found_links.sort(key=itemgetter(0))  # stable: same-line links keep their pass order
    base = path.rsplit("/", 1)[0] if "/" in path else ""
    links = [Link(target, label, line, *resolve_link(target, base)) for line, target, label in found_links]

    cit_heads = [h for h in headings if is_citations_title(h.title)]
    cit_heading = cit_heads[0] if cit_heads else None
    citations: list[Citation] = []
    if cit_heading is not None:
        spans = [(h.line, h.end_line) for h in cit_heads]
        link_lines = [lk.line for lk in links]  # links are sorted by line
        in_section_links = [
            lk
            for a, b in spans
            for lk in links[bisect.bisect_right(link_lines, a) : bisect.bisect_right(link_lines, b)]
        ]
        in_section = lambda ln: any(a < ln <= b for a, b in spans)  # noqa: E731
        seen_lines: set[int] = set()
        for link in in_section_links:
            if link.is_external:
                citations.append(Citation(link.target, link.text, link.line))
                seen_lines.add(link.line)
        # bare URLs and non-http(s) targets listed in the section count too (the latter to be judged)
        start_off = heading_offsets[headings.index(cit_heading)]
        for at, url in _bare_urls(md, start_off):
            ln = line_at(at)
            if in_section(ln) and ln not in seen_lines:
                citations.append(Citation(url, url, ln))
        for link in in_section_links:
            if not link.is_external and _looks_like_url_attempt(link.target):
                citations.append(Citation(link.target, link.text, link.line))
        citations.sort(key=lambda c: c.line)

    # Raw HTML: a tag opening outside code. Unsafe HTML is a tag or an attribute of one, so it needs one too.
    raw_html = has_lt and any(not in_code(m.start()) for m in _RAW_TAG.finditer(md, body_at))
    unsafe: list[UnsafeHtml] = []
    if raw_html:
        hits: list[tuple[int, str]] = []
        for rx, label in ((_UNSAFE_TAG, "<{}> element"), (_EVENT_HANDLER, "inline event handler {}=")):
            for m in rx.finditer(md, body_at):
                if not in_code(m.start()):
                    hits.append((m.start(), label.format(m.group(1).lower())))
        lowered = md.lower()
        if "script:" in lowered or "data:" in lowered:
            for m in _JS_URL.finditer(md, body_at):
                if not in_code(m.start()):
                    hits.append((m.start(), "javascript: URL"))
        for pos, what in sorted(hits):
            unsafe.append(UnsafeHtml(line_at(pos), what))
    # javascript:-style link targets, also entity-encoded (Markdown keeps `java&#115;cript:` as written)
    for link in links:
        raw = link.target
        if raw.startswith(("https://", "http://")) or (":" not in raw and "&" not in raw):
            continue  # a script URL needs a scheme, written out or entity-encoded
        target = unescape(raw).strip().lower().replace("\t", "").replace("\n", "")
        if target.startswith(("javascript:", "vbscript:", "data:text/html")):
            unsafe.append(UnsafeHtml(link.line, "javascript: URL"))
    if "{" in md:
        for m in _ATTR_LIST_HANDLER.finditer(md, body_at):
            if not in_code(m.start()):
                unsafe.append(
                    UnsafeHtml(line_at(m.start()), f"event handler {m.group(1).lower()}= in an attribute list")
                )
    for key, value in meta.items():
        if isinstance(value, str) and (_UNSAFE_TAG.search(value) or _EVENT_HANDLER.search(value)):
            unsafe.append(UnsafeHtml(1, f"HTML in front matter `{key}`"))
    unsafe.sort(key=lambda u: u.line)

    title = str(meta.get("title") or "").strip()
    if not title:
        h1 = next((h for h in headings if h.level == 1), None)
        title = h1.title if h1 else path.rsplit("/", 1)[-1].removesuffix(".md")
    return KnowledgeFile(
        path=path,
        title=plain_text(title) or path,
        lines=total,
        summary=_summary(md, body_at),
        headings=headings,
        links=links,
        citations_heading=cit_heading,
        citations=citations,
        front_matter=meta,
        unsafe_html=unsafe,
        raw_html=raw_html,
        issues=issues,
        mojibake_lines=list(src.mojibake_lines),
    )


def _bare_urls(text: str, start: int):
    """(offset, url) of each bare http(s)/ftp URL from `start` on."""
    pos = text.find("://", start)
    while pos != -1:
        m = None
        for scheme in ("https", "http", "ftp"):
            at = pos - len(scheme)
            if at >= start and text.startswith(scheme, at):
                before = text[at - 1] if at > 0 else " "
                if before not in _NOT_BEFORE_URL and not before.isalnum():
                    m = _URL_AT.match(text, at)
                break
        if m is not None:
            yield m.start(), m.group()
            pos = text.find("://", m.end())
        else:
            pos = text.find("://", pos + 3)


def _looks_like_url_attempt(target: str) -> bool:
    t = target.lower()
    return ":" in t.split("/", 1)[0] or t.startswith("www.") or t in ("url", "link", "todo", "tbd")


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
