"""The actor map's measures in three parts, each worked out from only what it reads.

So an edit costs what it changed (a cache keyed on a part's :func:`inputs`
digest reruns only the parts whose inputs moved):

- :class:`HopMeasures` read who is tied to whom (they count hops):
  betweenness, closeness, cut points and bridges (about 1.5 s at 10,000 actors);
- :class:`WeightMeasures` read the ties' weights too: PageRank, structural
  holes and Leiden's groups (about 1 s at 10,000 actors);
- :class:`DirectionMeasures` read the arcs: in- and out-degree, depended on,
  out- and in-reach, and how many relations run one way.

Partner types, notes and scores are in none of them: they only name
communities and fill the type column (:func:`core.system_map.network.combine`).
A tie's strength reruns the weighted and directed parts (depended on
weighs the arcs), a relation turned one-way only the directed part, a new
tie all three.

Betweenness and closeness come from networkit (C++, in parallel; the same
numbers as networkx, which takes minutes at 10,000 actors). Betweenness is
exact up to ``EXACT_UP_TO`` actors and estimated from ``SAMPLES`` sampled
source actors above it (Brandes and Pich's estimator, seeded so reruns
agree), and so is closeness (:mod:`core.system_map.closeness`); the result
says which was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import networkit as nk
import networkx as nx
import numpy as np
import pandas as pd

from core.conventions import digest
from core.system_map import communities, direction, holes
from core.system_map.closeness import sampled_closeness

__all__ = [
    "EXACT_UP_TO",
    "SAMPLES",
    "SEED",
    "BetweennessMethod",
    "DirectionMeasures",
    "HopMeasures",
    "Part",
    "WeightMeasures",
    "directions",
    "hops",
    "inputs",
    "weights",
]

EXACT_UP_TO = 5_000  # exact betweenness up to this many actors (about 4 s at 5,000), sampled above
SAMPLES = 500  # sampled source actors for estimated betweenness
SEED = 42  # fixed, so that reruns find the same communities and sample the same actors


class BetweennessMethod(StrEnum):
    EXACT = "exact"
    SAMPLED = "sampled"


class Part(StrEnum):
    """The three parts, named by what they read."""

    HOPS = "hops"
    WEIGHTS = "weights"
    DIRECTIONS = "directions"


@dataclass(frozen=True)
class HopMeasures:
    """What only who is tied to whom decides (hops, not weights)."""

    betweenness: dict[str, float]
    closeness: dict[str, float]
    method: str  # how betweenness and closeness were found, in words
    cut_points: frozenset[str]
    bridges: list[tuple[str, str]]


@dataclass(frozen=True)
class WeightMeasures:
    """What the ties with their weights decide."""

    pagerank: dict[str, float]
    holes: pd.DataFrame  # constraint, effective_size, efficiency per actor
    grouping: communities.Grouping


@dataclass(frozen=True)
class DirectionMeasures:
    """What the arcs decide: ``table`` has in_degree, out_degree, depended_on, out_reach and in_reach."""

    table: pd.DataFrame
    one_way: int


def inputs(ties: nx.Graph, arcs: nx.DiGraph) -> dict[Part, bytes]:
    """Each part's inputs as a short digest: equal digests, equal results.

    A digest, not the lists: a cache would walk 40,000 tuples one by one (3 s
    at 10,000 actors). Node order is part of every digest: the sampled actors
    and Leiden's seeded runs follow it.
    """
    nodes = list(ties.nodes)
    return {
        Part.HOPS: digest(nodes, list(ties.edges)),
        Part.WEIGHTS: digest(nodes, list(ties.edges(data="weight"))),
        Part.DIRECTIONS: digest(list(arcs.nodes), list(arcs.edges(data="weight"))),
    }


def _networkit(graph: nx.Graph) -> tuple[nk.Graph, list[str]]:
    """The same undirected graph in networkit, and the names by node index."""
    names = list(graph.nodes)
    index = {name: i for i, name in enumerate(names)}
    converted = nk.Graph(len(names))
    if graph.number_of_edges():
        ends = np.array([(index[a], index[b]) for a, b in graph.edges], dtype=np.uint64)
        converted.addEdges((np.ascontiguousarray(ends[:, 0]), np.ascontiguousarray(ends[:, 1])))
    return converted, names


def _shortest_path_measures(graph: nx.Graph, method: BetweennessMethod | None, seed: int) -> tuple[dict, dict, str]:
    """Betweenness and closeness, and how betweenness was found.

    Closeness has Wasserman and Faust's correction for split maps, networkx's default.
    """
    n = graph.number_of_nodes()
    if n < 3:  # networkit's betweenness normalisation divides by (n-1)(n-2)
        return nx.betweenness_centrality(graph), nx.closeness_centrality(graph), "exact betweenness"
    if method is None:
        method = BetweennessMethod.EXACT if n <= EXACT_UP_TO else BetweennessMethod.SAMPLED
    converted, names = _networkit(graph)
    if method is BetweennessMethod.SAMPLED and n > SAMPLES:
        nk.engineering.setSeed(seed, False)  # the same sampled actors on every rerun
        between = nk.centrality.EstimateBetweenness(converted, SAMPLES, True, True).run().scores()
        closeness = sampled_closeness(graph, SAMPLES, seed)
        text = (
            f"betweenness and closeness estimated from {SAMPLES} sampled actors of {n:,} (exact up to {EXACT_UP_TO:,})"
        )
        return dict(zip(names, between, strict=True)), closeness, text
    between = nk.centrality.Betweenness(converted, normalized=True).run().scores()
    exact = nk.centrality.Closeness(converted, True, nk.centrality.ClosenessVariant.GENERALIZED).run().scores()
    return dict(zip(names, between, strict=True)), dict(zip(names, exact, strict=True)), "exact betweenness"


def hops(ties: nx.Graph, method: BetweennessMethod | None = None, seed: int = SEED) -> HopMeasures:
    """Betweenness, closeness, cut points and bridges of the tie graph.

    Parameters
    ----------
    ties : Graph
        Undirected; weights are ignored (betweenness and closeness count hops).
    method : BetweennessMethod, optional
        Force exact or sampled betweenness; by default exact up to
        ``EXACT_UP_TO`` actors, sampled above.
    seed : int
        Seed of the sampled actors (reruns agree).
    """
    betweenness, closeness, method_text = _shortest_path_measures(ties, method, seed)
    return HopMeasures(
        betweenness=betweenness,
        closeness=closeness,
        method=method_text,
        cut_points=frozenset(nx.articulation_points(ties)),
        bridges=sorted(tuple(sorted(edge)) for edge in nx.bridges(ties)),
    )


def weights(ties: nx.Graph, seed: int = SEED) -> WeightMeasures:
    """PageRank, structural holes and Leiden's groups of the tie graph with its weights."""
    names = list(ties.nodes)
    pagerank = (
        nx.pagerank(ties, weight="weight") if ties.number_of_edges() else dict.fromkeys(names, 1 / max(len(names), 1))
    )
    return WeightMeasures(pagerank, holes.structural_holes(ties), communities.find(ties, seed))


def directions(arcs: nx.DiGraph) -> DirectionMeasures:
    """In- and out-degree, depended on, out- and in-reach of the directed arcs, and the one-way count."""
    table = pd.DataFrame(
        {
            "in_degree": pd.Series(dict(arcs.in_degree()), dtype="Int64"),
            "out_degree": pd.Series(dict(arcs.out_degree()), dtype="Int64"),
        },
        index=pd.Index(list(arcs.nodes), name="name"),
    )
    return DirectionMeasures(table.join(direction.measures(arcs)), direction.one_way(arcs))
