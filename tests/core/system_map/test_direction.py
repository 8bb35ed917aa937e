"""Direction on the actor map: who is depended on, and how far each actor reaches along the arrows."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from core.system_map import direction, network
from core.system_map.direction import Reading

# The worked PageRank example of Wikipedia's "PageRank" article (figure "PageRanks-Example"): page -> linked page.
# Published scores (damping 0.85): A 3.3%, B 38.4%, C 34.3%, D 3.9%, E 8.1%, F 3.9%, G-K 1.6% each.
LINKS = [("B", "C"), ("C", "B"), ("D", "A"), ("D", "B"), ("E", "B"), ("E", "D"), ("E", "F"), ("F", "B"), ("F", "E"),
         ("G", "B"), ("G", "E"), ("H", "B"), ("H", "E"), ("I", "B"), ("I", "E"), ("J", "E"), ("K", "E")]  # fmt: skip
PUBLISHED = {"A": 0.033, "B": 0.384, "C": 0.343, "D": 0.039, "E": 0.081, "F": 0.039, "G": 0.016, "K": 0.016}


def _relations(pairs, directed=True) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["source", "target"]).assign(directed=directed)


def test_depended_on_is_pagerank_against_the_arrows():
    # A page that links to another relies on it: written as relations, the linked page acts on the linking one
    # (it "supplies" it), so the relation runs linked -> linking and "depended on" turns it back.
    graph = network.build_network(_relations([(linked, page) for page, linked in LINKS]))
    metrics = network.analyse(graph)
    scores = metrics.table["depended_on"].round(3).to_dict()
    assert {name: scores[name] for name in PUBLISHED} == PUBLISHED
    assert metrics.table["depended_on"].sum() == pytest.approx(1.0)
    assert metrics.one_way == 13 and metrics.reading is Reading.DIRECTED  # of 17, B <-> C and E <-> F run both ways


def test_reach_counts_actors_along_the_arrows():
    arcs = nx.DiGraph([(linked, page) for page, linked in LINKS])
    table = direction.reach(arcs)
    # Read on Wikipedia's links: 9 pages lead to B (all but A), B leads only to C; D, E, F and G-K lead to A,
    # A leads nowhere; F, G, H, I, J, K lead to E, and E leads to B, C, D, F and A (K: those and E).
    assert table.loc["B"].tolist() == [9, 1]
    assert table.loc["A"].tolist() == [8, 0]
    assert table.loc["E"].tolist() == [6, 5]
    assert table.loc["K"].tolist() == [0, 6]


def test_two_way_relations_reach_both_ways_and_change_nothing():
    relations = pd.DataFrame(
        {"source": ["fund", "ngo", "x"], "target": ["ngo", "city", "y"], "directed": [True, False, False]}
    )
    metrics = network.analyse(network.build_network(relations))
    table = metrics.table
    # fund -> ngo <-> city: fund reaches ngo and city; city reaches ngo only; nobody reaches fund.
    assert (table.at["fund", "out_reach"], table.at["fund", "in_reach"]) == (2, 0)
    assert (table.at["city", "out_reach"], table.at["city", "in_reach"]) == (1, 2)
    assert (table.at["x", "out_reach"], table.at["x", "in_reach"]) == (1, 1)
    undirected = network.analyse(network.build_network(relations.assign(directed=False)))
    assert undirected.one_way == 0 and undirected.reading is Reading.UNDIRECTED


def test_influence_in_words_follows_the_reading():
    relations = _relations([(linked, page) for page, linked in LINKS])
    graph = network.build_network(relations)
    metrics = network.analyse(graph)
    directed = " ".join(network.summarise(metrics, graph))
    assert "Most depended on: B, C, E." in directed
    assert "what B decides can reach 9 of the other 10 actors" in directed
    both_ways = " ".join(network.summarise(metrics, graph, reading=Reading.UNDIRECTED))
    top = metrics.table["pagerank"].idxmax()
    assert f"Key decision-makers: {top}" in both_ways and "Most depended on" not in both_ways
