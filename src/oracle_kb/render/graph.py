"""The graph of knowledge pages and their links, laid out once at build time, as compact JSON for the page
that draws it (`kb/graph.json`).

Layout: topics are placed by a force layout of the topic graph (links between topics pull them together),
each topic's pages by a force layout of their own links inside a disc sized to the topic, and the discs
are spread apart until none overlap. networkx does both layouts; with the topic split no layout ever sees
more than one topic, so 2,000 pages cost about as much as their largest topic.

JSON: `{"root": "../", "topics": [name...], "nodes": [[x, y, topic, title, url]...], "edges": [a, b, a, b...]}`,
coordinates integers in 0..1000 (the drawing's view box), `url` relative to `root` (which is relative to
the JSON file), edges undirected and listed once as pairs of node indices.
"""

from __future__ import annotations

import json
import math
from collections import Counter

from ..model import Oracle
from ..read.resolve import OracleIndex
from .urls import page_url

SIZE = 1000
MAX_FORCE_NODES = 1500  # beyond this a topic's pages are placed on a sunflower spiral instead


def link_edges(oracle: Oracle, index: OracleIndex, paths: list[str]) -> list[tuple[int, int]]:
    """Undirected links between knowledge pages, each pair once, as (lower index, higher index)."""
    at = {p: i for i, p in enumerate(paths)}
    seen: set[tuple[int, int]] = set()
    for src in paths:
        a = at[src]
        for dst in index.linked(src):
            b = at.get(dst)
            if b is not None and b != a:
                seen.add((a, b) if a < b else (b, a))
    return sorted(seen)


def layout(paths: list[str], topics: list[str], edges: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """A position in 0..SIZE for every page: topic discs placed by their links, pages inside by theirs."""
    import networkx as nx

    members: dict[int, list[int]] = {}
    for i, t in enumerate(topics):
        members.setdefault(t, []).append(i)
    radius = {t: 40 * math.sqrt(len(m)) for t, m in members.items()}
    centres = _topic_centres(members, topics, edges, radius)
    pos: list[tuple[float, float]] = [(0.0, 0.0)] * len(paths)
    for t, nodes in members.items():
        local = _inside(nx, nodes, edges, topics, t)
        cx, cy = centres[t]
        for n in nodes:
            x, y = local[n]
            pos[n] = (cx + x * radius[t], cy + y * radius[t])
    return _fit(pos)


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


def _inside(nx, nodes: list[int], edges, topics, t) -> dict[int, tuple[float, float]]:
    """Positions in the unit disc for one topic's pages."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) > MAX_FORCE_NODES:
        return _sunflower(nodes)
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if topics[a] == t and topics[b] == t)
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


def _fit(pos: list[tuple[float, float]], margin: int = 20) -> list[tuple[float, float]]:
    if not pos:
        return pos
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    lo_x, lo_y = min(xs), min(ys)
    span = max(max(xs) - lo_x, max(ys) - lo_y, 1e-9)
    k = (SIZE - 2 * margin) / span
    return [(margin + (x - lo_x) * k, margin + (y - lo_y) * k) for x, y in pos]


def graph_json(oracle: Oracle, index: OracleIndex, directory_urls: bool = True, root: str = "../") -> tuple[str, int]:
    """The whole graph as compact JSON (see the module docstring), and its number of links."""
    paths = sorted(oracle.files)
    topic_names = sorted({oracle.files[p].topic for p in paths})
    topic_at = {t: i for i, t in enumerate(topic_names)}
    topics = [topic_at[oracle.files[p].topic] for p in paths]
    edges = link_edges(oracle, index, paths)
    pos = layout(paths, topics, edges)
    nodes = [
        [round(x), round(y), topics[i], oracle.files[p].title, page_url(p, directory_urls)]
        for i, (p, (x, y)) in enumerate(zip(paths, pos, strict=True))
    ]
    data = {"root": root, "topics": topic_names, "nodes": nodes, "edges": [v for e in edges for v in e]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")), len(edges)
