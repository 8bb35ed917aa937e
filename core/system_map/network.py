"""Social network analysis of the actor map.

Actors are nodes and relations are ties. Structural metrics (betweenness,
closeness, communities, cut points, structural holes) are read on the
undirected graph: a tie lets information and trust pass both ways. What
follows the direction of relations (in- and out-degree, who is depended on,
in- and out-reach: :mod:`core.system_map.direction`) is read on the
directed arcs (a directed relation is one arc, an undirected one is an arc
each way). Weights add up over parallel relations; betweenness and
closeness count hops, not weights.

The measures come in three parts by what each reads (who is tied to whom,
the weights, the arcs: :mod:`core.system_map.measures`), so that a cache can
rerun only the parts an edit touched; :func:`combine` puts them together
with the partner types. Communities are Leiden's
(:mod:`core.system_map.communities`), structural holes Burt's
(:mod:`core.system_map.holes`).

The findings in words and the view filters over these two graphs
(:class:`ActorNetwork`) and the metric table (:class:`NetworkMetrics`) are in
:mod:`core.system_map.findings`; they are named here too, where callers have
always found them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx
import numpy as np
import pandas as pd

from core.conventions import flags, name_keys
from core.system_map import communities, measures
from core.system_map.communities import Partition
from core.system_map.direction import Reading
from core.system_map.findings import cut_off_by, neighbourhood, select_nodes, summarise
from core.system_map.measures import EXACT_UP_TO, SAMPLES, SEED, BetweennessMethod

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
    "combine",
    "cut_off_by",
    "neighbourhood",
    "select_nodes",
    "summarise",
]


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
    DEPENDED_ON = "depended_on"
    OUT_REACH = "out_reach"
    CLOSENESS = "closeness"
    EFFECTIVE_SIZE = "effective_size"
    CONSTRAINT = "constraint"

    @property
    def label(self) -> str:
        return {
            Centrality.DEGREE: "Degree (number of ties)",
            Centrality.BETWEENNESS: "Betweenness (broker)",
            Centrality.PAGERANK: "PageRank, ties both ways (influence)",
            Centrality.DEPENDED_ON: "Depended on (PageRank against the arrows)",
            Centrality.OUT_REACH: "Out-reach (actors reached along the arrows)",
            Centrality.CLOSENESS: "Closeness (reach)",
            Centrality.EFFECTIVE_SIZE: "Effective size (contacts that do not overlap)",
            Centrality.CONSTRAINT: "Constraint (low = spans structural holes)",
        }[self]


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
    ``depended_on``, ``out_reach``, ``in_reach``, ``closeness``,
    ``constraint``, ``effective_size``, ``efficiency``, ``community`` (its
    number), ``community_name`` and ``cut_point``. ``communities`` lists the
    members of community 1, 2, ...; ``partition`` names them. ``one_way``
    counts relations that run one way only (0: direction changes nothing).
    """

    table: pd.DataFrame
    brokers: list[str]
    bottlenecks: list[str]
    bridges: list[tuple[str, str]]
    communities: list[list[str]]
    method: str
    partition: Partition = field(default_factory=lambda: Partition([], 0.0, 0, True))
    one_way: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def reading(self) -> Reading:
        """The reading that fits the map: with direction when any relation runs one way."""
        return Reading.DIRECTED if self.one_way else Reading.UNDIRECTED


def _names(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip()


def _spelled(names: pd.Series) -> pd.Series:
    """Each name as first spelled among names with its key (:func:`core.conventions.name_key`); blanks NA."""
    names = _names(names).reset_index(drop=True)
    keys = name_keys(names)  # once over every name: 100,000 relation ends in well under a second
    first = ~keys.duplicated() & (keys != "")
    return keys.map(pd.Series(names[first].to_numpy(), index=keys[first].to_numpy()))


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
        kept as isolated nodes.

    Names match as everywhere in Keystone (:func:`core.conventions.name_key`:
    case and repeated spaces ignored); each actor is shown as first spelled,
    in ``actors`` and then in the relations, and keeps its first row's attributes.
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
    known = actors["name"] if actors is not None and len(actors) else pd.Series([], dtype="string")
    # "alpha corp" in one row and "Alpha  Corp" in another are one actor, spelled as first met
    ends = pd.Series(frame[["source", "target"]].to_numpy(dtype=object).ravel())  # row by row
    spelled = _spelled(pd.concat([known, ends], ignore_index=True)).to_numpy(dtype=object)
    frame["source"], frame["target"] = spelled[len(known) :: 2], spelled[len(known) + 1 :: 2]
    frame = frame[frame.source.notna() & frame.target.notna() & (frame.source != frame.target)]

    ties, arcs = nx.Graph(), nx.DiGraph()
    if actors is not None and len(actors):
        attributes = actors.assign(name=spelled[: len(known)]).dropna(subset=["name"]).drop_duplicates("name")
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
    kind_of: dict[tuple[str, str], list[str]] = {}
    for a, b, kind in zip(named["a"], named["b"], named["kind"], strict=True):  # groupby's agg(list): 0.6 s at 30,000
        kind_of.setdefault((a, b), []).append(kind)
    ties.add_edges_from((a, b, {"weight": w, "kinds": kind_of.get((a, b), [])}) for (a, b), w in weight.items())
    reverse = frame[~frame.directed.astype(bool)].rename(columns={"source": "target", "target": "source"})
    both = pd.concat([frame, reverse], ignore_index=True)
    arc_weight = both.groupby(["source", "target"], sort=False)["weight"].sum()
    arcs.add_weighted_edges_from((s, t, w) for (s, t), w in arc_weight.items())
    arcs.add_nodes_from(ties.nodes)
    return ActorNetwork(ties=ties, arcs=arcs)


_COLUMNS = (
    "type", "degree", "in_degree", "out_degree", "betweenness", "pagerank", "depended_on", "out_reach", "in_reach",
    "closeness", "constraint", "effective_size", "efficiency", "community", "community_name", "cut_point",
)  # fmt: skip


def analyse(network: ActorNetwork, method: BetweennessMethod | None = None, seed: int = SEED) -> NetworkMetrics:
    """Compute the full metric set of the actor map.

    Parameters
    ----------
    network : ActorNetwork
    method : BetweennessMethod, optional
        Force exact or sampled betweenness; by default exact up to
        ``EXACT_UP_TO`` actors, sampled above.
    seed : int
        Seed for Leiden communities and betweenness sampling (reruns agree).
    """
    return combine(
        network,
        measures.hops(network.ties, method, seed),
        measures.weights(network.ties, seed),
        measures.directions(network.arcs),
    )


def combine(
    network: ActorNetwork,
    hops: measures.HopMeasures,
    weights: measures.WeightMeasures,
    directions: measures.DirectionMeasures,
) -> NetworkMetrics:
    """The metric set from its three parts and the actors' types (which name the communities)."""
    ties = network.ties
    names = list(ties.nodes)
    partition = communities.label(ties, weights.grouping)
    community_of = {name: group.number for group in partition.communities for name in group.members}
    name_of = {group.number: group.name for group in partition.communities}
    table = pd.DataFrame(
        {
            "type": pd.Series(dict(ties.nodes(data="type", default=None)), dtype="string"),
            "degree": pd.Series(dict(ties.degree()), dtype="Int64"),
            "betweenness": pd.Series(hops.betweenness, dtype=float),
            "pagerank": pd.Series(weights.pagerank, dtype=float),
            "closeness": pd.Series(hops.closeness, dtype=float),
            "community": pd.Series(community_of, dtype="Int64"),
        },
        index=pd.Index(names, name="name"),
    )
    table = table.join(directions.table).join(weights.holes)
    table["community_name"] = table["community"].map(name_of).astype("string")
    table["cut_point"] = table.index.isin(hops.cut_points)
    table = table[[*_COLUMNS]]
    table = table.sort_values(["betweenness", "degree"], ascending=False, kind="stable")
    return NetworkMetrics(
        table=table,
        brokers=table.index[table.betweenness > 0].tolist(),
        bottlenecks=[name for name in table.index if name in hops.cut_points],
        bridges=list(hops.bridges),
        communities=[list(group.members) for group in partition.communities],
        method=hops.method,
        partition=partition,
        one_way=directions.one_way,
    )
