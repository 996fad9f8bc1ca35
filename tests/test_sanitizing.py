"""Background sanitizing during `mkdocs build`: a page never holds its unsanitized HTML, and every reader of
its sanitized HTML (the search index) gets it before the pages are rendered."""

from __future__ import annotations

import threading

from oracle_kb_mkdocs import sanitizing

UNSAFE = '<p onclick="x()">hi <a href="javascript:alert(1)">me</a></p><script>alert(2)</script>'


class Page:
    def __init__(self, content: str = "") -> None:
        self.content = content


def test_a_page_holds_nothing_until_finish_then_its_sanitized_html():
    pages = [Page() for _ in range(30)]
    returned = [sanitizing.sanitize_page(p, UNSAFE + f"<p>{i}</p>", background=True) for i, p in enumerate(pages)]
    assert set(returned) == {sanitizing.PENDING} and "onclick" not in sanitizing.PENDING
    sanitizing.finish()
    for i, p in enumerate(pages):
        assert p.content == f"<p>hi <a>me</a></p><p>{i}</p>"


def test_readers_get_the_sanitized_html_whether_it_is_ready_or_not():
    gate = threading.Event()
    seen: dict[int, str] = {}
    first, second = Page(), Page()
    real = sanitizing.sanitize
    try:
        # the first page's sanitizing waits, so its reader is called from the worker later
        sanitizing.sanitize = lambda html: (gate.wait(5), real(html))[1]
        sanitizing.sanitize_page(first, UNSAFE, background=True)
        sanitizing.when_clean(first, sanitizing.PENDING, lambda clean: seen.__setitem__(1, clean))
        assert 1 not in seen
        gate.set()
        sanitizing.sanitize = real
        sanitizing.sanitize_page(second, UNSAFE, background=True)
        sanitizing._jobs[id(second)][1].result()
        # the second page was done before anyone asked: its reader is called at once
        sanitizing.when_clean(second, sanitizing.PENDING, lambda clean: seen.__setitem__(2, clean))
        assert seen[2] == "<p>hi <a>me</a></p>" and second.content == ""  # in place only at finish()
        sanitizing.finish()
    finally:
        sanitizing.sanitize = real
    assert seen == {1: "<p>hi <a>me</a></p>", 2: "<p>hi <a>me</a></p>"}
    assert first.content == second.content == "<p>hi <a>me</a></p>"


def test_serving_sanitizes_in_place():
    page = Page()
    assert sanitizing.sanitize_page(page, UNSAFE, background=False) == "<p>hi <a>me</a></p>"
    seen = []
    sanitizing.when_clean(page, "<p>given</p>", seen.append)
    assert seen == ["<p>given</p>"]
