"""``python -m core``: the analysts' command line.

A small dispatcher. :data:`SUBCOMMANDS` names each command, the module
that holds it and its help; the module's ``COMMANDS`` gives its arguments
and run (which returns the exit code). Only the module of the command
being run is imported, so ``python -m core --help`` answers at once
instead of loading pandas, networkx and the rest. Bad input ends with exit
code 2 and one plain message on stderr naming the file, row and column;
notes (a link given twice alike, counted once) go to stderr too, so that
JSON on stdout stays one document. The commands live with their step:
:mod:`core.cli.system_map` (network, loops), :mod:`core.cli.map_files`
(export-map, import-map), :mod:`core.cli.partners` (score, import); the
steering-committee deck, across the steps, in :mod:`core.cli.deck`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from core.cli.errors import InputError

__all__ = ["SUBCOMMANDS", "InputError", "Subcommand", "build_parser", "main"]


@dataclass(frozen=True)
class Subcommand:
    name: str
    module: str  # whose COMMANDS[name] is (add_arguments, run)
    help: str


SUBCOMMANDS: dict[str, Subcommand] = {
    subcommand.name: subcommand
    for subcommand in (
        Subcommand("network", "core.cli.system_map", "Social network analysis of an actor map"),
        Subcommand("loops", "core.cli.system_map", "Feedback loops and leverage of a causal loop diagram"),
        Subcommand("score", "core.cli.partners", "Score a stakeholder list and write the scored list (.xlsx or .csv)"),
        Subcommand("import", "core.cli.partners", "Import a stakeholder list into a partnership"),
        Subcommand("export-map", "core.cli.map_files", "Write a map as GEXF, GraphML or Kumu JSON"),
        Subcommand("import-map", "core.cli.map_files", "Import a GEXF, GraphML or Kumu JSON map into a partnership"),
        Subcommand("members", "core.cli.members", "List, add or remove a partnership's members (team mode)"),
        Subcommand("password", "core.cli.members", "Set a person's password for Keystone's own sign-in"),
        Subcommand("refusals", "core.cli.members", "List refused attempts (team mode), newest first"),
        Subcommand(
            "deck", "core.cli.deck", "Write a partnership's steering-committee deck (.pptx) or its handout (.pdf)"
        ),
    )
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, with the arguments of ``command`` alone (importing its module)."""
    parser = argparse.ArgumentParser(prog="python -m core", description="Keystone analyses for batch work.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for subcommand in SUBCOMMANDS.values():
        sub = commands.add_parser(subcommand.name, help=subcommand.help, description=subcommand.help)
        if subcommand.name == command:
            arguments, run = importlib.import_module(subcommand.module).COMMANDS[subcommand.name]
            arguments(sub)
            sub.set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((word for word in argv if not word.startswith("-")), None)
    args = build_parser(command).parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (``| head``): as Python's docs advise, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the flush at exit cannot fail again
        return 1
    except Exception as error:
        code = _said(error)
        if code is None:
            raise
        return code


def _said(error: Exception) -> int | None:
    """Say an error the user can act on, in words on stderr, and return its exit code; None for anything else.

    The modules are looked up, not imported: each is loaded by then if the command used it at all.
    """
    reading = sys.modules.get("core.io_excel.reading")
    if reading is not None and isinstance(error, reading.ImportRefused):
        print(f"error: {' '.join(str(error).split())}", file=sys.stderr)  # a file it cannot use: one line, exit 2
        return 2
    store_errors = sys.modules.get("core.store.errors")
    if store_errors is not None and isinstance(error, store_errors.StoreError):
        print(f"error: {error}", file=sys.stderr)  # a refusal, a busy or damaged database: exit 1
        return 1
    return None
