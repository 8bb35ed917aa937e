"""Spreadsheets in and out: forgiving reads, row-by-row reports, safe writes.

Reading uses python-calamine (about 6x faster than openpyxl on large files,
and it returns the cached value of formula cells); writing uses openpyxl.
Every read is refused in plain words when the file is not a spreadsheet,
is password-protected, is empty or is too large. Problems are reported with
the sheet, the row number a spreadsheet shows, the column and the value.

One topic per module:

- :mod:`core.io_excel.reading`: refusing what cannot be read, and one sheet's raw cells;
- :mod:`core.io_excel.headers`: header aliases, the header row and the best sheet;
- :mod:`core.io_excel.cells`: cells made canonical (choices, yes/no scores, polarity);
- :mod:`core.io_excel.cleaning`: a messy list cleaned instead of refused, each fix said and undoable;
  the fixes to rows in :mod:`core.io_excel.cleaning_rows`, to cells in :mod:`core.io_excel.cleaning_cells`;
- :mod:`core.io_excel.parsing`: a sheet read into a table's columns, with its problems;
- :mod:`core.io_excel.formulas`: formula cells with no saved result, which read as blank;
- :mod:`core.io_excel.writing`: workbooks and CSV files where text never runs as a formula.

Every public name is importable from ``core.io_excel`` itself.
"""

from __future__ import annotations

from core.io_excel.cleaning import Applied, Cleaning, Duplicate, Fix, Keep, Scale
from core.io_excel.formulas import uncomputed_formulas, uncomputed_formulas_note
from core.io_excel.headers import ALIASES, best_sheet, find_header_row, suggest_mapping
from core.io_excel.parsing import ParsedSheet, header_mapping, parse_sheet, read_table
from core.io_excel.reading import (
    MAX_BYTES,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    ImportRefused,
    RawSheet,
    read_raw,
    read_sheet,
    sheet_names,
)
from core.io_excel.writing import CSV_GUARD_NOTE, to_csv_bytes, write_workbook

__all__ = [
    "ALIASES",
    "CSV_GUARD_NOTE",
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_UNZIPPED_BYTES",
    "Applied",
    "Cleaning",
    "Duplicate",
    "Fix",
    "ImportRefused",
    "Keep",
    "ParsedSheet",
    "RawSheet",
    "Scale",
    "best_sheet",
    "find_header_row",
    "header_mapping",
    "parse_sheet",
    "read_raw",
    "read_sheet",
    "read_table",
    "sheet_names",
    "suggest_mapping",
    "to_csv_bytes",
    "uncomputed_formulas",
    "uncomputed_formulas_note",
    "write_workbook",
]
