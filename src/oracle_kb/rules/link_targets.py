"""Where a link that points to nothing was meant to go: shared by link-broken and path-outside-oracle.

For a link into the oracle that names no file, tried in order, stopping at the first step that finds files:
the path from the oracle root (`algorithms/x.md` written in `algorithms/`), one `../` fewer, `.md` added to
an extension-less name (`./model-cards`), the file's number prefix (`deepencoder.md` for `01-deepencoder.md`),
then the one file of that name anywhere (never for a generic name such as README.md, never in `_ingest/`).
Exactly one file found is the fix, and `oracle-kb fix` may rewrite the link to it; several found is no fix.
A near name in the same folder (two edits away, or a file whose name begins the link's) is only suggested.

For a link that leaves the oracle: an absolute path through the oracle's own folder (`/Users/…/<oracle>/u/b.md`),
a relative path that climbs out and back in through that folder (`../../<oracle>/u/b.md`), or one `../` too
many, all land inside it: they are broken links, not escapes. A site-absolute path copied from a web page
(`/docs/x/`) reads nothing on this machine: a broken link too. The rest leave the oracle.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from ..model import Edit, Link, Oracle
from ..read.paths import OutsideOracle, internal_target, normalize

_NUMBERED = re.compile(r"^\d+[-_]")
_GENERIC = {"readme.md", "index.md", "license.md", "changelog.md", "contributing.md", "skill.md"}
# top folders of absolute paths that name a machine's files, not a web site's pages
_MACHINE = (
    "/users/",
    "/home/",
    "/root/",
    "/etc/",
    "/var/",
    "/tmp/",
    "/private/",
    "/volumes/",
    "/mnt/",
    "/opt/",
    "/usr/",
    "/bin/",
    "/sbin/",
    "/dev/",
    "/proc/",
    "/sys/",
    "/boot/",
    "/srv/",
    "/lib/",
    "/system/",
    "/library/",
    "/applications/",
    "/workspace/",
    "/workspaces/",
)


@dataclass(frozen=True, slots=True)
class Landing:
    """Where a broken or escaping link was meant to go."""

    path: str | None = None  # the one oracle file it meant: the fix, which `oracle-kb fix` may apply
    how: str = ""  # how it was found (for the message); "" for a plain broken link
    hint: str = ""  # a near name, only suggested
    outside: bool = False  # it leaves the oracle for real


def folder_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def meant(oracle: Oracle, index, src: str, link: Link) -> Landing:
    """The file a link into the oracle that names nothing was meant to name."""
    raw = _path_part(link.target)
    folder = folder_of(src)
    name = (link.to or "").rsplit("/", 1)[-1]
    tries = []
    if "/" in raw.removeprefix("./").rstrip("/") and not raw.startswith("../"):
        tries.append([_inside(raw, "")])  # the path from the oracle root
    if raw.startswith("../"):
        tries.append([_inside(raw[3:], folder)])  # one `../` too many
    if link.to and "." not in name:
        tries.append([link.to + ".md", _inside(raw + ".md", "")])  # `.md` left out
    numbered, same_name, near = _by_target(index, link.to)
    for found in (*tries, numbered, same_name):
        found = [p for p in found if p and p != link.to and _is_file(oracle, p)]
        if not found:
            continue
        found = sorted(set(found))
        if len(found) == 1:
            return Landing(found[0])
        if found:
            return Landing(hint=" or ".join(f"`{_written(index, src, p)}`" for p in found[:3]))
    return Landing(hint=f"`{_written(index, src, near[0])}`" if near else "")


def _by_target(index, to: str | None) -> tuple[list[str], list[str], list[str]]:
    """What depends on the target alone, worked out once per target: the numbered files, the files of that name
    anywhere, and the near name (a suggestion only)."""
    if not to:
        return [], [], []
    cache = index.rule_cache.setdefault("link_targets", {})
    found = cache.get(to)
    if found is None:
        name = to.rsplit("/", 1)[-1]
        near = _near(index, to)
        found = cache[to] = (
            _numbered(index, to),
            _same_name(index, name if "." in name else name + ".md"),
            [near] if near else [],
        )
    return found


def escaped(oracle: Oracle, src: str, link: Link) -> Landing:
    """Where a link that leaves the oracle lands: inside after all (a broken link), or outside."""
    raw = _path_part(link.target)
    folder = folder_of(src)
    names = {oracle.name, *(p.oracle for p in oracle.plans if p.oracle)}
    slashed = raw.replace("\\", "/")
    if slashed.startswith(("/", "~")) or re.match(r"^[A-Za-z]:/", slashed):
        for name in names:
            cut = slashed.rfind(f"/{name}/")
            if cut != -1:
                rest = slashed[cut + len(name) + 2 :].strip("/")
                return Landing(rest if oracle.exists(rest) else None, "an absolute path into this oracle")
        if slashed.startswith("/") and not slashed.startswith("//") and not slashed.lower().startswith(_MACHINE):
            return Landing(None, "site-absolute")
        return Landing(outside=True, how="absolute")
    back = posixpath.normpath(posixpath.join(oracle.root, folder, slashed))
    if back == oracle.root or back.startswith(oracle.root.rstrip("/") + "/"):
        rest = back[len(oracle.root) :].strip("/")
        return Landing(rest if oracle.exists(rest) else None, "out of the oracle and back in")
    if slashed.startswith("../"):
        fewer = _inside(slashed[3:], folder)
        if fewer and oracle.exists(fewer):
            return Landing(fewer, "one `../` too many")
    return Landing(outside=True, how="relative")


def repair(index, src: str, link: Link, to: str) -> tuple[str, tuple[Edit, ...]]:
    """The fix text and the edit rewriting the link to the oracle file `to` (its #anchor kept)."""
    new = _written(index, src, to) + link.target[len(link.target.split("#", 1)[0]) :]
    old = f"]: {link.target}" if link.definition else f"]({link.target}"
    repl = f"]: {new}" if link.definition else f"]({new}"
    return f"did you mean `{new}`?", (Edit(src, link.line, old, repl, f"link to {to}"),)


def _written(index, src: str, to: str) -> str:
    """The link from `src` to `to` as written in markdown (spaces and brackets percent-encoded)."""
    new = index.relative(src, to)
    return quote(new, safe="/-._~") if any(c in new for c in " ()<>") else new


def _is_file(oracle: Oracle, path: str) -> bool:
    return path in oracle.files or path in oracle.other_files


def _path_part(target: str) -> str:
    t = internal_target(target) or target.strip()
    return unquote(t) if "%" in t else t


def _inside(raw: str, base: str) -> str | None:
    try:
        return normalize(raw, base) or None
    except OutsideOracle:
        return None


def _numbered(index, to: str | None) -> list[str]:
    """`01-deepencoder.md` for a link to `deepencoder.md` in the same folder."""
    if not to:
        return []
    folder, name = folder_of(to), to.rsplit("/", 1)[-1]
    table = index.unnumbered(folder)
    found = table.get(name, []) + ([] if "." in name else table.get(name + ".md", []))
    return [f"{folder}/{n}" if folder else n for n in found]


def _same_name(index, name: str) -> list[str]:
    """Files of that name anywhere; never for a generic name (a bare `README.md` is usually the repository's)."""
    return [] if name.lower() in _GENERIC else index.names.get(name, [])


def _near(index, to: str) -> str | None:
    """A same-folder file two edits away from the link's name, or whose name begins the link's or is begun by it
    (a suggestion). Names of a near length holding a piece that two edits leave whole (one of the link name's
    thirds) are compared; a name sharing the first 12 characters may be a cut or a longer title."""
    folder, name = folder_of(to), to.rsplit("/", 1)[-1]
    stem = name.removesuffix(".md")
    if len(stem) < 8 or not name.endswith(".md"):
        return None
    third = len(stem) // 3
    p1, p2, p3 = stem[:third], stem[third : 2 * third], stem[2 * third :]
    listing = index.listing(folder)
    found = {n for n in _holding(listing, (p1, p2, p3)) if n.endswith(".md") and _within_two(stem, n[:-3])}
    # a title cut at a space (`08-Fast, Realistic …` for a longer one)
    cut = stem.find(" ", 12)
    while cut != -1:
        if f"\n{stem[:cut]}.md\n" in listing:
            found.add(f"{stem[:cut]}.md")
        cut = stem.find(" ", cut + 1)
    at = listing.find(f"\n{stem}-")  # a longer title (`06-the-81-chapters-analysis`)
    while at != -1:
        end = listing.find("\n", at + 1)
        if listing[end - 3 : end] == ".md":
            found.add(listing[at + 1 : end])
        at = listing.find(f"\n{stem}-", end)
    return (f"{folder}/{found.pop()}" if folder else found.pop()) if len(found) == 1 else None


def _holding(listing: str, pieces: tuple[str, ...]) -> set[str]:
    """The names in a folder listing that hold one of `pieces` (found by str.find, at C speed)."""
    out = set()
    for piece in pieces:
        at = listing.find(piece)
        while at != -1:
            start = listing.rfind("\n", 0, at) + 1
            end = listing.find("\n", at)
            out.add(listing[start:end])
            at = listing.find(piece, end)
    return out


def _within_two(a: str, b: str) -> bool:
    """Whether `a` and `b` (six characters or more) are at most two edits apart (not equal)."""
    if a == b or abs(len(a) - len(b)) > 2 or min(len(a), len(b)) < 6:
        return False
    return _within(a, b, 2)


def _within(a: str, b: str, k: int) -> bool:
    """Edit distance at most `k`: past the common start and end, the first differing character is substituted,
    deleted or inserted (3**k tries, each linear)."""
    start = len(os.path.commonprefix((a, b)))
    a, b = a[start:], b[start:]
    end = len(os.path.commonprefix((a[::-1], b[::-1])))
    if end:
        a, b = a[:-end], b[:-end]
    if not a or not b:
        return max(len(a), len(b)) <= k
    if k == 0:
        return False
    return _within(a[1:], b[1:], k - 1) or _within(a[1:], b, k - 1) or _within(a, b[1:], k - 1)
