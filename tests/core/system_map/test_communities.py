"""Leiden communities: at least as good as igraph's own best run, seeded, and named in words."""

from __future__ import annotations

import random

import networkx as nx
import pandas as pd
import pytest

from core.store import Table
from core.system_map import communities, network
from core.system_map.communities import detect


def _igraph_best(ties: nx.Graph, runs: int = 10) -> float:
    """The best modularity of igraph's own Louvain and Leiden over ``runs`` seeds each, same weighted graph."""
    graph, _ = communities._igraph(ties)
    best = 0.0
    for seed in range(runs):
        random.seed(seed)  # igraph draws from Python's random module
        louvain = graph.community_multilevel(weights="weight")
        random.seed(seed)
        leiden = graph.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
        best = max(best, *(graph.modularity(found.membership, weights="weight") for found in (louvain, leiden)))
    random.seed()
    return best


def _demo_ties(demo_store) -> nx.Graph:
    store, pid = demo_store
    frames = store.read_many(pid, [Table.ACTORS, Table.RELATIONS])
    return network.build_network(frames[Table.RELATIONS], frames[Table.ACTORS]).ties


@pytest.mark.parametrize("name", ["karate club", "les miserables"])
def test_leiden_reaches_igraphs_best_modularity_on_published_weighted_graphs(name):
    ties = nx.karate_club_graph() if name == "karate club" else nx.les_miserables_graph()
    found = detect(ties)
    assert found.modularity >= _igraph_best(ties) - 1e-12
    members = [set(group.members) for group in found.communities]
    assert found.modularity == pytest.approx(nx.community.modularity(ties, members, weight="weight"), abs=1e-12)
    assert found.settled and found.runs == communities.RESTARTS


def test_leiden_reaches_igraphs_best_on_the_demo_and_reruns_agree(demo_store):
    ties = _demo_ties(demo_store)
    found = detect(ties)
    assert found.modularity >= _igraph_best(ties) - 1e-12
    assert detect(ties).communities == found.communities  # seeded: the same groups, numbers and names


def test_unweighted_karate_club_reaches_the_proven_optimum():
    # Brandes et al. (2008) proved 0.4198 the maximum modularity of Zachary's karate club (4 communities).
    ties = nx.Graph(nx.karate_club_graph().edges)
    found = detect(ties)
    assert found.modularity == pytest.approx(0.419790, abs=1e-6)
    assert len(found.communities) == 4


def test_communities_are_named_after_their_centre_and_dominant_sector():
    # Two triangles joined by one tie: a company trio around "Hub Co" and an NGO-led trio around "Reef Trust".
    relations = pd.DataFrame(
        {
            "source": ["Hub Co", "Hub Co", "Side Co", "Reef Trust", "Reef Trust", "Shore Group", "Side Co"],
            "target": ["Side Co", "Third Co", "Third Co", "Shore Group", "Bay Council", "Bay Council", "Reef Trust"],
            "weight": [3, 3, 1, 3, 3, 1, 1],
            "directed": False,
        }
    )
    actors = pd.DataFrame(
        {
            "name": ["Hub Co", "Side Co", "Third Co", "Reef Trust", "Shore Group", "Bay Council"],
            "type": ["company", "company", "ngo", "ngo", "community", "government"],
        }
    )
    metrics = network.analyse(network.build_network(relations, actors))
    names = [group.name for group in metrics.partition.communities]
    assert names == ["Hub Co group (mostly companies)", "Reef Trust group (mixed)"]
    assert metrics.table.at["Third Co", "community_name"] == "Hub Co group (mostly companies)"
    assert metrics.communities == [["Hub Co", "Side Co", "Third Co"], ["Bay Council", "Reef Trust", "Shore Group"]]
    summary = " ".join(network.summarise(metrics, network.build_network(relations, actors)))
    assert "The map splits into 2 communities" in summary and "Reef Trust group (mixed), 3" in summary


def test_a_map_without_ties_is_one_community_per_actor():
    ties = nx.Graph()
    ties.add_nodes_from(["a", "b"])
    found = detect(ties)
    assert [group.name for group in found.communities] == ["a group (on its own)", "b group (on its own)"]
    assert found.modularity == 0


def test_a_large_map_stops_refining_within_a_hair_of_igraphs_best():
    """Above LARGE actors a run stops once a pass adds under LARGE_TOLERANCE; the modularity given up is tiny."""
    ties = nx.barabasi_albert_graph(communities.LARGE + 500, 3, seed=7)
    nx.set_edge_attributes(ties, 1.0, "weight")
    found = detect(ties)
    assert found.runs == 1 and found.settled
    assert found.modularity >= _igraph_best(ties, runs=3) - 0.01
