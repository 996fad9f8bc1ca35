"""`oracle-kb fix`: apply the edits that rules attach to their findings.

A rule that knows a safe repair attaches it as `Edit`s (mojibake runs, a broken link with one obvious
target, a tick for a finished PART); this module only applies them. Each file is edited in memory, then
written atomically (or shown as a unified diff with --dry-run). An edit applies only where its `old` text
still stands on its line, so a file changed since the check is never damaged. Files that are not valid
UTF-8 are never rewritten: that could lose bytes.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from typing import TextIO

from ..model import Edit, Finding
from .atomic import ChangedOnDisk, read_original, write_atomic

_NEWLINE = re.compile(r"(\r\n|\r|\n)")


def edits_by_file(findings: list[Finding]) -> dict[str, list[Edit]]:
    out: dict[str, list[Edit]] = defaultdict(list)
    for f in findings:
        for e in f.edits:
            out[e.path].append(e)
    return out


def apply(lines: list[str], edits: list[Edit]) -> list[str]:
    """The lines (without their endings) with every edit whose `old` text stands on its line applied.

    Edits on one line may build on each other (a mojibake repair, then a tick of the repaired line), so
    edits that do not apply yet are retried while any applies.
    """
    lines = list(lines)
    pending = [e for e in edits if 1 <= e.line <= len(lines)]
    while pending:
        left = []
        for e in pending:
            text = lines[e.line - 1]
            if e.old and e.old in text:
                lines[e.line - 1] = text.replace(e.old, e.new, 1)
            else:
                left.append(e)
        if len(left) == len(pending):
            break
        pending = left
    return lines


def with_commit_times(root: str, edits: list[Edit]) -> list[Edit]:
    """Edits that ask for a file's last commit time get it appended (UTC), when the oracle is in git and git
    knows the file; otherwise they stay as they are (a tick without a time). One `git log` per such edit."""
    asking = [e for e in edits if e.stamp_from]
    if not asking or not _in_git(root):
        return edits
    out = []
    for e in edits:
        when = _last_commit(root, e.stamp_from) if e.stamp_from else ""
        out.append(replace(e, new=f"{e.new} (Completed {when})", stamp_from="") if when else e)
    return out


def _git(root: str, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _in_git(root: str) -> bool:
    return _git(root, "rev-parse", "--is-inside-work-tree") == "true"


def _last_commit(root: str, rel: str) -> str:
    """ "YYYY-MM-DD HH:MM" (UTC) of the last commit that touched `rel`, or "" when git has none."""
    iso = _git(root, "log", "-1", "--format=%cI", "--", rel)
    try:
        at = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def run_fix(root: str, findings: list[Finding], *, dry_run: bool, out: TextIO) -> int:
    changed = 0
    for rel, edits in sorted(edits_by_file(findings).items()):
        edits = with_commit_times(root, edits)
        changed += _fix_file(root, rel, edits, dry_run=dry_run, out=out)
    verb = "would change" if dry_run else "changed"
    out.write(f"{verb} {changed} file{'s' if changed != 1 else ''}\n")
    return 0


def _fix_file(root: str, rel: str, edits: list[Edit], *, dry_run: bool, out: TextIO) -> int:
    path = os.path.join(root, rel)
    if os.path.islink(path):
        return 0
    try:
        original = read_original(path)
    except OSError as exc:
        out.write(f"skipped {rel}: {exc.strerror}\n")
        return 0
    if original.text() is None:  # not valid UTF-8: rewriting could lose bytes
        return 0
    body = (original.data[3:] if original.bom else original.data).decode("utf-8")
    parts = _NEWLINE.split(body)  # lines and, between them, each line's own ending (mixed endings stay)
    lines, endings = parts[0::2], parts[1::2]
    new_lines = apply(lines, edits)
    if new_lines == lines:
        return 0
    if dry_run:
        before = [f"{line}\n" for line in lines]
        after = [f"{line}\n" for line in new_lines]
        out.writelines(difflib.unified_diff(before, after, f"a/{rel}", f"b/{rel}"))
        return 1
    data = "".join(line + end for line, end in zip(new_lines, [*endings, ""], strict=True)).encode("utf-8")
    try:
        if write_atomic(path, (b"\xef\xbb\xbf" if original.bom else b"") + data, original):
            out.write(f"fixed {rel}\n")
            return 1
    except ChangedOnDisk as exc:
        out.write(f"skipped {rel}: {exc}\n")
    return 0
