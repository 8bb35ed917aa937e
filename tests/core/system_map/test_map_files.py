"""Maps out and back as GEXF, GraphML and Kumu JSON; files as Gephi, yEd and Kumu write them; refusals."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import networkx as nx
import pandas as pd
import pytest

from core.io_excel import ImportRefused
from core.store import Table
from core.store.layouts import kept
from core.system_map.layout import MapKind, fresh
from core.system_map.map_files import SHAPES, MapFormat, detect_kind, read_map
from core.system_map.map_import import import_map
from core.system_map.map_writers import write_map

FIXTURES = Path(__file__).parent / "map_fixtures"


def _demo_map(store, partnership_id, kind):
    shape = SHAPES[kind]
    frames = store.read_many(partnership_id, [shape.nodes, shape.links])
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(frames[shape.nodes]["name"])
    return frames[shape.nodes], frames[shape.links], fresh(graph)


def _sorted(frame):
    return frame.sort_values(list(frame.columns[:3])).reset_index(drop=True)


@pytest.mark.parametrize("kind", list(MapKind))
@pytest.mark.parametrize("fmt", list(MapFormat))
def test_the_demo_map_comes_back_whole_in_every_format(demo_store, kind, fmt):
    store, demo = demo_store
    nodes, links, positions = _demo_map(store, demo, kind)
    data = write_map(kind, nodes, links, positions, fmt)
    assert detect_kind(data, f"map{fmt.suffix}") is kind
    read = read_map(data, f"map{fmt.suffix}", kind)
    assert read.notes == ()  # nothing unknown, nothing rescaled: the file says Keystone wrote it
    copy = store.create_partnership("Copy")
    outcome = import_map(store, copy, kind, read)
    assert (outcome.nodes_added, outcome.links_added) == (len(nodes), len(links))
    shape = SHAPES[kind]
    back = store.read_many(copy, [shape.nodes, shape.links])
    pd.testing.assert_frame_equal(_sorted(back[shape.nodes]), _sorted(nodes))
    pd.testing.assert_frame_equal(_sorted(back[shape.links]), _sorted(links))
    stored = kept(store, copy, kind.value)
    assert {name.casefold(): pytest.approx(spot) for name, spot in positions.items()} == stored


def test_parallel_relations_of_different_kinds_and_mixed_directions_survive(demo_store):
    store, demo = demo_store
    nodes, links, positions = _demo_map(store, demo, MapKind.ACTORS)
    pair = links[
        (links["source"] == "Selun Bay Waste Pickers Association")
        & (links["target"] == "Port Amara Scrap Traders Union")
    ]
    assert sorted(zip(pair["kind"], pair["directed"], strict=True)) == [("conflicts", False), ("supplies", True)]
    data = write_map(MapKind.ACTORS, nodes, links, positions, MapFormat.GEXF)
    assert b'type="undirected"' in data  # Gephi's own way of writing a mixed graph
    read = read_map(data, "map.gexf", MapKind.ACTORS).links
    again = read[(read["source"] == pair["source"].iloc[0]) & (read["target"] == pair["target"].iloc[0])]
    assert sorted(zip(again["kind"], again["directed"], strict=True)) == [("conflicts", False), ("supplies", True)]


@pytest.mark.parametrize("fmt", [MapFormat.GEXF, MapFormat.GRAPHML])
def test_networkx_reads_our_files_back(demo_store, tmp_path, fmt):
    store, demo = demo_store
    nodes, links, positions = _demo_map(store, demo, MapKind.FACTORS)
    path = tmp_path / f"loops{fmt.suffix}"
    path.write_bytes(write_map(MapKind.FACTORS, nodes, links, positions, fmt))
    graph = nx.read_gexf(path) if fmt is MapFormat.GEXF else nx.read_graphml(path)
    assert graph.is_directed()
    assert graph.number_of_nodes() == len(nodes) and graph.number_of_edges() == len(links)
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert labels == set(nodes["name"])
    polarities = sorted(int(data["polarity"]) for *_, data in graph.edges(data=True))
    assert polarities == sorted(links["polarity"].astype(int))
    # An actor map whose relations all go one way is a plain directed graph networkx reads too
    actors, relations, spots = _demo_map(store, demo, MapKind.ACTORS)
    one_way = relations[relations["directed"]]
    path.write_bytes(write_map(MapKind.ACTORS, actors, one_way, spots, fmt))
    graph = nx.read_gexf(path) if fmt is MapFormat.GEXF else nx.read_graphml(path)
    assert graph.number_of_edges() == len(one_way)


def test_gephi_gexf_with_viz_defaults_and_modularity_imports_with_a_report(store):
    data = (FIXTURES / "gephi_0_10.gexf").read_bytes()
    assert detect_kind(data, "gephi.gexf") is MapKind.ACTORS
    read = read_map(data, "gephi.gexf", MapKind.ACTORS)
    assert read.notes == (
        "1 node had no label: its id was used as its name",
        "attribute 'Modularity Class' is not a Keystone column: kept in each actor's notes",
        "positions of 3 nodes scaled to Keystone's layout",
    )
    actors = read.nodes.set_index("name")
    assert actors.loc["Coast Watch", "type"] == "ngo"  # the attribute's <default>
    assert actors.loc["Harbour Recyclers", "levers"] == "implementation; market access"
    assert actors.loc["2", "notes"] == "Modularity Class: 0"
    relations = read.links.set_index("kind")
    assert relations.loc["partners", "directed"] == False  # noqa: E712 - a per-edge type="undirected"
    assert relations.loc["funds", "directed"] == True  # noqa: E712
    assert relations.loc["regulates", "weight"] == 3.0
    # Gephi's y points up; the map is centred and scaled to a fresh layout's span (2000 wide for 3 nodes)
    assert read.positions["Harbour Recyclers"] == pytest.approx((-1000.0, -480.0))
    partnership = store.create_partnership("From Gephi")
    outcome = import_map(store, partnership, MapKind.ACTORS, read)
    assert outcome.summary == "3 actors added, 0 updated; 3 relations added, 0 updated; 3 positions kept"


def test_yed_graphml_labels_geometry_and_defaults(store):
    data = (FIXTURES / "yed.graphml").read_bytes()
    assert detect_kind(data, "yed.graphml") is MapKind.FACTORS
    read = read_map(data, "yed.graphml", MapKind.FACTORS)
    assert read.nodes["name"].tolist() == ["Collection volume", "Picker income", "Resin price"]
    assert read.nodes.set_index("name").loc["Resin price", "description"] == "url: https://example.org/price"
    links = read.links.set_index("cause")
    assert links.loc["Picker income", "polarity"] == 1  # the key's <default> "+"
    assert links.loc["Resin price", "polarity"] == -1
    assert read.notes == (
        "attribute 'url' is not a Keystone column: kept in each factor's description",
        "attribute 'label' of the links not kept: a causal link has no notes",
        "positions of 3 nodes scaled to Keystone's layout",
    )
    # centres of yEd's boxes: (160, 65), (460, 265), (760, 65): proportions kept
    xs = [read.positions[name][0] for name in read.nodes["name"]]
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1])
    partnership = store.create_partnership("From yEd")
    assert import_map(store, partnership, MapKind.FACTORS, read).links_added == 2


def test_kumu_export_with_element_types_and_tags(store):
    data = (FIXTURES / "kumu_export.json").read_bytes()
    read = read_map(data, "kumu.json", MapKind.ACTORS)
    actors = read.nodes.set_index("name")
    assert actors["type"].to_dict() == {
        "Tide Fund": "investor",
        "Bay Pickers": "community",
        "Port Ministry": "government",
    }
    assert actors.loc["Tide Fund", "asset_tags"] == "impact; blue economy"
    assert actors.loc["Tide Fund", "notes"] == "Blended finance for ports; Founded: 2011"
    assert read.notes == (
        "attribute 'Founded' is not a Keystone column: kept in each actor's notes",
        "positions of 3 nodes scaled to Keystone's layout",
    )
    relations = read.links.set_index("kind")
    assert relations.loc["influences", "directed"] == False  # noqa: E712 - "direction": "mutual"
    assert relations.loc["funds", "weight"] == 3


def test_an_update_keeps_what_the_file_does_not_give_and_merges_notes(demo_store):
    store, demo = demo_store
    gexf = (
        b'<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph defaultedgetype="directed">'
        b'<attributes class="node"><attribute id="0" title="Interest" type="integer"/>'
        b'<attribute id="1" title="Degree" type="integer"/></attributes>'
        b'<nodes><node id="1" label="meridian devices"><attvalues><attvalue for="0" value="2"/>'
        b'<attvalue for="1" value="9"/></attvalues></node></nodes></graph></gexf>'
    )
    import_map(store, demo, MapKind.ACTORS, read_map(gexf, "update.gexf", MapKind.ACTORS))
    meridian = store.read(demo, Table.ACTORS).set_index("name").loc["Meridian Devices"]
    assert meridian["interest"] == 2 and meridian["influence"] == 5 and meridian["type"] == "company"
    assert (
        meridian["notes"]
        == "Lead company. Wants 30% recycled ocean-bound plastic in casings; needs credible claims.; Degree: 9"
    )


def _records(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in ("actors", "relations", "factors", "causal_links", "map_positions")
        }


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b'<node id="7" label="Bad Org"><attvalues><attvalue for="0" value="multinational"/></attvalues></node>',
         "node 'Bad Org' (id 7), attribute 'type': 'multinational' is not one of"),
        (b'<node id="7" label="Bad Org"><attvalues><attvalue for="1" value="9"/></attvalues></node>',
         "node 'Bad Org' (id 7), attribute 'Interest': 9 is outside 1-5"),
        (b'<node id="7" label="Bad Org"/>', "node 'Bad Org', attribute 'type': 'Bad Org' is new to this partnership"),
    ],
)  # fmt: skip
def test_a_refused_import_names_the_element_and_leaves_the_file_as_it_was(demo_store, body, named):
    store, demo = demo_store
    before = (store.release(), _records(store.path))[1]
    gexf = (
        b'<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed">'
        b'<attributes class="node"><attribute id="0" title="type" type="string"/>'
        b'<attribute id="1" title="Interest" type="integer"/></attributes>'
        b'<nodes><node id="1" label="New Ally"><attvalues><attvalue for="0" value="ngo"/></attvalues></node>'
        + body
        + b'</nodes><edges><edge source="1" target="7"/></edges></graph></gexf>'
    )
    with pytest.raises(ImportRefused, match="Nothing was imported") as refused:
        import_map(store, demo, MapKind.ACTORS, read_map(gexf, "bad.gexf", MapKind.ACTORS))
    assert named in str(refused.value)
    store.release()
    assert _records(store.path) == before


def test_a_link_to_a_missing_node_is_refused_naming_it():
    gexf = (
        b'<gexf xmlns="http://gexf.net/1.3"><graph><nodes><node id="a" label="A"/></nodes>'
        b'<edges><edge source="a" target="zz"/></edges></graph></gexf>'
    )
    with pytest.raises(ImportRefused, match="edge 'A' -> 'zz': node 'zz' is not in the file"):
        read_map(gexf, "m.gexf", MapKind.FACTORS)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("m.gexf", b"<gexf><graph><nodes><node id='1'>", "is not well-formed XML"),
        ("m.graphml", b"<gexf/>", "is not a GraphML file"),
        ("m.json", b"{not json", "is not readable JSON"),
        ("m.json", b'{"nodes": []}', 'has no "elements" list'),
        ("m.txt", b"", "name it .gexf"),
    ],
)
def test_malformed_files_are_refused_in_plain_words(name, data, message):
    with pytest.raises(ImportRefused, match=message):
        read_map(data, name, MapKind.ACTORS)


def test_entity_expansion_is_refused_at_once():
    laughs = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    for level in range(1, 10):
        laughs += f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'.encode()
    laughs += b']>\n<graphml><graph><node id="&lol9;"/></graph></graphml>'
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match="declares a document type"):
        read_map(laughs, "laughs.graphml", MapKind.FACTORS)
    assert time.perf_counter() - started < 1.0
