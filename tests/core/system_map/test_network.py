"""Social network analysis against published networks and the demo story."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from core.store import Table
from core.system_map import measures, network
from core.system_map.network import BetweennessMethod, analyse, build_network


def _relations(graph: nx.Graph) -> pd.DataFrame:
    return pd.DataFrame(list(graph.edges), columns=["source", "target"]).assign(directed=False)


def test_medici_are_the_top_broker_of_the_florentine_marriages():
    florentine = nx.florentine_families_graph()
    metrics = analyse(build_network(_relations(florentine)))
    assert metrics.brokers[0] == "Medici"
    # Padgett's network: the Medici's normalised betweenness is 0.522 (networkx agrees).
    assert metrics.table.at["Medici", "betweenness"] == pytest.approx(0.521978, abs=1e-6)
    assert metrics.table.at["Medici", "closeness"] == pytest.approx(0.56, abs=1e-6)
    assert metrics.table.at["Medici", "degree"] == 6


def test_karate_club_instructor_and_administrator_broker_from_different_communities():
    karate = nx.relabel_nodes(nx.karate_club_graph(), str)
    metrics = analyse(build_network(_relations(karate)))
    assert set(metrics.brokers[:2]) == {"0", "33"}
    assert metrics.table.at["0", "community"] != metrics.table.at["33", "community"]
    again = analyse(build_network(_relations(karate)))
    assert again.communities == metrics.communities  # fixed seed: reruns agree


def test_exact_and_sampled_betweenness_agree_on_the_top_brokers():
    graph = nx.barabasi_albert_graph(800, 3, seed=1)
    relations = _relations(nx.relabel_nodes(graph, str))
    exact = analyse(build_network(relations), BetweennessMethod.EXACT)
    sampled = analyse(build_network(relations), BetweennessMethod.SAMPLED)
    assert "sampled" in sampled.method
    assert len(set(exact.brokers[:10]) & set(sampled.brokers[:10])) >= 8
    reference = nx.betweenness_centrality(graph)
    assert exact.table["betweenness"].sort_index().to_numpy() == pytest.approx(
        pd.Series(reference).rename(index=str).sort_index().to_numpy(), abs=1e-9
    )


def test_closeness_matches_networkx_on_a_map_in_pieces():
    # Two components and an isolated actor: Wasserman-Faust correction, as networkx by default.
    graph = nx.relabel_nodes(nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(4)), str)
    graph.add_node("alone")
    actors = pd.DataFrame({"name": list(graph.nodes)})
    metrics = analyse(build_network(_relations(graph), actors))
    reference = pd.Series(nx.closeness_centrality(graph))
    assert metrics.table["closeness"].sort_index().to_numpy() == pytest.approx(
        reference.sort_index().to_numpy(), abs=1e-12
    )
    assert metrics.table.at["alone", "closeness"] == 0


def test_large_maps_switch_to_sampled_betweenness_and_reruns_agree(monkeypatch):
    monkeypatch.setattr(measures, "EXACT_UP_TO", 600)  # the real switch is at 5,000 actors
    relations = _relations(nx.relabel_nodes(nx.barabasi_albert_graph(800, 3, seed=2), str))
    first, again = analyse(build_network(relations)), analyse(build_network(relations))
    assert first.method == "betweenness and closeness estimated from 500 sampled actors of 800 (exact up to 600)"
    assert first.table["betweenness"].equals(again.table["betweenness"])
    assert first.table["closeness"].equals(again.table["closeness"])
    small = _relations(nx.relabel_nodes(nx.barabasi_albert_graph(500, 3, seed=2), str))
    assert analyse(build_network(small)).method == "exact betweenness"


def test_cut_points_bridges_and_who_is_cut_off():
    relations = pd.DataFrame({"source": ["a", "b", "c", "c"], "target": ["b", "c", "a", "d"]})
    graph = build_network(relations)
    metrics = analyse(graph)
    assert metrics.bottlenecks == ["c"]
    assert metrics.bridges == [("c", "d")]
    assert network.cut_off_by(graph, "c") == ["d"]
    # Actors with no tie at all, or in another part of the map, were never reached through c.
    actors = pd.DataFrame({"name": ["a", "b", "c", "d", "loner"]})
    split = pd.concat([relations, pd.DataFrame({"source": ["x"], "target": ["y"]})], ignore_index=True)
    assert network.cut_off_by(build_network(split, actors), "c") == ["d"]


def test_relation_ends_match_actor_names_ignoring_case():
    actors = pd.DataFrame({"name": ["Alpha Corp", "Delta Fund"], "type": ["company", "investor"]})
    relations = pd.DataFrame({"source": ["alpha corp", "ALPHA CORP"], "target": ["Delta Fund", "Newcomer"]})
    graph = build_network(relations, actors)
    assert sorted(graph.ties.nodes) == ["Alpha Corp", "Delta Fund", "Newcomer"]
    assert graph.ties.nodes["Alpha Corp"]["type"] == "company"


def test_relation_ends_match_one_another_ignoring_case_and_spaces():
    actors = pd.DataFrame({"name": ["Delta  Fund", "delta fund"], "type": ["investor", "company"]})
    relations = pd.DataFrame(
        {
            "source": ["Alpha Corp", "alpha  corp", "BETA", "DELTA FUND"],
            "target": ["Beta", "beta", "ALPHA CORP", "beta"],
        }
    )
    graph = build_network(relations, actors)
    assert sorted(graph.ties.nodes) == ["Alpha Corp", "Beta", "Delta  Fund"]  # as first spelled
    assert graph.ties.nodes["Delta  Fund"]["type"] == "investor"  # the first row of an actor named twice
    assert graph.ties["Alpha Corp"]["Beta"]["weight"] == 3.0  # three relations, one tie
    assert graph.arcs["Beta"]["Alpha Corp"]["weight"] == 1.0


def test_direction_gives_in_and_out_degree_and_parallel_ties_add_weight():
    relations = pd.DataFrame(
        {
            "source": ["fund", "fund", "ngo"],
            "target": ["ngo", "ngo", "city"],
            "kind": ["funds", "influences", "partners"],
            "weight": [2, 3, None],
            "directed": [True, True, False],
        }
    )
    graph = build_network(relations)
    assert graph.ties.edges["fund", "ngo"]["weight"] == 5
    assert graph.ties.edges["fund", "ngo"]["kinds"] == ["funds", "influences"]
    table = analyse(graph).table
    assert (table.at["ngo", "in_degree"], table.at["ngo", "out_degree"]) == (2, 1)
    assert (table.at["fund", "in_degree"], table.at["fund", "out_degree"]) == (0, 1)


def test_filters_combine_type_community_and_neighbourhood():
    relations = pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "c", "d", "e"]})
    actors = pd.DataFrame({"name": list("abcde"), "type": ["ngo", "company", "ngo", "company", "ngo"]})
    graph = build_network(relations, actors)
    metrics = analyse(graph)
    assert set(network.select_nodes(metrics, graph, centre="c", steps=1)) == {"b", "c", "d"}
    assert set(network.select_nodes(metrics, graph, types=["ngo"], centre="c", steps=2)) == {"a", "c", "e"}


def test_demo_story_aurelia_brokers_and_the_chennai_cooperative_is_the_only_cut_point(demo_store):
    store, pid = demo_store
    frames = store.read_many(pid, [Table.ACTORS, Table.RELATIONS])
    graph = build_network(frames[Table.RELATIONS], frames[Table.ACTORS])
    metrics = analyse(graph)
    assert len(metrics.table) == 46
    assert metrics.brokers[0] == "Aurelia Recycling"
    assert metrics.bottlenecks == ["Coastal Collectors Cooperative"]
    summary = " ".join(network.summarise(metrics, graph))
    assert "Key brokers: Aurelia Recycling" in summary
    assert "Pulicat Lagoon Pickers Self-Help Group" in summary
