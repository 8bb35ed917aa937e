"""Where each node of a map sits: laid out once, then kept, with only new nodes placed among the rest.

A room loses its bearings when a map is drawn afresh at every visit or filter:
positions are worked out for the whole map, kept with the partnership (by
:mod:`core.store.layouts`), and a node added later is placed near its
neighbours while every kept node stays where it was.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Mapping
from enum import StrEnum

import igraph as ig
import networkx as nx
import numpy as np
import rustworkx as rx

__all__ = ["GRID_LAYOUT_FROM", "MOVE_LIMIT", "ONE_BY_ONE", "SCALE", "MapKind", "Position", "dragged", "fresh", "place"]

SCALE = 1000.0
"""The width of a small map's layout, in the network view's own units (it grows with the root of the size)."""

WIDE = 2.0
"""How much wider than tall a fresh layout is: a map is drawn in a wide frame (a screen, a wall), which it fills."""

Position = tuple[float, float]

GRID_LAYOUT_FROM = 1_000
"""Maps larger than this are laid out by a grid force layout, whose time grows about linearly."""

ONE_BY_ONE = 500
"""Up to this many new nodes are always placed one by one among the kept ones."""

_IGRAPH_RANDOM = threading.Lock()

MOVE_LIMIT = 1e7
"""How far from the middle a dragged node may be put: far past any map, short of numbers that break a layout."""


class MapKind(StrEnum):
    """The maps whose layout a partnership keeps."""

    ACTORS = "actors"  # step 1's actor map
    FACTORS = "factors"  # step 1's causal loop diagram


def fresh(graph: nx.Graph, seed: int = 7, scale: float = SCALE) -> dict[str, Position]:
    """A new layout of every node, centred on 0 and ``WIDE`` times wider than tall.

    Kamada-Kawai up to 150 nodes, networkx's spring layout up to 300,
    rustworkx's up to 1,000 (about five times faster at that size), and
    igraph's grid Fruchterman-Reingold above: its repulsion counts only
    nearby nodes, so time grows about linearly (10,000 actors: 1 s, against
    44 s for rustworkx's, whose every step compares every pair).
    """
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    if len(nodes) <= 150:  # Kamada-Kawai spaces a small map evenly: ties at their length, no clumps (~0.1 s at 50)
        start = nx.random_layout(graph, seed=seed)  # the seed decides where it settles: re-arranging differs
        raw = nx.kamada_kawai_layout(graph, pos=start, weight=None)  # hops: weights are strengths, some negative
    elif len(nodes) > GRID_LAYOUT_FROM:
        raw = _grid_layout(graph, nodes, seed)
    elif len(nodes) > 300:
        index = {name: i for i, name in enumerate(nodes)}
        rgraph = rx.PyGraph(multigraph=False)
        rgraph.add_nodes_from(nodes)
        rgraph.add_edges_from_no_data([(index[a], index[b]) for a, b in graph.edges])
        positions = rx.spring_layout(rgraph, seed=seed, num_iter=50)
        raw = {nodes[i]: positions[i] for i in range(len(nodes))}
    else:
        raw = nx.spring_layout(graph, seed=seed, iterations=60, weight=None)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    left, bottom = min(xs), min(ys)  # once: taken inside the loop it cost 1.9 s at 10,000 nodes
    span = max(max(xs) - left, max(ys) - bottom, 1e-9)
    spread = scale * max(1.0, math.sqrt(len(nodes)) / 6)
    return {
        name: (WIDE * ((x - left) / span * spread - spread / 2), (y - bottom) / span * spread - spread / 2)
        for name, (x, y) in raw.items()
    }


def _grid_layout(graph: nx.Graph, nodes: list[str], seed: int) -> dict[str, tuple[float, float]]:
    """igraph's Fruchterman-Reingold with its grid, seeded: same map and seed, same layout."""
    index = {name: i for i, name in enumerate(nodes)}
    tied = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges if a != b])
    half = math.sqrt(len(nodes)) / 2  # igraph's own start: nodes packed in one grid cell would each meet every other
    start = np.random.default_rng(seed).uniform(-half, half, (len(nodes), 2)).tolist()
    with _IGRAPH_RANDOM:  # igraph draws from one process-wide generator: ours, for this call only
        ig.set_random_number_generator(random.Random(seed))
        try:
            coords = tied.layout_fruchterman_reingold(seed=start, grid=True).coords
        finally:
            ig.set_random_number_generator(random)
    return {name: (coords[i][0], coords[i][1]) for i, name in enumerate(nodes)}


def place(graph: nx.Graph, kept: Mapping[str, Position], seed: int = 7) -> dict[str, Position]:
    """Every node's position: kept ones exactly as kept, new ones placed among their neighbours.

    Parameters
    ----------
    graph : the whole map (not a filtered part: a filter shows kept positions).
    kept : positions kept from before, by node; nodes no longer in ``graph`` are ignored.
    seed : for :func:`fresh`, when nothing is kept.

    With nothing kept this is :func:`fresh`. Otherwise new nodes are placed one
    at a time, those with the most placed neighbours first: each at the free
    spot nearest the middle of its placed neighbours (of the whole map if it
    has none), a free spot being as far from every other node as kept nodes
    usually are from their nearest one. When the new nodes outnumber the kept
    ones and are many (a large list imported into a small map), the map is
    laid out afresh: one by one would take minutes, and the map is new anyway.
    """
    kept = {node: (float(x), float(y)) for node, (x, y) in kept.items() if node in graph}
    if not kept or len(graph) - len(kept) > max(len(kept), ONE_BY_ONE):
        return fresh(graph, seed)
    positions = dict(kept)
    points = np.array(list(kept.values()))
    gap = _usual_gap(points)
    waiting = [node for node in graph.nodes if node not in kept]
    while waiting:
        node = max(waiting, key=lambda n: sum(1 for other in nx.all_neighbors(graph, n) if other in positions))
        waiting.remove(node)
        around = [positions[other] for other in nx.all_neighbors(graph, node) if other in positions]
        target = np.mean(np.array(around), axis=0) if around else points.mean(axis=0)
        spot = _free_spot(target, points, gap)
        positions[node] = (float(spot[0]), float(spot[1]))
        points = np.vstack([points, spot])
    return positions


def _usual_gap(points: np.ndarray) -> float:
    """The median distance from a node to its nearest neighbour (at least a twentieth of a small map)."""
    if len(points) < 2:
        return SCALE / 20
    some = np.random.default_rng(0).choice(len(points), size=min(len(points), 500), replace=False)  # memory
    apart = np.linalg.norm(points[some, None, :] - points[None, :, :], axis=2)
    apart[apart == 0] = np.inf  # a point and itself
    return max(float(np.median(apart.min(axis=1))), SCALE / 20)


def _free_spot(target: np.ndarray, points: np.ndarray, gap: float) -> np.ndarray:
    """The first point, ring by ring outward from ``target``, at least ``gap`` from every point."""
    for ring in range(200):
        count = max(1, 8 * ring)
        for step in range(count):
            angle = 2 * math.pi * step / count
            spot = target + ring * gap * 0.75 * np.array([math.cos(angle), math.sin(angle)])
            if np.min(np.linalg.norm(points - spot, axis=1)) >= gap:
                return spot
    return target + np.array([0.0, 200 * gap])  # a map packed beyond all reason: below it


def dragged(moved: object, names: Mapping[str, str]) -> dict[str, Position]:
    """The nodes a person dragged on a map and where they left them, from what the drawn map sent.

    Parameters
    ----------
    moved : what the map's page sent: ``{node id: {"x": x, "y": y}}``. It comes from a browser, so
        anything else in it (an unknown node, a value that is not a finite number, a place
        further than :data:`MOVE_LIMIT`) is left out rather than trusted.
    names : each drawn node's id on the page, to the name it stands for.

    Returns
    -------
    dict
        The new position of each dragged node, by name.

    >>> dragged({"A": {"x": 10, "y": -5.5}, "Z": {"x": 1, "y": 1}, "B": {"x": "1e400"}}, {"A": "Alpha", "B": "Beta"})
    {'Alpha': (10.0, -5.5)}
    """
    if not isinstance(moved, Mapping):
        return {}
    found: dict[str, Position] = {}
    for node, spot in moved.items():
        if node not in names or not isinstance(spot, Mapping):
            continue
        x, y = spot.get("x"), spot.get("y")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y)):
            continue
        if all(math.isfinite(v) and abs(v) <= MOVE_LIMIT for v in (x, y)):
            found[names[node]] = (float(x), float(y))
    return found
