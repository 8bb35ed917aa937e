"""Step 1's maps as files other tools open: GEXF (Gephi), GraphML (yEd, Gephi) and Kumu's JSON.

:func:`core.system_map.map_writers.write_map` writes an actor map (actors and
relations) or a causal loop diagram (factors and causal links) with every column
and the kept positions; :func:`read_map` reads one back, or a file Gephi, yEd or Kumu wrote, into the
tables' columns with a plain-words report; :func:`core.system_map.map_import.import_map`
stores it. The files themselves are read and written by
:mod:`core.system_map.map_readers` and :mod:`core.system_map.map_writers`.

Reading uses the stakeholder importer's own rules (:func:`core.io_excel.parse_sheet`):
attribute names are matched as column headers are (any case, common aliases),
choices are made canonical ("+" is a polarity of 1) and every value is checked
as the store checks it. A node's name is its ``name`` (or ``label``) attribute,
else its label in the file, else its id. Attributes that are no Keystone column
are kept as "attribute: value" in the actor's or relation's notes (a factor's
description); causal links have no such column, and the report names what was
not kept. Bad values refuse the whole file with
:class:`~core.io_excel.ImportRefused`, naming the node or edge and the attribute.

Positions: a file Keystone wrote keeps its positions exactly. Another program's
units are its own (Gephi's run to thousands, some to 1), so its positions are
centred on 0 and scaled to the span a fresh Keystone layout of that many nodes
has (:data:`core.system_map.layout.SCALE`, grown with the root of the size, twice
as wide as tall at most), keeping the map's proportions.

About 300 lines, kept whole: the rules above, beside the one reader that applies them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from core.conventions import counted, is_blank
from core.io_excel import ImportRefused, parse_sheet, suggest_mapping
from core.records import Problem
from core.system_map.layout import SCALE, WIDE, MapKind
from core.system_map.map_readers import Graph, read_gexf, read_graphml, read_kumu
from core.tables import Table, spec

__all__ = ["SHAPES", "MapFormat", "MapRead", "MapShape", "detect_kind", "read_map"]


class MapFormat(StrEnum):
    """The graph file formats a map travels in."""

    GEXF = "gexf"
    GRAPHML = "graphml"
    KUMU = "kumu"

    @property
    def suffix(self) -> str:
        return {MapFormat.GEXF: ".gexf", MapFormat.GRAPHML: ".graphml", MapFormat.KUMU: ".json"}[self]

    @property
    def mime(self) -> str:
        return {
            MapFormat.GEXF: "application/gexf+xml",
            MapFormat.GRAPHML: "application/graphml+xml",
            MapFormat.KUMU: "application/json",
        }[self]

    @property
    def label(self) -> str:
        return {MapFormat.GEXF: "GEXF (Gephi)", MapFormat.GRAPHML: "GraphML (yEd, Gephi)", MapFormat.KUMU: "Kumu JSON"}[
            self
        ]

    @classmethod
    def from_file_name(cls, name: str) -> MapFormat:
        """The format a file name's suffix names (.gexf, .graphml or .xml, .json); refused otherwise."""
        suffix = "." + str(name).rsplit(".", 1)[-1].lower() if "." in str(name) else ""
        found = {".gexf": cls.GEXF, ".graphml": cls.GRAPHML, ".xml": cls.GRAPHML, ".json": cls.KUMU}.get(suffix)
        if found is None:
            raise ImportRefused(
                f"'{name}' is not a map file Keystone knows: name it .gexf (Gephi), .graphml (yEd, Gephi) "
                "or .json (Kumu)."
            )
        return found


@dataclass(frozen=True)
class MapShape:
    """Which tables one map kind is made of, and how other tools name their columns."""

    nodes: Table
    links: Table
    ends: tuple[str, str]
    node_notes: str  # where attributes that are no column are kept
    link_notes: str | None  # None: nowhere (causal links)
    noun: str
    node_aliases: Mapping[str, str]
    link_aliases: Mapping[str, str]


SHAPES: dict[MapKind, MapShape] = {
    MapKind.ACTORS: MapShape(
        Table.ACTORS, Table.RELATIONS, ("source", "target"), "notes", "notes", "actor",
        {"label": "name", "element type": "type", "description": "notes"},
        {"connection type": "kind", "label": "kind"},
    ),
    MapKind.FACTORS: MapShape(
        Table.FACTORS, Table.CAUSAL_LINKS, ("cause", "effect"), "description", None, "factor",
        {"label": "name"},
        {"polarity": "polarity", "sign": "polarity"},
    ),
}  # fmt: skip

_IGNORED = {"id", "networkx key", "key", "x", "y", "z", "viz"}  # housekeeping of the tools, not data


@dataclass(frozen=True)
class MapRead:
    """A map file read into the tables' columns (only those the file gives), positions and a report."""

    nodes: pd.DataFrame
    links: pd.DataFrame
    positions: dict[str, tuple[float, float]]
    notes: tuple[str, ...]


# -- reading ---------------------------------------------------------------------------------------


def _graph(data: bytes, file_name: str) -> Graph:
    readers = {MapFormat.GEXF: read_gexf, MapFormat.GRAPHML: read_graphml, MapFormat.KUMU: read_kumu}
    return readers[MapFormat.from_file_name(file_name)](data, file_name)


def detect_kind(data: bytes, file_name: str) -> MapKind | None:
    """The map a file holds: as it says (Keystone's files), else by its attributes; None when it cannot tell."""
    graph = _graph(data, file_name)
    if graph.map_name in {kind.value for kind in MapKind}:
        return MapKind(graph.map_name)
    link_headers = list({h: 0 for edge in graph.edges for h in edge.attributes})
    node_headers = list({h: 0 for node in graph.nodes for h in node.attributes})
    actor_columns = set(_mapping(node_headers, Table.ACTORS, SHAPES[MapKind.ACTORS].node_aliases).values())
    if actor_columns - {None, "name", "notes", "asset_tags"}:
        return MapKind.ACTORS
    if {"polarity", "delay"} & set(_mapping(link_headers, Table.CAUSAL_LINKS, {}).values()):
        return MapKind.FACTORS
    return None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _mapping(headers: list[str], table: Table, aliases: Mapping[str, str]) -> dict[str, str | None]:
    """Each attribute name -> the column it names (as a spreadsheet header would), or None."""
    mapping = suggest_mapping(headers, table)
    used = {column for column in mapping.values() if column}
    for header in headers:
        column = aliases.get(_words(header))
        if mapping[header] is None and column and column not in used:
            mapping[header] = column
            used.add(column)
    return mapping


def _cell(value: object) -> object:
    if isinstance(value, list | tuple):
        return "; ".join(str(item).strip() for item in value if not is_blank(item))
    return value


def _read_rows(
    items: list[tuple[str, dict[str, object]]], table: Table, aliases: Mapping[str, str], first: dict[str, str]
) -> tuple[pd.DataFrame, list[str], list[list[tuple[str, object]]], dict[str, str | None]]:
    """Rows (element description, attributes) read into ``table``: frame, problems, unknown attributes per row."""
    headers = list(
        dict.fromkeys(
            h for _, attributes in items for h in attributes if not h.startswith("\x00") and _words(h) not in _IGNORED
        )
    )
    mapping = _mapping(headers, table, aliases)
    mapping = {h: c for h, c in mapping.items() if c not in first}  # the ends and the name are given apart
    known = [h for h, c in mapping.items() if c]
    columns = [*first, *known]
    rows, unknown = [], []
    for (_, attributes), fixed in zip(items, _fixed(items, first), strict=True):
        rows.append([*fixed, *(_cell(attributes.get(h)) for h in known)])
        unknown.append(
            [(h, _cell(v)) for h, v in attributes.items() if h in mapping and not mapping[h] and not is_blank(_cell(v))]
        )
    raw = pd.DataFrame([columns, *rows], dtype=object)
    parsed = parse_sheet(raw, table, table.value, header_row=0, mapping={**{c: c for c in first}, **mapping})
    table_spec = spec(table)
    problems = [
        f"{items[p.row][0] if p.row is not None else 'the file'}, attribute "
        f"'{next((h for h, c in mapping.items() if c == p.column), p.column)}': {p.message}"
        for p in parsed.problems
        if not stored_may_give(p, table)
    ]
    frame = parsed.frame.reindex(columns=[c for c in table_spec.names if c in parsed.frame])
    return frame, problems, unknown, mapping


def stored_may_give(problem: Problem, table: Table) -> bool:
    """A missing required value that is not part of the key: the stored row may hold it (see ``import_map``)."""
    return problem.column not in spec(table).key and (problem.row is None or problem.message == "a value is required")


def _fixed(items: list[tuple[str, dict[str, object]]], first: dict[str, str]) -> list[list[object]]:
    return [[attributes[f"\x00{column}"] for column in first] for _, attributes in items]


def read_map(data: bytes, file_name: str, kind: MapKind) -> MapRead:
    """Read a map file for ``kind``, checked by the tables' rules, with a plain-words report.

    Raises
    ------
    ImportRefused
        The file is not a map file Keystone reads, is malformed, or has values
        the tables refuse (the message names the node or edge and attribute).
    """
    shape = SHAPES[MapKind(kind)]
    graph = _graph(data, file_name)
    if not graph.nodes:
        raise ImportRefused(f"'{file_name}' holds no nodes: there is no map in it.")
    notes = list(graph.notes)
    name_headers = [
        h for h, c in _mapping(list({h: 0 for n in graph.nodes for h in n.attributes}), shape.nodes,
                               shape.node_aliases).items() if c == "name"
    ]  # fmt: skip
    names: dict[str, str] = {}
    by_id = 0
    for node in graph.nodes:
        given = next(
            (str(node.attributes[h]).strip() for h in name_headers if not is_blank(node.attributes.get(h))), None
        )
        names[node.id] = given or (node.label or "").strip() or node.id
        by_id += not (given or (node.label or "").strip())
    if by_id:
        used = "its id was used as its name" if by_id == 1 else "their ids were used as names"
        notes.append(f"{counted(by_id, 'node')} had no label: {used}")
    node_items = [
        (f"node '{names[n.id]}' (id {n.id})", {"\x00name": names[n.id], **{h: v for h, v in n.attributes.items()
                                                                         if h not in name_headers}})
        for n in graph.nodes
    ]  # fmt: skip
    nodes, problems, node_unknown, node_mapping = _read_rows(node_items, shape.nodes, shape.node_aliases, {"name": ""})
    link_items = []
    for edge in graph.edges:
        missing = [end for end in (edge.source, edge.target) if end not in names]
        where = f"edge '{names.get(edge.source, edge.source)}' -> '{names.get(edge.target, edge.target)}'"
        if missing:
            problems.append(f"{where}: node '{missing[0]}' is not in the file")
            continue
        attributes: dict[str, object] = {f"\x00{shape.ends[0]}": names[edge.source],
                                         f"\x00{shape.ends[1]}": names[edge.target], **edge.attributes}  # fmt: skip
        if shape.links is Table.CAUSAL_LINKS:
            attributes = {h: v for h, v in attributes.items() if _words(h) != "directed"}  # a causal link always is
        elif edge.directed is not None and not any(_words(h) in ("directed", "direction") for h in edge.attributes):
            attributes["directed"] = edge.directed
        link_items.append((where, attributes))
    ends = {end: "" for end in shape.ends}
    links, link_problems, link_unknown, link_mapping = _read_rows(link_items, shape.links, shape.link_aliases, ends)
    problems += link_problems
    if problems:
        shown = "\n".join(f"- {line}" for line in problems[:10])
        more = f"\n- … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise ImportRefused(f"Nothing was imported: '{file_name}' has {counted(len(problems), 'problem')}.\n"
                            f"{shown}{more}")  # fmt: skip
    nodes = _keep_unknown(nodes, node_unknown, shape.nodes, shape.node_notes)
    notes += [f"attribute '{h}' is not a Keystone column: kept in each {shape.noun}'s {shape.node_notes}"
              for h, c in node_mapping.items() if c is None]  # fmt: skip
    dropped = [h for h, c in link_mapping.items() if c is None and any(h == u for row in link_unknown for u, _ in row)]
    if shape.link_notes:
        links = _keep_unknown(links, link_unknown, shape.links, shape.link_notes)
        notes += [f"attribute '{h}' of the links is not a Keystone column: kept in each relation's notes"
                  for h in dropped]  # fmt: skip
    elif dropped:
        notes.append(f"{'attributes' if len(dropped) > 1 else 'attribute'} {', '.join(repr(h) for h in dropped)} "
                     "of the links not kept: a causal link has no notes")  # fmt: skip
    positions = {names[n.id]: n.position for n in graph.nodes if n.position is not None}
    unplaced = len(graph.nodes) - len(positions)
    if positions and not graph.ours:
        positions = _rescaled(positions)
        notes.append(f"positions of {counted(len(positions), 'node')} scaled to Keystone's layout")
    if unplaced and positions:
        notes.append(f"{counted(unplaced, 'node')} had no position: placed among their neighbours when drawn")
    return MapRead(nodes, links, positions, tuple(notes))


def _keep_unknown(
    frame: pd.DataFrame, unknown: list[list[tuple[str, object]]], table: Table, column: str
) -> pd.DataFrame:
    """``frame`` with each row's unknown attributes added to ``column`` as "attribute: value"."""
    if not any(unknown):
        return frame
    out = frame.copy()
    current = out[column].tolist() if column in out else [None] * len(out)
    merged = []
    for text, extra in zip(current, unknown, strict=True):
        parts = [] if is_blank(text) else [str(text)]
        parts += [f"{h}: {v}" for h, v in extra if f"{h}: {v}" not in (parts[0] if parts else "")]
        merged.append("; ".join(parts) or None)
    out[column] = pd.Series(merged, index=out.index, dtype=object)
    return out.reindex(columns=[c for c in spec(table).names if c in out])


def _rescaled(positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    spread = SCALE * max(1.0, math.sqrt(len(positions)) / 6)
    size = max((max(xs) - min(xs)) / WIDE, max(ys) - min(ys))
    factor = spread / size if size > 0 else 0.0
    middle = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
    return {name: ((x - middle[0]) * factor, (y - middle[1]) * factor) for name, (x, y) in positions.items()}
