"""Search at scale on the synthetic 2,000-file oracle: build time and what a reader downloads.

Prints:
- full `mkdocs build` time of our site (hooks, generated pages, Pagefind) against plain Material with the
  same theme and extensions and its lunr search, median of --runs (target: ours <= 0.85x plain);
- the size of lunr's search_index.json against Pagefind's bundle on disk;
- from Debian chromium's network log, served twice: as `python -m http.server` serves the folder (no
  compression) and gzipped like GitHub Pages serves HTML, CSS, JS and JSON (Pagefind's index files are
  gzipped already): the bytes of a knowledge page's first load (target <= 1 MB), that nothing is fetched
  for search before the box opens, and the bytes to open the box and show the first results of a query,
  each with a cold cache (target <= 0.5 MB).

    python benchmarks/bench_search.py [--runs 3] [--files 2000] [--keep DIR] [--skip-build]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_site import MKDOCS, compare_builds  # noqa: E402
from generate import generate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
QUERIES = ("attention", "ARR-COC-0-1", "gradient sharding", "torch.randn")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Gzipped(Quiet):
    """Text files gzipped on the fly, as GitHub Pages sends them."""

    TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in self.TEXT and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(root: Path, handler=Quiet) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def size(r) -> int:
    """Bytes on the wire: headers and the body as sent (Content-Length: chromium reports no body size for a
    worker's script)."""
    s = r.sizes()
    length = r.response().header_value("content-length")
    return s["responseHeadersSize"] + (int(length) if length else s["responseBodySize"])


def is_search(url: str) -> bool:
    return "/pagefind/" in url or url.endswith("/assets/oracle-kb/search.js")


def measure_browser(url: str, page_path: str) -> None:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        for i, query in enumerate(QUERIES):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})  # a cold cache each time
            pg = ctx.new_page()
            done: list = []
            pg.on("requestfinished", lambda r, done=done: done.append(r))
            pg.goto(url + page_path)
            pg.wait_for_load_state("networkidle")
            first = list(done)
            early = [r.url for r in first if is_search(r.url)]
            if i == 0:
                print(
                    f"knowledge page first load: {sum(map(size, first)) / 1e3:.0f} kB in {len(first)} requests "
                    f"(target <= 1000 kB); search requests before the box opens: {len(early)}"
                )
            pg.keyboard.press("/")
            pg.locator("input.md-search__input").fill(query)
            pg.locator(".md-search-result__item").first.wait_for(timeout=60000)
            pg.wait_for_load_state("networkidle")
            pg.wait_for_timeout(300)
            after = [r for r in done[len(first) :] if is_search(r.url)]
            shown = pg.locator(".md-search-result__item").count()
            meta = pg.locator(".md-search-result__meta").inner_text()
            print(
                f"search {query!r}: {sum(map(size, after)) / 1e3:.0f} kB in {len(after)} requests to open the box "
                f"and show {shown} results ({meta}) (target <= 500 kB)"
            )
            ctx.close()
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--skip-build", action="store_true", help="reuse the sites built in --keep before")
    a = ap.parse_args()
    base = a.keep or Path(tempfile.mkdtemp(prefix="oracle-kb-search-bench-"))
    oracle = base / "synthetic-oracle"
    if not (oracle / "topic-00").exists():
        k = a.files / 2000
        print(
            "generated",
            generate(
                oracle, n_files=a.files, n_plans=max(1, round(60 * k)), n_parts=round(700 * k), n_drops=round(500 * k)
            ),
        )
    ours_site, plain_site = base / "site-ours", base / "site-plain"
    if not a.skip_build:
        ours, plain, ours_site, plain_site, _ = compare_builds(oracle, base, a.runs)
        mo, mp = statistics.median(ours), statistics.median(plain)
        print(
            f"build ({a.files} files, interleaved, median of {a.runs}): ours {mo:.1f} s {[round(t, 1) for t in ours]}, "
            f"plain Material with lunr {mp:.1f} s {[round(t, 1) for t in plain]} -> {mo / mp:.2f}x (target <= 0.85x); "
            f"load average {os.getloadavg()[0]:.1f}"
        )
    lunr = plain_site / "search" / "search_index.json"
    bundle = sum(p.stat().st_size for p in (ours_site / "pagefind").rglob("*") if p.is_file())
    chunks = len(list((ours_site / "pagefind" / "index").iterdir()))
    print(
        f"on disk: lunr search_index.json {lunr.stat().st_size / 1e6:.1f} MB (every reader downloads it); "
        f"Pagefind bundle {bundle / 1e6:.1f} MB in {chunks} index chunks and one fragment per page"
    )
    page = next(p for p in sorted((ours_site / "topic-00").iterdir()) if (p / "index.html").is_file())
    for label, handler in (("python -m http.server (no compression)", Quiet), ("gzipped like GitHub Pages", Gzipped)):
        print(f"-- served {label}")
        httpd, url = serve(ours_site, handler)
        try:
            measure_browser(url, f"topic-00/{page.name}/")
        finally:
            httpd.shutdown()


if __name__ == "__main__":
    assert Path(MKDOCS).exists()
    main()
