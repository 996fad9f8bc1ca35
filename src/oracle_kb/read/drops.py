"""KNOWLEDGE-DROP files: what a runner left behind, named by topic slug, date and finishing time."""

from __future__ import annotations

import re

from ..model import Drop, SourceText
from .text import count_lines

DROP_NAME = re.compile(r"^KNOWLEDGE-DROP-(.+?)(?:-(\d{4}-\d{2}-\d{2}))?(?:-(\d{3,4}))?\.md$", re.I)


def is_drop_name(name: str) -> bool:
    return name.upper().startswith("KNOWLEDGE-DROP") and name.lower().endswith(".md")


def parse_drop(path: str, src: SourceText | None) -> Drop:
    name = path.rsplit("/", 1)[-1]
    m = DROP_NAME.match(name)
    slug = (m.group(1) if m else name.removesuffix(".md")).lower()
    title = ""
    text = src.text if src else ""
    for line in text.split("\n", 20)[:20]:
        if line.startswith("# "):
            title = line[2:].strip()
            break
    return Drop(
        path=path,
        slug=slug,
        date=(m.group(2) or "") if m else "",
        time=(m.group(3) or "") if m else "",
        lines=count_lines(text),
        title=title or name,
    )
