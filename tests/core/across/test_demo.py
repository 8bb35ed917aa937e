"""The demo partnership is rich enough to make every page meaningful."""

from __future__ import annotations

import networkx as nx

from core.across.demo import load_demo
from core.model import PartnerType, split_list
from core.steps import STEPS
from core.store import Table


def test_demo_files_are_valid_and_rich():
    meta, frames = load_demo()
    assert "plastic" in str(meta["name"]).lower()
    actors, relations = frames[Table.ACTORS], frames[Table.RELATIONS]
    assert len(actors) >= 40
    assert set(actors["type"]) == {member.value for member in PartnerType}
    assert len(relations) >= 80
    for step in STEPS:
        assert any(len(frames.get(table, ())) for table in step.tables), step.title


def test_demo_references_resolve():
    _, frames = load_demo()
    actors = set(frames[Table.ACTORS]["name"])
    relations = frames[Table.RELATIONS]
    assert set(relations["source"]) | set(relations["target"]) <= actors
    factors = set(frames[Table.FACTORS]["name"])
    links = frames[Table.CAUSAL_LINKS]
    assert set(links["cause"]) | set(links["effect"]) <= factors
    for name in frames[Table.RACI]["partner"]:
        assert name in actors
    for cell in frames[Table.BARRIERS]["actors"]:
        assert set(split_list(cell)) <= actors


def test_demo_network_is_connected_with_a_choke_point():
    _, frames = load_demo()
    graph = nx.from_pandas_edgelist(frames[Table.RELATIONS], "source", "target")
    assert nx.is_connected(graph)
    assert list(nx.articulation_points(graph))


def test_seeding_puts_the_demo_in_the_database(demo_store):
    store, pid = demo_store
    _, frames = load_demo()
    stored = store.read_many(pid, list(frames))
    for table, frame in frames.items():
        assert len(stored[table]) == len(frame), table
