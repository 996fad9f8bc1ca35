"""Inline SVG: bars for lines against a budget and PARTs done, their legends, and the influence heatmap."""

from __future__ import annotations

import html
from dataclasses import dataclass


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


# Colours shared by the bars, the heatmap and their legends (readable on the light and the dark scheme).
GREEN, RED, ORANGE, BLUE = "#2e7d32", "#c62828", "#ef6c00", "#1565c0"
HEAT = {"cited": GREEN, "missing": RED, "extra": BLUE}


def swatch(color: str, label: str, tick: bool = False) -> str:
    """A legend entry: a small coloured box (with the budget tick when `tick`) and its label."""
    mark = '<rect x="9" width="2" height="10" fill="currentColor"/>' if tick else ""
    return (
        f'<span class="okb-legend__item"><svg width="14" height="10" aria-hidden="true">'
        f'<rect width="14" height="10" rx="2" fill="{color}"/>{mark}</svg> {html.escape(label)}</span>'
    )


def legend(*items: str) -> str:
    return '<span class="okb-legend">' + " ".join(items) + "</span>"


@dataclass(frozen=True, slots=True)
class Axis:
    """One row or column of a heatmap: its label, a link, and the longer text shown on hover."""

    label: str
    href: str = ""
    hover: str = ""


def heatmap(rows: list[Axis], cols: list[Axis], cells: dict[tuple[int, int], str], label_width: int = 300) -> str:
    """An SVG grid: one cell per row × column, coloured by `cells[(row, col)]` (a key of HEAT) or left blank.

    Sized in user units and scaled down to fit its column (never up); every cell has a hover text.
    """
    size = 22 if len(cols) <= 30 else 16
    head = 30
    width = label_width + size * len(cols) + 4
    height = head + size * len(rows) + 4
    out = [
        f'<svg class="okb-heatmap" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{len(rows)} by {len(cols)} matrix" font-size="11">'
    ]
    out.append(
        f'<text x="{label_width - 6}" y="{head - 8}" text-anchor="end" fill="currentColor" font-weight="bold">PART</text>'
    )
    for c, col in enumerate(cols):
        x = label_width + c * size + size / 2
        text = (
            f'<text x="{x:g}" y="{head - 8}" text-anchor="middle" fill="currentColor">{html.escape(col.label)}</text>'
        )
        out.append(_linked(col.href, f"<g><title>{html.escape(col.hover or col.label)}</title>{text}</g>"))
    for r, row in enumerate(rows):
        y = head + r * size
        label = row.label if len(row.label) <= 46 else row.label[:45] + "…"
        text = (
            f'<text x="{label_width - 6}" y="{y + size / 2 + 4:g}" text-anchor="end" fill="currentColor">'
            f"<title>{html.escape(row.hover or row.label)}</title>{html.escape(label)}</text>"
        )
        out.append(_linked(row.href, text))
        for c, col in enumerate(cols):
            out.append(
                _cell(label_width + c * size, y, size, cells.get((r, c), ""), f"{row.label} × {col.hover or col.label}")
            )
    out.append("</svg>")
    return "".join(out)


_CELL_TEXT = {
    "cited": "required and cited",
    "missing": "required but not linked",
    "extra": "linked without being required",
}


def _cell(x: int, y: int, size: int, kind: str, where: str) -> str:
    hover = html.escape(f"{where}: {_CELL_TEXT.get(kind, 'not required, not linked')}")
    if not kind:
        return (
            f'<rect class="okb-cell" x="{x + 1}" y="{y + 1}" width="{size - 2}" height="{size - 2}" rx="2" '
            f'fill="#9e9e9e" fill-opacity="0.12"><title>{hover}</title></rect>'
        )
    return (
        f'<rect class="okb-cell okb-cell--{kind}" x="{x + 1}" y="{y + 1}" width="{size - 2}" height="{size - 2}" '
        f'rx="2" fill="{HEAT[kind]}"><title>{hover}</title></rect>'
    )


def _linked(href: str, inner: str) -> str:
    """A link inside SVG, as `xlink:href`: Material's instant navigation rewrites every `[href]` of a page it
    loads by assigning `el.href`, which an SVG link does not allow (the navigation would stop there)."""
    return f'<a xlink:href="{html.escape(href)}">{inner}</a>' if href else inner
