"""Site scale on the synthetic 2,000-file oracle.

Prints: build time of our site (hooks, generated pages, Pagefind) vs the same oracle built by plain Material
with its lunr search (same mkdocs.yml minus hooks and generated pages, the oracle as docs_dir), runs
interleaved, median of 3 (target: ours <= 0.85x plain); with `--baseline REF` also the same build by the
site code of another git revision (e.g. `main`), so a change's own cost shows apart from the machine's
noise; built HTML against the pages' own content HTML (target <= 2.5x); the search index size; the graph
of pages (layout time, page and data bytes).

    python benchmarks/bench_site.py [--runs 3] [--keep DIR] [--baseline REF]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
ARTICLE = re.compile(rb"<article class=\"md-content__inner md-typeset\"[^>]*>(.*?)</article>", re.S)  # search marks it


def _with_parents(path: Path) -> dict:
    """A mkdocs.yml with the files it INHERITs merged under it (as MkDocs merges them)."""
    cfg = yaml.safe_load(path.read_text())
    parent = cfg.pop("INHERIT", None)
    if parent:
        base = _with_parents(path.parent / parent)
        base.update(cfg)
        cfg = base
    return cfg


def plain_config(oracle: Path, out: Path) -> Path:
    cfg = _with_parents(ROOT / "mkdocs.yml")
    for key in ("hooks", "watch", "extra_css"):
        cfg.pop(key, None)
    cfg["plugins"] = ["search"]
    cfg["docs_dir"] = str(oracle)  # the same oracle files (knowledge, plans, drops), no generated pages
    path = out / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(cfg))
    return path


def timed_build(args: list[str], env: dict, cwd: Path = ROOT) -> float:
    t = time.perf_counter()
    r = subprocess.run([MKDOCS, "build", "--quiet", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    return time.perf_counter() - t


def compare_builds(
    oracle: Path, base: Path, runs: int, tree: Path | None = None
) -> tuple[list[float], list[float], Path, Path, list[float]]:
    """Build the oracle `runs` times with our mkdocs.yml and with plain Material, interleaved (and with the
    site code of the checkout `tree`, when given).

    Returns (our times, plain times, our site folder, plain site folder, the checkout's times).
    """
    env = {**os.environ, "ORACLE_KB_DIR": str(oracle), "DISABLE_MKDOCS_2_WARNING": "true"}
    ours_site, plain_site = base / "site-ours", base / "site-plain"
    plain_yml = plain_config(oracle, base)
    tree_env = {**env, "PYTHONPATH": str(tree / "src")} if tree else env
    ours, plain, then = [], [], []
    for _ in range(runs):
        plain.append(timed_build(["-f", str(plain_yml), "-d", str(plain_site)], env))
        ours.append(timed_build(["-f", str(ROOT / "mkdocs.yml"), "-d", str(ours_site)], env))
        if tree:
            then.append(
                timed_build(["-f", str(tree / "mkdocs.yml"), "-d", str(base / "site-baseline")], tree_env, tree)
            )
    return ours, plain, ours_site, plain_site, then


def html_sizes(site: Path) -> tuple[int, int, int]:
    total = content = pages = 0
    for p in site.rglob("*.html"):
        data = p.read_bytes()
        m = ARTICLE.search(data)
        if m:
            pages += 1
            total += len(data)
            content += len(m.group(1))
    return total, content, pages


@contextmanager
def baseline_tree(ref: str | None, base: Path):
    """A checkout of `ref` (a git worktree, removed afterwards), or None."""
    if not ref:
        yield None
        return
    tree = base / f"baseline-{re.sub(r'[^A-Za-z0-9._-]', '_', ref)}"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--force", str(tree), ref],
        check=True,
        capture_output=True,
    )
    try:
        yield tree
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)


def graph_figures(oracle: Path, site: Path) -> str:
    """Layout time of the graph of pages (measured apart from the build) and the bytes a reader downloads."""
    from oracle_kb.config import Config
    from oracle_kb.pipeline import check
    from oracle_kb.render.graph import adjacency, graph_json

    checked = check(Config(oracle_dir=oracle))
    t = time.perf_counter()
    data, links = graph_json(checked.oracle, adjacency(checked.oracle, checked.index))
    took = time.perf_counter() - t
    page = (site / "kb" / "graph" / "index.html").read_bytes()
    built = (site / "kb" / "graph.json").read_bytes()
    return (
        f"graph of pages: {len(checked.oracle.files)} pages, {links} links, layout and data {took:.2f} s; "
        f"page {len(page) / 1e3:.0f} kB + data {len(built) / 1e3:.0f} kB "
        f"({len(gzip.compress(page)) / 1e3:.0f} kB + {len(gzip.compress(built)) / 1e3:.0f} kB gzipped)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--baseline", help="also build with the site code of this git revision (e.g. main)")
    a = ap.parse_args()
    base = a.keep or Path(tempfile.mkdtemp(prefix="oracle-kb-site-bench-"))
    oracle = base / "synthetic-oracle"
    if not (oracle / "topic-00").exists():
        print("generated", generate(oracle))
    with baseline_tree(a.baseline, base) as tree:
        ours, plain, ours_site, plain_site, then = compare_builds(oracle, base, a.runs, tree)
    mo, mp = statistics.median(ours), statistics.median(plain)
    print(
        f"build: ours median {mo:.1f} s {[round(t, 1) for t in ours]}, plain Material median {mp:.1f} s "
        f"{[round(t, 1) for t in plain]} -> {mo / mp:.2f}x (target <= 0.85x); load average {os.getloadavg()[0]:.1f}"
    )
    if then:
        mb = statistics.median(then)
        print(f"       {a.baseline} median {mb:.1f} s -> this tree costs {100 * (mo - mb) / mb:+.1f}% over it")
    total, content, pages = html_sizes(ours_site)
    print(
        f"HTML: {pages} pages, {total / 1e6:.1f} MB built, {content / 1e6:.1f} MB page content "
        f"-> {total / content:.2f}x (target <= 2.5x)"
    )
    ptotal, pcontent, ppages = html_sizes(plain_site)
    print(f"      plain Material: {ppages} pages, {ptotal / 1e6:.1f} MB built -> {ptotal / pcontent:.2f}x")
    bundle = sum(p.stat().st_size for p in (ours_site / "pagefind").rglob("*") if p.is_file())
    lunr = plain_site / "search" / "search_index.json"
    print(
        f"search: Pagefind bundle {bundle / 1e6:.1f} MB on disk, fetched in pieces "
        f"(plain Material's lunr index: {lunr.stat().st_size / 1e6:.1f} MB, fetched whole; see bench_search.py)"
    )
    print(graph_figures(oracle, ours_site))


if __name__ == "__main__":
    main()
