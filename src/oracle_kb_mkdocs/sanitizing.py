"""Page HTML sanitized on the other core during `mkdocs build`.

MkDocs converts every page first and renders the templates afterwards, so a page's content is not read
between its `on_page_content` and `on_env`. During a build each page's HTML goes to one worker thread (nh3
releases the GIL while it cleans) and the page holds an empty content meanwhile, never the unsanitized HTML;
`finish()` (the first `on_env` handler) puts the sanitized HTML in place. Whoever needs a page's sanitized
HTML before that (the search index) asks `when_clean`; an `on_page_content` handler of another plugin that
runs after ours (a negative priority) would see the empty content. `mkdocs serve` sanitizes in place, page
by page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from oracle_kb.render.sanitize import sanitize

PENDING = ""  # a page's content until its sanitized HTML is put in place


class _Job:
    def __init__(self, page, html: str, then: Callable[[str], str] | None) -> None:
        self.page = page
        self.html = html
        self.finish = then
        self.clean: str | None = None
        self.then: list[Callable[[str], None]] = []

    def run(self) -> str:
        clean = sanitize(self.html)
        if self.finish is not None:
            clean = self.finish(clean)
        self.html = ""
        with _lock:
            self.clean = clean
            then, self.then = self.then, []
        for callback in then:
            callback(clean)
        return clean


_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_jobs: dict[int, tuple[_Job, Future]] = {}  # id(page) -> its job, until finish()


def sanitize_page(page, html: str, background: bool, then: Callable[[str], str] | None = None) -> str:
    """The content `on_page_content` returns: the sanitized HTML (passed through `then`, our own trusted
    markup), or PENDING while a worker makes it."""
    global _pool
    if not background:
        clean = sanitize(html)
        return then(clean) if then is not None else clean
    if _pool is None:
        _pool = ThreadPoolExecutor(1, thread_name_prefix="oracle-kb-sanitize")
    job = _Job(page, html, then)
    _jobs[id(page)] = (job, _pool.submit(job.run))
    return PENDING


def when_clean(page, content: str, callback: Callable[[str], None]) -> None:
    """Call `callback` with the page's sanitized HTML: now, or in the worker once it is sanitized. `content`: what
    the calling `on_page_content` handler got (the page's HTML, when it is not being sanitized in the background)."""
    found = _jobs.get(id(page))
    if found is not None:
        job = found[0]
        with _lock:
            if job.clean is None:
                job.then.append(callback)
                return
        callback(job.clean)
        return
    callback(content)


def pending() -> bool:
    """Whether some page still holds PENDING instead of its sanitized HTML."""
    return bool(_jobs)


def finish() -> None:
    """Every sanitized page's HTML in place (and every callback run); raises what a worker raised."""
    global _pool
    jobs = list(_jobs.values())
    _jobs.clear()
    try:
        for job, future in jobs:
            job.page.content = future.result()
    finally:
        if _pool is not None:
            _pool.shutdown(wait=True)
            _pool = None
