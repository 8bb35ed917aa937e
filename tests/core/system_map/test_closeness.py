"""Sampled closeness against networkx's exact closeness (Wasserman-Faust for split maps)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from core.system_map.closeness import sampled_closeness


def _compare(graph: nx.Graph, samples: int) -> tuple[np.ndarray, np.ndarray]:
    estimated = sampled_closeness(graph, samples, seed=3)
    exact = nx.closeness_centrality(graph)
    names = list(graph.nodes)
    return np.array([estimated[name] for name in names]), np.array([exact[name] for name in names])


def test_a_large_map_is_estimated_within_a_few_hundredths_and_in_the_same_order():
    graph = nx.barabasi_albert_graph(3_000, 3, seed=11)
    estimated, exact = _compare(graph, samples=500)
    assert np.abs(estimated - exact).max() < 0.02
    assert np.corrcoef(estimated, exact)[0, 1] > 0.99
    top = set(np.argsort(-exact)[:10])
    assert len(top & set(np.argsort(-estimated)[:20])) >= 9  # the most central stay on top


def test_small_parts_of_a_split_map_are_exact_and_a_lone_actor_is_zero():
    graph = nx.barabasi_albert_graph(2_000, 2, seed=5)
    graph.add_edges_from([("a", "b"), ("b", "c"), ("c", "d")])  # a part of four, fewer than EXACT_PART
    graph.add_node("alone")
    estimated = sampled_closeness(graph, 200, seed=1)
    exact = nx.closeness_centrality(graph)
    for name in ("a", "b", "c", "d"):
        assert estimated[name] == pytest.approx(exact[name], abs=1e-12)
    assert estimated["alone"] == 0


def test_every_actor_searched_from_gives_the_exact_answer():
    graph = nx.connected_watts_strogatz_graph(300, 4, 0.1, seed=2)
    estimated, exact = _compare(graph, samples=300)
    assert estimated == pytest.approx(exact, abs=1e-12)
