"""The one piece of global state: the current build's scanner and site model, and what the last build rendered.

The hooks fill it in `on_config`; the mkdocs-gen-files script and the page hooks read it. The scanner is
kept across `mkdocs serve` rebuilds so that only changed files are parsed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from oracle_kb.read.scan import Scanner
from oracle_kb.render.site_model import SiteModel

if TYPE_CHECKING:
    from .incremental import Incremental
    from .reader import Decorations


@dataclass
class BuildState:
    command: str = "build"
    scanner: Scanner | None = None
    site: SiteModel | None = None
    incremental: Incremental | None = None  # with --dirty: what the last build rendered (incremental.py)
    decorations: dict[str, Decorations] = field(default_factory=dict)  # src_uri -> what the page gets, this build
    logged: set[tuple] | None = None  # the findings the last build logged (path, line, rule, message)
    files: object = None  # this build's mkdocs Files (pages outside the navigation find their neighbours)
    # knowledge file -> (its stamp when read, linked page -> the sentence around the link): "Referenced by"
    sentences: dict[str, tuple[object, dict[str, str]]] = field(default_factory=dict)
    history: tuple[tuple[str, str], dict[str, int]] | None = None  # ((oracle root, HEAD), last commit times)

    @property
    def partial_rebuild(self) -> bool:
        """This build re-renders only the pages a change affected (post-build steps may skip whole-site work)."""
        return self.incremental is not None and self.incremental.partial


STATE = BuildState()


def current_site() -> SiteModel:
    if STATE.site is None:
        raise PluginError("oracle-kb: the oracle has not been scanned (are the oracle-kb hooks listed in mkdocs.yml?)")
    return STATE.site
