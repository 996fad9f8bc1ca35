"""Pagefind's word index regrouped so that a word and the words it begins share one chunk.

Pagefind splits its sorted word index into chunks of about 20,000 word positions, and a query fetches the
chunk holding each term's stem and the one holding the term as typed. A word found on every page fills a
chunk by itself and ends it, so the words it begins (`attent` then `attenti`, `attentionbas` of
"attention-based") start the next chunk, which holds the next very common word. A query for "attention"
then fetched both: its stem's chunk and ~170 kB (gzipped) of another word's positions.

`regroup(bundle)` moves, wherever a chunk ends with a word that begins the next chunk's first words, those
words to the end of the first chunk, and sets both chunks' bounds as Pagefind sets them
(`get_prefixes` in Pagefind's `index/mod.rs`): the index is one Pagefind could have written with other
chunk sizes, nothing is added or lost. It reads only the chunk headers and the moved words; files it does
not recognise (another Pagefind format) are left as they are.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class UnknownFormat(Exception):
    """The bundle is not laid out as this module knows it (Pagefind 1.x): leave it alone."""


def _head(buf: bytes, pos: int) -> tuple[int, int, int]:
    """A CBOR item's major type, its argument and where its content starts (definite lengths only)."""
    first = buf[pos]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, pos + 1
    if info > 27:
        raise UnknownFormat(f"CBOR additional info {info}")
    size = 1 << (info - 24)
    return major, int.from_bytes(buf[pos + 1 : pos + 1 + size], "big"), pos + 1 + size


def _skip(buf: bytes, pos: int) -> int:
    """Where the CBOR item at `pos` ends."""
    todo = 1
    while todo:
        major, arg, pos = _head(buf, pos)
        todo -= 1
        if major in (2, 3):
            pos += arg
        elif major == 4:
            todo += arg
        elif major not in (0, 1):
            raise UnknownFormat(f"CBOR major type {major}")
    return pos


def _encode_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise UnknownFormat("integer too large")


def _decode(buf: bytes, pos: int = 0):
    """A CBOR item of integers, text and arrays as Python values, and where it ends."""
    major, arg, pos = _head(buf, pos)
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major == 3:
        return buf[pos : pos + arg].decode(), pos + arg
    if major == 4:
        out = []
        for _ in range(arg):
            item, pos = _decode(buf, pos)
            out.append(item)
        return out, pos
    raise UnknownFormat(f"CBOR major type {major}")


def _encode(value) -> bytes:
    if isinstance(value, int):
        return _encode_head(0, value) if value >= 0 else _encode_head(1, -1 - value)
    if isinstance(value, str):
        data = value.encode()
        return _encode_head(3, len(data)) + data
    return _encode_head(4, len(value)) + b"".join(_encode(v) for v in value)


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnknownFormat(f"{path.name} has no Pagefind signature")
    return data[len(SIGNATURE) :]


def _gzip(cbor: bytes) -> bytes:
    return gzip.compress(SIGNATURE + cbor, 9, mtime=0)


def prefixes(a: str, b: str) -> tuple[str, str]:
    """Pagefind's bounds between a chunk ending with word `a` and the next starting with word `b`."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


def _words(cbor: bytes) -> tuple[int, int]:
    """A chunk's word count and where its first word starts (a chunk: [[word, …]])."""
    major, arg, pos = _head(cbor, 0)
    if major != 4 or arg != 1:
        raise UnknownFormat("an index chunk is not a one-field record")
    major, count, pos = _head(cbor, pos)
    if major != 4:
        raise UnknownFormat("an index chunk holds no word list")
    return count, pos


def _word_at(cbor: bytes, pos: int) -> str:
    """The text of the word record ([word, pages, variants]) at `pos`."""
    major, _, pos = _head(cbor, pos)
    kind, size, pos = _head(cbor, pos)
    if major != 4 or kind != 3:
        raise UnknownFormat("a word record does not start with its word")
    return cbor[pos : pos + size].decode()


class _Chunks:
    """One language's index: its metadata record and the chunk files it names, edited in memory."""

    def __init__(self, bundle: Path, lang: str, meta_hash: str) -> None:
        self.bundle, self.lang = bundle, lang
        self.meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
        raw = _read(self.meta_path)
        self.meta, end = _decode(raw)
        if end != len(raw) or _encode(self.meta) != raw:
            raise UnknownFormat("the metadata does not round-trip")
        if not (isinstance(self.meta, list) and len(self.meta) > 2 and isinstance(self.meta[2], list)):
            raise UnknownFormat("the metadata has no chunk list")
        self.bounds: list[list[str]] = self.meta[2]  # [from, to, hash] per chunk, in word order
        self.cbor: dict[int, bytes] = {}  # chunk number -> its new CBOR, for the chunks changed
        self.gone: list[str] = []

    def chunk(self, i: int) -> bytes:
        if i not in self.cbor:
            self.cbor[i] = _read(self.bundle / "index" / f"{self.bounds[i][2]}.pf_index")
        return self.cbor[i]

    def join_family(self, i: int) -> bool:
        """Chunk i ends with word `to`, which begins the next chunk's first words: move those to chunk i."""
        word = self.bounds[i][1]
        nxt = self.chunk(i + 1)
        count, pos = _words(nxt)
        start, moved, last = pos, 0, word
        while moved < count and (w := _word_at(nxt, pos)).startswith(word):
            last, pos, moved = w, _skip(nxt, pos), moved + 1
        if moved == 0 or moved == count:
            return False  # nothing to move, or the whole chunk: leave Pagefind's layout
        first = _word_at(nxt, pos)
        mine = self.chunk(i)
        mine_count, mine_start = _words(mine)
        self.cbor[i] = _encode_head(4, 1) + _encode_head(4, mine_count + moved) + mine[mine_start:] + nxt[start:pos]
        self.cbor[i + 1] = _encode_head(4, 1) + _encode_head(4, count - moved) + nxt[pos:]
        self.bounds[i][1], self.bounds[i + 1][0] = prefixes(last, first)
        return True

    def write(self, entry: dict) -> None:
        """New files under new names (content hashes, as Pagefind names them), then the entry points at them."""
        taken = {p.stem for p in (self.bundle / "index").iterdir()}
        for i, cbor in self.cbor.items():
            self.gone.append(f"index/{self.bounds[i][2]}.pf_index")
            name = _name(self.lang, cbor, 7, taken)
            (self.bundle / "index" / f"{name}.pf_index").write_bytes(_gzip(cbor))
            self.bounds[i][2] = name
        meta = _encode(self.meta)
        meta_hash = _name(self.lang, meta, 10, set())
        (self.bundle / f"pagefind.{meta_hash}.pf_meta").write_bytes(_gzip(meta))
        self.gone.append(self.meta_path.name)
        entry["languages"][self.lang]["hash"] = meta_hash


def _name(lang: str, data: bytes, length: int, taken: set[str]) -> str:
    digest = hashlib.sha256(data).hexdigest()
    while f"{lang}_{digest[:length]}" in taken:
        length += 1
    taken.add(f"{lang}_{digest[:length]}")
    return f"{lang}_{digest[:length]}"


def _splits_a_family(bounds: list[list[str]], i: int) -> bool:
    """Pagefind's bounds say chunk i's last word begins chunk i+1's first word exactly when the next chunk's
    `from` is the previous chunk's `to` and one more character."""
    to, nxt = bounds[i][1], bounds[i + 1][0]
    return len(nxt) == len(to) + 1 and nxt.startswith(to)


def regroup(bundle: Path) -> int:
    """Regroup the index in the Pagefind bundle folder `bundle`; returns how many chunk bounds moved."""
    entry_path = bundle / ENTRY
    try:
        entry = json.loads(entry_path.read_text())
        languages = [(lang, info["hash"]) for lang, info in entry["languages"].items()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0
    edits = []
    try:
        for lang, meta_hash in languages:
            chunks = _Chunks(bundle, lang, meta_hash)
            moved = sum(
                chunks.join_family(i) for i in range(len(chunks.bounds) - 1) if _splits_a_family(chunks.bounds, i)
            )
            if moved:
                edits.append((chunks, moved))
    except (UnknownFormat, OSError, ValueError, IndexError, UnicodeDecodeError, gzip.BadGzipFile):
        return 0
    for chunks, _ in edits:
        chunks.write(entry)
    if edits:
        entry_path.write_text(json.dumps(entry, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
        for chunks, _ in edits:
            for rel in chunks.gone:
                (bundle / rel).unlink(missing_ok=True)
    return sum(moved for _, moved in edits)
