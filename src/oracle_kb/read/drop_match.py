"""Which KNOWLEDGE-DROP belongs to which PART of a plan.

Runners name drops by the slug the PART asks for, by a shortened slug, or by the PART's number, and the
head of a drop often says which PART and which file it was. The passes run from the surest evidence to the
weakest; a PART takes the first drop that matches it (PARTs asking for the same slug share one), and guessing
by a shortened slug only matches a drop to a PART when no other PART could be meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Drop

_PART_SLUG = re.compile(r"^part-?0*(\d{1,4})$", re.I)


@dataclass(frozen=True, slots=True)
class Wanted:
    """What a PART's drop may be matched by."""

    number: int
    slug: str  # the slug the PART asks for, else its target's name
    target: str = ""  # the target as written
    file: str = ""  # the file it resolved to


def same_file(claim: str, w: Wanted) -> bool:
    """Whether a path a drop claims names the PART's file (as written, as resolved, or a suffix of either)."""
    if not claim:
        return False
    for known in (w.target, w.file):
        if known and (claim == known or known.endswith("/" + claim) or claim.endswith("/" + known)):
            return True
    return False


def match_drops(wanted: list[Wanted], drops: list[Drop], own: set[str]) -> dict[int, list[str]]:
    """index in `wanted` -> paths of its drops (first is its drop). `own`: drops in the plan's folder (only
    those may be matched by the PART number their body states; a drop beside the file is matched by
    what names that file)."""
    found: dict[int, list[str]] = {}
    by_slug: dict[str, list[int]] = {}
    by_number: dict[int, list[int]] = {}
    for i, w in enumerate(wanted):
        by_slug.setdefault(w.slug, []).append(i)
        by_number.setdefault(w.number, []).append(i)
    passes = (
        lambda d: [i for i, w in enumerate(wanted) if same_file(d.file_claim, w)] if d.file_claim else (),
        lambda d: by_number.get(d.part, ()) if d.part is not None and d.path in own else (),
        lambda d: by_slug.get(d.slug, ()),
        lambda d: by_number.get(_numbered(d.slug), ()) if d.path in own else (),
    )
    left = list(drops)
    for hits_of in passes:
        rest = []
        for d in left:
            hits = hits_of(d)
            for i in hits:  # PARTs asking for the same slug (or file) share the drop: which one it is, nobody knows
                found.setdefault(i, []).append(d.path)
            if not hits:
                rest.append(d)
        left = rest
    for d in left:  # a shortened (or lengthened) slug, when it fits one PART still without a drop
        hits = [i for i, w in enumerate(wanted) if i not in found and _prefix(d.slug, w.slug)]
        if len(hits) == 1:
            found[hits[0]] = [d.path]
    return found


def _numbered(slug: str) -> int | None:
    m = _PART_SLUG.match(slug)
    return int(m.group(1)) if m else None


def _prefix(a: str, b: str) -> bool:
    """One slug's words are the leading words of the other's (`free-energy` / `free-energy-philosophical`)."""
    if not a or not b or a == b:
        return False
    wa, wb = a.split("-"), b.split("-")
    n = min(len(wa), len(wb))
    return wa[:n] == wb[:n]
