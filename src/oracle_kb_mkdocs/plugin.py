"""The MkDocs plugin `oracle-kb` (`plugins: [oracle-kb]`): the hooks of `hooks.py`, plus what a hooks file
cannot do by itself.

- Options: the settings of `[tool.oracle-kb]` (`oracle_dir`, `min_citations`, …; `oracle-dir` spelling too),
  over the configuration file's, under `ORACLE_KB_DIR` (see `oracle_kb.config`).
- Generated pages: added in `on_files` through mkdocs-gen-files' `FilesEditor`, driven here, so that no
  gen-files script has to be listed in mkdocs.yml.
- The package's own pages: the authoring guide and the stylesheet, when docs_dir has none of its own; and a
  home page title (the site name) when docs_dir has no index.md.

Every MkDocs event `hooks.py` handles is delegated to it, so a handler added there reaches both ways of
loading the integration.
"""

from __future__ import annotations

import os
import tempfile

from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs_gen_files.editor import FilesEditor

from oracle_kb.config import SETTINGS

from . import hooks
from .generate import write_pages
from .site_config import PACKAGE_DOCS
from .state import STATE

STYLESHEET = "stylesheets/oracle-kb.css"
OWN_PAGES = ("authoring.md", "ci.md", STYLESHEET)  # added from PACKAGE_DOCS unless docs_dir has its own

# Every setting under its Python name and its configuration-file spelling; the core validates the values.
_NAMES = dict.fromkeys(name for s in SETTINGS for name in (s, s.replace("_", "-")))
_OPTIONS = tuple((name, c.Optional(c.Type(object))) for name in _NAMES)


class OracleKbPlugin(BasePlugin):
    config_scheme = _OPTIONS

    def __init__(self) -> None:
        self._scratch: tempfile.TemporaryDirectory | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        hooks.on_startup(command, dirty)

    def on_config(self, config):
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        options = {k: v for k, v in self.config.items() if v is not None}
        config = hooks.on_config(config, options=options)
        _refuse_site_inside_oracle(config)
        return config

    def on_files(self, files: Files, config) -> Files:
        """Generated pages first (as the gen-files plugin would add them), then the oracle's own files."""
        self._cleanup()
        self._scratch = tempfile.TemporaryDirectory(prefix="oracle_kb_pages_")
        for rel in OWN_PAGES:
            if files.get_file_from_path(rel) is None:
                files.append(_package_file(rel, config))
        with FilesEditor(files, config, self._scratch.name) as editor:
            if files.get_file_from_path("index.md") is None:
                _write_home_heading(editor, config)
            write_pages()
        return hooks.on_files(editor.files, config)

    def on_serve(self, server, config, builder):
        # The default configuration (`oracle-kb serve` without a mkdocs.yml) names a mkdocs.yml that does not
        # exist: MkDocs watches it before this event and the watcher would fail on it when the server starts.
        path = config.config_file_path
        if path and not os.path.exists(path):
            server.unwatch(path)
        return hooks.on_serve(server, config, builder)

    def on_post_build(self, *, config) -> None:
        self._cleanup()
        _delegate("on_post_build", config=config)

    def on_build_error(self, *, error) -> None:
        self._cleanup()
        _delegate("on_build_error", error=error)

    def on_shutdown(self) -> None:
        self._cleanup()
        _delegate("on_shutdown")

    def _cleanup(self) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None


def _refuse_site_inside_oracle(config) -> None:
    """A site built into the oracle would write HTML among its files (and be read as oracle files next time)."""
    root = os.path.realpath(STATE.site.oracle.root) if STATE.site is not None else None
    site = os.path.realpath(config.site_dir)
    if root is not None and (site == root or site.startswith(root + os.sep)):
        raise PluginError(
            f"oracle-kb: the site folder {config.site_dir} is inside the oracle {root}: "
            "build it elsewhere (oracle-kb build -d FOLDER, or site_dir in mkdocs.yml)"
        )


def _delegate(name: str, **kwargs):
    handler = getattr(hooks, name, None)
    return handler(**kwargs) if handler is not None else None


def _package_file(rel: str, config) -> File:
    file = File(rel, src_dir=str(PACKAGE_DOCS), dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    file.generated_by = "oracle-kb"  # not in the user's repository: no "edit this page" link
    return file


def _write_home_heading(editor: FilesEditor, config) -> None:
    """The home page's title (the site name); the generated home follows with what the oracle is (its
    SKILL.md's words), how to read the site, topics, plans and quality."""
    with editor.open("index.md", "w", encoding="utf-8") as fh:
        fh.write(f"# {config.site_name}\n\n")


def _forward(name: str):
    def handler(self, *args, **kwargs):
        return getattr(hooks, name)(*args, **kwargs)

    handler.__name__ = name
    priority = getattr(getattr(hooks, name), "mkdocs_priority", None)
    if priority is not None:
        handler.mkdocs_priority = priority  # type: ignore[attr-defined]
    return handler


# The other events of hooks.py (page hooks today; whatever is added there tomorrow) pass straight through;
# the events handled above keep the priority (@event_priority) hooks.py gives its handler.
for _name in dir(hooks):
    if not _name.startswith("on_") or not callable(getattr(hooks, _name)):
        continue
    if _name not in OracleKbPlugin.__dict__:
        setattr(OracleKbPlugin, _name, _forward(_name))
    elif hasattr(getattr(hooks, _name), "mkdocs_priority"):
        getattr(OracleKbPlugin, _name).mkdocs_priority = getattr(hooks, _name).mkdocs_priority
