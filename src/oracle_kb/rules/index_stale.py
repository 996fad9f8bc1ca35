from ..model import Role, Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    index = oracle.index
    if index is None:
        return
    listed: set[str] = set()
    for link in index.listed:
        rel = link.to  # INDEX.md sits at the root, so its links resolve against the root
        if rel is None:
            continue
        listed.add(rel)
        if not oracle.exists(rel):
            yield Hit(
                index.path,
                link.line,
                f"lists `{link.target}`, which does not exist",
                "regenerate the index: `oracle-kb index --write`",
            )
    required = {p for p, kf in oracle.files.items() if kf.role != Role.SOURCE}  # copies of sources need no entry
    missing = sorted(required - listed)
    if missing:
        shown = ", ".join(f"`{m}`" for m in missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        yield Hit(
            index.path,
            1,
            f"misses {len(missing)} knowledge file{'s' if len(missing) > 1 else ''}: {shown}",
            "regenerate the index: `oracle-kb index --write`",
        )


RULE = Rule(
    id="index-stale",
    severity=Severity.WARNING,
    summary="The oracle's INDEX.md (when present) misses knowledge files or links files that do not exist. Source "
    "copies (`source-globs`) and the `_ingest/` drop box need no entry.",
    why="INDEX.md is how agents and people find knowledge in the oracle without the site; a stale one hides files.",
    example="INDEX.md lists 46-54 but not the new vlm-mastery/ files",
    fix="`oracle-kb index --write` regenerates its generated block and keeps your hand-written text.",
    check=check,
)
