from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for kf in oracle.knowledge():  # not source copies or templates
        if not kf.readable:
            continue  # nothing was read; file-unreadable says why
        if index.sourced(kf).count:
            continue  # linked or only named: citations-unlinked and citations-too-few judge the rest
        section = kf.citations_heading
        if section is None:
            yield Hit(
                kf.path,
                max(kf.lines, 1),
                "no citations section: add `## Sources` listing the sources used",
                "add a `## Sources` section with one linked source per line",
            )
        else:
            yield Hit(
                kf.path,
                section.line,
                f"citations section `{section.title}` names no source",
                "list each source as `- [Title](https://…) — what it supports`",
            )


RULE = Rule(
    id="citations-missing",
    severity=Severity.ERROR,
    summary="A knowledge file names no source: no citations section or source line, or one that names nothing. "
    "A citations section is a heading that names sources (Sources, References, Citations, Bibliography, Further "
    "Reading, Primary Sources, Source Material, Code References, `11. References and Source Material`, "
    "`Biological Vision - Primary Sources` …; not Cross-References, Quick Reference or Source Code) or a bold "
    "label line (`**Primary Sources:**`); a source line is `**Source**:`, `**File**:`, `**URL**:`, "
    "`**Citation**:` … opening a line anywhere in the file (not in a list item). A source is a URL (also "
    "bare, also in parentheses), an arXiv id, DOI or ISBN, a link or code path to a file of the oracle's source copies (`source-documents/`, "
    "`source-codebases/`), a BibTeX entry, or a full reference without URL (that one is weaker: "
    "citations-unlinked). Links to other knowledge files are cross-references, not sources. Source copies "
    "(`source-globs`) and templates are not judged.",
    why="Oracle files are research notes that readers act on; a claim without a source cannot be checked, "
    "and the plans require every file to cite what it was built from.",
    example="# LoRA\n\nLoRA freezes the weights and learns a low-rank update.\n\n## Notes\n- see the paper",
    fix="Add a `## Sources` section at the end with one entry per source: title, URL and what it supports.",
    check=check,
    passes="# Republic: the Forms\n\n**Source**: [Republic](../source-documents/00-republic.md), Book V\n\n"
    "## Primary Sources\n- Hu et al. (2021), LoRA (https://arxiv.org/abs/2106.09685)\n"
    "- `ovis/model/modeling_ovis.py:25-34` (in source-codebases/00-Ovis/)\n- DOI: 10.1038/s41562-025-02220-7",
)
