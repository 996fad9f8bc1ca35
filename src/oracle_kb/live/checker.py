"""Ask linkchecker about a list of URLs, in a separate process, and read its CSV answer.

linkchecker (GPL-2.0) runs as its own program (`python -m linkcheck`, else `linkchecker` on PATH), fed the
URLs on stdin with recursion level 0 and `--verbose` (so the good URLs are reported too), so each URL is fetched once and nothing it links to is followed. A
generated linkcheckerrc sets the bounds: `threads` (requests in flight overall), `maxrequestspersecond`
(per host: linkchecker waits between 1/N and 6/N seconds before the next request to the same host),
`timeout`, and robots.txt is honoured. Output is `-o csv` on stdout: linkchecker drops root privileges
before writing files, so stdout is the one output that always works.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass


class LinkcheckerMissing(Exception):
    """linkchecker is not installed."""


class LinkcheckerFailed(Exception):
    """linkchecker ran but gave no usable answer; the message holds its own words."""


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: int = 20  # seconds per connection attempt
    rate: float = 2.0  # requests per second to one host, at most
    threads: int = 4  # requests in flight overall


@dataclass(frozen=True, slots=True)
class Answer:
    valid: bool
    result: str  # linkchecker's result column: "404 Not Found", "ReadTimeout: ...", ...


def command() -> list[str]:
    if importlib.util.find_spec("linkcheck") is not None:
        return [sys.executable, "-m", "linkcheck"]
    found = shutil.which("linkchecker")
    if found:
        return [found]
    raise LinkcheckerMissing(
        "linkchecker is not installed: `pip install 'oracle-kb[links]'` (or `pip install linkchecker`)"
    )


def _rc(limits: Limits) -> str:
    return (
        "[checking]\n"
        f"threads={max(1, limits.threads)}\n"
        f"timeout={max(1, limits.timeout)}\n"
        f"maxrequestspersecond={max(0.001, limits.rate)}\n"
        "recursionlevel=0\n"
        "robotstxt=1\n"
        "[output]\n"
        "status=0\n"
        "warnings=1\n"
    )


def check(urls: Sequence[str], limits: Limits) -> dict[str, Answer]:
    """URL -> linkchecker's answer. A URL it did not report is absent (left for the next run)."""
    if not urls:
        return {}
    cmd = command()
    with tempfile.TemporaryDirectory(prefix="oracle-kb-links-") as tmp:
        rc = os.path.join(tmp, "linkcheckerrc")
        with open(rc, "w", encoding="utf-8") as fh:
            fh.write(_rc(limits))
        proc = subprocess.run(
            [*cmd, "-f", rc, "--stdin", "-r", "0", "--no-status", "--verbose", "-o", "csv/utf_8"],
            input="\n".join(urls) + "\n",
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        )
    if proc.returncode not in (0, 1):
        tail = " ".join(proc.stderr.strip().splitlines()[-3:]) or f"exit status {proc.returncode}"
        raise LinkcheckerFailed(f"linkchecker failed: {tail}")
    return parse_csv(proc.stdout, set(urls))


def parse_csv(text: str, asked: set[str]) -> dict[str, Answer]:
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=";") if r and not r[0].startswith("#")]
    if not rows:
        return {}
    head = {name: i for i, name in enumerate(rows[0])}
    if not {"urlname", "result", "valid"} <= head.keys():
        raise LinkcheckerFailed(f"linkchecker's CSV has no urlname/result/valid columns: {rows[0]!r}")
    out: dict[str, Answer] = {}
    need = max(head["urlname"], head["result"], head["valid"], head.get("url", 0))
    for row in rows[1:]:  # linkchecker leaves trailing empty columns out of some rows: only those needed count
        if len(row) <= need:
            continue
        name = row[head["urlname"]]
        url = name if name in asked or "url" not in head else row[head["url"]]
        if url in asked:
            out[url] = Answer(row[head["valid"]] == "True", row[head["result"]])
    return out
