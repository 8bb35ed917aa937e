"""Graph files as other tools write them (GEXF, GraphML, Kumu's JSON), read into plain nodes and edges.

This module knows files, not Keystone's tables: :mod:`core.system_map.map_files`
turns its :class:`Graph` into actors and relations, or factors and causal links.

Reading is forgiving and safe. XML is parsed with defusedxml with document
type declarations forbidden: GEXF and GraphML never need one, and a DTD is
where entity expansion ("billion laughs") and external entities hide, so a
file that has one is refused before anything is expanded. networkx's own
readers parse with the standard library's ElementTree, which defusedxml exists
to guard, and they refuse mixed graphs (directed and undirected edges
together), which Gephi writes; so Keystone reads the XML itself, by local
names (any namespace and version Gephi, yEd or networkx writes), applying the
files' attribute defaults. Writing: :mod:`core.system_map.map_writers`.
The three readers share the XML helpers and the :class:`Graph` they return,
so they stay in one module (a little over 300 lines).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from core.io_excel import MAX_BYTES, ImportRefused

__all__ = ["CREATOR", "Edge", "Graph", "Node", "read_gexf", "read_graphml", "read_kumu"]

CREATOR = "Keystone"
"""Who wrote a file, as our files say it: a file that says so keeps its positions exactly."""


@dataclass(frozen=True)
class Node:
    """One node as the file gives it: its id, its label (None when it has none), attributes and position."""

    id: str
    label: str | None
    attributes: Mapping[str, object]
    position: tuple[float, float] | None = None


@dataclass(frozen=True)
class Edge:
    """One edge between two node ids; ``directed`` is None when the file does not say."""

    source: str
    target: str
    attributes: Mapping[str, object]
    directed: bool | None = None


@dataclass(frozen=True)
class Graph:
    """A whole file: nodes, edges, which Keystone map it was written as (if it says) and by whom."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    map_name: str | None = None
    ours: bool = False
    notes: tuple[str, ...] = field(default=())


# -- XML -----------------------------------------------------------------------------------------


def _xml(data: bytes, file_name: str) -> Element:
    """The file's root element, parsed safely; refused in plain words when it is not XML or declares a DTD."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"'{file_name}' is {len(data) // 1_000_000} MB: a map file may be at most "
                            f"{MAX_BYTES // 1_000_000} MB.")  # fmt: skip
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportRefused(
            f"'{file_name}' declares a document type (DTD) or entities, which map files never need and which can "
            "hide content that grows without end: it was not read."
        ) from None
    except (ParseError, ValueError) as error:
        raise ImportRefused(f"'{file_name}' is not well-formed XML ({error}).") from None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    return next(iter(_children(element, name)), None)


def _typed(text: str | None, kind: str) -> object:
    """A value as its declared type says; text that does not fit stays text (the table's rules then name it)."""
    if text is None:
        return None
    kind = kind.lower()
    try:
        if kind in ("integer", "int", "long", "short", "byte"):
            return int(text)
        if kind in ("float", "double"):
            return float(text)
    except ValueError:
        return text
    if kind == "boolean":
        return {"true": True, "false": False, "1": True, "0": False}.get(text.strip().lower(), text)
    if kind.startswith("list"):
        inner = text.strip().strip("[]")
        return [part.strip() for part in inner.replace("|", ",").split(",") if part.strip()]
    return text


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def read_gexf(data: bytes, file_name: str) -> Graph:
    """A GEXF file (1.1 to 1.3, as Gephi or networkx write it) as a :class:`Graph`."""
    root = _xml(data, file_name)
    graph = _child(root, "graph")
    if _local(root.tag) != "gexf" or graph is None:
        raise ImportRefused(f"'{file_name}' is not a GEXF file (no <gexf> with a <graph> in it).")
    declared: dict[str, dict[str, tuple[str, str, str | None]]] = {"node": {}, "edge": {}}
    for block in _children(graph, "attributes"):
        for attribute in _children(block, "attribute"):
            default = _child(attribute, "default")
            declared.setdefault(block.get("class", "node"), {})[attribute.get("id", "")] = (
                attribute.get("title") or attribute.get("id", ""),
                attribute.get("type", "string"),
                default.text if default is not None else None,
            )
    meta = _child(root, "meta")
    creator = _child(meta, "creator") if meta is not None else None
    description = _child(meta, "description") if meta is not None else None
    ours = creator is not None and (creator.text or "").strip() == CREATOR
    nodes = []
    for node in graph.iter():
        if _local(node.tag) != "node":
            continue
        spot = next((child for child in node if _local(child.tag) == "position"), None)
        position = None
        if spot is not None and _number(spot.get("x")) is not None and _number(spot.get("y")) is not None:
            position = (float(spot.get("x")), -float(spot.get("y")))  # Gephi's y points up, the screen's down
        nodes.append(Node(node.get("id", ""), node.get("label"), _values(node, declared["node"]), position))
    default_directed = graph.get("defaultedgetype", "undirected").lower() != "undirected"
    edges = []
    for edge in graph.iter():
        if _local(edge.tag) != "edge":
            continue
        attributes = _values(edge, declared["edge"])
        for name in ("label", "kind", "weight"):  # structural attributes after the data: a data column wins
            if edge.get(name) is not None:
                attributes.setdefault(name, _typed(edge.get(name), "double" if name == "weight" else "string"))
        kind = (edge.get("type") or "").lower()
        directed = {"directed": True, "undirected": False, "mutual": False}.get(kind, default_directed)
        edges.append(Edge(edge.get("source", ""), edge.get("target", ""), attributes, directed))
    map_name = (description.text or "").strip() if ours and description is not None else None
    return Graph(tuple(nodes), tuple(edges), map_name, ours)


def _values(element: Element, declared: Mapping[str, tuple[str, str, str | None]]) -> dict[str, object]:
    """A GEXF node's or edge's attribute values by title, the declared defaults filling those it lacks."""
    values: dict[str, object] = {}
    holder = _child(element, "attvalues")
    for value in _children(holder, "attvalue") if holder is not None else []:
        key = value.get("for") or value.get("id") or ""
        title, kind, _ = declared.get(key, (key, "string", None))
        values[title] = _typed(value.get("value"), kind)
    for title, kind, default in declared.values():
        if title not in values and default is not None:
            values[title] = _typed(default, kind)
    return values


def read_graphml(data: bytes, file_name: str) -> Graph:
    """A GraphML file (as yEd, Gephi or networkx write it) as a :class:`Graph`.

    yEd's node labels (``y:NodeLabel``) and geometry (the centre of ``y:Geometry``)
    are read; an edge yEd draws with no arrow at either end is undirected.
    """
    root = _xml(data, file_name)
    graph = _child(root, "graph")
    if _local(root.tag) != "graphml" or graph is None:
        raise ImportRefused(f"'{file_name}' is not a GraphML file (no <graphml> with a <graph> in it).")
    keys: dict[str, _Key] = {}
    for key in _children(root, "key"):
        default = _child(key, "default")
        graphics = next((value for name, value in key.attrib.items() if _local(name) == "yfiles.type"), "")
        keys[key.get("id", "")] = _Key(
            key.get("attr.name") or key.get("id", ""),
            key.get("attr.type", "string"),
            default.text if default is not None else None,
            graphics,
            key.get("for", "all"),
        )
    values = {name: value for name, value in _data(graph, keys, "graph")[0].items()}
    ours = str(values.get("creator", "")) == CREATOR
    default_directed = graph.get("edgedefault", "directed").lower() == "directed"
    nodes = []
    for node in _children(graph, "node"):
        attributes, label, position = _data(node, keys, "node")
        x, y = _number(str(attributes.pop("x", ""))), _number(str(attributes.pop("y", "")))
        if position is None and x is not None and y is not None:
            position = (x, y)
        nodes.append(Node(node.get("id", ""), label, attributes, position))
    edges = []
    for edge in _children(graph, "edge"):
        attributes, label, arrows = _data(edge, keys, "edge")
        directed = {"true": True, "false": False}.get((edge.get("directed") or "").lower(), default_directed)
        if edge.get("directed") is None and arrows == (0.0, 0.0):
            directed = False
        if label is not None:
            attributes.setdefault("label", label)
        edges.append(Edge(edge.get("source", ""), edge.get("target", ""), attributes, directed))
    map_name = str(values.get("keystone_map")) if ours and values.get("keystone_map") else None
    return Graph(tuple(nodes), tuple(edges), map_name, ours)


@dataclass(frozen=True)
class _Key:
    """A GraphML ``<key>``: the attribute's name, type, default, yEd graphics kind and what it is for."""

    name: str
    kind: str
    default: str | None
    graphics: str
    scope: str


def _data(element: Element, keys: Mapping[str, _Key], scope: str) -> tuple[dict[str, object], str | None, object]:
    """A GraphML element's data by attribute name (defaults applied), its yEd label, and position or arrows."""
    values: dict[str, object] = {}
    label, extra = None, None
    for data in _children(element, "data"):
        key = keys.get(data.get("key", ""), _Key(data.get("key", ""), "string", None, "", scope))
        if key.graphics or len(data):
            label, extra = _yed(data, label, extra)
            continue
        values[key.name] = _typed(data.text, key.kind)
    for key in keys.values():
        if key.scope in (scope, "all") and not key.graphics and key.name not in values and key.default is not None:
            values[key.name] = _typed(key.default, key.kind)
    return values, label, extra


def _yed(data: Element, label: str | None, extra: object) -> tuple[str | None, object]:
    """yEd's graphics: a node's label and centre, an edge's label and arrows (source, target: 0 for none)."""
    for part in data.iter():
        name = _local(part.tag)
        if name in ("nodelabel", "edgelabel") and label is None and (part.text or "").strip():
            label = (part.text or "").strip()
        elif name == "geometry" and extra is None:
            x, y = _number(part.get("x")), _number(part.get("y"))
            width, height = _number(part.get("width")) or 0.0, _number(part.get("height")) or 0.0
            if x is not None and y is not None:
                extra = (x + width / 2, y + height / 2)
        elif name == "arrows":
            extra = tuple(0.0 if part.get(end, "none") == "none" else 1.0 for end in ("source", "target"))
    return label, extra


def read_kumu(data: bytes, file_name: str) -> Graph:
    """Kumu's JSON (a blueprint, or a project's "Export to JSON") as a :class:`Graph`.

    Elements and connections may hold their fields flat (blueprints) or under
    ``attributes`` (project exports); connections name elements by id or by
    label; positions come from the first map of a project export, or from an
    element's own ``position`` or ``x``/``y``.
    """
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"'{file_name}' is too large for a map file (at most {MAX_BYTES // 1_000_000} MB).")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportRefused(f"'{file_name}' is not readable JSON ({error}).") from None
    if not isinstance(document, dict) or not isinstance(document.get("elements"), list):
        raise ImportRefused(f"'{file_name}' is not a Kumu map: it has no \"elements\" list.")
    spots = _kumu_positions(document)
    nodes, by_label = [], {}
    for position, element in enumerate(document["elements"]):
        if not isinstance(element, dict):
            raise ImportRefused(f"'{file_name}': element {position + 1} is not an object with fields.")
        fields = _kumu_fields(element)
        element_id = str(element.get("_id") or element.get("id") or fields.get("label") or f"element {position + 1}")
        label = fields.pop("label", None)
        here = element.get("position") if isinstance(element.get("position"), dict) else element
        spot = spots.get(element_id)
        if spot is None and _number(str(here.get("x"))) is not None and _number(str(here.get("y"))) is not None:
            spot = (float(here["x"]), float(here["y"]))
        for name in ("x", "y", "position"):
            fields.pop(name, None)
        nodes.append(Node(element_id, None if label is None else str(label), fields, spot))
        if label is not None:
            by_label.setdefault(str(label), element_id)
    ids = {node.id for node in nodes}
    edges = []
    for position, connection in enumerate(document.get("connections") or []):
        if not isinstance(connection, dict):
            raise ImportRefused(f"'{file_name}': connection {position + 1} is not an object with fields.")
        fields = _kumu_fields(connection)
        ends = [str(connection.get(end, fields.pop(end, ""))) for end in ("from", "to")]
        ends = [end if end in ids else by_label.get(end, end) for end in ends]
        direction = str(fields.pop("direction", "directed")).strip().lower()
        edges.append(Edge(ends[0], ends[1], fields, direction not in ("undirected", "mutual")))
    keystone = document.get("keystone") if isinstance(document.get("keystone"), dict) else {}
    ours = keystone.get("creator") == CREATOR
    return Graph(tuple(nodes), tuple(edges), keystone.get("map") if ours else None, ours)


def _kumu_fields(item: Mapping[str, object]) -> dict[str, object]:
    nested = item.get("attributes")
    fields = dict(nested) if isinstance(nested, dict) else {}
    for name, value in item.items():
        if name not in ("attributes", "_id", "id", "from", "to", "position"):
            fields.setdefault(name, value)
    return fields


def _kumu_positions(document: Mapping[str, object]) -> dict[str, tuple[float, float]]:
    maps = document.get("maps")
    if not isinstance(maps, list) or not maps or not isinstance(maps[0], dict):
        return {}
    spots = {}
    for placed in maps[0].get("elements") or []:
        where = placed.get("position") if isinstance(placed, dict) else None
        if isinstance(where, dict) and None not in (_number(str(where.get("x"))), _number(str(where.get("y")))):
            spots[str(placed.get("element"))] = (float(where["x"]), float(where["y"]))
    return spots
