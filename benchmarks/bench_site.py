"""Site scale on the synthetic 2,000-file oracle.

Prints: build time with our hooks vs the same site built by plain Material (same mkdocs.yml minus hooks and
generated pages, the oracle as docs_dir), median of 3 (target: hooks add <= 10%); built HTML against the
pages' own content HTML (target <= 2.5x); the search index sizes.

    python benchmarks/bench_site.py [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
ARTICLE = re.compile(rb'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def plain_config(oracle: Path, out: Path) -> Path:
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    if "INHERIT" in cfg:  # the package's default configuration, found from this copy's folder
        cfg["INHERIT"] = str(ROOT / cfg["INHERIT"])
    for key in ("hooks", "watch", "extra_css"):
        cfg.pop(key, None)
    cfg["plugins"] = ["search"]
    cfg["docs_dir"] = str(oracle)  # the same oracle files (knowledge, plans, drops), no generated pages
    path = out / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(cfg))
    return path


def timed_build(args: list[str], env: dict) -> float:
    t = time.perf_counter()
    r = subprocess.run([MKDOCS, "build", "--quiet", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    return time.perf_counter() - t


def compare_builds(oracle: Path, base: Path, runs: int) -> tuple[list[float], list[float], Path, Path]:
    """Build the oracle `runs` times with our mkdocs.yml and with plain Material, interleaved.

    Returns (our times, plain times, our site folder, plain site folder).
    """
    env = {**os.environ, "ORACLE_KB_DIR": str(oracle), "DISABLE_MKDOCS_2_WARNING": "true"}
    ours_site, plain_site = base / "site-ours", base / "site-plain"
    plain_yml = plain_config(oracle, base)
    ours, plain = [], []
    for _ in range(runs):
        plain.append(timed_build(["-f", str(plain_yml), "-d", str(plain_site)], env))
        ours.append(timed_build(["-f", str(ROOT / "mkdocs.yml"), "-d", str(ours_site)], env))
    return ours, plain, ours_site, plain_site


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path)
    a = ap.parse_args()
    base = a.keep or Path(tempfile.mkdtemp(prefix="oracle-kb-site-bench-"))
    oracle = base / "synthetic-oracle"
    if not (oracle / "topic-00").exists():
        print("generated", generate(oracle))
    ours, plain, ours_site, plain_site = compare_builds(oracle, base, a.runs)
    mo, mp = statistics.median(ours), statistics.median(plain)
    print(
        f"build: with oracle-kb hooks median {mo:.1f} s, plain Material median {mp:.1f} s "
        f"-> hooks add {100 * (mo - mp) / mp:+.1f}% (target <= 10%)"
    )
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


if __name__ == "__main__":
    main()
