"""Scan one knowledge file: a pipeline of small passes over its text.

front matter -> code fences (masked) -> headings and their sections -> links -> citations -> unsafe HTML.
Each pass is a regex over the whole text (fast in C), never a Python loop over every line.
"""

from __future__ import annotations

import bisect
import html as html_lib
import re

from ..model import Citation, Heading, KnowledgeFile, Link, SourceText, TextIssue, UnsafeHtml
from .lines import LineCounter
from .paths import resolve_links
from .text import count_lines, strip_closing_hashes

# Patterns that must start a line begin with a literal "\n" and run over "\n" + text: a literal first
# character lets the regex engine jump between candidates instead of trying every offset.
# Unindented forms get a two-character literal prefix ("\n#", "\n`"); the rare 1-3 space indents get their own pass.
# Written so each starts with a literal run ("\n```", "\n~~~", "\n#", "\n "): the engine's fast literal search
# only uses a prefix made of plain characters, not a repeat like `{3,}`.
_FENCE_BACKTICK = re.compile(r"\n(```+)")
_FENCE_TILDE = re.compile(r"\n(~~~+)")
_FENCE_INDENTED = re.compile(r"\n {1,3}(```+|~~~+)")
_HEADING = re.compile(r"\n(#{1,6})(?:[ \t]([^\n]*))?(?=\n|$)")
_HEADING_INDENTED = re.compile(r"\n {1,3}(#{1,6})(?:[ \t]([^\n]*))?(?=\n|$)")
_LINK = re.compile(
    r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^()\s<>]+(?:\([^()\s]*\)[^()\s<>]*)*)>?"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)
_REF_DEF = re.compile(r"\n {0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+[^\n]*)?(?=\n|$)")
_REF_DEF_HINT = re.compile(r"\n\[[^\]\n]+\]:")  # literal prefix "\n["; indented definitions: _REF_DEF_HINT_INDENTED
_REF_DEF_HINT_INDENTED = re.compile(r"\n {1,3}\[[^\]\n]+\]:")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_BARE_URL = re.compile(r"(?<![(<\[\"'=])\b((?:https?|ftp)://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?*_])")
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


_CITATION_WORDS = ("source", "citation", "reference", "bibliograph", "further reading", "works cited")


def is_citations_title(title: str) -> bool:
    low = title.lower()
    if not any(w in low for w in _CITATION_WORDS):
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


def _fence_spans(text: str, nl_text: str) -> list[tuple[int, int]]:
    """(start, end) offsets in `text` of fenced code blocks, fences included; an unclosed fence runs to the end.

    `nl_text` is "\n" + text: a match starting at i there is a line starting at i in `text`.
    """
    spans: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    matches = list(_FENCE_BACKTICK.finditer(nl_text))
    others = [*_FENCE_TILDE.finditer(nl_text), *_FENCE_INDENTED.finditer(nl_text)]
    if others:
        matches = sorted(matches + others, key=lambda m: m.start())
    for m in matches:
        marker = m.group(1)
        if opened is None:
            opened = (m.start(), marker)
        elif marker[0] == opened[1][0] and len(marker) >= len(opened[1]):
            after = m.end() - 1  # in `text` coordinates
            end = text.find("\n", after)
            rest = text[after : end if end != -1 else len(text)]
            if rest.strip():  # a closing fence carries no info string
                continue
            spans.append((opened[0], end if end != -1 else len(text)))
            opened = None
    if opened is not None:
        spans.append((opened[0], len(text)))
    return spans


class _Mask:
    __slots__ = ("starts", "spans")

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def covers(self, pos: int) -> bool:
        if not self.spans:
            return False
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos <= self.spans[i][1]


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
    nl_text = "\n" + text
    mask = _Mask(_fence_spans(text, nl_text))

    headings: list[Heading] = []
    heading_offsets: list[int] = []
    lc = LineCounter(text)
    found = list(_HEADING.finditer(nl_text, body_at))
    indented = list(_HEADING_INDENTED.finditer(nl_text, body_at))
    if indented:
        found = sorted(found + indented, key=lambda m: m.start())
    fenced = mask.covers if mask.spans else None
    line_at = lc.line_at
    for m in found:
        start = m.start()
        if fenced is not None and fenced(start):
            continue
        title = strip_closing_hashes(m.group(2) or "")
        headings.append(Heading(len(m.group(1)), title, line_at(start)))
        heading_offsets.append(start)
    total = count_lines(text)
    # A section ends where the next heading of the same or a higher level starts: one backward pass.
    next_at = [total + 1] * 7  # next_at[level]: line of the nearest following heading of that level or higher
    for h in reversed(headings):
        h.end_line = next_at[h.level] - 1
        for lvl in range(h.level, 7):
            next_at[lvl] = h.line

    links: list[Link] = []
    lc = LineCounter(text)
    # Each pass runs only when the characters it needs occur at all: a substring test is far cheaper.
    ticks = "`" in text
    line_at = lc.line_at
    for m in _LINK.finditer(text, body_at) if "](" in text else ():
        start = m.start()
        if (fenced is not None and fenced(start)) or (ticks and _in_code_span(text, start)):
            continue
        links.append(Link(m.group(2), plain_text(m.group(1)), line_at(start)))
    lc = LineCounter(text)
    for m in (
        _REF_DEF.finditer(nl_text, body_at)
        if "]:" in text and (_REF_DEF_HINT.search(nl_text) or _REF_DEF_HINT_INDENTED.search(nl_text))
        else ()
    ):
        if mask.covers(m.start()):
            continue
        links.append(Link(m.group(2), m.group(1), lc.line_at(m.start())))
    lc = LineCounter(text)
    has_lt = "<" in text
    for m in _AUTOLINK.finditer(text, body_at) if has_lt else ():
        if not mask.covers(m.start()) and not _in_code_span(text, m.start()):
            links.append(Link(m.group(1), m.group(1), lc.line_at(m.start())))
    links.sort(key=lambda link: link.line)

    resolve_links(links, path)
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
        lc = LineCounter(text)
        for m in _BARE_URL.finditer(text, start_off):
            if mask.covers(m.start()):
                continue
            ln = lc.line_at(m.start())
            if in_section(ln) and ln not in seen_lines:
                citations.append(Citation(m.group(1), m.group(1), ln))
        for link in in_section_links:
            if not link.is_external and _looks_like_url_attempt(link.target):
                citations.append(Citation(link.target, link.text, link.line))
        citations.sort(key=lambda c: c.line)

    unsafe: list[UnsafeHtml] = []
    # HTML needs a "<"; javascript:-style link targets and attribute lists are judged after this.
    lowered = text.lower() if has_lt else ""
    if has_lt:
        lc = LineCounter(text)
        hits: list[tuple[int, str]] = []
        for rx, label in ((_UNSAFE_TAG, "<{}> element"), (_EVENT_HANDLER, "inline event handler {}=")):
            for m in rx.finditer(text, body_at):
                if not mask.covers(m.start()) and not _in_code_span(text, m.start()):
                    hits.append((m.start(), label.format(m.group(1).lower())))
        if "script:" in lowered or "data:" in lowered:
            for m in _JS_URL.finditer(text, body_at):
                if not mask.covers(m.start()) and not _in_code_span(text, m.start()):
                    hits.append((m.start(), "javascript: URL"))
        for pos, what in sorted(hits):
            unsafe.append(UnsafeHtml(lc.line_at(pos), what))
    # javascript:-style link targets, also entity-encoded (Markdown keeps `java&#115;cript:` as written)
    for link in links:
        target = html_lib.unescape(link.target).strip().lower().replace("\t", "").replace("\n", "")
        if target.startswith(("javascript:", "vbscript:", "data:text/html")):
            unsafe.append(UnsafeHtml(link.line, "javascript: URL"))
    if "{" in text and "on" in text:
        lc = LineCounter(text)
        for m in _ATTR_LIST_HANDLER.finditer(text, body_at):
            if not mask.covers(m.start()) and not _in_code_span(text, m.start()):
                unsafe.append(
                    UnsafeHtml(lc.line_at(m.start()), f"event handler {m.group(1).lower()}= in an attribute list")
                )
    for key, value in meta.items():
        if isinstance(value, str) and (_UNSAFE_TAG.search(value) or _EVENT_HANDLER.search(value)):
            unsafe.append(UnsafeHtml(1, f"HTML in front matter `{key}`"))
    unsafe.sort(key=lambda u: u.line)

    raw_html = has_lt and any(
        not mask.covers(m.start()) and not _in_code_span(text, m.start()) for m in _RAW_TAG.finditer(text, body_at)
    )

    title = str(meta.get("title") or "").strip()
    if not title:
        h1 = next((h for h in headings if h.level == 1), None)
        title = h1.title if h1 else path.rsplit("/", 1)[-1].removesuffix(".md")
    return KnowledgeFile(
        path=path,
        title=plain_text(title) or path,
        lines=total,
        summary=_summary(text, body_at, mask),
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


def _looks_like_url_attempt(target: str) -> bool:
    t = target.lower()
    return ":" in t.split("/", 1)[0] or t.startswith("www.") or t in ("url", "link", "todo", "tbd")


def _summary(text: str, start: int, mask: _Mask, limit: int = 220) -> str:
    """First paragraph of prose after the title: what the index pages show as a one-liner."""
    pos = start
    n = len(text)
    para: list[str] = []
    while pos < n:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        line = text[pos:end].strip()
        covered = mask.covers(pos)
        pos = end + 1
        if covered or line.startswith(("#", "```", "~~~", "---", "|", ">", "<", "- [", "* [", "!")) or not line:
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
