"""Step 1's maps written as GEXF, GraphML or Kumu's JSON: :func:`write_map` from the tables, through a
:class:`~core.system_map.map_readers.Graph`.

GEXF and GraphML are written by networkx's own writers (GEXF 1.3, which Gephi
0.10 reads), from a multigraph so that two relations of different kinds
between the same pair stay two edges. Direction is written the way Gephi
reads a mixed graph: a directed graph whose undirected edges each say so
(GEXF ``type="undirected"``, GraphML ``directed="false"``); a map whose edges
all go one way is a plain directed (or undirected) graph. networkx's readers
refuse mixed graphs (their documented limit); Gephi and Keystone read them.
Every edge also carries its direction as data, for tools that ignore the XML.

Positions: GEXF's ``viz:position`` with y pointing up, as Gephi draws; GraphML's
``x``/``y`` data and Kumu's map positions in screen units (y pointing down).
Each file says it was written by Keystone and which map it holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from xml.etree.ElementTree import tostring

import networkx as nx
import pandas as pd
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from core.conventions import is_blank, name_key
from core.model import split_list
from core.system_map.layout import MapKind
from core.system_map.map_files import SHAPES, MapFormat
from core.system_map.map_readers import CREATOR, Edge, Graph, Node
from core.tables import ColumnKind, Table, spec

__all__ = ["write_gexf", "write_graphml", "write_kumu", "write_map"]


def _multigraph(graph: Graph, positions_key: str) -> tuple[nx.MultiGraph, bool]:
    """The graph for networkx's writers, and whether it is mixed (GEXF's undirected edges typed as such)."""
    directions = {edge.directed is not False for edge in graph.edges}
    mixed = len(directions) > 1
    multigraph = nx.MultiDiGraph() if directions != {False} else nx.MultiGraph()
    for node in graph.nodes:
        data = dict(node.attributes)
        data["label"] = node.label or node.id
        if node.position is not None:
            x, y = node.position
            if positions_key == "viz":
                data["viz"] = {"position": {"x": x, "y": -y, "z": 0.0}}
            else:
                data.update(x=x, y=y)
        multigraph.add_node(node.id, **data)
    for position, edge in enumerate(graph.edges):
        data = dict(edge.attributes)
        data["id"] = f"e{position}"
        if mixed and edge.directed is False and positions_key == "viz":
            data["type"] = "undirected"  # GEXF's own per-edge type (GraphML's is set on the XML below)
        multigraph.add_edge(edge.source, edge.target, key=f"e{position}", **data)
    return multigraph, mixed


def write_gexf(graph: Graph) -> bytes:
    """GEXF 1.3: attributes typed, ``viz:position``, each undirected edge of a mixed map typed as such."""
    multigraph, _ = _multigraph(graph, "viz")
    writer = GEXFWriter(version="1.3")
    writer.add_graph(multigraph)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.find("creator").text = CREATOR
        description = meta.find("description")
        if description is None:
            description = meta.makeelement("description", {})
            meta.append(description)
        description.text = graph.map_name or ""
    for element in writer.xml.iter("attvalue"):
        if element.get("for") is not None and element.get("value") in ("True", "False"):
            element.set("value", element.get("value").lower())
    return _document(tostring(writer.xml, encoding="unicode"))


def write_graphml(graph: Graph) -> bytes:
    """GraphML: typed keys, ``x``/``y`` positions, ``directed="false"`` on a mixed map's undirected edges."""
    multigraph, mixed = _multigraph(graph, "xy")
    multigraph.graph.update(creator=CREATOR, keystone_map=graph.map_name or "")
    writer = GraphMLWriter(edge_id_from_attribute="id")
    writer.add_graph_element(multigraph)
    undirected = {f"e{position}" for position, edge in enumerate(graph.edges) if edge.directed is False}
    booleans = {key.get("id") for key in writer.xml.iter("key") if key.get("attr.type") == "boolean"}
    for element in writer.xml.iter():
        if mixed and element.tag == "edge" and element.get("id") in undirected:
            element.set("directed", "false")
        elif element.tag == "data" and element.get("key") in booleans and element.text:
            element.text = element.text.lower()  # GraphML's booleans are "true" and "false"
    return _document(tostring(writer.xml, encoding="unicode"))


def _document(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")


def write_kumu(graph: Graph) -> bytes:
    """Kumu's JSON: elements and connections with their fields, and the positions as a project's first map."""
    elements = [{"id": node.id, "label": node.label or node.id, **node.attributes} for node in graph.nodes]
    connections = [
        {
            "id": f"c{position}",
            "from": edge.source,
            "to": edge.target,
            "direction": "undirected" if edge.directed is False else "directed",
            **edge.attributes,
        }
        for position, edge in enumerate(graph.edges)
    ]
    placed = [
        {"element": node.id, "position": {"x": node.position[0], "y": node.position[1]}}
        for node in graph.nodes
        if node.position is not None
    ]
    document = {
        "keystone": {"creator": CREATOR, "map": graph.map_name},
        "elements": elements,
        "connections": connections,
        "maps": [{"name": graph.map_name or "map", "elements": placed}],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


# -- a map's tables as a file -------------------------------------------------------------------


def _plain(value: object, kind: ColumnKind, many: bool, fmt: MapFormat) -> object:
    if kind is ColumnKind.BOOL:
        return bool(value)
    if kind is ColumnKind.NUMBER:
        return float(value)
    if kind is ColumnKind.INTEGER:
        return int(value)
    if many and fmt is MapFormat.KUMU:
        return split_list(value)  # Kumu's multi-value field
    return str(value)


def _attributes(row: Mapping[str, object], table: Table, skip: tuple[str, ...], fmt: MapFormat) -> dict[str, object]:
    return {
        column.name: _plain(row[column.name], column.kind, column.many, fmt)
        for column in spec(table).columns
        if column.name not in skip and column.name in row and not is_blank(row[column.name])
    }


def write_map(
    kind: MapKind,
    nodes: pd.DataFrame,
    links: pd.DataFrame,
    positions: Mapping[str, tuple[float, float]],
    fmt: MapFormat,
) -> bytes:
    """One map as a GEXF, GraphML or Kumu file, every column and position in it.

    ``nodes`` and ``links`` are the map's tables (actors and relations, or
    factors and causal links); ``positions`` are by name or name key. A link
    naming a node that is not in ``nodes`` brings a bare node of that name.
    """
    shape = SHAPES[MapKind(kind)]
    spots = {name_key(name): (float(x), float(y)) for name, (x, y) in positions.items()}
    graph_nodes: dict[str, Node] = {}
    for row in nodes.to_dict("records"):
        if is_blank(row.get("name")):
            continue
        key = name_key(row["name"])
        attributes = _attributes(row, shape.nodes, ("name",), fmt)
        graph_nodes[key] = Node(f"n{len(graph_nodes)}", str(row["name"]).strip(), attributes, spots.get(key))
    graph_edges = []
    for row in links.to_dict("records"):
        ends = [str(row.get(end) or "").strip() for end in shape.ends]
        if not all(ends):
            continue
        for end in ends:
            if name_key(end) not in graph_nodes:
                graph_nodes[name_key(end)] = Node(f"n{len(graph_nodes)}", end, {}, spots.get(name_key(end)))
        directed = row.get("directed", True)
        graph_edges.append(
            Edge(
                graph_nodes[name_key(ends[0])].id,
                graph_nodes[name_key(ends[1])].id,
                _attributes(row, shape.links, shape.ends, fmt),
                None if is_blank(directed) else bool(directed),
            )
        )
    graph = Graph(tuple(graph_nodes.values()), tuple(graph_edges), MapKind(kind).value)
    writers: dict[MapFormat, Callable[[Graph], bytes]] = {
        MapFormat.GEXF: write_gexf,
        MapFormat.GRAPHML: write_graphml,
        MapFormat.KUMU: write_kumu,
    }
    return writers[MapFormat(fmt)](graph)
