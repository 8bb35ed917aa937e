"""Paths between two actors or factors, and what lies up- or downstream of a factor."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from core.store import Table
from core.system_map import causal, network, paths
from core.system_map.paths import Effect, Side


def test_every_shortest_path_across_a_grid_is_counted():
    # Corner to corner of a 5 x 5 grid takes 8 steps; the shortest ways number C(8, 4) = 70.
    grid = nx.relabel_nodes(nx.grid_2d_graph(5, 5), lambda node: f"{node[0]},{node[1]}")
    found = paths.shortest_paths(grid, "0,0", "4,4")
    assert (found.hops, found.count) == (8, math.comb(8, 4))
    assert len(found.paths) == paths.MAX_LISTED and found.more == 70 - paths.MAX_LISTED
    assert all(len(path) == 9 and path[0] == "0,0" and path[-1] == "4,4" for path in found.paths)
    assert found.paths == sorted(found.paths)


def test_actor_paths_follow_the_arrows_when_direction_is_read():
    relations = pd.DataFrame({"source": ["fund", "ngo"], "target": ["ngo", "village"], "directed": True})
    graph = network.build_network(relations)
    assert paths.shortest_paths(graph.arcs, "fund", "village").paths == [("fund", "ngo", "village")]
    assert paths.shortest_paths(graph.arcs, "village", "fund").hops is None
    assert paths.shortest_paths(graph.ties, "village", "fund").paths == [("village", "ngo", "fund")]
    with pytest.raises(KeyError, match="nobody"):
        paths.shortest_paths(graph.ties, "fund", "nobody")


def _diagram() -> nx.DiGraph:
    links = pd.DataFrame(
        {
            "cause": ["a", "b", "a", "d", "c", "e"],
            "effect": ["b", "c", "d", "c", "e", "f"],
            "polarity": ["+", "-", "-", "-", "+", "?"],
        }
    )
    return causal.build_diagram(links)


def test_factor_paths_carry_their_effect():
    diagram = _diagram()
    found = paths.shortest_paths(diagram, "a", "e")
    assert found.paths == [("a", "b", "c", "e"), ("a", "d", "c", "e")]
    # a + b - c + e: more a, less e; a - d - c + e: more a, more e.
    assert [paths.effect(diagram, path) for path in found.paths] == [Effect.LESS, Effect.MORE]


def test_downstream_and_upstream_with_steps_and_effects():
    diagram = _diagram()
    down = paths.nearby(diagram, "a", Side.DOWNSTREAM, steps=2)
    assert down.index.tolist() == ["b", "d", "c"]
    assert down["steps"].tolist() == [1, 1, 2]
    assert down.loc["c", "paths"] == 2 and down.loc["c", "effect"] == Effect.MIXED  # the two ways disagree
    assert paths.nearby(diagram, "a", Side.DOWNSTREAM, steps=4).loc["f", "effect"] == Effect.UNKNOWN
    up = paths.nearby(diagram, "e", Side.UPSTREAM, steps=2)
    assert up.index.tolist() == ["c", "b", "d"]
    assert up["effect"].tolist() == [Effect.MORE, Effect.LESS, Effect.LESS]  # more b: less c, so less e
    assert paths.nearby(diagram, "a", Side.UPSTREAM).empty


def test_demo_collection_volume_is_driven_by_picker_income(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, [Table.FACTORS, Table.CAUSAL_LINKS])
    diagram = causal.build_diagram(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS])
    up = paths.nearby(diagram, "Collection volume", Side.UPSTREAM, steps=1)
    assert up.loc["Waste-picker income", "effect"] == Effect.MORE
