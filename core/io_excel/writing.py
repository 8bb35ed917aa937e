"""Workbooks and CSV files out, where text a user typed never runs as a formula.

Writing uses xlsxwriter, row by row in constant memory: 50,000 rows of 15
columns in a few seconds, where openpyxl took 14. Every text cell is written
as text (never a formula, a link or a number), yes/no columns read "yes" and
"no" as the screen shows them, and a CSV file prefixes text that a
spreadsheet would run as a formula with an apostrophe (which
:mod:`core.io_excel.cells` takes off again on the way back in).
"""

from __future__ import annotations

import io
import math
import re
from datetime import date, datetime

import pandas as pd
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.records import FORMULA_PREFIXES

__all__ = ["CSV_GUARD_NOTE", "to_csv_bytes", "write_workbook"]

CSV_GUARD_NOTE = (
    "Note: text a spreadsheet would run as a formula (starting with = + - or @) begins with an apostrophe here."
    " Keystone takes it off when the file is imported again."
)  # no comma or semicolon: a reader sniffing the separator is not misled
_WIDTH_SAMPLE = 200  # rows read to size a column


def _sheet_title(name: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet"
    base, counter = title, 2
    while title.lower() in taken:
        suffix = f" {counter}"
        title, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(title.lower())
    return title


def _cell_value(value: object) -> object:
    """A plain value for a cell: None (blank), text, "yes"/"no", a finite number, or a date."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, pd.Timestamp):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):  # control characters are not allowed in a workbook: one would fail the whole export
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, int | float | date):
        return value
    return str(value)


def write_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per frame: bold header, frozen top row, columns sized to their text.

    Text is always stored as text, so a cell such as ``=HYPERLINK(...)``
    typed by a user is shown, never run as a formula.
    """
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
               "remove_timezone": True}  # fmt: skip
    workbook = xlsxwriter.Workbook(buffer, options)
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    taken: set[str] = set()
    for name, frame in sheets.items():
        sheet = workbook.add_worksheet(_sheet_title(name, taken))
        widths = [len(header) for header in (ILLEGAL_CHARACTERS_RE.sub("", str(c)) for c in frame.columns)]
        for index, header in enumerate(frame.columns):
            sheet.write_string(0, index, ILLEGAL_CHARACTERS_RE.sub("", str(header)), bold)
        columns = [frame.iloc[:, index].tolist() for index in range(frame.shape[1])]
        for row_number, row in enumerate(zip(*columns, strict=True), start=1):
            for index, raw in enumerate(row):
                value = _cell_value(raw)
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(row_number, index, value)
                elif isinstance(value, datetime):
                    sheet.write_datetime(
                        row_number, index, value, moment if value.time() != datetime.min.time() else day
                    )
                elif isinstance(value, date):
                    sheet.write_datetime(row_number, index, value, day)
                else:
                    sheet.write_number(row_number, index, value)
                if row_number <= _WIDTH_SAMPLE:
                    widths[index] = max(widths[index], len(str(value)))
        sheet.freeze_panes(1, 0)
        for index, width in enumerate(widths):
            sheet.set_column(index, index, min(max(width + 2, 8), 60))
    if not sheets:
        workbook.add_worksheet("Empty")
    workbook.close()
    return buffer.getvalue()


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, for Excel) where text that a spreadsheet would run as a formula is
    prefixed with an apostrophe; when any is, the first line says so (:data:`CSV_GUARD_NOTE`).
    True and false are written yes and no, as in a workbook."""
    safe = frame.copy()
    guarded = False
    for column in safe.columns:
        if pd.api.types.is_bool_dtype(safe[column]) or safe[column].map(type).eq(bool).any():
            safe[column] = safe[column].map(lambda v: v if isinstance(v, str) else _cell_value(v)).astype(object)
        if safe[column].dtype == object or isinstance(safe[column].dtype, pd.StringDtype):
            risky = safe[column].map(lambda v: isinstance(v, str) and v.startswith(FORMULA_PREFIXES)).astype(bool)
            if risky.any():
                guarded = True
                safe[column] = safe[column].where(~risky, "'" + safe[column].astype(object).where(risky, ""))
    note = f"{CSV_GUARD_NOTE}\n" if guarded else ""
    return (note + safe.to_csv(index=False)).encode("utf-8-sig")
