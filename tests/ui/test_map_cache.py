"""Step 1's cache: an edit reruns only the parts of the actor map's analysis that read what it changed (issue 22)."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from core.store import Table
from core.system_map import measures, network
from ui.system_map import data


@pytest.fixture
def parts_run(monkeypatch) -> list[measures.Part]:
    """The parts of the analysis worked out, in order, each still the real one."""
    run: list[measures.Part] = []
    for part in measures.Part:
        monkeypatch.setattr(measures, part.value, _counting(run, part, getattr(measures, part.value)))
    st.cache_data.clear()
    st.cache_resource.clear()  # the analysis and its parts are kept as shared resources, not copied data
    return run


def _counting(run: list[measures.Part], part: measures.Part, real):
    def counted(*args):
        run.append(part)
        return real(*args)

    return counted


def _same_as_a_full_analysis(relations: pd.DataFrame, actors: pd.DataFrame, run: list) -> network.NetworkMetrics:
    """The cached analysis, checked against a full one (whose parts are not counted)."""
    _, metrics = data.actor_analysis(relations, actors)
    counted = len(run)
    full = network.analyse(network.build_network(relations, actors))
    del run[counted:]
    pd.testing.assert_frame_equal(metrics.table, full.table)
    assert metrics.partition == full.partition and metrics.bridges == full.bridges
    assert (metrics.one_way, metrics.method) == (full.one_way, full.method)
    return metrics


def test_each_edit_reruns_only_the_parts_that_read_it(demo_store, parts_run):
    store, pid = demo_store
    relations, actors = store.read(pid, Table.RELATIONS), store.read(pid, Table.ACTORS)
    first = _same_as_a_full_analysis(relations, actors, parts_run)
    assert parts_run == list(measures.Part)

    def edit(expected: list[measures.Part], relations: pd.DataFrame, actors: pd.DataFrame) -> network.NetworkMetrics:
        parts_run.clear()
        metrics = _same_as_a_full_analysis(relations, actors, parts_run)
        assert parts_run == expected
        return metrics

    # Notes and scores are read by no part; nor is the map built again: it is the very one.
    noted = actors.assign(notes="met at the May workshop", interest=actors["interest"].fillna(3).clip(1, 4))
    edit([], relations, noted)
    assert data.actor_analysis(relations, noted)[0] is data.actor_analysis(relations, actors)[0]
    ties_noted = relations.assign(notes="agreed at the May workshop")
    assert data.actor_analysis(ties_noted, noted)[0] is data.actor_analysis(relations, actors)[0]

    # A partner type only names communities and fills the type column.
    centre = first.partition.communities[0].centre
    other = "investor" if actors.set_index("name").at[centre, "type"] != "investor" else "ngo"
    retyped = noted.assign(type=noted["type"].where(noted["name"] != centre, other))
    assert edit([], relations, retyped).table.at[centre, "type"] == other

    # A tie's strength: PageRank, holes, communities and depended on; betweenness counts hops, so it stays.
    stronger = relations.assign(weight=relations["weight"].where(relations.index != 0, relations["weight"].iloc[0] + 3))
    edit([measures.Part.WEIGHTS, measures.Part.DIRECTIONS], stronger, retyped)

    # A relation turned one-way or both ways: only what follows the arrows.
    flipped = stronger.assign(directed=stronger["directed"].where(stronger.index != 1, ~stronger["directed"].iloc[1]))
    edit([measures.Part.DIRECTIONS], flipped, retyped)

    # A new tie changes every part; back to a shape seen before, nothing is worked out again.
    a, b = actors["name"].iloc[0], actors["name"].iloc[-1]
    tie = pd.DataFrame([{"source": a, "target": b, "kind": "funds", "weight": 1.0, "directed": True}])
    edit(list(measures.Part), pd.concat([flipped, tie], ignore_index=True), retyped)
    edit([], relations, actors)


def test_a_view_is_drawn_again_when_a_position_moves_and_only_then(demo_store):
    store, pid = demo_store
    relations, actors = store.read(pid, Table.RELATIONS), store.read(pid, Table.ACTORS)
    st.cache_data.clear()
    graph, _ = data.actor_analysis(relations, actors)
    positions = {name: (float(i), float(-i)) for i, name in enumerate(graph.ties.nodes)}
    moved = {**positions, next(iter(positions)): (1234.5, -987.25)}  # keyed by a digest, not walked entry by entry

    def drawn(places: dict) -> str:
        return data.actor_view(relations, actors, None, network.Centrality.BETWEENNESS, positions=places).html

    first = drawn(positions)
    assert "1234.5" not in first and "1234.5" in drawn(moved)
    assert drawn(dict(positions)) == first
    # A new tie is a new analysis, and so a new view, though positions, filters and size stay the same.
    a, b = actors["name"].iloc[0], actors["name"].iloc[-1]
    tie = pd.DataFrame([{"source": a, "target": b, "kind": "funds", "weight": 1.0, "directed": True}])
    tied = data.actor_view(
        pd.concat([relations, tie], ignore_index=True),
        actors,
        None,
        network.Centrality.BETWEENNESS,
        positions=positions,
    ).html
    assert tied.count('"from"') == first.count('"from"') + 1
