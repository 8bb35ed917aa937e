"""Kept layouts: kept nodes never move, a new node lands among its neighbours, the same input gives the same map."""

from __future__ import annotations

import math
import statistics

import networkx as nx
import pytest

from core.system_map.layout import GRID_LAYOUT_FROM, MOVE_LIMIT, ONE_BY_ONE, dragged, fresh, place


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.dist(a, b)


def test_with_nothing_kept_the_layout_is_fresh_and_the_same_every_time():
    graph = nx.karate_club_graph()
    assert place(graph, {}) == fresh(graph) == fresh(graph)
    assert len(fresh(graph)) == 34
    assert fresh(nx.Graph()) == {}


def test_kept_positions_stay_exactly_and_a_new_node_lands_beside_its_neighbours():
    graph = nx.karate_club_graph()
    before = fresh(graph)
    kept = {node: position for node, position in before.items()}
    graph.add_edges_from([("newcomer", 33), ("newcomer", 32)])  # ties to the two hubs of one side
    placed = place(graph, kept)
    assert {node: placed[node] for node in kept} == kept
    spread = statistics.median(_distance(kept[a], kept[b]) for a in kept for b in kept if a != b)
    assert _distance(placed["newcomer"], kept[33]) < spread
    assert _distance(placed["newcomer"], kept[32]) < spread
    assert place(graph, kept) == placed  # the same input, the same place


def test_nodes_no_longer_on_the_map_are_dropped_and_a_lone_new_node_lands_inside_the_map():
    graph = nx.path_graph(["a", "b", "c"])
    kept = {"a": (-400.0, 0.0), "b": (0.0, 0.0), "c": (400.0, 0.0), "gone": (9e9, 9e9)}
    graph.add_node("alone")
    placed = place(graph, kept)
    assert set(placed) == {"a", "b", "c", "alone"}
    x, y = placed["alone"]
    assert math.isfinite(x) and math.isfinite(y)
    assert _distance(placed["alone"], (0.0, 0.0)) < 2000


def test_a_map_with_every_node_kept_is_drawn_as_kept():
    graph = nx.path_graph(["a", "b"])
    assert place(graph, {"a": (1, 2), "b": (3, 4)}) == {"a": (1.0, 2.0), "b": (3.0, 4.0)}


@pytest.mark.parametrize("size", [301, 400])
def test_a_big_map_is_laid_out_whole(size):
    graph = nx.barabasi_albert_graph(size, 2, seed=1)
    positions = fresh(graph)
    assert len(positions) == size and all(math.isfinite(v) for p in positions.values() for v in p)


def test_tie_weights_do_not_bend_a_fresh_layout_even_negative_ones():
    graph = nx.DiGraph()
    graph.add_weighted_edges_from([("a", "b", -1.0), ("b", "c", 0.5), ("c", "a", -0.25), ("c", "d", 3.0)])
    positions = fresh(graph.to_undirected())
    assert len(positions) == 4 and all(math.isfinite(v) for p in positions.values() for v in p)


def test_a_drag_sent_by_the_browser_is_kept_only_for_drawn_nodes_at_real_numbers():
    names = {"A": "Alpha", "B\u200bx": "B href x", "C": "Gamma"}
    moved = {
        "A": {"x": 12, "y": -3.5},  # kept
        "B\u200bx": {"x": 1.0, "y": 2.0},  # a drawn id stands for its name
        "C": {"x": float("inf"), "y": 0},  # not a place
        "D": {"x": 1, "y": 1},  # not drawn here
        "E": "somewhere",
    }
    assert dragged(moved, names) == {"Alpha": (12.0, -3.5), "B href x": (1.0, 2.0)}
    assert dragged({"A": {"x": True, "y": 1}}, names) == {}
    assert dragged({"A": {"x": MOVE_LIMIT * 2, "y": 1}}, names) == {}
    assert dragged(None, names) == dragged([1, 2], names) == {}


def test_a_map_of_thousands_is_laid_out_by_the_grid_layout_the_same_every_time_with_ties_short():
    graph = nx.barabasi_albert_graph(GRID_LAYOUT_FROM + 500, 3, seed=2)
    positions = fresh(graph, seed=5)
    assert positions == fresh(graph, seed=5)
    assert len(positions) == len(graph) and all(math.isfinite(v) for p in positions.values() for v in p)
    xs, ys = zip(*positions.values(), strict=True)
    assert max(xs) - min(xs) > 1.5 * (max(ys) - min(ys))  # wide, for a screen or a wall
    ties = statistics.median(_distance(positions[a], positions[b]) for a, b in graph.edges)
    nodes = list(graph)
    pairs = statistics.median(_distance(positions[nodes[i]], positions[nodes[-i - 1]]) for i in range(500))
    assert ties < 0.55 * pairs  # tied actors sit closer than others (rustworkx's spring layout: 0.59 here)


def test_a_large_list_arriving_in_a_small_kept_map_is_laid_out_afresh():
    graph = nx.barabasi_albert_graph(ONE_BY_ONE + 100, 2, seed=1)
    kept = {node: (float(node), 0.0) for node in range(20)}
    assert place(graph, kept) == fresh(graph)
