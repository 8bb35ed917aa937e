"""``python -m core``: the analysts' command line.

A small dispatcher: each subcommand is one :class:`Subcommand` (its help,
a function that adds its arguments, and a function that runs it and returns
the exit code) in :data:`SUBCOMMANDS`. Other modules add theirs with
:func:`register`. Bad input ends with exit code 2 and one plain message on
stderr naming the file, row and column.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.io_excel import suggest_mapping
from core.records import validate
from core.system_map import causal, network
from core.tables import Table

__all__ = ["SUBCOMMANDS", "InputError", "Subcommand", "build_parser", "main", "register"]


class InputError(Exception):
    """Input the command cannot use; the message says what and where."""


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


SUBCOMMANDS: dict[str, Subcommand] = {}


def register(subcommand: Subcommand) -> Subcommand:
    """Add a subcommand to ``python -m core``."""
    SUBCOMMANDS[subcommand.name] = subcommand
    return subcommand


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core", description="Keystone analyses for batch work.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for subcommand in SUBCOMMANDS.values():
        sub = commands.add_parser(subcommand.name, help=subcommand.help, description=subcommand.help)
        subcommand.arguments(sub)
        sub.set_defaults(run=subcommand.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (``| head``): as Python's docs advise, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the flush at exit cannot fail again
        return 1


def read_csv(path: Path, required: Sequence[str], table: Table) -> pd.DataFrame:
    """A CSV with trimmed, lower-cased headers, known aliases (from/to, ...) renamed
    to the table's columns as in the app's importer; refuse it naming the missing columns."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text CSV (a workbook? save the sheet as CSV UTF-8)") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{path}: not a readable CSV file ({error})") from None
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    aliases = {header: column for header, column in suggest_mapping(list(frame.columns), table).items() if column}
    frame = frame.rename(columns={h: c for h, c in aliases.items() if h != c and c not in frame.columns})
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column {', '.join(repr(m) for m in missing)} (found {list(frame.columns)})")
    return frame


def _emit(payload: dict[str, object], text: str, form: str) -> None:
    print(json.dumps(payload, indent=2, ensure_ascii=False) if form == "json" else text)


# -- network -------------------------------------------------------------------------------------------------


def _network_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("relations", type=Path, help="CSV with source,target and optional weight")
    parser.add_argument("--actors", type=Path, help="CSV with name (and type, ...): adds actors without ties")
    parser.add_argument("--format", choices=("json", "text"), default="text")


def run_network(args: argparse.Namespace) -> int:
    relations = read_csv(args.relations, ["source", "target"], Table.RELATIONS)
    if "weight" in relations:  # the app's rule for weights: a number, at least 0, finite
        refused = [problem for problem in validate(relations, Table.RELATIONS) if problem.column == "weight"]
        if refused:
            raise InputError(f"{args.relations}: row {refused[0].row + 2}, column 'weight': {refused[0].message}")
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


register(Subcommand("network", "Social network analysis of an actor map", _network_arguments, run_network))


# -- loops ---------------------------------------------------------------------------------------------------


def _loops_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("links", type=Path, help="CSV with cause,effect,polarity and optional weight")
    parser.add_argument(
        "--max-length",
        type=int,
        default=causal.DEFAULT_LENGTH_BOUND,
        help=f"longest loop searched, 1 to {causal.MAX_LENGTH_BOUND} links (default 8)",
    )
    parser.add_argument("--limit", type=int, default=1000, help="loops listed (the shortest); the rest are counted")
    parser.add_argument(
        "--budget",
        type=float,
        default=causal.DEFAULT_TIME_BUDGET,
        help="seconds the loop count may take (default 2); past it the counts are a lower bound",
    )
    parser.add_argument("--format", choices=("json", "text"), default="text")


def run_loops(args: argparse.Namespace) -> int:
    if not 1 <= args.max_length <= causal.MAX_LENGTH_BOUND:
        raise InputError(
            f"--max-length must be from 1 to {causal.MAX_LENGTH_BOUND} links (longer loops are not searched), "
            f"not {args.max_length}"
        )
    if args.limit < 0 or not args.budget >= 0:
        raise InputError("--limit and --budget must be at least 0")
    links = read_csv(args.links, ["cause", "effect", "polarity"], Table.CAUSAL_LINKS)
    polarity = links["polarity"].map(causal.parse_polarity)
    if polarity.isna().any():
        row = polarity.index[polarity.isna()][0]
        raise InputError(
            f"{args.links}: row {row + 2}, column 'polarity': {links.at[row, 'polarity']!r} "
            "is not +, -, positive, negative, 1 or -1 (or ?, 0 or blank when not known)"
        )
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


register(Subcommand("loops", "Feedback loops and leverage of a causal loop diagram", _loops_arguments, run_loops))


# Step 3's commands (score, import) live beside their logic.
from core.cli import partners as cli_partners  # noqa: E402 - registered after the registry exists

for _name, _help, _arguments, _run in cli_partners.COMMANDS:
    register(Subcommand(_name, _help, _arguments, _run))
