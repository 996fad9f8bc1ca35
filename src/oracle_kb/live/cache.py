"""Recent answers per URL, kept as JSON (default `.oracle-kb-cache/links.json` in the working folder).

An answer younger than `max_age` days is used instead of asking the server again; older ones are dropped
when the file is saved. The default, 6 days, is under a week: a weekly job asks every server again each
week, while a rerun within the week (or the rest of a run cut short by `--max-urls`) asks nobody twice.
Every verdict is cached, dead and unreachable ones too; `--max-age 0` asks again for everything. A damaged
cache file is ignored and replaced, never fatal. The cache is never written into the oracle.
"""

from __future__ import annotations

import json
import os

from ..write.atomic import write_atomic
from .verdict import Verdict

VERSION = 1
DEFAULT_PATH = os.path.join(".oracle-kb-cache", "links.json")


class LinkCache:
    def __init__(self, path: str, max_age_days: float, now: float):
        self.path = path
        self.max_age = max_age_days * 86400.0
        self.now = now
        self.entries: dict[str, dict] = {}
        self.note = ""  # why the file was not used, if it was not
        self._touched: set[str] = set()
        self._load()

    def _load(self) -> None:
        try:
            with open(self.path, encoding="utf-8") as fh:
                doc = json.load(fh)
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            self.note = f"{self.path}: cache ignored ({exc}); it will be replaced"
            return
        if not isinstance(doc, dict) or doc.get("version") != VERSION or not isinstance(doc.get("urls"), dict):
            self.note = f"{self.path}: not an oracle-kb link cache of version {VERSION}; it will be replaced"
            return
        self.entries = {u: e for u, e in doc["urls"].items() if _valid(e)}

    def fresh(self, url: str) -> tuple[Verdict, float] | None:
        """The cached verdict and when it was reached, if younger than max-age."""
        e = self.entries.get(url)
        if e is None or self.now - e["checked"] >= self.max_age or e["checked"] > self.now + 60:
            return None
        return Verdict(e["verdict"], e["detail"], e.get("answered", True)), e["checked"]

    def put(self, url: str, verdict: Verdict) -> None:
        self._touched.add(url)
        self.entries[url] = {
            "checked": int(self.now),
            "verdict": verdict.kind,
            "detail": verdict.detail,
            "answered": verdict.answered,
        }

    def save(self) -> None:
        keep = {
            u: e
            for u, e in sorted(self.entries.items())
            if u in self._touched or 0 <= self.now - e["checked"] < self.max_age
        }
        doc = {"version": VERSION, "max_age_days": self.max_age / 86400.0, "urls": keep}
        folder = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(folder, exist_ok=True)
        write_atomic(self.path, (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def _valid(e) -> bool:
    return (
        isinstance(e, dict)
        and isinstance(e.get("checked"), int | float)
        and e.get("verdict") in ("ok", "dead", "unreachable")
        and isinstance(e.get("detail"), str)
    )
