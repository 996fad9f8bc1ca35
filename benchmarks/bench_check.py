"""Wall time and peak memory of `oracle-kb check` over the synthetic oracle (targets: <= 1.0 s, <= 300 MB).

python benchmarks/bench_check.py [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

# The command as the console script runs it (main, flush, os._exit), plus one line with the peak RSS of
# this process and of its parsing worker.
PEAK = """
import gc, os, resource, sys
from oracle_kb.cli import main
gc.disable()  # as the console script does (oracle_kb.cli.entry)
code = main(sys.argv[1:])
sys.stdout.flush()
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print("PEAK_KB", peak, file=sys.stderr, flush=True)
os._exit(code)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    a = ap.parse_args()
    base = a.keep or Path(tempfile.mkdtemp(prefix="oracle-kb-bench-"))
    oracle = base / "synthetic-oracle"
    t = time.perf_counter()
    shape = generate(oracle) if not (oracle / "topic-00").exists() else None
    if shape:
        print(f"generated {shape} in {time.perf_counter() - t:.1f} s")
    size = sum(p.stat().st_size for p in oracle.rglob("*.md"))
    print(f"oracle: {size / 1e6:.1f} MB of markdown")
    # Time the command as an installed package runs it: with its modules' bytecode compiled (pip does that
    # at install time). A source checkout with stale or missing .pyc files, under PYTHONDONTWRITEBYTECODE,
    # would recompile every module on every run (measured: +0.1-0.2 s).
    import compileall

    import oracle_kb

    compileall.compile_dir(Path(oracle_kb.__file__).parent, quiet=1)
    walls, peaks = [], []
    out = ""
    for _ in range(a.runs):
        t = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-c", PEAK, "check", str(oracle), "--format", "json"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        walls.append(time.perf_counter() - t)
        peaks.append(int(r.stderr.split("PEAK_KB")[1].split()[0]) / 1024)
        out = r.stdout
        assert r.returncode in (0, 1), r.stderr[-2000:]
    s = json.loads(out)["summary"]
    print(
        f"checked {s['files']} files, {s['plans']} plans, {s['parts']} PARTs: "
        f"{s['errors']} errors, {s['warnings']} warnings"
    )
    print(f"wall: median {statistics.median(walls):.3f} s, min {min(walls):.3f} s over {a.runs} runs (target <= 1.0 s)")
    print(f"peak RSS: {max(peaks):.0f} MB (target <= 300 MB)")


if __name__ == "__main__":
    main()
