"""Incremental rebuilds for `mkdocs serve --dirty`: re-render exactly the pages whose output can have changed.

In dirty mode MkDocs re-renders a page only when `page.file.is_modified()` says so (by default: its source
is newer than its built HTML) and leaves every other page's HTML as the last build wrote it. An oracle-kb
page shows facts from other files (INDEX rows, "Referenced by" lists, dashboards, findings), so a source's
mtime is not enough. Instead each page gets a fingerprint of everything it is built from:

- a generated page (mkdocs-gen-files, or any plugin's in-memory page): its generated text, so every
  generated page type is covered, present and future, and one is re-rendered only when its text changed;
- a file on disk: its size and mtime, plus the text the hooks add to it (`extra`: for a knowledge file the
  header strip, its findings and its backlinks, which depend on other files and on the plans);

and the site a key: mkdocs.yml, the theme's override folder (`custom_dir`) and the navigation every page
shows (its structure, URLs and titles). A build re-renders the pages whose fingerprint changed since the
last successful build; when files were added or removed, also every page whose text names one of them
(its links now resolve differently). On the first build of the process, or when the site key changed (a
config or template edit, a page added to or removed from the navigation, a navigation title changed), every
page is rebuilt. A page that is not re-rendered keeps its HTML and, in the navigation of the pages that are,
the title it had. The HTML of removed files is deleted.

Search is not this module's business: the Pagefind search (`search.py`) indexes the built site folder in
the background after each serve build, re-rendered pages and kept ones alike. `STATE.partial_rebuild` tells
post-build steps that this build re-rendered only some pages.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.utils.meta import get_data

log = logging.getLogger("mkdocs.hooks.oracle_kb")

_INHERIT = re.compile(rb"^INHERIT:[ \t]*['\"]?([^'\"\n#]+?)['\"]?[ \t]*(?:#.*)?$", re.M)


@dataclass
class Rebuild:
    """What one build re-renders, and what it will record as built once it succeeds."""

    full: bool
    reason: str
    pages: set[str]  # src_uri of each documentation page to re-render (all of them when `full`)
    site_key: str
    fingerprints: dict[str, str]  # src_uri -> fingerprint, every documentation page
    dests: dict[str, str]  # src_uri -> absolute output path, every file


@dataclass
class Incremental:
    """The state kept between the builds of one `mkdocs serve --dirty` process."""

    built: Rebuild | None = None  # the last successful build
    current: Rebuild | None = None  # the build under way
    titles: dict[str, tuple[str | None, dict]] = field(default_factory=dict)  # src_uri -> (title, meta)
    files: Files | None = None  # the build under way's
    frozen: bool = False

    def settle(self) -> None:
        """After the first scan: leave what lives as long as the server (the parsed oracle, about a million
        objects) out of the garbage collector's full passes, which otherwise cost up to 0.7 s of a rebuild.
        Parsed files are acyclic, so one replaced later is still freed (by reference counting)."""
        if not self.frozen:
            gc.freeze()
            self.frozen = True

    @property
    def partial(self) -> bool:
        return self.current is not None and not self.current.full

    def plan(self, nav: Navigation, files: Files, config, extra: Callable[[str], str]) -> Rebuild:
        """Decide which pages this build re-renders and tell MkDocs through each file's `is_modified`."""
        pages = [f for f in files if f.is_documentation_page()]
        fingerprints = {f.src_uri: fingerprint(f, extra(f.src_uri)) for f in pages}
        dests = {f.src_uri: f.abs_dest_path for f in files}
        key = site_key(config, nav)
        last = self.built
        if last is None or last.site_key != key:
            reason = "first build" if last is None else "mkdocs.yml, theme overrides or navigation changed"
            rebuild = Rebuild(True, reason, {f.src_uri for f in pages}, key, fingerprints, dests)
        else:
            changed = {uri for uri, fp in fingerprints.items() if last.fingerprints.get(uri) != fp}
            moved = set(dests).symmetric_difference(last.dests)
            if moved:
                changed |= naming(pages, moved, changed)
            rebuild = Rebuild(False, "changed: " + _sample(changed), changed, key, fingerprints, dests)
        if last is not None:
            remove_stale(last.dests.values(), dests.values(), config.site_dir)
        self.current, self.files = rebuild, files
        _apply(files, rebuild)
        self._restore_titles(nav, rebuild)
        log.info("oracle-kb: rebuilding %d of %d pages (%s)", len(rebuild.pages), len(pages), rebuild.reason)
        return rebuild

    def _restore_titles(self, nav: Navigation, rebuild: Rebuild) -> None:
        """Pages not re-rendered are not read, so MkDocs knows no title for them: give them their last one."""
        for page in nav.pages:
            uri = page.file.src_uri
            if uri not in rebuild.pages and "title" not in vars(page) and uri in self.titles:
                page.title, page.meta = self.titles[uri]

    def commit(self, config) -> None:
        """After a successful build: remember what was built and the titles of the pages it read."""
        rebuild, files = self.current, self.files
        if rebuild is None or files is None:
            return
        for f in files:
            page = f.page
            if page is not None and page.markdown is not None:
                self.titles[f.src_uri] = (page.title, dict(page.meta))
        self.built = rebuild


def fingerprint(file: File, extra: str) -> str:
    """What a page is built from: its generated text, or its source's size and mtime; plus `extra`."""
    h = hashlib.blake2b(digest_size=16)
    if file.generated_by or file.abs_src_path is None:
        h.update(b"text\0" + file.content_bytes)
    else:
        try:
            st = os.stat(file.abs_src_path)
            h.update(f"file\0{st.st_size}\0{st.st_mtime_ns}".encode())
        except OSError:
            h.update(b"missing")
    h.update(b"\0" + extra.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def site_key(config, nav: Navigation) -> str:
    """What every page shows: the config file, the theme's override templates, the navigation."""
    h = hashlib.blake2b(digest_size=16)
    for text in config_texts(config.config_file_path):
        h.update(text)
    custom = config.theme.custom_dir
    if custom and os.path.isdir(custom):
        for folder, _, names in sorted(os.walk(custom)):
            for name in sorted(names):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{folder}/{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    h.update(repr(nav_shape(nav.items)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def config_texts(path: str | None, depth: int = 0) -> list[bytes]:
    """The configuration file's text and that of the files it INHERITs from (MkDocs merges them)."""
    text = _read(path) if path else None
    if text is None:
        return []
    parent = _INHERIT.search(text)
    if parent is None or depth > 10:
        return [text]
    inherited = os.path.join(os.path.dirname(path), parent.group(1).decode("utf-8", "replace").strip())
    return [text, *config_texts(inherited, depth + 1)]


def nav_shape(items: Iterable) -> list:
    """The navigation as every page renders it: sections, links and pages with their URLs and titles."""
    out: list = []
    for item in items:
        if item.is_section:
            out.append(("section", item.title, nav_shape(item.children)))
        elif item.is_page:
            title = vars(item).get("title") or _source_title(item.file)
            out.append(("page", item.file.src_uri, item.file.url, title))
        else:
            out.append(("link", item.title, item.url))
    return out


def _source_title(file: File) -> str | None:
    """The title MkDocs will give a page it reads: front matter `title`, else its first-line `# ` heading."""
    try:
        markdown, meta = get_data(file.content_string)
    except (OSError, UnicodeDecodeError):
        return None
    if isinstance(meta, dict) and meta.get("title"):
        return str(meta["title"])
    for line in markdown.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip() if line.startswith("# ") else None
    return None


def naming(pages: list[File], moved: set[str], skip: set[str]) -> set[str]:
    """Pages whose text names a file that was added or removed: their links resolve differently now."""
    names = {uri.rsplit("/", 1)[-1] for uri in moved}
    needles = {n.encode() for n in names | {quote(n) for n in names}}
    found = set()
    for f in pages:
        if f.src_uri in skip:
            continue
        try:
            data = f.content_bytes  # searched as bytes: decoding 50 MB would cost 7x the search
        except OSError:
            continue
        if any(n in data for n in needles):
            found.add(f.src_uri)
    return found


def remove_stale(before: Iterable[str], now: Iterable[str], site_dir: str) -> None:
    """Delete what the last build wrote for files that are gone, and the folders that leaves empty."""
    root = os.path.realpath(site_dir)
    for path in set(before) - set(now):
        real = os.path.realpath(path)
        if not real.startswith(root + os.sep):
            continue
        try:
            os.remove(real)
        except OSError:
            continue
        folder = os.path.dirname(real)
        while folder != root and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def _apply(files: Files, rebuild: Rebuild) -> None:
    for f in files:
        if f.is_documentation_page():
            modified = rebuild.full or f.src_uri in rebuild.pages
        elif rebuild.full:
            modified = True  # re-copy static files too: a theme switch keeps their names
        else:
            continue  # static files: MkDocs copies those newer than their copy
        f.is_modified = _Answer(modified)  # type: ignore[method-assign]


class _Answer:
    """`File.is_modified` decided for this build (MkDocs asks twice: before reading and before writing)."""

    def __init__(self, value: bool) -> None:
        self.value = value

    def __call__(self) -> bool:
        return self.value


def _sample(uris: set[str], n: int = 3) -> str:
    shown = sorted(uris)[:n]
    more = f" and {len(uris) - n} more" if len(uris) > n else ""
    return (", ".join(shown) + more) or "nothing"


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None
