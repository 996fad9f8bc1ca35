"""How text becomes names: a heading's anchor, a target's slug, inline markdown as plain text.

Pure string functions shared by the readers, the model and the renderers.
"""

from __future__ import annotations

import re

_NUMBER_PREFIX = re.compile(r"^\d+[-_.]+")
_INLINE_MD = re.compile(r"[*_`]+|!?\[([^\]]*)\]\([^)]*\)")
_SLUG_DROP = re.compile(r"[^\w\- ]+")
_DASHES = re.compile(r"[-\s]+")


def slug_from_target(target: str) -> str:
    """`vlm-mastery/00-early-fusion-architectures.md` -> `early-fusion-architectures`."""
    stem = target.replace("\\", "/").rsplit("/", 1)[-1]
    if stem.lower().endswith(".md"):
        stem = stem[:-3]
    return _NUMBER_PREFIX.sub("", stem).lower()


def plain_text(md: str) -> str:
    """Inline markdown (emphasis, code, links) as the text a reader sees."""
    if "*" not in md and "_" not in md and "`" not in md and "[" not in md:
        return md.strip()
    return _INLINE_MD.sub(lambda m: m.group(1) or "", md).strip()


def anchor_of(title: str) -> str:
    """The id Python-Markdown's toc extension gives a heading (default slugify)."""
    plain = _INLINE_MD.sub(lambda m: m.group(1) or "", title)
    return _DASHES.sub("-", _SLUG_DROP.sub("", plain).strip().lower())
