"""Save-to-visible while serving the synthetic 2,000-file oracle (target: <= 3 s, dependent pages included).

Starts `mkdocs serve --dirty` as `make serve` does, on 127.0.0.1 and on a copy of the synthetic oracle (the
copy is edited, then deleted), waits for the first build, then times each change from the moment the file
is written until the served pages show it:

- edit: a unique word and a link to a page it did not link yet, appended to one knowledge file: until the
  page shows the word, its row on the topic INDEX page its new line count, the linked page's "Referenced by"
  list the file;
- retitle: the file's heading changed: the page, its INDEX row, a linked page's "Referenced by" list;
- add / delete: a knowledge file in a topic (big topics list only their INDEX page in the navigation):
  until the page is served (gone), its INDEX row is there (gone), the page it links to lists it (no more);
- new topic / topic removed: a folder with one file, which changes the navigation, so every page is
  rebuilt (the slow path).

For each it prints the wall time, the CPU seconds the server spent until then (steadier than wall time on a
busy machine), how many pages the rebuild re-rendered (from the serve log) and when the background search
index (Pagefind, over the whole built site) was done.

    python benchmarks/bench_serve.py [--keep DIR] [--plain]

--keep DIR: generate the synthetic oracle into DIR/synthetic-oracle, or reuse it (it is copied, not edited).
--plain: serve without --dirty instead (every change rebuilds every page: minutes per change).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

from oracle_kb.read.knowledge import scan_knowledge  # noqa: E402
from oracle_kb.read.text import decode  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
REBUILT = re.compile(r"oracle-kb: rebuilding (\d+) of (\d+) pages")
TIMEOUT = 900.0


class Server:
    """`mkdocs serve` on a free port, its log in a file."""

    def __init__(self, oracle: Path, log: Path, dirty: bool) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/"
        self.log = log
        env = {**os.environ, "ORACLE_KB_DIR": str(oracle), "DISABLE_MKDOCS_2_WARNING": "true"}
        flags = ["--dirty"] if dirty else []
        with open(log, "w") as out:
            self.proc = subprocess.Popen(
                [MKDOCS, "serve", *flags, "--dev-addr", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.base + path, timeout=TIMEOUT) as r:
                return r.read().decode()
        except (urllib.error.URLError, OSError):
            return None

    def cpu(self) -> float:
        """CPU seconds the server has used so far (Linux; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / TICK

    def rebuilt(self) -> str:
        found = REBUILT.findall(self.log.read_text())
        return f"{found[-1][0]} of {found[-1][1]} pages re-rendered" if found else "every page re-rendered"

    def reindexed(self) -> int:
        """How many times the server has logged a finished background search index."""
        return self.log.read_text().count("search re-indexed")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def until(server: Server, checks: dict[str, Callable[[], bool]]) -> dict[str, float]:
    """Seconds from now until each check first holds (polled in turn, about 20 times a second)."""
    start, found = time.perf_counter(), {}
    while len(found) < len(checks):
        for name, check in checks.items():
            if name not in found and check():
                found[name] = time.perf_counter() - start
        if time.perf_counter() - start > TIMEOUT:
            raise SystemExit(f"timed out waiting for {set(checks) - set(found)}; see {server.log}")
        time.sleep(0.05)
    return found


def step(server: Server, label: str, change: Callable[[], None], checks: dict[str, Callable[[], bool]]) -> None:
    time.sleep(1.0)  # let the watcher settle after the previous change
    already = [name for name, check in checks.items() if check()]
    if already:
        raise SystemExit(f"{label}: {already} hold before the change: nothing to measure")
    cpu, indexed = server.cpu(), server.reindexed()
    start = time.perf_counter()
    change()
    times = until(server, checks)
    cpu = server.cpu() - cpu
    detail = ", ".join(f"{name} {t:.2f} s" for name, t in times.items())
    until(server, {"search": lambda: server.reindexed() > indexed})
    print(
        f"{label:<13} visible in {max(times.values()):5.2f} s ({detail}); server CPU {cpu:.2f} s; "
        f"{server.rebuilt()}; search re-indexed after {time.perf_counter() - start:.1f} s"
    )


def url(rel: str) -> str:
    return rel[: -len(".md")] + "/"


def row(index: str | None, rel: str) -> str:
    """The INDEX page's table row linking to the file `rel`."""
    name = url(rel.rsplit("/", 1)[-1])
    return next((r for r in re.findall(r"<tr>.*?</tr>", index or "", re.S) if f'href="{name}"' in r), "")


def referenced_by(page: str | None) -> str:
    return (page or "").partition("Referenced by")[2]


def pick(oracle: Path) -> tuple[str, str]:
    """A knowledge file and a page in another topic it does not link to yet."""
    edited = "topic-00/" + sorted(p.name for p in (oracle / "topic-00").glob("*.md") if p.name != "index.md")[0]
    text = (oracle / edited).read_text(encoding="utf-8")
    for p in sorted((oracle / "topic-07").glob("*.md")):
        if p.name not in text:
            return edited, f"topic-07/{p.name}"
    raise SystemExit("no unlinked page found in topic-07")


def run(server: Server, oracle: Path) -> None:
    edited, target = pick(oracle)
    path, word = oracle / edited, f"quokka{os.getpid()}"
    title = scan_knowledge(edited, decode(path.read_bytes())).title
    link = f"../{target}"

    text = path.read_text(encoding="utf-8") + f"\nThe {word} note follows [this]({link}).\n"
    lines = scan_knowledge(edited, decode(text.encode())).lines
    step(
        server,
        "edit",
        lambda: path.write_text(text, encoding="utf-8"),
        {
            "page": lambda: word in (server.get(url(edited)) or ""),
            "INDEX row": lambda: f">{lines}</td>" in row(server.get("topic-00/"), edited),
            "backlinks": lambda: f'{url(edited)}"' in referenced_by(server.get(url(target))),
        },
    )
    new_title = f"{title} {word}"
    step(
        server,
        "retitle",
        lambda: path.write_text(path.read_text(encoding="utf-8").replace(f"# {title}\n", f"# {new_title}\n", 1)),
        {
            "page": lambda: new_title in (server.get(url(edited)) or ""),
            "INDEX row": lambda: new_title in row(server.get("topic-00/"), edited),
            "backlinks": lambda: new_title in referenced_by(server.get(url(target))),
        },
    )
    added = f"topic-00/999-{word}.md"
    body = f"# Probe {word}\n\nA new file that links [a page]({link}).\n"
    step(
        server,
        "add",
        lambda: (oracle / added).write_text(body, encoding="utf-8"),
        {
            "page": lambda: f"Probe {word}" in (server.get(url(added)) or ""),
            "INDEX row": lambda: bool(row(server.get("topic-00/"), added)),
            "backlinks": lambda: f'{url(added)}"' in referenced_by(server.get(url(target))),
        },
    )
    step(
        server,
        "delete",
        lambda: (oracle / added).unlink(),
        {
            "page gone": lambda: server.get(url(added)) is None,
            "INDEX row gone": lambda: not row(server.get("topic-00/"), added),
            "backlinks": lambda: f'{url(added)}"' not in referenced_by(server.get(url(target))),
        },
    )
    topic = f"topic-{word}"
    step(
        server,
        "new topic",
        lambda: (oracle / topic).mkdir() or (oracle / topic / "000-probe.md").write_text(body, encoding="utf-8"),
        {
            "page": lambda: f"Probe {word}" in (server.get(f"{topic}/000-probe/") or ""),
            "nav": lambda: topic in (server.get(url(target)) or ""),
        },
    )
    step(
        server,
        "topic removed",
        lambda: shutil.rmtree(oracle / topic),
        {
            "page gone": lambda: server.get(f"{topic}/000-probe/") is None,
            "nav": lambda: topic not in (server.get(url(target)) or ""),
        },
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=Path, help="generate into (or reuse) DIR/synthetic-oracle")
    ap.add_argument("--plain", action="store_true", help="serve without --dirty (the full rebuild on every change)")
    a = ap.parse_args()
    base = a.keep or Path(tempfile.mkdtemp(prefix="oracle-kb-serve-bench-"))
    source = base / "synthetic-oracle"
    if not (source / "topic-00").exists():
        print("generated", generate(source))
    work = Path(tempfile.mkdtemp(prefix="oracle-kb-serve-bench-work-"))
    try:
        oracle = work / "synthetic-oracle"
        shutil.copytree(source, oracle)
        server = Server(oracle, work / "serve.log", dirty=not a.plain)
        try:
            t = time.perf_counter()
            if not until(server, {"up": lambda: server.get("") is not None}):
                raise SystemExit("mkdocs serve did not come up")
            mode = "mkdocs serve" if a.plain else "mkdocs serve --dirty"
            print(f"{mode}: first build and serve {time.perf_counter() - t:.1f} s")
            run(server, oracle)
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if a.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
