"""Step 1 on the command line: ``network`` and ``loops`` over CSV or spreadsheet files.

``python -m core network RELATIONS.csv`` analyses an actor map and
``python -m core loops LINKS.csv`` lists its feedback loops. Files are read
as the stakeholder importer reads them (any common encoding and separator,
the header row found); names match ignoring case and spaces; a link or
relation given twice with different values is refused naming both rows.
:data:`COMMANDS` lists them for the dispatcher (:mod:`core.cli.main`).

About 300 lines, kept whole: both commands share the reading of files and the refusal of rows given twice.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from core.cli.errors import InputError
from core.conventions import flags, name_keys, row_keys, text
from core.io_excel import ImportRefused, find_header_row, read_raw, suggest_mapping
from core.records import validate
from core.system_map import causal, network
from core.tables import Table, spec

__all__ = ["COMMANDS", "InputError", "read_csv", "run_loops", "run_network"]


def read_csv(path: Path, required: Sequence[str], table: Table) -> pd.DataFrame:
    """A table file read as the stakeholder importer reads it, indexed by the row numbers a spreadsheet shows.

    The shared reader (:func:`core.io_excel.read_raw`) takes UTF-8 or Windows-1252
    text, sniffs the separator (comma, semicolon or tab) and reads workbooks too
    (their first sheet); the header row is found as the importer finds it. Cells
    are text ('' when blank); headers are trimmed and lower-cased, and known
    aliases (from/to, ...) renamed to the table's columns. The file is refused
    naming any missing column.
    """
    try:
        _, raw = read_raw(path.read_bytes(), path.name)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    except ImportRefused as error:
        raise InputError(f"{path}: {error}") from None
    header = find_header_row(raw, table)
    body = raw.iloc[header + 1 :].dropna(how="all")  # blank lines hold no row, as in the importer
    frame = pd.DataFrame({position: _texts(body[position]) for position in body.columns}, dtype=object)
    frame.index = body.index + 1
    frame.index.name = "row"  # spreadsheet rows count from 1
    frame.columns = _headers(raw.iloc[header])
    aliases = {header: column for header, column in suggest_mapping(list(frame.columns), table).items() if column}
    frame = frame.rename(columns={h: c for h, c in aliases.items() if h != c and c not in frame.columns})
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column {', '.join(repr(m) for m in missing)} (found {list(frame.columns)})")
    return frame


def _texts(cells: pd.Series) -> pd.Series:
    """Cells as :func:`core.conventions.text` gives them ('' when blank), over a whole column."""
    return cells.astype("string").str.strip().fillna("").astype(object)


def _headers(cells: pd.Series) -> list[str]:
    """Trimmed, lower-cased headers; a blank one named by its position, a repeated one numbered as pandas does."""
    headers: list[str] = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(cells):
        header = text(cell).lower() or f"(column {position + 1})"
        again = seen.get(header, 0)
        seen[header] = again + 1
        headers.append(f"{header}.{again}" if again else header)
    return headers


_LISTED = 20  # repeated links named one per line; a file with thousands says how many more


def _shown(value: str) -> str:
    return repr(value) if value else "blank"


def _repeated_links(
    path: Path, frame: pd.DataFrame, table: Table, meaning: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` with each link once, and a note for every row that repeated an earlier one.

    A link is a row's natural key (cause and effect; source, target and kind),
    its names compared as everywhere in Keystone (:func:`core.conventions.name_key`).
    A repeat whose ``meaning`` (the values the analysis reads, one column each)
    differs from the first row of its link is refused, naming both rows and the
    values as typed: keeping either one would silently change the result.

    Raises
    ------
    InputError
        Some link is given twice with different values.
    """
    key = list(spec(table).key)
    ends = [column for column in key if spec(table).column(column).required]
    named = frame[[column for column in key if column in frame]]
    complete = (named[ends].apply(name_keys) != "").all(axis=1)  # a row with a blank end is no link
    keys = row_keys(named.assign(**{c: "" for c in key if c not in named}), key)[complete]
    rows = pd.Series(keys.index, index=keys.index)
    first = rows.groupby(keys.to_numpy(), sort=False).transform("first")
    repeats = first[first != rows]
    conflicts, notes = [], []
    for row, earlier in repeats.items():
        link = " -> ".join(repr(frame.at[earlier, end]) for end in ends)
        if "kind" in named and frame.at[earlier, "kind"]:
            link += f" ({frame.at[earlier, 'kind']})"
        differ = [column for column in meaning if meaning.at[row, column] != meaning.at[earlier, column]]
        if differ:
            values = ", ".join(
                f"{column} {_shown(frame.at[earlier, column])} in row {earlier}, {_shown(frame.at[row, column])} "
                f"in row {row}"
                for column in differ
            )
            conflicts.append(f"  rows {earlier} and {row}: the link {link}: {values}")
        else:
            notes.append(f"{path}: row {row} repeats row {earlier} (the link {link}); it is counted once")
    if conflicts:
        raise InputError(
            "\n".join(
                [
                    f"{path}: {len(conflicts)} link{'s are' if len(conflicts) > 1 else ' is'} given twice with "
                    "different values; keep one row of each (or make them agree) and run again:",
                    *conflicts[:_LISTED],
                    *([f"  ... and {len(conflicts) - _LISTED} more"] if len(conflicts) > _LISTED else []),
                ]
            )
        )
    return frame.drop(index=repeats.index), notes


def _note(lines: Sequence[str]) -> None:
    """Notes on stderr (so that ``--format json`` output stays one JSON document), the first :data:`_LISTED`."""
    for line in lines[:_LISTED]:
        print(f"note: {line}", file=sys.stderr)
    if len(lines) > _LISTED:
        print(f"note: ... and {len(lines) - _LISTED} more rows repeat an earlier row", file=sys.stderr)


def _emit(payload: dict[str, object], text: str, form: str) -> None:
    print(json.dumps(payload, indent=2, ensure_ascii=False) if form == "json" else text)


# -- network -------------------------------------------------------------------------------------------------


def _network_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("relations", type=Path, help="CSV (or workbook) with source,target and optional weight")
    parser.add_argument(
        "--actors", type=Path, help="CSV (or workbook) with name (and type, ...): adds actors without ties"
    )
    parser.add_argument("--format", choices=("json", "text"), default="text")


def _relation_meaning(relations: pd.DataFrame) -> pd.DataFrame:
    """What the network reads from each relation row: its weight (blank: 1) and whether it is directed."""
    meaning = pd.DataFrame(index=relations.index)
    if "weight" in relations:
        meaning["weight"] = pd.to_numeric(relations["weight"].replace("", None), errors="coerce").fillna(1.0)
    if "directed" in relations:
        meaning["directed"] = flags(relations["directed"], default=True)
    return meaning


def run_network(args: argparse.Namespace) -> int:
    relations = read_csv(args.relations, ["source", "target"], Table.RELATIONS)
    if "weight" in relations:  # the app's rule for weights: a number, at least 0, finite
        refused = [problem for problem in validate(relations, Table.RELATIONS) if problem.column == "weight"]
        if refused:
            row = relations.index[refused[0].row]
            raise InputError(f"{args.relations}: row {row}, column 'weight': {refused[0].message}")
    relations, notes = _repeated_links(args.relations, relations, Table.RELATIONS, _relation_meaning(relations))
    _note(notes)
    if "weight" in relations:
        relations["weight"] = pd.to_numeric(relations["weight"].replace("", None), errors="coerce")
    actors = read_csv(args.actors, ["name"], Table.ACTORS) if args.actors else None
    graph = network.build_network(relations, actors)
    if not graph.ties.number_of_edges():
        found = (
            "it has a header and no rows" if relations.empty else "every row ties an actor to itself or has a blank end"
        )
        raise InputError(f"{args.relations}: no relations between two different actors to analyse ({found})")
    metrics = network.analyse(graph)
    table = metrics.table
    nodes = [
        {
            "name": name,
            "degree": int(row.degree),
            "betweenness": round(float(row.betweenness), 6),
            "pagerank": round(float(row.pagerank), 6),
            "community": int(row.community),
            "cut_point": bool(row.cut_point),
        }
        for name, row in zip(table.index, table.itertuples(), strict=True)
    ]
    payload = {
        "nodes": nodes,
        "brokers": metrics.brokers,
        "bottlenecks": metrics.bottlenecks,
        "communities": metrics.communities,
    }
    _emit(payload, "\n".join(network.summarise(metrics, graph)), args.format)
    return 0


# -- loops ---------------------------------------------------------------------------------------------------


_SHORTEST_LOOP = 1  # links in the shortest feedback loop: a factor acting on itself


def _loop_length(value: str) -> int:
    """``--max-length`` read and checked by argparse: a whole number of links a loop can have."""
    try:
        length = int(value)
    except ValueError:
        length = None
    if length is None or not _SHORTEST_LOOP <= length <= causal.MAX_LENGTH_BOUND:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of links from {_SHORTEST_LOOP} (a factor acting on itself) to "
            f"{causal.MAX_LENGTH_BOUND} (longer loops are not searched), not {value!r}"
        )
    return length


def _loops_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("links", type=Path, help="CSV (or workbook) with cause,effect,polarity and optional weight")
    parser.add_argument(
        "--max-length",
        type=_loop_length,
        default=causal.DEFAULT_LENGTH_BOUND,
        help=f"longest loop searched, {_SHORTEST_LOOP} to {causal.MAX_LENGTH_BOUND} links (default 8)",
    )
    parser.add_argument("--limit", type=int, default=1000, help="loops listed (the shortest); the rest are counted")
    parser.add_argument(
        "--budget",
        type=float,
        default=causal.DEFAULT_TIME_BUDGET,
        help="seconds the loop count may take (default 2); past it the counts are a lower bound",
    )
    parser.add_argument("--format", choices=("json", "text"), default="text")


def _link_meaning(links: pd.DataFrame, polarity: pd.Series) -> pd.DataFrame:
    """What the loop search reads from each link row: polarity, strength (blank: the default) and delay."""
    meaning = pd.DataFrame({"polarity": polarity}, index=links.index)
    strength = "strength" if "strength" in links else "weight" if "weight" in links else None  # as build_diagram
    if strength:
        magnitude = pd.to_numeric(links[strength].replace("", None), errors="coerce").abs()
        meaning[strength] = magnitude.fillna(causal.DEFAULT_STRENGTH)
    if "delay" in links:
        meaning["delay"] = flags(links["delay"], default=False)
    return meaning


def run_loops(args: argparse.Namespace) -> int:
    if args.limit < 0 or not args.budget >= 0:
        raise InputError("--limit and --budget must be at least 0")
    links = read_csv(args.links, ["cause", "effect", "polarity"], Table.CAUSAL_LINKS)
    polarity = links["polarity"].map(causal.parse_polarity)
    if polarity.isna().any():
        row = polarity.index[polarity.isna()][0]
        raise InputError(
            f"{args.links}: row {row}, column 'polarity': {links.at[row, 'polarity']!r} "
            "is not +, -, positive, negative, 1 or -1 (or ?, 0 or blank when not known)"
        )
    links, notes = _repeated_links(args.links, links, Table.CAUSAL_LINKS, _link_meaning(links, polarity))
    _note(notes)
    diagram = causal.build_diagram(links)
    report = causal.find_loops(diagram, length_bound=args.max_length, limit=args.limit, time_budget=args.budget)
    ranking = causal.leverage(diagram, report)
    payload = {
        "loops": [
            {"factors": list(loop.factors), "type": loop.kind.value, "length": loop.length} for loop in report.loops
        ],
        "counts": {kind.column: count for kind, count in report.counts().items()} | {"total": report.total},
        "by_length": {str(length): count for length, count in report.by_length.items()},
        "listed": len(report.loops),
        "not_listed": report.not_listed,
        "length_bound": report.length_bound,
        "time_budget_seconds": report.time_budget,
        "complete": report.complete,
        "complete_up_to_length": report.complete_up_to,
        "longer_loops": report.beyond.value,
        "truncated": report.truncated,
        "notes": report.notes(),
        "leverage": ranking.index[ranking["loops"] > 0].tolist(),
        "leverage_up_to_length": report.length_bound if report.complete else report.complete_up_to,
        "leverage_note": report.leverage_scope(),
    }
    lines = [report.headline() + ".", *report.notes()]
    if not report.complete:
        lines.append(report.leverage_scope())
    lines += [f"{loop.kind.value}  {loop.describe()}" for loop in report.loops]
    _emit(payload, "\n".join(lines), args.format)
    return 0


COMMANDS = {"network": (_network_arguments, run_network), "loops": (_loops_arguments, run_loops)}
"""Each command's arguments and run, for the dispatcher (:mod:`core.cli.main`, which holds their help)."""
