"""MkDocs event handlers: the thin adapter between MkDocs and the oracle-kb core.

- on_config: scan the oracle (re-reading only changed files on `mkdocs serve` rebuilds), resolve, check,
  build the navigation, and put Pagefind behind Material's search box (`search.py`);
- on_files: serve the oracle's own files in place (virtual files, nothing copied or moved) and log
  error findings as warnings, so `mkdocs build --strict` fails on them while `mkdocs serve` keeps going;
- on_page_markdown: what a page shows from other files (`reader.py`): header strip, findings (serve only)
  and "Referenced by" on knowledge pages; plan and drop pages made readable; breadcrumbs for pages outside
  the navigation;
- on_page_content: sanitize HTML that came from the oracle (on another core during a build:
  `sanitizing.py`), then add our own graph containers;
- on_env: the sanitized HTML in place;
- on_page_context: previous/next for pages outside the navigation;
- on_post_page: a knowledge page's "Referenced by" list (quoting the linking sentences) and its small graph;
- on_serve: watch the oracle folder;
- on_nav, on_post_build: with `--dirty`, rebuild only the pages a change affects (`incremental.py`); a
  page's fingerprint includes everything `reader.decorate` gives it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from oracle_kb.config import ConfigError, load_config
from oracle_kb.model import Severity
from oracle_kb.pipeline import check
from oracle_kb.read.scan import OracleUnreadable, Scanner
from oracle_kb.render.sanitize import safe_title
from oracle_kb.render.site_model import SiteModel

from . import reader, sanitizing, search
from .incremental import Incremental
from .nav import GUIDES, build_nav, in_nav
from .reader import Decorations
from .state import STATE

log = logging.getLogger("mkdocs.hooks.oracle_kb")


def on_startup(command: str, dirty: bool) -> None:
    STATE.command = command
    STATE.incremental = Incremental() if dirty else None
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_dirty_warning)
    elif command == "serve":
        log.info(
            "oracle-kb: without --dirty every change rebuilds every page; `mkdocs serve --dirty` rebuilds only the pages it affects"
        )


def _dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build leaves navigation and links stale; the hooks rebuild what depends on a change."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def on_config(config, options: dict | None = None):
    """`options`: the oracle-kb plugin's options (None when loaded as a hooks file)."""
    try:
        cfg = load_config(cwd=Path(config.config_file_path).parent, options=options)
        if STATE.scanner is None or STATE.scanner.config.oracle_dir != cfg.oracle_dir:
            # `mkdocs build` is one process with no threads yet: forked helpers may parse the files.
            # `mkdocs serve` runs server threads, so it scans serially (and only changed files, after the first).
            STATE.scanner = Scanner(cfg, parallel=STATE.command == "build")
        else:
            STATE.scanner.config = cfg
        checked = check(cfg, STATE.scanner)
    except (ConfigError, OracleUnreadable) as exc:
        raise PluginError(f"oracle-kb: {exc}") from None
    oracle = checked.oracle
    reader.configure(config, cfg)
    STATE.site = SiteModel(
        oracle,
        checked.index,
        checked.findings,
        directory_urls=config.use_directory_urls,
        **reader.reader_inputs(oracle, cfg),
    )
    STATE.decorations = {}
    if STATE.incremental is not None:
        STATE.incremental.settle()
    log.info(
        "oracle-kb: %s: %d knowledge files, %d plans (%d files read)",
        oracle.name,
        len(oracle.files),
        len(oracle.plans),
        STATE.scanner.reads,
    )
    config.nav = build_nav(STATE.site, guides=_guides(config))
    return search.install(config, STATE.site, STATE.command)


def _guides(config) -> frozenset[str]:
    """The guide pages in docs_dir, or all of them when the oracle-kb plugin adds the package's copies."""
    return frozenset(
        page for _, page in GUIDES if "oracle-kb" in config.plugins or (Path(config.docs_dir) / page).is_file()
    )


def on_files(files: Files, config) -> Files:
    site = STATE.site
    if site is None:
        raise PluginError("oracle-kb: on_files ran before on_config")
    o = site.oracle
    served = sorted({*o.files, *o.drops, *(p.path for p in o.plans), *o.other_files})
    for rel in served:
        if files.get_file_from_path(rel) is not None:
            log.warning("oracle-kb: %s exists both in docs/ and in the oracle; the docs/ page wins", rel)
            continue
        file = File(rel, src_dir=o.root, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        if not in_nav(site, rel):
            file.inclusion = InclusionLevel.NOT_IN_NAV  # plans, drops, files of big topics: linked from index pages
        files.append(file)
    _log_findings(site, config)
    STATE.files = files
    return files


def _log_findings(site: SiteModel, config) -> None:
    """Every finding, once: a `mkdocs serve` rebuild logs only those the last build did not, and a count.

    (Logging the thousands of findings of a big oracle again on every save took about a second.)"""
    prefix = os.path.relpath(site.oracle.root, Path(config.config_file_path).parent)
    keys = {(f.path, f.line, f.rule, f.message) for f in site.findings}
    fresh = site.findings
    if STATE.command == "serve" and STATE.logged is not None:
        fresh = [f for f in site.findings if (f.path, f.line, f.rule, f.message) not in STATE.logged]
        log.info(
            "oracle-kb: %d findings: %d new since the last build (below), %d gone; the validation report lists all",
            len(keys),
            len(fresh),
            len(STATE.logged - keys),
        )
    STATE.logged = keys
    for f in fresh:
        msg = "oracle-kb: %s/%s:%d: %s %s (fix: %s)"
        args = (prefix, f.path, f.line, f.rule, f.message, f.fix or "-")
        if f.severity is Severity.ERROR:
            log.warning(msg, *args)
        else:
            log.info(msg, *args)


def page_decorations(src_uri: str) -> Decorations:
    """What a page shows from other files; cached for the build.

    Incremental rebuilds fingerprint pages by it, so everything added to a page must come from here.
    """
    found = STATE.decorations.get(src_uri)
    if found is None:
        found = STATE.decorations[src_uri] = _decorations(src_uri)
    return found


def _decorations(src_uri: str) -> Decorations:
    site = STATE.site
    if site is None:
        return Decorations()
    return reader.decorate(site, src_uri)


def on_page_markdown(markdown: str, page, config, files):
    site = STATE.site
    if site is None:
        return markdown
    reader.normalise_tags(page)
    return reader.page_markdown(site, page, markdown, page_decorations(page.file.src_uri))


def on_page_content(html: str, page, config, files):
    """Every page whose text comes from the oracle is sanitized: its own files and the generated pages.

    Markdown itself can carry active content (javascript: links, attribute lists with on*=, entities),
    so no page is trusted for having no raw HTML. Only docs/ (this project's own pages) is trusted.
    """
    if STATE.site is None or _is_own_doc(page, config):
        return html
    page.title = safe_title(page.title)
    site = STATE.site
    return sanitizing.sanitize_page(
        page, html, background=STATE.command == "build", then=lambda clean: reader.trusted_html(site, page, clean)
    )


@event_priority(1000)  # before any other handler (Material's tags plugin fills its listings at 100) reads pages
def on_env(env, config, files):
    sanitizing.finish()
    return env


def on_post_page(output: str, page, config) -> str:
    if STATE.site is None:
        return output
    return reader.finish_page(output, page_decorations(page.file.src_uri))


def on_page_context(context, page, config, nav):
    # A loader that registers no on_env must still never render a page whose sanitized HTML is not in place.
    if sanitizing.pending():
        sanitizing.finish()
    if STATE.site is not None:
        reader.page_context(STATE.site, page)
    return context


def _is_own_doc(page, config) -> bool:
    src = page.file.abs_src_path
    if getattr(page.file, "generated_by", None) or src is None:
        return False
    return os.path.realpath(src).startswith(os.path.realpath(config.docs_dir) + os.sep)


def on_serve(server, config, builder):
    site = STATE.site
    if site is not None:
        server.watch(site.oracle.root)
    return server


@event_priority(-50)  # after other plugins changed the navigation
def on_nav(nav, config, files):
    if STATE.incremental is not None:
        STATE.incremental.plan(nav, files, config, extra=lambda uri: page_decorations(uri).key())
    return nav


def on_post_build(config):
    if STATE.incremental is not None:
        STATE.incremental.commit(config)
