"""MkDocs hooks: the thin adapter between MkDocs and the oracle-kb core.

- on_config: scan the oracle once (re-reading only changed files on `mkdocs serve` rebuilds), run the
  checks, build the navigation, and put Pagefind behind Material's search box (oracle_kb_mkdocs.search);
- on_files: serve the oracle's own files in place (virtual files, nothing copied or moved) and log
  error findings as warnings, so `mkdocs build --strict` fails on them while `mkdocs serve` keeps going;
- on_page_markdown: header strip, findings (serve only) and backlinks on knowledge pages;
- on_page_content: sanitize HTML that came from the oracle;
- on_serve: watch the oracle folder.
The generated pages are written by `gen_pages.py` (mkdocs-gen-files) from the same scan.
"""

from __future__ import annotations

import html as html_lib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import nh3
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from oracle_kb.config import ConfigError, load_config
from oracle_kb.model import Severity
from oracle_kb.read.scan import OracleUnreadable, Scanner
from oracle_kb.render import site as pages
from oracle_kb.rules import Context, run_checks, validate_config
from oracle_kb_mkdocs import search

log = logging.getLogger("mkdocs.hooks.oracle_kb")


@dataclass
class BuildState:
    command: str = "build"
    scanner: Scanner | None = None
    site: pages.SiteModel | None = None
    scans: int = 0


STATE = BuildState()


def current_site() -> pages.SiteModel:
    if STATE.site is None:
        raise PluginError(
            "oracle-kb: the oracle has not been scanned (is hooks/oracle_kb_hooks.py listed under hooks:?)"
        )
    return STATE.site


def on_startup(command: str, dirty: bool) -> None:
    STATE.command = command


def on_config(config):
    try:
        cfg = load_config(cwd=Path(config.config_file_path).parent)
        validate_config(cfg)
        if STATE.scanner is None or STATE.scanner.config.oracle_dir != cfg.oracle_dir:
            # `mkdocs build` is one process with no threads yet: a forked helper may parse half the files.
            # `mkdocs serve` runs server threads, so it scans serially (and only changed files, after the first).
            STATE.scanner = Scanner(cfg, parallel=STATE.command == "build")
        else:
            STATE.scanner.config = cfg
        oracle = STATE.scanner.scan()
    except (ConfigError, OracleUnreadable) as exc:
        raise PluginError(f"oracle-kb: {exc}") from None
    STATE.scans += 1
    ctx = Context(oracle, cfg)
    STATE.site = pages.SiteModel(oracle, run_checks(oracle, cfg, ctx), ctx, directory_urls=config.use_directory_urls)
    log.info(
        "oracle-kb: %s: %d knowledge files, %d plans (%d files read)",
        oracle.name,
        len(oracle.files),
        len(oracle.plans),
        STATE.scanner.reads,
    )
    config.nav = _nav(STATE.site)
    return search.install(config, STATE.site, STATE.command)


# A topic with more files than this shows only its INDEX page in the navigation (which lists every file):
# otherwise every page of the topic would carry links to all its siblings.
NAV_MAX_FILES_PER_TOPIC = 40


def _in_nav(site: pages.SiteModel, path: str) -> bool:
    kf = site.oracle.files.get(path)
    return kf is not None and len(site.oracle.topics.get(kf.topic, ())) <= NAV_MAX_FILES_PER_TOPIC


def _nav(site: pages.SiteModel) -> list:
    o = site.oracle
    home = ["index.md"]
    if o.skill is not None:
        home.append({"About this oracle": o.skill.path})  # a fixed title: SKILL.md's own is oracle text
    topics = []
    for topic, files in o.topics.items():
        if not topic:
            continue
        listed = files if len(files) <= NAV_MAX_FILES_PER_TOPIC else []
        entries = [{safe_title(f.title): f.path} for f in listed]
        topics.append({safe_title(topic): [pages.topic_page(topic), *entries]})
    plans = [
        {safe_title(p.title or p.slug): [pages.plan_page(p), {"Influence matrix": pages.matrix_page(p)}]}
        for p in sorted(o.plans, key=lambda p: p.path)
    ]
    nav: list = [{"Home": home}, {"Topics": topics}]
    if plans:
        nav.append({"Plans": plans})
    nav.append({"Quality": [{"Validation report": pages.REPORT}, {"Rules": pages.RULES}]})
    nav.append({"Authoring": "authoring.md"})
    return nav


def on_files(files: Files, config) -> Files:
    site = current_site()
    o = site.oracle
    served = sorted({*o.files, *o.drops, *(p.path for p in o.plans), *o.other_files})
    for rel in served:
        if files.get_file_from_path(rel) is not None:
            log.warning("oracle-kb: %s exists both in docs/ and in the oracle; the docs/ page wins", rel)
            continue
        file = File(rel, src_dir=o.root, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        if not _in_nav(site, rel):
            file.inclusion = InclusionLevel.NOT_IN_NAV  # plans, drops, files of big topics: linked from index pages
        files.append(file)
    prefix = os.path.relpath(o.root, Path(config.config_file_path).parent)
    for f in site.findings:
        msg = "oracle-kb: %s/%s:%d: %s %s (fix: %s)"
        args = (prefix, f.path, f.line, f.rule, f.message, f.fix or "-")
        if f.severity is Severity.ERROR:
            log.warning(msg, *args)
        else:
            log.info(msg, *args)
    return files


def on_page_markdown(markdown: str, page, config, files):
    site = STATE.site
    if site is None:
        return markdown
    kf = site.oracle.files.get(page.file.src_uri)
    if kf is None:
        return markdown
    top = pages.header_strip(site, kf)
    if STATE.command == "serve":
        top += pages.findings_admonition(site, kf)
    head, sep, rest = markdown.partition("\n")
    if head.startswith("# "):
        markdown = head + "\n\n" + top + rest
    else:
        markdown = top + markdown
    return markdown + pages.backlinks_section(site, kf)


# Harmless HTML stays (tables, details, sub/sup, images); scripts, frames, handlers and javascript: go.
_TAGS = set(nh3.ALLOWED_TAGS) | {"svg", "path", "rect", "title", "g", "line", "circle", "input", "label", "button"}
_ATTRS = {
    "*": {
        "class",
        "id",
        "title",
        "lang",
        "dir",
        "align",
        "aria-label",
        "aria-hidden",
        "role",
        "tabindex",
        "width",
        "height",
        "name",
        "data-md-color-scheme",
        "style",
    },
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "svg": {"viewbox", "xmlns", "fill"},
    "path": {"d", "fill"},
    "rect": {"x", "y", "rx", "fill", "fill-opacity"},
    "details": {"open"},
    "code": set(),
}


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRS,
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
        filter_style_properties={"text-align", "width", "color", "background-color"},
    )


def on_page_content(html: str, page, config, files):
    """Every page whose text comes from the oracle is sanitized: its own files and the generated pages.

    Markdown itself can carry active content (javascript: links, attribute lists with on*=, entities),
    so no page is trusted for having no raw HTML. Only docs/ (this project's own pages) is trusted.
    """
    if STATE.site is None or _is_own_doc(page, config):
        return html
    page.title = safe_title(page.title)
    return sanitize(html)


def _is_own_doc(page, config) -> bool:
    src = page.file.abs_src_path
    if getattr(page.file, "generated_by", None) or src is None:
        return False
    return os.path.realpath(src).startswith(os.path.realpath(config.docs_dir) + os.sep)


_TAG = re.compile(r"<[^>]*>")


def safe_title(title) -> str:
    """Titles reach the nav, the header and <title> unescaped by the theme: text only, escaped."""
    return html_lib.escape(_TAG.sub("", str(title or "")), quote=False)


def on_serve(server, config, builder):
    site = STATE.site
    if site is not None:
        server.watch(site.oracle.root)
    return server
