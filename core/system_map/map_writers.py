"""A :class:`~core.system_map.map_readers.Graph` written as GEXF, GraphML or Kumu's JSON.

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
from xml.etree.ElementTree import tostring

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from core.system_map.map_readers import CREATOR, Graph

__all__ = ["write_gexf", "write_graphml", "write_kumu"]


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
