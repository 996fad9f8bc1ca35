"""When each file of the oracle was last committed, from git (one `git log` for the whole folder).

A file's modification time says nothing about when the work was done (a checkout sets it), so the site
shows only times that mean something: a KNOWLEDGE-DROP's time and the last commit that touched a file.
Outside a git work tree, or without git, there are no commit times.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TIMEOUT_S = 20


def head_commit(root: Path) -> str:
    """The commit the work tree holding `root` is on ('' outside git): while it stays, so do commit times."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=TIMEOUT_S
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def last_commit_times(root: Path) -> dict[str, int]:
    """Oracle-relative path -> Unix time of the last commit that touched it (files git knows only)."""
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
        if top.returncode != 0:
            return {}
        log = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "-c",
                "core.quotepath=off",
                "log",
                "--format=%x00%ct",
                "--name-only",
                "--no-renames",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    prefix = os.path.relpath(os.path.realpath(root), os.path.realpath(top.stdout.strip()))
    return parse_log(log.stdout, "" if prefix == "." else prefix.replace(os.sep, "/") + "/")


def parse_log(out: str, prefix: str) -> dict[str, int]:
    """`git log --format=%x00%ct --name-only` output -> newest time per path under `prefix` (made relative)."""
    times: dict[str, int] = {}
    when = 0
    for line in out.splitlines():
        if line.startswith("\x00"):
            when = int(line[1:] or 0)
        elif line and line.startswith(prefix):
            times.setdefault(line[len(prefix) :], when)  # newest first: keep the first time seen
    return times
