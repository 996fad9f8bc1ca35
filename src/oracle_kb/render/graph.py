"""The graph of knowledge pages and their links, laid out once at build time, as compact JSON for the page
that draws it (`kb/graph.json`).

Layout: topics are placed by a force layout of the topic graph (links between topics pull them together),
each topic's pages by a force layout of their own links inside a disc sized to the topic, and the discs
are spread apart until none overlap. networkx does both layouts; with the topic split no layout ever sees
more than one topic, so 2,000 pages cost about as much as their largest topic.

JSON: `{"root": "../", "topics": [name...], "nodes": [[x, y, topic, title, url]...], "links": "..."}`,
coordinates integers in 0..1000 (the drawing's view box), `url` relative to `root` (which is relative to
the JSON file), links undirected, each once, encoded by `encode_links`.

A knowledge page's own small graph (its neighbours on a ring) is drawn here too, as inline SVG: no script
and no download on the page.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from ..model import Oracle
from ..read.resolve import OracleIndex
from .urls import page_url

SIZE = 1000
MAX_FORCE_NODES = 1500  # beyond this a topic's pages are placed on a sunflower spiral instead


def adjacency(oracle: Oracle, index: OracleIndex) -> dict[str, set[str]]:
    """Knowledge page -> the pages it links to or is linked from (undirected, itself excluded)."""
    adj: dict[str, set[str]] = {p: set() for p in oracle.files}
    for src in oracle.files:
        for dst in index.linked(src):
            if dst != src and dst in adj:
                adj[src].add(dst)
                adj[dst].add(src)
    return adj


def link_edges(paths: list[str], adj: dict[str, set[str]]) -> list[tuple[int, int]]:
    """Undirected links between pages as (lower index, higher index), each pair once, sorted."""
    at = {p: i for i, p in enumerate(paths)}
    return sorted((at[a], at[b]) for a in paths for b in adj[a] if at[a] < at[b])


def layout(paths: list[str], topics: list[str], edges: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """A position in 0..SIZE for every page: topic discs placed by their links, pages inside by theirs."""
    import networkx as nx

    members: dict[int, list[int]] = {}
    for i, t in enumerate(topics):
        members.setdefault(t, []).append(i)
    inner: dict[int, list[tuple[int, int]]] = {}
    for a, b in edges:
        if topics[a] == topics[b]:
            inner.setdefault(topics[a], []).append((a, b))
    radius = {t: 40 * math.sqrt(len(m)) for t, m in members.items()}
    centres = _topic_centres(members, topics, edges, radius)
    pos: list[tuple[float, float]] = [(0.0, 0.0)] * len(paths)
    for t, nodes in members.items():
        local = _inside(nx, nodes, inner.get(t, []))
        cx, cy = centres[t]
        for n in nodes:
            x, y = local[n]
            pos[n] = (cx + x * radius[t], cy + y * radius[t])
    return _fit(pos)


@lru_cache(maxsize=2)
def cached_layout(
    paths: tuple[str, ...], topics: tuple[int, ...], edges: tuple[tuple[int, int], ...]
) -> list[tuple[float, float]]:
    """`layout`, remembered: while serving, an edit that changes no link keeps the layout (and its cost)."""
    return layout(list(paths), list(topics), list(edges))


def _topic_centres(members, topics, edges, radius) -> dict[int, tuple[float, float]]:
    import networkx as nx

    if len(members) == 1:
        return {next(iter(members)): (0.0, 0.0)}
    weights = Counter(
        (min(topics[a], topics[b]), max(topics[a], topics[b])) for a, b in edges if topics[a] != topics[b]
    )
    g = nx.Graph()
    g.add_nodes_from(members)
    g.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    raw = nx.spring_layout(g, seed=1, weight="weight", method="force")
    # spread the layout until no two discs overlap
    scale = 1.0
    ts = list(raw)
    for i, a in enumerate(ts):
        for b in ts[i + 1 :]:
            d = max(math.dist(raw[a], raw[b]), 1e-3)
            scale = max(scale, (radius[a] + radius[b] + 30) / d)
    return {t: (float(raw[t][0]) * scale, float(raw[t][1]) * scale) for t in ts}


def _inside(nx, nodes: list[int], edges: list[tuple[int, int]]) -> dict[int, tuple[float, float]]:
    """Positions in the unit disc for one topic's pages (`edges`: the links inside the topic)."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) > MAX_FORCE_NODES:
        return _sunflower(nodes)
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    raw = nx.spring_layout(g, seed=1, method="force", iterations=40)
    far = max((math.hypot(*raw[n]) for n in nodes), default=1.0) or 1.0
    return {n: (float(raw[n][0]) / far, float(raw[n][1]) / far) for n in nodes}


def _sunflower(nodes: list[int]) -> dict[int, tuple[float, float]]:
    golden = math.pi * (3 - math.sqrt(5))
    n = len(nodes)
    return {
        v: (math.sqrt((i + 0.5) / n) * math.cos(i * golden), math.sqrt((i + 0.5) / n) * math.sin(i * golden))
        for i, v in enumerate(nodes)
    }


def _fit(pos: list[tuple[float, float]], margin: int = 60) -> list[tuple[float, float]]:
    if not pos:
        return pos
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    lo_x, lo_y = min(xs), min(ys)
    span = max(max(xs) - lo_x, max(ys) - lo_y, 1e-9)
    k = (SIZE - 2 * margin) / span
    return [(margin + (x - lo_x) * k, margin + (y - lo_y) * k) for x, y in pos]


def graph_json(
    oracle: Oracle,
    adj: dict[str, set[str]],
    directory_urls: bool = True,
    root: str = "../",
    topic_title: Callable[[str], str] = str,
) -> tuple[str, int]:
    """The whole graph as compact JSON (see the module docstring), and its number of links."""
    paths = sorted(oracle.files)
    topic_names = sorted({oracle.files[p].topic for p in paths})
    topic_at = {t: i for i, t in enumerate(topic_names)}
    topics = [topic_at[oracle.files[p].topic] for p in paths]
    edges = link_edges(paths, adj)
    pos = cached_layout(tuple(paths), tuple(topics), tuple(edges))
    nodes = [
        [round(x), round(y), topics[i], oracle.files[p].title, page_url(p, directory_urls)]
        for i, (p, (x, y)) in enumerate(zip(paths, pos, strict=True))
    ]
    data = {
        "root": root,
        "topics": [topic_title(t) for t in topic_names],
        "nodes": nodes,
        "links": encode_links(len(paths), edges),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")), len(edges)


def encode_links(n: int, edges: list[tuple[int, int]]) -> str:
    """Each node's higher-numbered neighbours as base-36 gaps: node lists joined by `;`, gaps by `,`.

    Node 0 linked to 3 and 40: "3,11" (3, then 40 - 3 = 37 = "11"). About 3 bytes a link instead of 9.
    """
    lists: list[list[str]] = [[] for _ in range(n)]
    last = list(range(n))
    for a, b in edges:  # sorted: each node's neighbours come in increasing order
        lists[a].append(_b36(b - last[a]))
        last[a] = b
    return ";".join(",".join(x) for x in lists)


def _b36(v: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        v, r = divmod(v, 36)
        out = digits[r] + out
        if not v:
            return out


def local_svg(
    path: str, adj: dict[str, set[str]], title_of: Callable[[str], str], href_of: Callable[[str], str], limit: int = 10
) -> str:
    """The page in the middle and up to `limit` of the pages it links with on a ring (the best-linked
    first), with the links among them; each dot links to its page and shows its title on hover."""
    near = sorted(adj.get(path, ()), key=lambda p: (-len(adj[p]), p))
    shown = near[:limit]
    if not shown:
        return ""
    cx, cy, rx, ry = 280, 150, 205, 112
    at = {path: (cx, cy)}
    for k, p in enumerate(shown):
        a = 2 * math.pi * k / len(shown) - math.pi / 2
        at[p] = (round(cx + rx * math.cos(a), 1), round(cy + ry * math.sin(a), 1))
    spokes = "".join(f"M{cx} {cy}L{at[p][0]:g} {at[p][1]:g}" for p in shown)
    among = "".join(
        f"M{at[a][0]:g} {at[a][1]:g}L{at[b][0]:g} {at[b][1]:g}"
        for i, a in enumerate(shown)
        for b in shown[i + 1 :]
        if b in adj[a]
    )
    out = [
        f'<svg class="okb-local__svg" viewBox="0 0 560 300" role="img" aria-label="{len(near)} linked pages">',
        f'<path class="okb-local__among" d="{among}"></path><path class="okb-local__edges" d="{spokes}"></path>',
    ]
    for p in [*shown, path]:
        x, y = at[p]
        title = title_of(p)
        short = title if len(title) <= 26 else title[:25] + "…"
        r, cls = (9, "okb-local__here") if p == path else (6, "okb-local__node")
        dot = f'<circle class="{cls}" cx="{x:g}" cy="{y:g}" r="{r}"><title>{html.escape(title)}</title></circle>'
        label = f'<text x="{x:g}" y="{y + r + 13:g}" text-anchor="middle" font-size="12">{html.escape(short)}</text>'
        out.append(dot + label if p == path else f'<a xlink:href="{html.escape(href_of(p))}">{dot}{label}</a>')
    out.append("</svg>")
    return "".join(out)
