"""Baselines: record today's findings so CI fails only on new ones.

An oracle that adopts `oracle-kb check` in CI starts with hundreds of findings. `oracle-kb baseline` writes
them to a JSON file; `oracle-kb check --baseline FILE` then reports (and fails on) only findings that are not
in it, and lists the baselined findings that are gone so the file can shrink.

How a finding is recognised again (its fingerprint). We looked at four tools:

- ruff `--add-noqa` writes a `# noqa: CODE` comment on each flagged line. It survives any edit elsewhere
  because the suppression travels with the line, but it means editing the sources; an oracle's markdown is
  the authors' work and oracle-kb only writes into it on `fix` and `index --write`, so no inline markers.
- mypy-baseline keeps `path:0: error: message [code]`: the line number is replaced by 0 and "defined on
  line N" in messages is normalised, so inserted lines do not matter; identical errors in one file count.
- basedpyright matches on file, rule and the error's *columns* (never its line), for the same reason.
- detekt keys each finding by rule id, file and a *signature* of the flagged code (the declaration it
  sits in), never a line number.

We follow the same idea with the one signature markdown has, the text of the flagged line (GitHub code
scanning's `primaryLocationLineHash` also hashes the line's content rather than its number):

    fingerprint = sha256(rule, path, message with numbers outside quotes/backticks set to 0,
                         the flagged line's text with white space collapsed)[:16]

- Line numbers are stored for people but never matched, so lines inserted above a finding, or edits to
  other files, do not make it new. A finding in another file is new (the path is part of it).
- Numbers in messages are counts that move with unrelated edits ("531 lines", "cites 2 sources", "on this
  line and 3 more lines"), so they are normalised; text in `backticks` and quotes (paths, URLs, section
  titles) is identity and is kept.
- Some rules judge a whole file and only point at a line for convenience: the last line
  (citations-missing, line-count-under), line 1 (section-missing) or the citations heading. For those
  (`FILE_SCOPED_RULES`) the line's text is left out, so writing more text into the file does not turn an
  old "too few citations" into a new one; their message already names what is missing.
- Matching is a multiset: two identical findings need two baseline entries, and a third one is new.

The file is JSON with a `version`, one finding per line, sorted by path and line, so diffs stay readable and
merges rarely conflict.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Finding

VERSION = 1
DEFAULT_FILE = "oracle-kb-baseline.json"

# Rules that judge a file as a whole; their line is where the report points, not what is wrong.
FILE_SCOPED_RULES = frozenset(
    {
        "citations-missing",
        "citations-too-few",
        "citations-unlinked",
        "line-count-under",
        "line-count-over",
        "section-missing",
        "arr-coc-section-missing",
        "influence-missing",
        "drop-unmatched",
        "index-stale",
    }
)

_QUOTED_OR_NUMBER = re.compile(r"(`[^`]*`|\"[^\"]*\"|'[^']*')|\d+")
_MAX_BYTES = 10 * 1024 * 1024


class BaselineError(Exception):
    """The baseline file cannot be used; the message names the file and says what to do."""


@dataclass(frozen=True, slots=True)
class Entry:
    path: str
    line: int
    rule: str
    fingerprint: str
    message: str


@dataclass(slots=True)
class Comparison:
    new: list[Finding]
    matched: list[Finding]
    gone: list[Entry]


def normalise_message(message: str) -> str:
    """Numbers outside `code`, "double" and 'single' quotes become 0."""
    return _QUOTED_OR_NUMBER.sub(lambda m: m.group(1) or "0", message)


class LineReader:
    """The text of a line of a file under the oracle root, each file read once; "" when it cannot be read."""

    def __init__(self, root: str, max_bytes: int = _MAX_BYTES):
        self.root = os.path.realpath(root)
        self.max_bytes = max_bytes
        self._files: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        found = self._files.get(path)
        if found is None:
            found = self._files[path] = self._read(path)
        return found

    def line(self, path: str, number: int) -> str:
        lines = self.lines(path)
        return lines[number - 1] if 1 <= number <= len(lines) else ""

    def _read(self, path: str) -> list[str]:
        full = os.path.realpath(os.path.join(self.root, path))
        if os.path.commonpath([full, self.root]) != self.root or not os.path.isfile(full):
            return []
        try:
            if os.path.getsize(full) > self.max_bytes:
                return []
            with open(full, "rb") as fh:
                data = fh.read()
        except OSError:
            return []
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        return text.split("\n")


def fingerprint(finding: Finding, line_text: str) -> str:
    anchor = "" if finding.rule in FILE_SCOPED_RULES else " ".join(line_text.split())
    key = "\x1f".join((finding.rule, finding.path, normalise_message(finding.message), anchor))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def fingerprints(root: str, findings: Iterable[Finding]) -> list[str]:
    """One fingerprint per finding, in order; each flagged file is read once."""
    reader = LineReader(root)
    return [fingerprint(f, "" if f.rule in FILE_SCOPED_RULES else reader.line(f.path, f.line)) for f in findings]


def entries(root: str, findings: Sequence[Finding]) -> list[Entry]:
    out = [
        Entry(f.path, f.line, f.rule, fp, f.message)
        for f, fp in zip(findings, fingerprints(root, findings), strict=True)
    ]
    out.sort(key=lambda e: (e.path, e.line, e.rule, e.fingerprint, e.message))
    return out


def dumps(items: Sequence[Entry]) -> str:
    """The file's text: stable key order, one finding per line."""
    rows = [
        json.dumps(
            {"path": e.path, "line": e.line, "rule": e.rule, "fingerprint": e.fingerprint, "message": e.message},
            ensure_ascii=False,
        )
        for e in items
    ]
    out = ["{", f'  "version": {VERSION},', '  "tool": "oracle-kb",']  # no count: it would conflict in every merge
    if rows:
        out += ['  "findings": [', ",\n".join("    " + r for r in rows), "  ]"]
    else:
        out.append('  "findings": []')
    out.append("}")
    return "\n".join(out) + "\n"


def loads(text: str, source: str) -> list[Entry]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(doc, dict) or "findings" not in doc:
        raise BaselineError(f"{source}: not an oracle-kb baseline (no `findings`); write one with `oracle-kb baseline`")
    if doc.get("version") != VERSION:
        raise BaselineError(
            f"{source}: baseline version {doc.get('version')!r}, this oracle-kb reads version {VERSION}; "
            f"write it again with `oracle-kb baseline -o {source}`"
        )
    items = doc["findings"]
    if not isinstance(items, list):
        raise BaselineError(f"{source}: `findings` is not a list")
    return [_entry(item, i, source) for i, item in enumerate(items)]


def _entry(item, index: int, source: str) -> Entry:
    ok = isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("path", "rule", "fingerprint"))
    if not ok or not isinstance(item.get("line", 0), int):
        raise BaselineError(
            f"{source}: finding {index + 1} lacks `path`, `rule` or `fingerprint` (or its `line` is not a number); "
            "write the file again with `oracle-kb baseline`"
        )
    return Entry(item["path"], item.get("line", 0), item["rule"], item["fingerprint"], str(item.get("message", "")))


def load(path: str) -> list[Entry]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline; create it with `oracle-kb baseline -o {path}`") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: not UTF-8; write it again with `oracle-kb baseline -o {path}`") from None
    return loads(text, path)


def written_by_us(path: str) -> bool:
    """The file is an oracle-kb baseline, perhaps of another version (so `baseline` may replace it)."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            doc = json.load(fh)
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("tool") == "oracle-kb" and "findings" in doc


def compare(root: str, findings: Sequence[Finding], baseline: Sequence[Entry]) -> Comparison:
    """Split findings into new and baselined (multiset match on fingerprints); list entries no longer found."""
    waiting: dict[str, list[Entry]] = {}
    for e in baseline:
        waiting.setdefault(e.fingerprint, []).append(e)
    result = Comparison([], [], [])
    for f, fp in zip(findings, fingerprints(root, findings), strict=True):
        pool = waiting.get(fp)
        if pool:
            pool.pop(0)
            result.matched.append(f)
        else:
            result.new.append(f)
    result.gone = sorted((e for pool in waiting.values() for e in pool), key=lambda e: (e.path, e.line, e.rule))
    return result
