"""``python -m core deck``: the steering-committee deck (.pptx) or its handout (.pdf) from the command line.

The deck draws the app's own figures (``ui.across.deck``), so this one
command reaches into the UI layer, lazily, when it runs: the rest of ``core``
never imports it, and ``python -m core --help`` does not pay for it. The UI's
figure code runs here without a Streamlit server (its caches work in a plain
process); Streamlit's notes about that are silenced.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from core.cli.errors import InputError
from core.cli.partnerships import opened, required, store_arguments
from core.store import StoreError

__all__ = ["COMMANDS", "run_deck"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--partnership", required=True, help="the partnership's name (any case)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the file to write: .pptx or .pdf")
    store_arguments(parser)


def run_deck(args: argparse.Namespace) -> int:
    suffix = args.output.suffix.lower()
    if suffix not in (".pptx", ".pdf"):
        raise InputError(f"{args.output}: the deck is written as .pptx, or its handout as .pdf")
    try:
        store = opened(args)
        partnership_id = required(store, args.partnership)
    except StoreError as error:
        raise InputError(str(error)) from None
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "no runtime found": expected outside a server
    from core.across.deck import to_pdf, to_pptx
    from ui.across.deck import slides  # the app's figures: see the module docstring
    from ui.images import ImagesUnavailable

    try:
        made = slides(store, partnership_id)
    except ImagesUnavailable as error:
        raise InputError(str(error)) from None
    try:
        args.output.write_bytes(to_pptx(made) if suffix == ".pptx" else to_pdf(made))
    except OSError as error:
        raise InputError(f"Cannot write '{args.output}': {error.strerror or error}.") from None
    print(f"Wrote the deck to {args.output}.")
    return 0


COMMANDS = {"deck": (_arguments, run_deck)}
"""The command's arguments and run, for the dispatcher (:mod:`core.cli.main`, which holds its help)."""
