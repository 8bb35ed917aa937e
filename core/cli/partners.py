"""Step 3 on the command line: ``score`` and ``import`` a stakeholder list.

``python -m core score IN.xlsx -o OUT.xlsx`` scores a list without the app;
``python -m core import IN.xlsx --partnership NAME [--db PATH]`` imports it
into a Keystone database. Both use the same reader, validation and messages
as the app. Exit codes: 0 done, 2 the input was refused (the message names
the file, sheet, row and column), 1 the database could not be used.

:data:`COMMANDS` gives each one's arguments and run to the dispatcher
(:mod:`core.cli.main`); each run already turns refusals into a message on
stderr and an exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from core.cli.partnerships import named, no_such_partnership, opened, store_arguments
from core.io_excel import (
    Cleaning,
    Fix,
    ImportRefused,
    Keep,
    ParsedSheet,
    Scale,
    best_sheet,
    parse_sheet,
    read_sheet,
    sheet_names,
    uncomputed_formulas_note,
)
from core.partners.import_list import ImportOutcome, RowsRefused, accepted_rows, import_actors
from core.partners.scored_list import export_csv, export_workbook, scored_list
from core.partners.scoring import Weights
from core.records import coerce
from core.store import Blanks
from core.tables import Table, spec

__all__ = ["COMMANDS", "run_import", "run_score"]


def _read(args: argparse.Namespace) -> ParsedSheet:
    """The stakeholder list as the page would read it, with ``--map`` applied; warnings go to stderr."""
    try:
        data = args.input.read_bytes()
    except OSError as error:
        raise ImportRefused(f"'{args.input}' cannot be read: {error.strerror or error}.") from error
    sheet = args.sheet
    if sheet is None and len(sheet_names(data, args.input.name)) > 1:
        sheet = best_sheet(data, args.input.name, Table.ACTORS)  # skips a cover or "Read me" sheet
    raw = read_sheet(data, args.input.name, sheet)
    header_row = _header(args)
    cleaning = _cleaning(args)
    parsed = parse_sheet(raw.cells, Table.ACTORS, raw.name, header_row, None, cleaning, raw.merged)
    if args.map:
        mapping = _mapping(parsed, args.map)
        parsed = parse_sheet(raw.cells, Table.ACTORS, raw.name, parsed.header_row, mapping, cleaning, raw.merged)
    if parsed.frame.empty:
        raise ImportRefused(
            f"Sheet '{raw.name}' of '{args.input.name}' has headers in row {parsed.header_row + 1} "
            "but no rows under them."
        )
    _say_cleaning(parsed, args)
    note = uncomputed_formulas_note(data, raw.name)
    if note:
        print(f"warning: {note}", file=sys.stderr)
    return parsed


def _cleaning(args: argparse.Namespace) -> Cleaning:
    """The cleaning asked for: every safe fix unless ``--no-fix``, and the user's ``--scale`` and ``--fill``."""
    return Cleaning(
        off=frozenset(Fix(name) for name in args.no_fix or ()),
        scales=dict(_pair(text, "--scale", _scale) for text in args.scale or ()),
        fill=dict(_pair(text, "--fill", str) for text in args.fill or ()),
        ignored=frozenset(args.leave_out or ()),
        duplicates=Keep(args.duplicates),
    )


def _pair(text: str, option: str, read: Callable[[str], object]) -> tuple[str, object]:
    column, _, value = text.partition("=")
    column, value = column.strip(), value.strip()
    if column not in spec(Table.ACTORS).names or not value:
        raise ImportRefused(f"{option} '{text}': write COLUMN=VALUE with one of the columns "
                            + ", ".join(spec(Table.ACTORS).names) + ".")  # fmt: skip
    return column, read(value)


def _scale(value: str) -> Scale:
    try:
        return Scale(value)
    except ValueError as error:
        raise ImportRefused(f"--scale: '{value}' is not a scale; use one of {', '.join(Scale)}.") from error


def _say_cleaning(parsed: ParsedSheet, args: argparse.Namespace) -> None:
    """Each fix made, and what the user may want to add, one line each on stderr (the page shows the same)."""
    for applied in parsed.cleaned.applied:
        undo = {Fix.FILLED_COLUMNS: "", Fix.SCALES: ""}.get(applied.fix, f" (undo with --no-fix {applied.fix.value})")
        print(f"cleaned: {applied.message}{undo}", file=sys.stderr)
        if applied.fix is Fix.EXTRA_COLUMNS:
            print("note: read one of them as a Keystone column with --map 'HEADER=column', "
                  "or leave it out with --leave-out HEADER.", file=sys.stderr)  # fmt: skip
    for column, scale in parsed.cleaned.proposals.items():
        print(f"note: column '{column}' looks like scores on a {scale.value} scale; "
              f"add --scale {column}={scale.value} to rescale it to 1-5.", file=sys.stderr)  # fmt: skip
    for column in parsed.missing:
        print(f"note: the file has no {column} column; map one with --map 'HEADER={column}'"
              + (f" or give every row one value with --fill {column}=VALUE." if column != "name" else "."),
              file=sys.stderr)  # fmt: skip
    for duplicate in parsed.cleaned.duplicates:
        rows = ", ".join(map(str, duplicate.rows))
        print(f"note: '{duplicate.names[0]}' is named on rows {rows}: {duplicate.kept.label.lower()} "
              "(choose with --duplicates).", file=sys.stderr)  # fmt: skip


def _mapping(parsed: ParsedSheet, pairs: Sequence[str]) -> dict[str, str | None]:
    """The found mapping with each ``HEADER=column`` of ``--map`` laid over it (headers match ignoring case)."""
    mapping = dict(parsed.mapping)
    headers = {header.strip().casefold(): header for header in mapping}
    columns = spec(Table.ACTORS).names
    for pair in pairs:
        header_text, _, column = pair.rpartition("=")
        header, column = headers.get(header_text.strip().casefold()), column.strip()
        if not header_text.strip() or header is None:
            found = ", ".join(f"'{known}'" for known in mapping)
            missing = header_text.strip()
            raise ImportRefused(f"--map '{pair}': the file has no column '{missing}'. Its columns: {found}.")
        if column not in columns:
            raise ImportRefused(f"--map '{pair}': '{column}' is not a stakeholder column. Choose one of: "
                                + ", ".join(columns) + ".")  # fmt: skip
        mapping = {known: (None if target == column else target) for known, target in mapping.items()}
        mapping[header] = column
    return mapping


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, help="the stakeholder list (.xlsx, .xls, .ods or .csv)")
    parser.add_argument("--sheet", help="the sheet to read (default: the one whose headers match best)")
    parser.add_argument(
        "--header-row", type=int, help="the row number of the headers as the spreadsheet shows it (default: found)"
    )
    parser.add_argument("--valid-only", action="store_true", help="skip rows with problems instead of refusing")
    parser.add_argument(
        "--map",
        action="append",
        metavar="HEADER=COLUMN",
        help="read the file's column HEADER as Keystone's COLUMN, e.g. --map 'Intérêt=interest' (repeatable)",
    )
    parser.add_argument(
        "--no-fix",
        action="append",
        choices=[fix.value for fix in Fix if fix not in (Fix.SCALES, Fix.FILLED_COLUMNS)],
        help="undo one of the fixes made to a messy list (repeatable); each fix made is listed as it is made",
    )
    parser.add_argument(
        "--scale",
        action="append",
        metavar="COLUMN=SCALE",
        help=f"read a score column on another scale ({', '.join(Scale)}) and rescale it to 1-5 (repeatable)",
    )
    parser.add_argument(
        "--fill",
        action="append",
        metavar="COLUMN=VALUE",
        help="a required column the file lacks, with the value every row takes, e.g. --fill type=company",
    )
    parser.add_argument(
        "--leave-out",
        action="append",
        metavar="HEADER",
        help="a column with no place in Keystone to leave out rather than keep in the notes (repeatable)",
    )
    parser.add_argument(
        "--duplicates",
        choices=[keep.value for keep in Keep],
        default=Keep.MERGE.value,
        help="rows naming the same organisation: merge them (default), keep the first or the last, "
        "or keep both (the later row is refused)",
    )


def _score_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("-o", "--output", type=Path, required=True, help="where to write (.xlsx or .csv)")
    parser.add_argument(
        "--weights",
        default="1,1,1",
        help="weights of interest, influence and assets, e.g. 2,1,1 (only the ratios matter)",
    )


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--partnership", required=True, help="the partnership's name")
    store_arguments(parser)
    parser.add_argument("--create", action="store_true", help="create the partnership if it does not exist")
    parser.add_argument(
        "--blanks",
        choices=[blanks.value for blanks in Blanks],
        default=Blanks.KEEP.value,
        help="a blank cell in a row that updates a stored actor: keep the stored value (default) or clear it",
    )


def _header(args: argparse.Namespace) -> int | None:
    if args.header_row is None:
        return None
    if args.header_row < 1:
        raise ImportRefused("--header-row counts from 1, as the spreadsheet shows rows.")
    return args.header_row - 1


def _weights(text: str) -> Weights:
    try:
        parts = [float(part) for part in text.split(",")]
        if len(parts) != 3:
            raise ValueError
        return Weights(*parts)
    except ValueError as error:
        raise ImportRefused(
            f"--weights needs three numbers of zero or more, not all zero, such as 2,1,1 (got '{text}')."
        ) from error


def run_score(args: argparse.Namespace) -> int:
    weights = _weights(args.weights)
    parsed = _read(args)
    if parsed.refused or (parsed.problems and not args.valid_only):
        raise RowsRefused(parsed) if not parsed.refused else ImportRefused("\n".join(parsed.describe_all()))
    rows = coerce(parsed.valid(), Table.ACTORS)
    scored = scored_list(rows, weights)
    suffix = args.output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ImportRefused(f"The output must end in .xlsx or .csv, not '{args.output.name}'.")
    try:
        args.output.write_bytes(export_workbook(scored) if suffix == ".xlsx" else export_csv(scored))
    except OSError as error:
        raise ImportRefused(f"Cannot write '{args.output}': {error.strerror or error}.") from error
    skipped = len(parsed.frame) - len(rows)
    print(f"Scored {len(scored)} rows ({skipped} skipped) -> {args.output}")
    for line in parsed.describe_all()[:10] if skipped else []:
        print(f"  skipped: {line}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    parsed = _read(args)
    store = opened(args)
    store.migrate()
    partnership_id = named(store, args.partnership)
    if partnership_id is None:
        if not args.create:
            raise no_such_partnership(store, args.partnership, " Check the name or add --create.")
        rows = accepted_rows(parsed, valid_only=args.valid_only)  # refused: no empty partnership is left behind
        store.create_partnership(args.partnership, records={Table.ACTORS: rows})
        outcome = ImportOutcome(len(rows), 0, len(parsed.frame) - len(rows))
    else:
        outcome = import_actors(store, partnership_id, parsed, valid_only=args.valid_only, blanks=Blanks(args.blanks))
    print(f"Imported into '{args.partnership}': {outcome.summary}.")
    for line in parsed.describe_all()[:10] if outcome.skipped else []:
        print(f"  skipped: {line}")
    return 0


COMMANDS = {"score": (_score_arguments, run_score), "import": (_import_arguments, run_import)}
"""Each command's arguments and run, for the dispatcher (:mod:`core.cli.main`, which holds their help)."""
