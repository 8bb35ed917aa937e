"""Workbooks and CSV files out, where text a user typed never runs as a formula.

Writing uses openpyxl. Every text cell is stored as text, and a CSV file
prefixes text that a spreadsheet would run as a formula with an apostrophe
(which :mod:`core.io_excel.cells` takes off again on the way back in).
"""

from __future__ import annotations

import io
import re
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.records import FORMULA_PREFIXES

__all__ = ["to_csv_bytes", "write_workbook"]


def _sheet_title(name: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet"
    base, counter = title, 2
    while title.lower() in taken:
        suffix = f" {counter}"
        title, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(title.lower())
    return title


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, str):  # control characters are not allowed in a workbook: one would fail the whole export
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per frame: bold header, frozen top row.

    Text is always stored as text, so a cell such as ``=HYPERLINK(...)``
    typed by a user is shown, never run as a formula.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for name, frame in sheets.items():
        sheet = workbook.create_sheet(_sheet_title(name, taken))
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(column)) for column in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.data_type = "s"  # a header such as "=total" stays text too
        for row in frame.itertuples(index=False):
            sheet.append([_cell_value(value) for value in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with "="
                elif isinstance(cell.value, datetime):
                    cell.number_format = (
                        "yyyy-mm-dd" if cell.value.time() == datetime.min.time() else "yyyy-mm-dd hh:mm"
                    )
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200) if v is not None])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    if not sheets:
        workbook.create_sheet("Empty")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, for Excel) where text that a spreadsheet would
    run as a formula is prefixed with an apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or isinstance(safe[column].dtype, pd.StringDtype):
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
            )
    return safe.to_csv(index=False).encode("utf-8-sig")
