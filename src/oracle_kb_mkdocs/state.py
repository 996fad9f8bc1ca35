"""The one piece of global state: the current build's scanner and site model.

The hooks fill it in `on_config`; the mkdocs-gen-files script and the page hooks read it. The scanner is
kept across `mkdocs serve` rebuilds so that only changed files are parsed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError

from oracle_kb.read.scan import Scanner
from oracle_kb.render.site_model import SiteModel


@dataclass
class BuildState:
    command: str = "build"
    scanner: Scanner | None = None
    site: SiteModel | None = None
    files: object = None  # this build's mkdocs Files (pages outside the navigation find their neighbours)
    contexts: dict[str, dict[str, str]] = field(default_factory=dict)  # target -> linking page -> sentence
    quoting: dict[str, frozenset[str]] = field(default_factory=dict)  # target -> the linking pages it quotes


STATE = BuildState()


def current_site() -> SiteModel:
    if STATE.site is None:
        raise PluginError("oracle-kb: the oracle has not been scanned (are the oracle-kb hooks listed in mkdocs.yml?)")
    return STATE.site
