"""A whole partnership as one .xlsx workbook, and back into a new partnership.

The workbook has an ``about`` sheet (name, problem, stage, export time) and
one sheet per record kind named after its table (``actors``, ``relations``,
..., ``answers``), with the canonical columns as headers. Text is written as
text, so a cell typed as ``=...`` is never run as a formula. Timestamps are
written as ISO text so they come back to the microsecond.

Importing reads every sheet through :mod:`core.io_excel` with the same rules
as any other import and creates a *new* partnership in one transaction; a
workbook with any problem is refused as a whole, with every problem listed
by sheet, row and column, and nothing is stored. Dates typed as text with
numbers only (05/06/2025) are read in the order each column's own dates show,
and :attr:`ImportedWorkbook.dates` says which order that was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from core.conventions import is_blank, text
from core.dates import read_dates
from core.io_excel import ImportRefused, read_raw, read_table, sheet_names, write_workbook
from core.store import SPECS, Store, StoreError, Table
from core.tables import ColumnKind

__all__ = [
    "ABOUT_SHEET",
    "ImportedWorkbook",
    "WorkbookRefused",
    "export_workbook",
    "import_workbook",
    "read_workbook",
    "store_workbook",
]

ABOUT_SHEET = "about"


class WorkbookRefused(Exception):
    """The workbook cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]) + (f" … and {len(problems) - 5} more" if len(problems) > 5 else ""))
        self.problems = problems


@dataclass
class ImportedWorkbook:
    """What a workbook holds, read and checked, before it is stored.

    ``dates`` has one line per column whose dates were typed with numbers
    only, saying which day/month order they were read in.
    """

    name: str
    problem: str
    stage: str
    records: dict[Table, pd.DataFrame]
    dates: tuple[str, ...] = ()


def _for_sheet(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in SPECS[table].columns:
        if column.kind is ColumnKind.TIMESTAMP:
            out[column.name] = out[column.name].map(lambda v: v.isoformat() if pd.notna(v) else None).astype(object)
    return out


def export_workbook(store: Store, partnership_id: int, now: datetime | None = None) -> bytes:
    """Every record of a partnership as one .xlsx (bytes)."""
    partnership = store.partnership(partnership_id)
    about = pd.DataFrame(
        {
            "field": ["name", "problem", "stage", "exported_at"],
            "value": [
                text(partnership["name"]),
                text(partnership.get("problem")),  # a missing problem is empty, never "nan" or "None"
                text(partnership.get("stage")),
                (now or datetime.now()).isoformat(timespec="seconds"),
            ],
        }
    )
    frames = store.read_many(partnership_id, list(SPECS))
    sheets = {ABOUT_SHEET: about} | {table.value: _for_sheet(table, frames[table]) for table in SPECS}
    return write_workbook(sheets)


def _about(data: bytes, filename: str) -> dict[str, str]:
    _, raw = read_raw(data, filename, ABOUT_SHEET)
    values = {}
    for row in raw.iloc[1:].itertuples(index=False):
        # An empty cell reads as NaN as well as None: it must come back empty, not as the text "nan".
        if len(row) >= 2 and not is_blank(row[0]):
            values[text(row[0])] = text(row[1])
    return values


def read_workbook(data: bytes, filename: str) -> ImportedWorkbook:
    """Read and check a Keystone workbook without storing anything.

    Raises
    ------
    ImportRefused
        The file is not a readable spreadsheet, or is not a Keystone workbook.
    WorkbookRefused
        Some rows break the rules; every problem is listed.
    """
    sheets = set(sheet_names(data, filename))
    if ABOUT_SHEET not in sheets:
        raise ImportRefused(
            f"'{filename}' is not a Keystone partnership workbook (it has no '{ABOUT_SHEET}' sheet). "
            "To add records to a partnership, import them on the step's page instead."
        )
    about = _about(data, filename)
    records: dict[Table, pd.DataFrame] = {}
    problems: list[str] = []
    for table in SPECS:
        if table.value not in sheets:
            continue
        parsed = read_table(data, filename, table, sheet=table.value, header_row=0)
        problems.extend(parsed.describe_all())
        records[table] = parsed.frame
    if problems:
        raise WorkbookRefused(problems)
    dates: list[str] = []
    for table, frame in records.items():
        records[table], notes = _read_dates(table, frame)
        dates.extend(notes)
    stage = about.get("stage", "") or "pilot"
    return ImportedWorkbook(about.get("name", ""), about.get("problem", ""), stage, records, tuple(dates))


def _read_dates(table: Table, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` with its date columns read, each in its own day/month order, and a line for each order used."""
    read, notes = frame.copy(), []
    for column in SPECS[table].columns:
        if column.kind in (ColumnKind.DATE, ColumnKind.TIMESTAMP) and column.name in read:
            read[column.name], order = read_dates(read[column.name])
            if order.describe():
                notes.append(f"Sheet '{table.value}', column '{column.name}': {order.describe()}")
    return read, notes


def store_workbook(store: Store, book: ImportedWorkbook, name: str | None = None) -> int:
    """Create a new partnership from a workbook read by :func:`read_workbook`; return its id.

    ``name`` defaults to the workbook's name; a name already in use raises
    :class:`~core.store.StoreError` and nothing is stored.
    """
    chosen = (name or book.name or "").strip()
    if not chosen:
        raise StoreError("The workbook names no partnership; give the new partnership a name.")
    return store.create_partnership(chosen, book.problem, book.stage, records=book.records)


def import_workbook(store: Store, data: bytes, filename: str, name: str | None = None) -> int:
    """Create a new partnership from a Keystone workbook; return its id.

    :func:`read_workbook` then :func:`store_workbook`; read and store
    separately to tell the person how the dates were read.
    """
    return store_workbook(store, read_workbook(data, filename), name)
