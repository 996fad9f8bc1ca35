"""Pagefind over a built site: the binary from the `pagefind[bin]` wheel.

`StreamingIndex` is for `mkdocs build`: Pagefind runs as a service (`pagefind --service`) and gets each
page as soon as MkDocs has converted it, so it parses pages on another core while the build goes on, and it
writes the chunked index while MkDocs renders the pages; at the end the index is moved into
`site_dir/pagefind/`. `BackgroundIndexer` is for `mkdocs serve`: each fresh
build gets the last good index at once (the search box never breaks), the whole site is re-indexed from
disk by the Pagefind command in a background thread, and the new index replaces the old one when it is
done, unless a newer build started meanwhile (that build re-indexes instead). Either way the word index is
regrouped (`pagefind_chunks.py`) before it is installed.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .pagefind_chunks import regroup

log = logging.getLogger("mkdocs.plugins.oracle_kb.search")

BUNDLE = "pagefind"
# Text on indexed pages that is not the page's own: the header strip (counts, plan, PART), the "Referenced
# by" list (other files' titles; both classes come from oracle_kb.render.site) and the headings' permalinks.
EXCLUDE_SELECTORS = ".okb-strip, .okb-authors, .okb-backlinks, .okb-local, .headerlink"
_INDEXED = re.compile(r"Indexed (\d+) pages?")


class IndexFailed(Exception):
    """Pagefind could not run or failed; the message says why and what to do."""


@dataclass(frozen=True)
class IndexResult:
    pages: int
    seconds: float  # in all, or what the build waited for at its end for a StreamingIndex
    waited: float = 0.0  # how long a StreamingIndex waited for Pagefind to read the last pages before writing


def pagefind_binary() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    path = get_executable() if get_executable else None
    if path is None or not Path(path).is_file():
        raise IndexFailed(
            "the Pagefind binary is missing: reinstall oracle-kb (it depends on pagefind[bin]) "
            "or set PAGEFIND_BINARY_PATH"
        )
    return str(path)


def run_pagefind(site_dir: Path, out_dir: Path, started: list[subprocess.Popen] | None = None) -> IndexResult:
    """Index `site_dir` into `out_dir`. `started` receives the process, so another thread can stop it."""
    cmd = [pagefind_binary(), "--site", str(site_dir), "--output-path", str(out_dir)]
    cmd += ["--exclude-selectors", EXCLUDE_SELECTORS]
    t = time.perf_counter()
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    except OSError as exc:
        raise IndexFailed(f"could not start Pagefind ({exc})") from None
    if started is not None:
        started.append(proc)
    out, _ = proc.communicate()
    if proc.returncode != 0:
        tail = "\n".join(out.strip().splitlines()[-5:])
        raise IndexFailed(f"Pagefind exited with status {proc.returncode}: {tail}")
    regroup(out_dir)
    m = _INDEXED.search(out)
    return IndexResult(int(m.group(1)) if m else 0, time.perf_counter() - t)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # the bundle is never modified in place: hard links are safe and instant
    except OSError:
        shutil.copy2(src, dst)


def install(bundle: Path, site_dir: Path) -> None:
    """Put `bundle` at `site_dir/pagefind`, swapping directories so readers see the old or the new one."""
    target = site_dir / BUNDLE
    staged = Path(tempfile.mkdtemp(prefix=".pagefind-new-", dir=site_dir))
    shutil.rmtree(staged)
    shutil.copytree(bundle, staged, copy_function=_link_or_copy)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".pagefind-old-", dir=site_dir))
        os.rmdir(old)
        os.rename(target, old)
    os.rename(staged, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class StreamingIndex:
    """Pages go to `pagefind --service` as they are converted; `write_in_background()` and `write()` make the
    index files.

    The messages are the ones the `pagefind` package's own client sends (base64 JSON, each ended by a
    comma). That client waits 0.1 s for each reply, which is minutes for thousands of pages: this one sends
    from a writer thread (the build never waits on the pipe) and collects replies in a reader thread.
    """

    def __init__(self) -> None:
        cmd = [pagefind_binary(), "--service"]
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise IndexFailed(f"could not start Pagefind ({exc})") from None
        self.replies: dict[int, dict] = {}
        self.closed = False
        self.cond = threading.Condition()
        self.outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.sent = 0
        self.sending = threading.Lock()
        self.pages: dict[int, str] = {}  # message id -> URL, for the pages sent
        self.writing: threading.Thread | None = None
        self.tmp: tempfile.TemporaryDirectory | None = None
        self.failed: Exception | None = None
        self.waited = 0.0
        threading.Thread(target=self._write, daemon=True).start()
        threading.Thread(target=self._read, daemon=True).start()
        config = {"exclude_selectors": [s.strip() for s in EXCLUDE_SELECTORS.split(",")]}
        self.index_id = self._wait(self._send({"type": "NewIndex", "config": config}))["index_id"]

    def _send(self, payload: dict) -> int:
        with self.sending:  # pages come from the build and from the sanitizer's thread
            self.sent += 1
            sent = self.sent
        message = {"message_id": sent, "payload": payload}
        self.outbox.put(base64.b64encode(json.dumps(message).encode()) + b",")
        return sent

    def _write(self) -> None:
        while (message := self.outbox.get()) is not None:
            try:
                self.proc.stdin.write(message)
                self.proc.stdin.flush()
            except OSError:
                return  # Pagefind is gone: the reader sees the end of its output and _wait says so

    def _read(self) -> None:
        rest = b""
        while chunk := self.proc.stdout.read1(1 << 16):
            *messages, rest = (rest + chunk).split(b",")
            with self.cond:
                for m in messages:
                    reply = json.loads(base64.b64decode(m))
                    self.replies[reply.get("message_id")] = reply["payload"]
                self.cond.notify_all()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def _wait(self, *ids: int) -> dict:
        with self.cond:
            self.cond.wait_for(lambda: self.closed or all(i in self.replies for i in ids))
            replies = [self.replies.pop(i, None) for i in ids]
        if any(r is None for r in replies):
            raise IndexFailed(f"Pagefind stopped (exit status {self.proc.wait()})")
        for i, reply in zip(ids, replies, strict=True):
            if reply["type"] == "Error":
                raise IndexFailed(f"Pagefind could not index {self.pages.get(i, 'the site')}: {reply['message']}")
        return replies[-1]

    def add(self, url: str, html: str) -> None:
        payload = {"type": "AddFile", "index_id": self.index_id, "url": url, "file_path": None, "file_contents": html}
        sent = self._send(payload)
        with self.sending:
            self.pages[sent] = url

    def write_in_background(self, site_dir: Path) -> None:
        """Every page was added: Pagefind writes the index files (into `site_dir`) while the build goes on."""
        self.writing = threading.Thread(target=self._write_files, args=(site_dir,), daemon=True)
        self.writing.start()

    def _write_files(self, site_dir: Path) -> None:
        t = time.perf_counter()
        try:
            if self.pages:
                self._wait(*self.pages)
            self.waited = time.perf_counter() - t
            site_dir.mkdir(parents=True, exist_ok=True)  # from on_env: MkDocs may not have written a file yet
            self.tmp = tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir)
            self._wait(self._send({"type": "WriteFiles", "index_id": self.index_id, "output_path": self.tmp.name}))
            regroup(Path(self.tmp.name))
        except (IndexFailed, OSError) as exc:
            self.failed = exc

    def write(self, site_dir: Path) -> IndexResult:
        """The index in `site_dir/pagefind/` (an older one there is replaced), written now or by
        `write_in_background` (then: the seconds the build waited for it)."""
        t = time.perf_counter()
        try:
            if self.writing is None:
                self._write_files(site_dir)
            else:
                self.writing.join()
            if self.failed is not None:
                raise self.failed if isinstance(self.failed, IndexFailed) else IndexFailed(str(self.failed))
            install(Path(self.tmp.name), site_dir)
        finally:
            if self.tmp is not None:
                self.tmp.cleanup()
            self.close()
        return IndexResult(len(self.pages), time.perf_counter() - t, self.waited)

    def close(self) -> None:
        self.outbox.put(None)
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait()


class BackgroundIndexer:
    """`mkdocs serve`: index after each rebuild without holding it up; keep the last good index in a cache."""

    def __init__(self) -> None:
        self.cache = Path(tempfile.mkdtemp(prefix="oracle-kb-pagefind-"))
        self.generation = 0
        self.lock = threading.Lock()
        self.procs: list[subprocess.Popen] = []
        self.last: IndexResult | None = None
        self.done = threading.Event()

    @property
    def current(self) -> Path:
        return self.cache / BUNDLE

    def cancel(self) -> None:
        """A build starts: the index being made would describe a site that is about to change."""
        with self.lock:
            self.generation += 1
            for proc in self.procs:
                if proc.poll() is None:
                    proc.kill()
            self.procs = []

    def after_build(self, site_dir: Path) -> None:
        with self.lock:
            self.generation += 1
            generation = self.generation
            self.done.clear()
        if not self.current.exists():  # the first build: index now, so search works from the start
            self.last = run_pagefind(site_dir, self.current)
            install(self.current, site_dir)
            self.done.set()
            return
        install(self.current, site_dir)
        threading.Thread(target=self._reindex, args=(site_dir, generation), daemon=True).start()

    def _reindex(self, site_dir: Path, generation: int) -> None:
        fresh = self.cache / f"next-{generation}"
        try:
            result = run_pagefind(site_dir, fresh, self.procs)
            with self.lock:
                if generation != self.generation:
                    return
                stale = self.cache / f"old-{generation}"
                os.rename(self.current, stale)
                os.rename(fresh, self.current)
                shutil.rmtree(stale, ignore_errors=True)
                install(self.current, site_dir)
                self.last = result
            log.info("oracle-kb: search re-indexed: %d pages in %.1f s", result.pages, result.seconds)
        except (IndexFailed, OSError) as exc:
            if generation == self.generation:
                log.warning("oracle-kb: search not re-indexed (%s); it answers from the previous build", exc)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
            if generation == self.generation:
                self.done.set()

    def close(self) -> None:
        self.cancel()
        shutil.rmtree(self.cache, ignore_errors=True)
