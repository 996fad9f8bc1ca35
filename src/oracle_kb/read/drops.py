"""KNOWLEDGE-DROP files: what a runner left behind, named by topic slug, date and finishing time."""

from __future__ import annotations

import re

from ..model import Drop

DROP_NAME = re.compile(r"^KNOWLEDGE-DROP-(.+?)(?:-(\d{4}-\d{2}-\d{2}))?(?:-(\d{3,4}))?\.md$", re.I)


def is_drop_name(name: str) -> bool:
    return name.upper().startswith("KNOWLEDGE-DROP") and name.lower().endswith(".md")


def parse_drop(path: str) -> Drop:
    """A drop as its name describes it (slug, date, time); its body is published, not parsed."""
    name = path.rsplit("/", 1)[-1]
    m = DROP_NAME.match(name)
    if m is None:
        return Drop(path=path, slug=name.removesuffix(".md").lower())
    return Drop(path=path, slug=m.group(1).lower(), date=m.group(2) or "", time=m.group(3) or "")
