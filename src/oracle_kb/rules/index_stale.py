from ..model import Role, Severity
from .rule import Hit, Rule

_FIX = "regenerate the index: `oracle-kb index --write`"


def check(oracle, index, config):
    index_file = oracle.index
    if index_file is None:
        return
    listed: set[str] = set()
    gone = []
    for link in index_file.listed:
        rel = link.to  # INDEX.md sits at the root, so its links resolve against the root
        if rel is None:
            continue
        listed.add(rel)
        if not oracle.exists(rel):
            gone.append(link)
    yield from _gone(oracle, index_file.path, gone)
    required = {p for p, kf in oracle.files.items() if kf.role != Role.SOURCE}  # copies of sources need no entry
    missing = sorted(required - listed - _named(index, index_file.named, required))
    if missing:
        shown = ", ".join(f"`{m}`" for m in missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        yield Hit(
            index_file.path, 1, f"misses {len(missing)} knowledge file{'s' if len(missing) > 1 else ''}: {shown}", _FIX
        )


def _named(index, named: tuple[str, ...], required: set[str]) -> set[str]:
    """Files INDEX.md names without linking: by path, or by a file name no other required file has."""
    out = {n.removeprefix("./") for n in named if n.removeprefix("./") in required}
    for n in named:
        same = [p for p in index.names.get(n.rsplit("/", 1)[-1], ()) if p in required]
        if len(same) == 1 and (same[0] == n or same[0].endswith("/" + n)):
            out.add(same[0])
    return out


def _gone(oracle, path: str, links) -> list[Hit]:
    """One finding per listed file that does not exist; one per missing folder listing two or more."""
    by_folder: dict[str, list] = {}
    for link in links:
        top = link.to.split("/", 1)[0] if "/" in link.to else ""
        key = top if top and top not in oracle.folders else link.to
        by_folder.setdefault(key, []).append(link)
    hits = []
    for key, group in by_folder.items():
        first = group[0]
        if len(group) == 1 or key == first.to:
            hits += [Hit(path, lk.line, f"lists `{lk.target}`, which does not exist", _FIX) for lk in group]
        else:
            message = (
                f"lists {len(group)} files under `{key}/`, a folder the oracle does not have (e.g. `{first.target}`)"
            )
            hits.append(Hit(path, first.line, message, _FIX + ", or write the files"))
    return sorted(hits, key=lambda h: h.line)


RULE = Rule(
    id="index-stale",
    severity=Severity.WARNING,
    summary="The oracle's INDEX.md (when present) misses knowledge files or links files that do not exist. A file "
    "is listed when INDEX.md links it or names it: its path, or its file name when no other file has that name (in "
    "a heading, a table cell, a code span). Source copies (`source-globs`) and the `_ingest/` drop box need no "
    "entry. Links into a folder the oracle does not have are reported once per folder.",
    why="INDEX.md is how agents and people find knowledge in the oracle without the site; a stale one hides files.",
    example="INDEX.md lists 46-54 but not the new vlm-mastery/ files",
    fix="`oracle-kb index --write` regenerates its generated block and keeps your hand-written text.",
    check=check,
    passes="## Concepts\n\n### 00-lod-fundamentals.md\n**What**: LOD basics\n\n| File | What |\n|---|---|\n"
    "| [BSP construction](algorithms/00-bsp-construction.md) | BSP |",
)
