"""A plan's influence matrix: an SVG heatmap of its influence files (rows) × its PARTs (columns), then the
missing citations as a list for those who would rather read."""

from __future__ import annotations

from ..model import Plan
from .site_model import SiteModel
from .svg import BLUE, GREEN, HEAT, RED, Axis, heatmap, legend, swatch
from .urls import WIDE, esc, href, rel

_KINDS = (("cited", "required and cited"), ("missing", "required but not linked"), ("extra", "linked, not required"))


def matrix_cells(site: SiteModel, plan: Plan) -> tuple[list[int], list, dict[tuple[int, int], str]]:
    """(influence numbers, PART refs, {(row, column): kind}) with kind one of HEAT's keys."""
    table = site.index.influences.get(plan.path, {})
    numbers = sorted(table)
    refs = site.index.parts_of(plan)
    cells: dict[tuple[int, int], str] = {}
    for r, n in enumerate(numbers):
        inf = table[n]
        for c, ref in enumerate(refs):
            cited = bool(ref.file and inf.resolved and inf.resolved in site.index.linked(ref.file.path))
            required = n in ref.part.influences
            kind = "cited" if required and cited else "missing" if required else "extra" if cited else ""
            if kind:
                cells[(r, c)] = kind
    return numbers, refs, cells


def matrix_page(site: SiteModel, plan: Plan) -> str:
    page = site.matrix_page(plan)
    dashboard = site.plan_page(plan)
    name = plan.title or site.index.slug(plan)
    out = [
        WIDE + f"# Influence matrix: {esc(name)}",
        "",
        f"Which of the plan's influence files each PART was asked to build on, and which it links. Rows are "
        f"the influence files, columns the PARTs of the [dashboard]({rel(page, dashboard)}); hover a cell or a "
        "PART number for its title.",
        "",
    ]
    table = site.index.influences.get(plan.path, {})
    if not table:
        return "\n".join([*out, "This plan names no influence files."]) + "\n"
    numbers, refs, cells = matrix_cells(site, plan)
    rows = []
    for n in numbers:
        inf = table[n]
        kf = site.oracle.files.get(inf.resolved) if inf.resolved else None
        title = kf.title if kf else f"{inf.path} (missing)"
        rows.append(
            Axis(
                f"{n} · {title}",
                href(page, inf.resolved, "", site.directory_urls) if inf.resolved else "",
                f"File {n}: {inf.path}",
            )
        )
    cols = [
        Axis(
            str(r.part.number),
            href(page, dashboard, f"part-{r.part.number}", site.directory_urls),
            f"PART {r.part.number}: {r.part.title}",
        )
        for r in refs
    ]
    tally = {k: sum(1 for v in cells.values() if v == k) for k in HEAT}
    colours = {"cited": GREEN, "missing": RED, "extra": BLUE}
    out += [
        legend(*(swatch(colours[k], f"{label} ({tally[k]})") for k, label in _KINDS)),
        "",
        f'<div class="okb-scroll">{heatmap(rows, cols, cells)}</div>',
        "",
    ]
    return "\n".join(out + _missing_list(site, plan, numbers, refs, cells, page)) + "\n"


def _missing_list(site, plan, numbers, refs, cells, page) -> list[str]:
    missing: dict[int, list[int]] = {}
    for (r, c), kind in cells.items():
        if kind == "missing":
            missing.setdefault(c, []).append(numbers[r])
    if not missing:
        return ["Every PART links every influence file it was asked to build on.", ""]
    out = ["## Missing links", ""]
    for c in sorted(missing):
        ref = refs[c]
        target = f"[{esc(ref.file.title)}]({rel(page, ref.file.path)})" if ref.file else esc(ref.part.target or "—")
        files = ", ".join(str(n) for n in sorted(missing[c]))
        out.append(
            f"- PART {ref.part.number} ({target}) does not link file{'s' if len(missing[c]) > 1 else ''} {files}"
        )
    return [*out, ""]
