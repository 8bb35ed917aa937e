"""Social network analysis of the actor map.

Actors are nodes and relations are ties. Structural metrics (betweenness,
closeness, communities, cut points, constraint) are read on the undirected
graph: a tie lets information and influence pass both ways. In- and
out-degree come from the directed arcs (a directed relation is one arc,
an undirected one is an arc each way). Weights add up over parallel
relations; betweenness and closeness count hops, not weights.

Betweenness and closeness come from networkit (C++, in parallel; the same
numbers as networkx, which takes minutes at 10,000 actors). Betweenness is
exact up to ``EXACT_UP_TO`` actors and estimated from ``SAMPLES`` sampled
source actors above it (Brandes and Pich's estimator, seeded so reruns
agree); the result says which was used. Closeness is always exact.

The module runs past 300 lines on purpose: building the map, its metrics and
the findings in words are one analysis over the same two graphs
(:class:`ActorNetwork`) and metric table (:class:`NetworkMetrics`); splitting
them would scatter it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import networkit as nk
import networkx as nx
import numpy as np
import pandas as pd

from core.conventions import flags

__all__ = [
    "EXACT_UP_TO",
    "SAMPLES",
    "ActorNetwork",
    "BetweennessMethod",
    "Centrality",
    "NetworkMetrics",
    "RelationKind",
    "analyse",
    "build_network",
    "cut_off_by",
    "neighbourhood",
    "select_nodes",
    "summarise",
]

EXACT_UP_TO = 5_000  # exact betweenness up to this many actors (about 4 s at 5,000), sampled above
SAMPLES = 500  # sampled source actors for estimated betweenness
LOUVAIN_SEED = 42  # fixed, so that reruns draw the same communities


class RelationKind(StrEnum):
    """Kinds of tie between actors (free text is allowed; these get colours)."""

    FUNDS = "funds"
    REGULATES = "regulates"
    SUPPLIES = "supplies"
    INFLUENCES = "influences"
    PARTNERS = "partners"
    CONFLICTS = "conflicts"


class Centrality(StrEnum):
    """Per-actor measures a view can be sized or ranked by."""

    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    PAGERANK = "pagerank"
    CLOSENESS = "closeness"
    CONSTRAINT = "constraint"

    @property
    def label(self) -> str:
        return {
            Centrality.DEGREE: "Degree (number of ties)",
            Centrality.BETWEENNESS: "Betweenness (broker)",
            Centrality.PAGERANK: "PageRank (influence)",
            Centrality.CLOSENESS: "Closeness (reach)",
            Centrality.CONSTRAINT: "Constraint (low = spans structural holes)",
        }[self]


class BetweennessMethod(StrEnum):
    EXACT = "exact"
    SAMPLED = "sampled"


@dataclass
class ActorNetwork:
    """The actor map as two graphs over the same actor names.

    ``ties`` is undirected with summed ``weight`` and the ``kinds`` of the
    relations behind each tie; ``arcs`` is directed (for in/out degree).
    Node attributes come from the actors frame (``type``, ``sector``, ...).
    """

    ties: nx.Graph
    arcs: nx.DiGraph


@dataclass
class NetworkMetrics:
    """Metrics per actor plus the graph-level findings.

    ``table`` is indexed by actor name with columns ``type``, ``degree``,
    ``in_degree``, ``out_degree``, ``betweenness``, ``pagerank``,
    ``closeness``, ``constraint``, ``community`` and ``cut_point``.
    """

    table: pd.DataFrame
    brokers: list[str]
    bottlenecks: list[str]
    bridges: list[tuple[str, str]]
    communities: list[list[str]]
    method: str
    notes: list[str] = field(default_factory=list)


def _names(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip()


def build_network(relations: pd.DataFrame, actors: pd.DataFrame | None = None) -> ActorNetwork:
    """Build the actor map from relation rows (and optional actor rows).

    Parameters
    ----------
    relations : DataFrame
        Columns ``source`` and ``target``; optional ``weight`` (default 1),
        ``kind`` and ``directed`` (default True). Rows with a blank end and
        self-ties are ignored.
    actors : DataFrame, optional
        Column ``name`` plus any attributes; actors without relations are
        kept as isolated nodes. Relation ends match actor names ignoring case.
    """
    frame = pd.DataFrame(
        {
            "source": _names(relations["source"]),
            "target": _names(relations["target"]),
            "weight": pd.to_numeric(relations["weight"], errors="coerce") if "weight" in relations else 1.0,
            "kind": relations["kind"].astype("string").fillna("") if "kind" in relations else "",
            "directed": flags(relations["directed"], default=True) if "directed" in relations else True,
        }
    )
    frame["weight"] = frame["weight"].fillna(1.0).astype(float)
    frame = frame[(frame.source.fillna("") != "") & (frame.target.fillna("") != "") & (frame.source != frame.target)]

    ties, arcs = nx.Graph(), nx.DiGraph()
    if actors is not None and len(actors):
        attributes = actors.assign(name=_names(actors["name"])).dropna(subset=["name"]).drop_duplicates("name")
        # a relation naming "alpha corp" means the actor "Alpha Corp", as names match everywhere else
        spelling = dict(zip(attributes["name"].str.casefold(), attributes["name"], strict=True))
        for end in ("source", "target"):
            frame[end] = frame[end].str.casefold().map(spelling).fillna(frame[end])
        records = attributes.set_index("name").astype(object).where(attributes.set_index("name").notna(), None)
        nodes = list(records.to_dict("index").items())
        ties.add_nodes_from(nodes)
        arcs.add_nodes_from(nodes)

    sources, targets = frame["source"].to_numpy(dtype=object), frame["target"].to_numpy(dtype=object)
    swap = sources > targets  # an undirected tie is keyed by its two names in sorted order
    low, high = np.where(swap, targets, sources), np.where(swap, sources, targets)
    paired = frame.assign(a=low, b=high)
    weight = paired.groupby(["a", "b"], sort=False)["weight"].sum()
    named = paired[paired["kind"].fillna("") != ""].drop_duplicates(["a", "b", "kind"]).sort_values("kind")
    kinds = named.groupby(["a", "b"], sort=False)["kind"].agg(list)
    kind_of = kinds.to_dict()
    ties.add_edges_from((a, b, {"weight": w, "kinds": kind_of.get((a, b), [])}) for (a, b), w in weight.items())
    reverse = frame[~frame.directed.astype(bool)].rename(columns={"source": "target", "target": "source"})
    both = pd.concat([frame, reverse], ignore_index=True)
    arc_weight = both.groupby(["source", "target"], sort=False)["weight"].sum()
    arcs.add_weighted_edges_from((s, t, w) for (s, t), w in arc_weight.items())
    arcs.add_nodes_from(ties.nodes)
    return ActorNetwork(ties=ties, arcs=arcs)


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
    """Betweenness and closeness (shortest-path measures), and how betweenness was found.

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
        text = f"betweenness estimated from {SAMPLES} sampled actors of {n:,} (exact up to {EXACT_UP_TO:,})"
    else:
        between = nk.centrality.Betweenness(converted, normalized=True).run().scores()
        text = "exact betweenness"
    closeness = nk.centrality.Closeness(converted, True, nk.centrality.ClosenessVariant.GENERALIZED).run().scores()
    return dict(zip(names, between, strict=True)), dict(zip(names, closeness, strict=True)), text


def analyse(network: ActorNetwork, method: BetweennessMethod | None = None, seed: int = LOUVAIN_SEED) -> NetworkMetrics:
    """Compute the full metric set of the actor map.

    Parameters
    ----------
    network : ActorNetwork
    method : BetweennessMethod, optional
        Force exact or sampled betweenness; by default exact up to
        ``EXACT_UP_TO`` actors, sampled above.
    seed : int
        Seed for Louvain communities and betweenness sampling (reruns agree).
    """
    ties, arcs = network.ties, network.arcs
    names = list(ties.nodes)
    betweenness, closeness, method_text = _shortest_path_measures(ties, method, seed)
    communities = _communities(ties, seed)
    community_of = {name: number for number, members in enumerate(communities, start=1) for name in members}
    cut_points = set(nx.articulation_points(ties))
    pagerank = (
        nx.pagerank(ties, weight="weight") if ties.number_of_edges() else dict.fromkeys(names, 1 / max(len(names), 1))
    )
    table = pd.DataFrame(
        {
            "type": pd.Series(dict(ties.nodes(data="type", default=None)), dtype="string"),
            "degree": pd.Series(dict(ties.degree()), dtype="Int64"),
            "in_degree": pd.Series(dict(arcs.in_degree()), dtype="Int64"),
            "out_degree": pd.Series(dict(arcs.out_degree()), dtype="Int64"),
            "betweenness": pd.Series(betweenness, dtype=float),
            "pagerank": pd.Series(pagerank, dtype=float),
            "closeness": pd.Series(closeness, dtype=float),
            "constraint": pd.Series(nx.constraint(ties, weight="weight"), dtype=float),
            "community": pd.Series(community_of, dtype="Int64"),
        },
        index=pd.Index(names, name="name"),
    )
    table["cut_point"] = table.index.isin(cut_points)
    table = table.sort_values(["betweenness", "degree"], ascending=False, kind="stable")
    brokers = table.index[table.betweenness > 0].tolist()
    bottlenecks = [name for name in table.index if name in cut_points]
    return NetworkMetrics(
        table=table,
        brokers=brokers,
        bottlenecks=bottlenecks,
        bridges=sorted(tuple(sorted(edge)) for edge in nx.bridges(ties)),
        communities=communities,
        method=method_text,
    )


def _communities(graph: nx.Graph, seed: int) -> list[list[str]]:
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted((sorted(members) for members in found), key=lambda members: (-len(members), members[0]))


def cut_off_by(network: ActorNetwork, actor: str) -> list[str]:
    """Actors that lose every path to the rest of the map if ``actor`` leaves.

    The pieces ``actor``'s own part of the map falls into without it, except
    the largest; actors that had no path to ``actor`` anyway are not counted.
    """
    if actor not in network.ties:
        return []
    own_part = nx.node_connected_component(network.ties, actor) - {actor}
    parts = sorted(nx.connected_components(network.ties.subgraph(own_part)), key=len, reverse=True)
    return sorted(name for part in parts[1:] for name in part)


def neighbourhood(network: ActorNetwork, centre: str, steps: int = 1) -> set[str]:
    """``centre`` and every actor at most ``steps`` ties away."""
    if centre not in network.ties:
        return set()
    return set(nx.single_source_shortest_path_length(network.ties, centre, cutoff=steps))


def select_nodes(
    metrics: NetworkMetrics,
    network: ActorNetwork,
    types: Iterable[str] | None = None,
    communities: Iterable[int] | None = None,
    centre: str | None = None,
    steps: int = 1,
) -> list[str]:
    """Names that pass the view filters, most central (betweenness) first.

    Empty filters keep everyone; filters combine with AND.
    """
    table = metrics.table
    keep = pd.Series(True, index=table.index)
    if types:
        keep &= table["type"].isin(list(types)).fillna(False).astype(bool)
    if communities:
        keep &= table["community"].isin(list(communities)).fillna(False).astype(bool)
    if centre:
        keep &= table.index.isin(neighbourhood(network, centre, steps))
    return table.index[keep].tolist()


def summarise(metrics: NetworkMetrics, network: ActorNetwork, top: int = 3) -> list[str]:
    """Plain-language findings: decision-makers, brokers, bottlenecks and why."""
    table = metrics.table
    if table.empty:
        return ["No actors yet: add actors and the relations between them."]
    lines = []
    influential = table.sort_values("pagerank", ascending=False).index[:top].tolist()
    lines.append(
        f"Key decision-makers: {', '.join(influential)}. They hold the most and strongest ties "
        "(highest PageRank), so what they decide travels furthest."
    )
    if metrics.brokers:
        lead = metrics.brokers[0]
        share = table.at[lead, "betweenness"]
        lines.append(
            f"Key brokers: {', '.join(metrics.brokers[:top])}. {lead} sits on {share:.0%} of the shortest "
            "paths between other actors: it connects groups that otherwise barely talk."
        )
    if metrics.bottlenecks:
        parts = []
        for actor in metrics.bottlenecks[:top]:
            lost = cut_off_by(network, actor)
            parts.append(f"{actor} (without it, {len(lost)} actor{'s lose' if len(lost) != 1 else ' loses'} contact: "
                         f"{', '.join(lost[:4])}{' …' if len(lost) > 4 else ''})")  # fmt: skip
        only = "the only cut point" if len(metrics.bottlenecks) == 1 else "cut points"
        lines.append(f"Bottlenecks ({only}): {'; '.join(parts)}.")
    else:
        lines.append("No single actor is a cut point: every actor can be reached another way.")
    lines.append(f"The map splits into {len(metrics.communities)} communities (Louvain, fixed seed).")
    return lines
