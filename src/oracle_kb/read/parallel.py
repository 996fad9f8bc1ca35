"""Parse many files in several processes: `parse_all(items, parse, sizes)`.

Forked children each parse a byte-balanced share and send their results back through a pipe as plain
tuples (`model.to_plain`, carried by `marshal`: far cheaper than pickling many small objects); this
process parses its own share meanwhile, then rebuilds the children's objects. Below `min_items`, on a
single core, or where `fork` is missing or fails, everything is parsed here. Only for processes without
threads: forking a threaded process (`mkdocs serve`) is unsafe, so callers decide.
"""

from __future__ import annotations

import marshal
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..model import from_plain, to_plain

T = TypeVar("T")
Parsed = tuple[object, int]  # (model object, 1 if the file was read from disk else 0)

MIN_ITEMS = 400  # below this, a second process costs more than it saves
# Measured on the benchmark oracle (2 cores): the children also pack their results, so this process, which
# rebuilds them, takes a slightly larger share of the bytes than each child.
OWN_SHARE_WEIGHT = 1.15


def default_workers() -> int:
    """Processes to use: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def split(sizes: Sequence[int], processes: int) -> list[list[int]]:
    """Item indexes for each process (this one first), interleaved so that bytes are balanced."""
    weights = [OWN_SHARE_WEIGHT] + [1.0] * (processes - 1)
    shares: list[list[int]] = [[] for _ in range(processes)]
    loads = [0.0] * processes
    for i, size in enumerate(sizes):
        k = min(range(processes), key=lambda j: loads[j] / weights[j])
        shares[k].append(i)
        loads[k] += size + 1
    return shares


def parse_all(
    items: Sequence[T],
    parse: Callable[[T], Parsed],
    sizes: Sequence[int],
    workers: int | None = None,
    min_items: int | None = None,
) -> list[Parsed]:
    processes = workers if workers is not None else default_workers()
    enough = len(items) >= (MIN_ITEMS if min_items is None else min_items)
    if processes < 2 or not enough or not hasattr(os, "fork"):
        return [parse(item) for item in items]
    shares = split(sizes, processes)
    pending = [c for c in (_fork(share, items, parse) for share in shares[1:]) if c is not None]
    results: list[Parsed | None] = [None] * len(items)
    try:
        for i in shares[0]:
            results[i] = parse(items[i])
        while pending:
            pid, fd, share = pending.pop(0)
            try:
                got = _receive(fd, len(share))
            finally:
                _reap(pid)
            for i, res in zip(share, got or [parse(items[i]) for i in share], strict=True):
                results[i] = res
    finally:
        for pid, fd, _ in pending:  # this side failed first: stop the workers still running
            os.close(fd)
            os.kill(pid, signal.SIGKILL)
            _reap(pid)
    for i, res in enumerate(results):  # a share whose worker could not start
        if res is None:
            results[i] = parse(items[i])
    return results  # type: ignore[return-value]


def _fork(share: list[int], items: Sequence[T], parse: Callable[[T], Parsed]):
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the worker: parse its share, send it, leave without running any cleanup
        code = 1
        try:
            os.close(read_fd)
            data = _pack([parse(items[i]) for i in share])
            with os.fdopen(write_fd, "wb") as out:
                out.write(len(data).to_bytes(8, "little"))
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd, share


def _pack(results: list[Parsed]) -> bytes:
    plain = [(to_plain(obj), read) for obj, read in results]
    try:
        return b"M" + marshal.dumps(plain)
    except ValueError:  # front matter holding dates or other objects marshal cannot carry
        return b"P" + pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)


def _receive(fd: int, expected: int) -> list[Parsed] | None:
    """The worker's results, or None when it failed (its share is then parsed here)."""
    with os.fdopen(fd, "rb") as inp:
        blob = inp.read()
    if len(blob) < 9 or int.from_bytes(blob[:8], "little") != len(blob) - 8:
        return None
    body = blob[9:]
    plain = marshal.loads(body) if blob[8:9] == b"M" else pickle.loads(body)
    if len(plain) != expected:
        return None
    return [(from_plain(p), read) for p, read in plain]


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
