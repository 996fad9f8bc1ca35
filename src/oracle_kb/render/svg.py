"""Small inline SVG charts: lines against a budget, PARTs done."""

from __future__ import annotations


def bar(actual: int | None, budget: int | None, width: int = 96) -> str:
    """Inline SVG: actual lines against the budget (the tick marks the budget)."""
    if not budget or actual is None:
        return ""
    scale = max(actual, budget) * 1.0
    w = round(width * actual / scale)
    tick = round(width * budget / scale)
    ratio = actual / budget
    color = "#2e7d32" if 0.8 <= ratio <= 2.0 else "#c62828" if ratio < 0.8 else "#ef6c00"
    label = f"{actual} of ~{budget} lines"
    return (
        f'<svg class="okb-bar" width="{width}" height="10" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        f'<rect width="{width}" height="10" rx="2" fill="#9e9e9e" fill-opacity="0.25"/>'
        f'<rect width="{w}" height="10" rx="2" fill="{color}"/>'
        f'<rect x="{max(tick - 1, 0)}" width="2" height="10" fill="currentColor"/></svg>'
    )


def progress(done: int, total: int, width: int = 96) -> str:
    if not total:
        return ""
    w = round(width * done / total)
    label = f"{done} of {total} PARTs done"
    return (
        f'<svg class="okb-bar" width="{width}" height="10" role="img" aria-label="{label}"><title>{label}</title>'
        f'<rect width="{width}" height="10" rx="2" fill="#9e9e9e" fill-opacity="0.25"/>'
        f'<rect width="{w}" height="10" rx="2" fill="#1565c0"/></svg>'
    )
