"""Paths through a map: every shortest path between two names, and what lies up- or downstream.

Works on the actor map (ties, or arcs when direction matters) and on the
causal loop diagram alike. Paths count links (hops), as betweenness does.
On the causal loop diagram a path also carries its effect: more of the
first factor leads to more of the last (+) when the path has an even number
of negative links, to less (-) when odd; a link whose polarity is not known
makes the path's effect unknown (?).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice, pairwise

import networkx as nx
import pandas as pd

__all__ = ["MAX_LISTED", "Effect", "Paths", "Side", "effect", "nearby", "shortest_paths"]

MAX_LISTED = 25  # shortest paths listed; all of them are counted


class Side(StrEnum):
    """Which way to look from a factor."""

    UPSTREAM = "upstream"  # its causes, and their causes
    DOWNSTREAM = "downstream"  # its effects, and their effects

    @property
    def label(self) -> str:
        return "Upstream: what drives it" if self is Side.UPSTREAM else "Downstream: what it drives"


class Effect(StrEnum):
    """What more of the start does to the end along a path."""

    MORE = "+"
    LESS = "−"
    UNKNOWN = "?"  # a link on the way has no known polarity
    MIXED = "±"  # shortest ways of the same length disagree

    @property
    def words(self) -> str:
        return {
            Effect.MORE: "more leads to more",
            Effect.LESS: "more leads to less",
            Effect.UNKNOWN: "effect unknown (a link without polarity)",
            Effect.MIXED: "ways disagree",
        }[self]


@dataclass
class Paths:
    """The shortest paths from ``source`` to ``target``: ``count`` of them, ``paths`` listed.

    ``hops`` is None when there is no path.
    """

    source: str
    target: str
    hops: int | None
    count: int
    paths: list[tuple[str, ...]]

    @property
    def more(self) -> int:
        """Shortest paths counted but not listed."""
        return self.count - len(self.paths)


def _check(graph: nx.Graph, *names: str) -> None:
    unknown = sorted({name for name in names if name not in graph})
    if unknown:
        raise KeyError(f"not on this map: {', '.join(unknown)}")


def _path_counts(graph: nx.Graph, source: str) -> tuple[dict[str, int], dict[str, int]]:
    """Hops from ``source`` and the number of shortest paths to each name reached (breadth-first)."""
    hops, count = {source: 0}, {source: 1}
    queue = deque([source])
    while queue:
        here = queue.popleft()
        for there in graph.neighbors(here):
            if there not in hops:
                hops[there] = hops[here] + 1
                count[there] = 0
                queue.append(there)
            if hops[there] == hops[here] + 1:
                count[there] += count[here]
    return hops, count


def shortest_paths(graph: nx.Graph, source: str, target: str, limit: int = MAX_LISTED) -> Paths:
    """Every shortest path from ``source`` to ``target``, counted exactly, the first ``limit`` listed.

    A directed graph is followed along its arrows. Listed paths are sorted by name.

    Examples
    --------
    >>> square = nx.cycle_graph(["a", "b", "c", "d"])
    >>> found = shortest_paths(square, "a", "c")
    >>> found.hops, found.count, found.paths
    (2, 2, [('a', 'b', 'c'), ('a', 'd', 'c')])
    """
    _check(graph, source, target)
    hops, count = _path_counts(graph, source)
    if target not in hops:
        return Paths(source, target, None, 0, [])
    listed = sorted(tuple(path) for path in islice(nx.all_shortest_paths(graph, source, target), limit))
    return Paths(source, target, hops[target], count[target], listed)


def effect(diagram: nx.DiGraph, path: tuple[str, ...]) -> Effect:
    """The effect of the first factor on the last along ``path`` (edge attribute ``polarity``)."""
    sign = 1
    for cause, outcome in pairwise(path):
        polarity = diagram.edges[cause, outcome].get("polarity")
        if polarity not in (1, -1):
            return Effect.UNKNOWN
        sign *= polarity
    return Effect.MORE if sign > 0 else Effect.LESS


def nearby(diagram: nx.DiGraph, factor: str, side: Side, steps: int = 2) -> pd.DataFrame:
    """Factors at most ``steps`` links up- or downstream of ``factor``, nearest first.

    Returns a frame indexed by factor with ``steps`` (links on the shortest
    way), ``paths`` (how many shortest ways) and ``effect``: the effect
    (+, −) shared by all those shortest ways, ± when they disagree, ? when
    a link on one of them has no known polarity.
    Downstream effects read "more of ``factor`` leads to ..."; upstream
    effects read "more of this factor leads to ... ``factor``".
    """
    _check(diagram, factor)
    graph = diagram.reverse(copy=False) if side is Side.UPSTREAM else diagram
    hops, count = _path_counts(graph, factor)
    signs: dict[str, set[Effect]] = {factor: {Effect.MORE}}
    for name in sorted(hops, key=hops.__getitem__):
        if name == factor or hops[name] > steps:
            continue
        found = set()
        for before in graph.predecessors(name):
            if hops.get(before) == hops[name] - 1:
                pair = (before, name) if side is Side.DOWNSTREAM else (name, before)
                link = effect(diagram, pair)
                found |= {_combine(sign, link) for sign in signs[before]}
        signs[name] = found
    rows = [
        (name, hops[name], count[name], _overall(signs[name]))
        for name in hops
        if name != factor and hops[name] <= steps
    ]
    table = pd.DataFrame(rows, columns=["factor", "steps", "paths", "effect"]).set_index("factor")
    return table.sort_values(["steps", "factor"], kind="stable") if len(table) else table


def _overall(signs: set[Effect]) -> Effect:
    if Effect.UNKNOWN in signs:
        return Effect.UNKNOWN
    return next(iter(signs)) if len(signs) == 1 else Effect.MIXED


def _combine(sign: Effect, link: Effect) -> Effect:
    if Effect.UNKNOWN in (sign, link):
        return Effect.UNKNOWN
    return Effect.MORE if (sign is Effect.MORE) == (link is Effect.MORE) else Effect.LESS
