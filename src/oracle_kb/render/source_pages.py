"""Plan files and KNOWLEDGE-DROPs as readable pages: their `**Key**: value` lines keep their line breaks,
lists written right under a line of text become lists, file paths in backticks link to the files, and a
strip under the title links back to the plan's dashboard and to the files the PART created."""

from __future__ import annotations

import re

from ..model import Plan
from .site_model import SiteModel
from .urls import esc, rel

_KEY_LINE = re.compile(r"^\s*(?:\*\*[^*\n]{1,60}\*\*\s*:?|[A-Z][\w ()/-]{0,40}:\s)")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_PATH = re.compile(r"`([^`\s]+\.md)`")


def readable_lines(markdown: str) -> str:
    """Hard line breaks between `Key: value` lines and a blank line before a list that follows text."""
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        prev = out[-1] if out else ""
        text_before = bool(prev.strip()) and not fenced and not _is_block(prev)
        if text_before and _LIST_ITEM.match(line) and not _LIST_ITEM.match(prev) and not prev.startswith((" ", "\t")):
            out.append("")
        elif text_before and _KEY_LINE.match(line) and not _LIST_ITEM.match(prev):
            out[-1] = prev.rstrip() + "  "
        out.append(line)
    return "\n".join(out)


def _is_block(line: str) -> bool:
    s = line.lstrip()
    return s.startswith(("#", "|", ">", "```", "~~~", "<", "---")) or bool(_LIST_ITEM.match(line))


def link_code_paths(site: SiteModel, page: str, markdown: str) -> str:
    """`topic/file.md` in backticks, naming a knowledge file of the oracle, becomes a link to it."""
    folder = page.rsplit("/", 1)[0] if "/" in page else ""

    def repl(m: re.Match) -> str:
        raw = m.group(1)
        for candidate in (raw.lstrip("./"), f"{folder}/{raw}"):
            if candidate in site.oracle.files:
                return f"[`{raw}`]({rel(page, candidate)})"
        return m.group(0)

    return _CODE_PATH.sub(repl, markdown)


def plan_strip(site: SiteModel, plan: Plan) -> str:
    page = plan.path
    links = [f"[dashboard]({rel(page, site.plan_page(plan))}) (progress and the pages each PART created)"]
    if site.has_matrix(plan):
        links.append(f"[influence matrix]({rel(page, site.matrix_page(plan))})")
    return (
        f"The plan file as written, with {len(plan.parts)} PARTs. See its "
        + " and its ".join(links)
        + ".\n{: .okb-strip }\n\n"
    )


def drop_strip(site: SiteModel, path: str) -> str:
    refs = site.drop_parts.get(path, [])
    if not refs:
        return "A KNOWLEDGE-DROP no PART of a plan claims.\n{: .okb-strip }\n\n"
    bits = []
    for ref in refs:
        plan_name = esc(ref.plan.title or site.index.slug(ref.plan))
        bit = f"Left by [{plan_name}, PART {ref.part.number}]({rel(path, site.plan_page(ref.plan))}#part-{ref.part.number})"
        if ref.file is not None:
            bit += f", which created [{esc(ref.file.title)}]({rel(path, ref.file.path)})"
        bits.append(bit)
    return " · ".join(bits) + "\n{: .okb-strip }\n\n"


def source_strip(site: SiteModel, path: str) -> str | None:
    """The strip under the title of the plan or drop page at `path`, or None when `path` is neither."""
    plan = site.plan_at(path)
    if plan is not None:
        return plan_strip(site, plan)
    if path in site.oracle.drops:
        return drop_strip(site, path)
    return None


def source_page(site: SiteModel, path: str, markdown: str, strip: str) -> str:
    """The plan or drop page at `path` made readable, `strip` (`source_strip`) under its title."""
    body = link_code_paths(site, path, readable_lines(markdown))
    head, _, rest = body.partition("\n")
    if head.startswith("# "):
        return head + "\n\n" + strip + rest
    return strip + body
