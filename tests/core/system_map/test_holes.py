"""Burt's structural holes against Borgatti's published example."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from core.system_map import network
from core.system_map.holes import structural_holes

# Borgatti (1997), "Structural holes: unpacking Burt's redundancy measures", Connections 20(1): the example
# ego network, as held in networkx's own tests for structural holes (with its weighted variant).
TIES = [("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"), ("F", "G"), ("B", "G"), ("B", "D"), ("D", "G"),
        ("G", "C")]  # fmt: skip
WEIGHTS = {("A", "B"): 2, ("A", "F"): 3, ("A", "G"): 5, ("A", "E"): 2, ("E", "G"): 8, ("F", "G"): 3, ("B", "G"): 4,
           ("B", "D"): 1, ("D", "G"): 3, ("G", "C"): 10}  # fmt: skip


def test_effective_size_and_efficiency_match_borgattis_example():
    table = structural_holes(nx.Graph(TIES))
    # Borgatti: effective size n - 2t/n. G: 6 contacts, 4 ties among them -> 6 - 8/6 = 4.67; A: 4 - 6/4 = 2.5.
    assert table.at["G", "effective_size"] == pytest.approx(4.667, abs=1e-3)
    assert table.at["A", "effective_size"] == pytest.approx(2.5, abs=1e-12)
    assert table.at["C", "effective_size"] == pytest.approx(1.0, abs=1e-12)
    assert table.at["G", "efficiency"] == pytest.approx(4.667 / 6, abs=1e-3)
    assert table.at["A", "efficiency"] == pytest.approx(0.625, abs=1e-12)
    assert table.at["G", "constraint"] == pytest.approx(0.400, abs=1e-3)
    assert table.at["A", "constraint"] == pytest.approx(0.595, abs=1e-3)


def test_weighted_values_match_networkx_published_values():
    graph = nx.Graph(TIES)
    nx.set_edge_attributes(graph, WEIGHTS, "weight")
    table = structural_holes(graph)
    assert table.loc[["G", "A", "C"], "effective_size"].tolist() == pytest.approx([5.47, 2.47, 1.0], abs=1e-2)
    assert table.loc[["G", "A", "C"], "constraint"].tolist() == pytest.approx([0.299, 0.795, 1.0], abs=1e-3)


def test_agrees_with_networkx_on_a_weighted_published_network_and_leaves_loners_blank():
    graph = nx.les_miserables_graph()
    graph.add_node("Nobody")
    table = structural_holes(graph)
    nodes = [name for name in graph if name != "Nobody"]
    sizes = nx.effective_size(graph, nodes=nodes, weight="weight")  # once: it is the slow reference
    constraints = nx.constraint(graph, nodes=nodes, weight="weight")
    assert table.loc[nodes, "effective_size"].tolist() == pytest.approx([sizes[name] for name in nodes], abs=1e-9)
    assert table.loc[nodes, "constraint"].tolist() == pytest.approx([constraints[name] for name in nodes], abs=1e-9)
    assert table.loc["Nobody"].isna().all()


def test_the_actor_table_has_them_and_names_who_spans_the_most_holes():
    relations = pd.DataFrame(TIES, columns=["source", "target"]).assign(directed=False)
    graph = network.build_network(relations)
    metrics = network.analyse(graph)
    assert metrics.table.at["G", "effective_size"] == pytest.approx(4.667, abs=1e-3)
    summary = " ".join(network.summarise(metrics, graph))
    assert "Spans the most structural holes: G. Its 6 contacts count as 4.7 that do not overlap" in summary
