"""Step 1's maps in and out on the command line: ``export-map`` and ``import-map``.

``python -m core export-map --partnership NAME --map actors|factors -o FILE``
writes the map as GEXF, GraphML or Kumu JSON (by the file's suffix) with its
kept layout; a map with no kept layout gets a fresh one, and says so on stderr.
``python -m core import-map FILE --partnership NAME [--map actors|factors]``
reads one back (the map is told from the file when not given) and stores it
whole or not at all, printing the report. Exit codes: 0 done, 2 the input was
refused (one plain line on stderr), 1 the database could not be used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import networkx as nx

from core.cli.partnerships import migrated, required, store_arguments
from core.io_excel import ImportRefused
from core.store.layouts import kept
from core.system_map.layout import MapKind, place
from core.system_map.map_files import SHAPES, MapFormat, detect_kind, read_map
from core.system_map.map_import import import_map
from core.system_map.map_writers import write_map

__all__ = ["COMMANDS", "run_export", "run_import"]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--partnership", required=True, help="the partnership's name")
    store_arguments(parser)


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--map", required=True, choices=[kind.value for kind in MapKind], help="which map")
    parser.add_argument("-o", "--output", required=True, help="the file to write: .gexf, .graphml or .json (Kumu)")


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a .gexf, .graphml (or .xml) or Kumu .json file")
    _common(parser)
    parser.add_argument("--map", choices=[kind.value for kind in MapKind], help="which map (default: told by the file)")


def run_export(args: argparse.Namespace) -> int:
    fmt = MapFormat.from_file_name(args.output)
    kind = MapKind(args.map)
    shape = SHAPES[kind]
    store = migrated(args)
    partnership_id = required(store, args.partnership)
    frames = store.read_many(partnership_id, [shape.nodes, shape.links])
    nodes, links = frames[shape.nodes], frames[shape.links]
    positions = kept(store, partnership_id, kind.value)
    if not positions and not nodes.empty:
        graph = nx.MultiDiGraph()
        graph.add_nodes_from(nodes["name"])
        graph.add_edges_from(zip(links[shape.ends[0]], links[shape.ends[1]], strict=True))
        positions = place(graph, {})
        print(f"note: the {kind.value} map has no kept layout: a fresh one was laid out for the file", file=sys.stderr)
    data = write_map(kind, nodes, links, positions, fmt)
    try:
        Path(args.output).write_bytes(data)
    except OSError as error:
        raise ImportRefused(f"Cannot write '{args.output}': {error.strerror or error}.") from None
    print(f"Wrote the {kind.value} map of '{args.partnership}' ({len(nodes)} nodes, {len(links)} links) "
          f"as {fmt.label} -> {args.output}")  # fmt: skip
    return 0


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"{path}: cannot be read ({error.strerror or error})") from None
    kind = MapKind(args.map) if args.map else detect_kind(data, path.name)
    if kind is None:
        raise ImportRefused(f"{path}: cannot tell whether it is an actor map or a causal loop diagram: add --map.")
    read = read_map(data, path.name, kind)
    store = migrated(args)
    outcome = import_map(store, required(store, args.partnership), kind, read)
    print(f"Imported the {kind.value} map into '{args.partnership}': {outcome.summary}.")
    for note in outcome.notes:
        print(f"  note: {note}")
    return 0


COMMANDS = {
    "export-map": (_export_arguments, run_export),
    "import-map": (_import_arguments, run_import),
}
"""Each command's arguments and run, for the dispatcher (:mod:`core.cli.main`, which holds their help)."""
