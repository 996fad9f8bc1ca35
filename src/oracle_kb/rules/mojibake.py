from ..model import Edit, Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for h in oracle.text_holders():
        if not h.mojibake:
            continue
        lines = h.mojibake_lines
        more = f" and {len(lines) - 1} more line{'s' if len(lines) > 2 else ''}" if len(lines) > 1 else ""
        edits = tuple(
            Edit(h.path, r.line, r.text, r.repaired, f"repair `{r.text}` as `{r.repaired}`") for r in h.mojibake
        )
        yield Hit(
            h.path,
            lines[0],
            f"mojibake (UTF-8 decoded as Mac Roman or Windows-1252, e.g. `‚úì` for `✓`) "
            f"on this line{more}; repaired in memory for the checks",
            "run `oracle-kb fix` to rewrite the file with the repaired text",
            edits,
        )


RULE = Rule(
    id="mojibake",
    severity=Severity.WARNING,
    summary="Text that was UTF-8 but was decoded as another code page and saved again (`‚úì` for `✓`, `√ó` for `×`). "
    "Only text that round-trips to clearly better text counts: three or four characters that become one symbol, "
    "arrow, CJK character or emoji, or two that become one Latin-1 letter or sign (é, ü, ×) when they are not "
    "themselves plausible (math such as `√π`, Greek, typographic punctuation such as `’é` stay as written). "
    "Source copies (`source-globs`) are read as written and never reported.",
    why="Mojibake hides checkmarks from progress tracking and garbles symbols readers rely on; it is repaired in "
    "memory so the checks still work, but the file stays wrong until fixed.",
    example="- [‚úì] PART 1: Create vlm-mastery/00-early-fusion-architectures.md",
    fix="`oracle-kb fix` rewrites the file with the repaired text (atomically, keeping line endings).",
    check=check,
    passes="- [✓] PART 1 → done; area √π ≈ 1.772; RMSE = √∑n; “Aux heures d’été”; 日本語; 🎉",
)
