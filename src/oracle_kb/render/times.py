"""When a page was added and last changed, from what means something: KNOWLEDGE-DROP times and git commits.

A file's modification time is not used: a checkout or a copy sets it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..model import Drop
from .site_model import SiteModel


def drop_stamp(drop: Drop | None) -> str:
    """`2026-11-21 09:19` (or just the date) from a drop's name; '' when the name carries no date."""
    if drop is None or not drop.date:
        return ""
    t = drop.time.zfill(4) if drop.time else ""
    return f"{drop.date} {t[:2]}:{t[2:]}" if t else drop.date


def commit_stamp(site: SiteModel, path: str) -> str:
    when = site.commit_times.get(path)
    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%d %H:%M") if when else ""


def added(site: SiteModel, path: str) -> str:
    """When the page was added: its PART's drop time, else its last commit."""
    ref = site.index.part_of.get(path)
    stamp = drop_stamp(site.oracle.drops.get(ref.drop)) if ref is not None and ref.drop else ""
    return stamp or commit_stamp(site, path)


def updated(site: SiteModel, path: str) -> str:
    """When the page last changed: its last commit, else its PART's drop time (dates only)."""
    return (commit_stamp(site, path) or added(site, path))[:10]


def recently_added(site: SiteModel, count: int = 8) -> list[tuple[str, str]]:
    """The newest pages as (path, time), newest first; pages with no known time are left out."""
    stamped = [(t, p) for p in site.oracle.files if (t := added(site, p))]
    stamped.sort(key=lambda tp: (tp[0], tp[1]), reverse=True)
    return [(p, t) for t, p in stamped[:count]]
