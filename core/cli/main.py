"""``python -m core``: the analysts' command line.

A small dispatcher: each subcommand is one :class:`Subcommand` (its help,
a function that adds its arguments, and a function that runs it and returns
the exit code) in :data:`SUBCOMMANDS`. Other modules add theirs with
:func:`register`. Bad input ends with exit code 2 and one plain message on
stderr naming the file, row and column; notes (a link given twice alike,
counted once) go to stderr too, so that JSON on stdout stays one document.
The commands live with their step: :mod:`core.cli.system_map` (network,
loops, export-map and import-map in :mod:`core.cli.map_files`) and
:mod:`core.cli.partners` (score, import); the steering-committee deck,
across the steps, in :mod:`core.cli.deck`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.cli import deck as cli_deck
from core.cli import map_files as cli_map_files
from core.cli import partners as cli_partners
from core.cli import system_map as cli_system_map
from core.cli.system_map import InputError

__all__ = ["SUBCOMMANDS", "InputError", "Subcommand", "build_parser", "main", "register"]


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


# Each step's commands live in their own module: step 1's network, loops and map files, step 3's score and import;
# the deck, across the steps, in core.cli.deck.
for _name, _help, _arguments, _run in [
    *cli_system_map.COMMANDS,
    *cli_map_files.COMMANDS,
    *cli_partners.COMMANDS,
    *cli_deck.COMMANDS,
]:
    register(Subcommand(_name, _help, _arguments, _run))
