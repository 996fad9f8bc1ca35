"""Markdown tables that fit a reader's screen: columns empty in every row are left out."""

from __future__ import annotations

EMPTY = ("", "—")


def table(head: list[str], rows: list[list[str]], align: str) -> list[str]:
    """A markdown table; `align` has one character per column: `l`eft, `r`ight or `c`entre.

    A column whose cells are all empty (or "—") is dropped; the first column always stays.
    """
    keep = [i for i in range(len(head)) if i == 0 or any(r[i] not in EMPTY for r in rows)]
    marks = {"l": "---", "r": "---:", "c": ":-:"}
    out = [
        "| " + " | ".join(head[i] for i in keep) + " |",
        "|" + "|".join(marks[align[i]] for i in keep) + "|",
    ]
    out += ["| " + " | ".join(r[i] for i in keep) + " |" for r in rows]
    return [*out, ""]
