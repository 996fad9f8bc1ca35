from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for kf in oracle.knowledge():
        if not kf.readable:
            continue  # nothing was read; file-unreadable says why
        if kf.citations_heading is None:
            yield Hit(
                kf.path,
                max(kf.lines, 1),
                "no citations section: add `## Sources` listing the sources used",
                "add a `## Sources` section with one linked source per line",
            )
        elif not kf.citations:
            yield Hit(
                kf.path,
                kf.citations_heading.line,
                f"citations section `{kf.citations_heading.title}` cites no source (no URL in it)",
                "list each source as `- [Title](https://…) — what it supports`",
            )


RULE = Rule(
    id="citations-missing",
    severity=Severity.ERROR,
    summary="A knowledge file has no citations section (Sources, Citations, References, Bibliography, Further "
    "reading), or that section cites no URL. Source copies (`source-globs`) and templates are not judged.",
    why="Oracle files are research notes that readers act on; a claim without a source cannot be checked, "
    "and the plans require every file to cite what it was built from.",
    example="# LoRA\n\nLoRA freezes the weights and learns a low-rank update.\n\n## Notes\n- see the paper",
    fix="Add a `## Sources` section at the end with one entry per source: title, URL and what it supports.",
    check=check,
)
