"""Findings about the actor map in plain words, and the selections the map view filters by.

They read the graphs of :class:`core.system_map.network.ActorNetwork` and the
metric table of :class:`core.system_map.network.NetworkMetrics` (also named
in :mod:`core.system_map.network`, where callers have always found them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from core.system_map import direction, holes
from core.system_map.communities import describe as describe_communities
from core.system_map.direction import Reading

if TYPE_CHECKING:
    from core.system_map.network import ActorNetwork, NetworkMetrics

__all__ = ["cut_off_by", "neighbourhood", "select_nodes", "summarise"]


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


def summarise(
    metrics: NetworkMetrics, network: ActorNetwork, top: int = 3, reading: Reading | None = None
) -> list[str]:
    """Plain-language findings: decision-makers, brokers, bottlenecks, holes and communities, and why.

    ``reading`` is how relations are read for influence: with their direction
    (the default when any relation runs one way) or as ties both ways.
    """
    table = metrics.table
    if table.empty:
        return ["No actors yet: add actors and the relations between them."]
    lines = []
    if (reading or metrics.reading) is Reading.DIRECTED:
        lines.extend(direction.describe(table, top))
    else:
        influential = table.sort_values("pagerank", ascending=False, kind="stable").index[:top].tolist()
        lines.append(
            f"Key decision-makers: {', '.join(influential)}. They hold the most and strongest ties "
            "(highest PageRank, ties read both ways), so what they decide travels furthest."
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
    lines.extend(filter(None, [holes.describe(table), describe_communities(metrics.partition)]))
    return lines
