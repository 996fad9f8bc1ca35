"""`oracle-kb fix`: the safe automatic fixes.

- mojibake: rewrite the file with the repaired text;
- link-broken: rewrite a link when exactly one file in the oracle has the name it points to;
- part-not-marked: tick the PART, stamped with its KNOWLEDGE-DROP's time (else its file's modification time).
Each file is edited in memory, then written atomically (or shown as a unified diff with --dry-run).
Files that are not valid UTF-8 are never rewritten: that could lose bytes.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from collections import defaultdict
from datetime import UTC, datetime
from typing import TextIO

from ..config import Config
from ..model import Oracle
from ..read.paths import relative_path
from ..read.text import repair_mojibake
from ..rules import Context
from .atomic import ChangedOnDisk, read_original, write_atomic

_UNCHECKED = re.compile(r"^(\s*[-*+]\s+)\[\s?\](\s*PART\s+(\d+)\s*:.*?)\s*$")


def plan_edits(oracle: Oracle, config: Config) -> dict[str, list]:
    """{path: [edit, ...]} where an edit is ("line", lineno, old, new) or ("mojibake",)."""
    ctx = Context(oracle, config)
    edits: dict[str, list] = defaultdict(list)
    for h in ctx.text_holders():
        if h.mojibake_lines and not any(i.rule == "file-unreadable" for i in h.issues):
            edits[h.path].append(("mojibake",))
    for path, rows in ctx.resolved_links.items():
        for link, target, outside in rows:
            if outside or target is None or oracle.exists(target):
                continue
            same = ctx.files_by_name.get(target.rsplit("/", 1)[-1], [])
            if len(same) == 1:
                new = relative_path(same[0], posixpath.dirname(path))
                suffix = link.target[len(link.target.split("#", 1)[0]) :]
                edits[path].append(("link", link.line, link.target, new + suffix))
    for plan in oracle.plans:
        for part in plan.parts:
            if part.done or not part.resolved or not part.status_line:
                continue
            drop = oracle.drops.get(part.drop) if part.drop else None
            if drop is not None and drop.date and len(drop.time) == 4:
                stamp = f"{drop.date} {drop.time[:2]}:{drop.time[2:]}"  # when its runner finished
            else:
                mtime = os.stat(os.path.join(oracle.root, part.resolved)).st_mtime
                stamp = datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%d %H:%M")
            edits[plan.path].append(("tick", part.status_line, part.number, stamp))
    return edits


_NEWLINE = re.compile(r"(\r\n|\r|\n)")


def apply(lines: list[str], edits: list) -> list[str]:
    """Apply edits to the file's lines (without their line endings); returns the new lines."""
    lines = list(lines)
    for e in edits:
        if e[0] == "link":
            _, no, old, new = e
            lines[no - 1] = lines[no - 1].replace(f"]({old})", f"]({new})").replace(f"]: {old}", f"]: {new}")
        elif e[0] == "tick":
            _, no, number, stamp = e
            m = _UNCHECKED.match(lines[no - 1])
            if m and int(m.group(3)) == number:
                rest = m.group(2)
                if "Completed" not in rest:
                    rest += f" (Completed {stamp})"
                lines[no - 1] = f"{m.group(1)}[✓]{rest}"
    if any(e[0] == "mojibake" for e in edits):
        lines = [repair_mojibake(line)[0] for line in lines]
    return lines


def run_fix(config: Config, oracle: Oracle, *, dry_run: bool, out: TextIO) -> int:
    edits = plan_edits(oracle, config)
    changed = 0
    for rel in sorted(edits):
        path = os.path.join(oracle.root, rel)
        if os.path.islink(path):
            continue
        try:
            original = read_original(path)
        except OSError as exc:
            out.write(f"skipped {rel}: {exc.strerror}\n")
            continue
        if original.text() is None:  # not valid UTF-8: rewriting could lose bytes
            continue
        body = (original.data[3:] if original.bom else original.data).decode("utf-8")
        parts = _NEWLINE.split(body)  # lines and, between them, each line's own ending (mixed endings stay)
        lines, endings = parts[0::2], parts[1::2]
        new_lines = apply(lines, edits[rel])
        if new_lines == lines:
            continue
        if dry_run:
            before = [f"{line}\n" for line in lines]
            after = [f"{line}\n" for line in new_lines]
            out.writelines(difflib.unified_diff(before, after, f"a/{rel}", f"b/{rel}"))
            changed += 1
            continue
        data = "".join(line + end for line, end in zip(new_lines, [*endings, ""], strict=True)).encode("utf-8")
        try:
            if write_atomic(path, (b"\xef\xbb\xbf" if original.bom else b"") + data, original):
                changed += 1
                out.write(f"fixed {rel}\n")
        except ChangedOnDisk as exc:
            out.write(f"skipped {rel}: {exc}\n")
    verb = "would change" if dry_run else "changed"
    out.write(f"{verb} {changed} file{'s' if changed != 1 else ''}\n")
    return 0
