"""Communities of the actor map: Leiden, seeded, named after who they gather around.

Communities are groups of actors tied more to each other than to the rest
of the map. They are found with the Leiden algorithm (Traag, Waltman and
van Eck 2019, the ``leidenalg`` library on ``igraph``) maximising weighted
modularity on the undirected tie graph. Each run refines its partition
until a pass improves nothing (at most :data:`MAX_PASSES` passes); on maps
over :data:`LARGE` actors, until a pass improves modularity by less than
:data:`LARGE_TOLERANCE`: at 10,000 actors the first pass finds 0.488 of 0.497,
the second and third add 0.005, and the twenty after them 0.004 for 6 s. The best
of several runs with seeds ``seed, seed + 1, ...`` is kept: :data:`RESTARTS`
runs on maps up to 200 actors, fewer above so that runs times actors stay
within :data:`RESTART_BUDGET` (one run from 2,000 actors). The seeds are
fixed, so reruns agree.

A community is named after its most central member (the strongest ties
inside the group, then the most ties overall, then the name) and its
dominant sector: the partner type (company, NGO, government, investor,
university, community organisation) its members most often have, "mostly"
when more than half have it, "many" when it only leads, "mixed" on a tie.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import igraph as ig
import leidenalg
import networkx as nx

__all__ = [
    "LARGE",
    "LARGE_TOLERANCE",
    "MAX_PASSES",
    "RESTARTS",
    "RESTART_BUDGET",
    "Community",
    "Grouping",
    "Partition",
    "describe",
    "detect",
    "find",
    "label",
]

RESTARTS = 10  # seeded runs on small maps
RESTART_BUDGET = 2_000  # runs x actors: 10 runs up to 200 actors, 4 at 500, 1 from 2,000
MAX_PASSES = 50  # refinement passes per run (small maps settle in under 10)
LARGE = 2_000
LARGE_TOLERANCE = 1e-3  # modularity a pass must add to be worth another, on maps over LARGE actors

_PLURAL = {
    "company": "companies",
    "ngo": "NGOs",
    "government": "government bodies",
    "investor": "investors",
    "university": "universities",
    "community": "community organisations",
}


@dataclass(frozen=True)
class Community:
    """One community: its members (sorted), its centre and its dominant sector."""

    number: int
    members: tuple[str, ...]
    centre: str
    sector: str | None  # the partner type most members share; None when no single type leads
    sector_count: int

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def sector_text(self) -> str:
        if self.size == 1:
            return "on its own"
        if self.sector is None:
            return "mixed"
        plural = _PLURAL.get(self.sector, self.sector)
        return f"mostly {plural}" if 2 * self.sector_count > self.size else f"many {plural}"

    @property
    def name(self) -> str:
        """``"Aurelia Recycling group (mostly companies)"``."""
        return f"{self.centre} group ({self.sector_text})"


@dataclass
class Partition:
    """The communities (largest first), their modularity and how they were found."""

    communities: list[Community]
    modularity: float
    runs: int
    settled: bool  # every run stopped because a pass improved nothing, not at MAX_PASSES

    @property
    def method(self) -> str:
        runs = f"best of {self.runs} seeded runs" if self.runs > 1 else "one seeded run"
        settled = "" if self.settled else f", stopped after {MAX_PASSES} passes"
        return f"Leiden communities, {runs}{settled}; modularity {self.modularity:.3f}"


def _igraph(ties: nx.Graph) -> tuple[ig.Graph, list[str]]:
    names = list(ties.nodes)
    index = {name: i for i, name in enumerate(names)}
    edges = [(index[a], index[b]) for a, b in ties.edges if a != b]
    graph = ig.Graph(n=len(names), edges=edges)
    graph.es["weight"] = [float(data.get("weight", 1.0)) for a, b, data in ties.edges(data=True) if a != b]
    return graph, names


def _run(graph: ig.Graph, seed: int) -> tuple[list[int], bool]:
    optimiser = leidenalg.Optimiser()
    optimiser.set_rng_seed(seed)
    partition = leidenalg.ModularityVertexPartition(graph, weights="weight")
    enough = LARGE_TOLERANCE if graph.vcount() > LARGE else 0.0
    for _ in range(MAX_PASSES):
        if optimiser.optimise_partition(partition, n_iterations=1) <= enough:
            return list(partition.membership), True
    return list(partition.membership), False


@dataclass(frozen=True)
class Grouping:
    """Who is in which community, before naming: what the ties and their weights alone decide."""

    groups: tuple[tuple[str, ...], ...]
    modularity: float
    runs: int
    settled: bool


def find(ties: nx.Graph, seed: int = 42) -> Grouping:
    """Leiden's groups of the tie graph, best modularity over seeded runs (node types play no part).

    Parameters
    ----------
    ties : Graph
        Undirected, with edge ``weight`` (missing counts as 1).
    seed : int
        First seed; runs use ``seed``, ``seed + 1``, ...
    """
    if ties.number_of_nodes() == 0:
        return Grouping((), 0.0, 0, True)
    graph, names = _igraph(ties)
    if graph.ecount() == 0 or sum(graph.es["weight"]) <= 0:
        return Grouping(tuple((name,) for name in names), 0.0, 1, True)
    runs = max(1, min(RESTARTS, RESTART_BUDGET // len(names)))
    best: tuple[float, list[int]] | None = None
    settled = True
    for offset in range(runs):
        membership, done = _run(graph, seed + offset)
        settled &= done
        quality = graph.modularity(membership, weights="weight")
        if best is None or quality > best[0]:
            best = (quality, membership)
    assert best is not None
    groups: dict[int, list[str]] = {}
    for member, label in zip(names, best[1], strict=True):
        groups.setdefault(label, []).append(member)
    return Grouping(tuple(tuple(group) for group in groups.values()), best[0], runs, settled)


def label(ties: nx.Graph, grouping: Grouping) -> Partition:
    """The groups numbered 1, 2, ... largest first (then by centre), each named by its centre and sector."""
    communities = _named(ties, [list(group) for group in grouping.groups])
    return Partition(communities, grouping.modularity, grouping.runs, grouping.settled)


def detect(ties: nx.Graph, seed: int = 42) -> Partition:
    """Leiden communities of the tie graph, found (:func:`find`) and named (:func:`label`).

    Parameters
    ----------
    ties : Graph
        Undirected, with edge ``weight`` (missing counts as 1) and node ``type``.
    seed : int
        First seed; runs use ``seed``, ``seed + 1``, ...

    Returns
    -------
    Partition
        Communities numbered 1, 2, ... largest first (then by centre name).
    """
    return label(ties, find(ties, seed))


def _named(ties: nx.Graph, groups: list[list[str]]) -> list[Community]:
    found = []
    for members in groups:
        inside = ties.subgraph(members)
        strength = dict(inside.degree(weight="weight"))
        centre = min(members, key=lambda name: (-strength[name], -ties.degree(name), name))
        types = Counter(str(t) for t in (ties.nodes[name].get("type") for name in members) if t)
        ranked = types.most_common(2)
        leads = bool(ranked) and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
        sector, count = (ranked[0] if leads else (None, 0)) if ranked else (None, 0)
        found.append((sorted(members), centre, sector, count))
    found.sort(key=lambda item: (-len(item[0]), item[1]))
    return [
        Community(number, tuple(members), centre, sector, count)
        for number, (members, centre, sector, count) in enumerate(found, start=1)
    ]


def describe(partition: Partition, top: int = 4) -> str | None:
    """The communities in one sentence, largest first (None when there are none)."""
    groups = partition.communities
    if not groups:
        return None
    if len(groups) == 1:
        return f"The map is one community ({partition.method})."
    shown = "; ".join(f"{group.name}, {group.size}" for group in groups[:top])
    rest = f"; and {len(groups) - top} more" if len(groups) > top else ""
    return f"The map splits into {len(groups)} communities ({partition.method}): {shown}{rest}."
