"""Reading spreadsheet files: refusing what cannot be read, and one sheet's raw cells.

A file is refused in plain words (:class:`ImportRefused`) when it is empty,
too large, password-protected, damaged, an Excel binary workbook (.xlsb) or
not a spreadsheet or CSV file, and when a sheet's cells reach so far that
the reader's grid could take the server down (:mod:`core.io_excel.extent`).
Workbooks are read with python-calamine, which returns the cached value of
formula cells; CSV files are decoded (UTF-8, then Windows-1252) and their
delimiter sniffed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from core.io_excel.extent import far_cells
from core.io_excel.extent_ods import ods_reach

MergedRange = tuple[tuple[int, int], tuple[int, int]]
"""((first row, first column), (last row, last column)), 0-based and inclusive, as python-calamine gives them."""

__all__ = [
    "HEADER_SCAN_ROWS",
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_UNZIPPED_BYTES",
    "ImportRefused",
    "MergedRange",
    "RawSheet",
    "read_raw",
    "read_sheet",
    "sheet_names",
]

MAX_BYTES = 25 * 1024 * 1024  # compressed size of an upload; .streamlit/config.toml's maxUploadSize says the same
_MB = 1024 * 1024  # Streamlit's uploader counts megabytes in binary units
MAX_UNZIPPED_BYTES = 250 * 1024 * 1024  # guards against zip bombs
MAX_ROWS = 200_000
HEADER_SCAN_ROWS = 20
"""Rows searched for the header; a sheet may hold this many rows above it beyond :data:`MAX_ROWS`."""
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE container: .xls, or an encrypted .xlsx
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_XLSB_BOOK = "xl/workbook.bin"


class ImportRefused(Exception):
    """The whole file was refused; the message says why in plain words."""


def _kind(data: bytes, filename: str) -> str:
    """'csv' or 'workbook', after refusing what we cannot or will not read."""
    if not data or not data.strip():
        raise ImportRefused(f"'{filename}' is empty.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            f"'{filename}' is {len(data) / _MB:.0f} MB; Keystone reads files up to {MAX_BYTES // _MB} MB. "
            "Split it or remove unused sheets."
        )
    if data.startswith(_CFB_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise ImportRefused(f"'{filename}' is password-protected. Save a copy without a password and try again.")
        return "workbook"  # legacy .xls
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
                names = {name.lower() for name in archive.namelist()}
        except zipfile.BadZipFile as error:
            raise ImportRefused(f"'{filename}' is damaged and cannot be opened as a spreadsheet.") from error
        if unzipped > MAX_UNZIPPED_BYTES:
            raise ImportRefused(f"'{filename}' expands to {unzipped / _MB:.0f} MB, which is too large to import.")
        if _XLSB_BOOK in names:  # the reader would take it, but its sheets' reach is not checked
            raise ImportRefused(
                f"'{filename}' is an Excel binary workbook (.xlsb), which Keystone does not read. "
                "In Excel, save it as an Excel Workbook (.xlsx) and try again."
            )
        _check_reach(data, filename)
        return "workbook"
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise ImportRefused(f"'{filename}' is named like a spreadsheet but is not one.")
    if b"\x00" in data[:4096]:
        raise ImportRefused(f"'{filename}' is not a spreadsheet or CSV file.")
    return "csv"


def _check_reach(data: bytes, filename: str) -> None:
    """Refuse a sheet whose farthest cell would make the reader build a grid too large to hold."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            extents = far_cells(archive) + ods_reach(archive)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as error:  # RuntimeError: an encrypted member
        raise ImportRefused(f"'{filename}' is damaged and cannot be opened as a spreadsheet.") from error
    for extent in extents:
        problem = extent.problem()
        if problem:
            raise ImportRefused(f"'{filename}' cannot be read: {problem}")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _csv_rows(data: bytes, filename: str) -> list[list[object]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
        raise ImportRefused(f"'{filename}' has {len(rows):,} rows; Keystone imports up to {MAX_ROWS:,}.")
    width = max(map(len, rows), default=0)  # short lines (a blank one, a missing last cell) end in blanks
    return [row + [None] * (width - len(row)) if len(row) < width else row for row in rows]


def _open_workbook(data: bytes, filename: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as error:
        raise ImportRefused(f"'{filename}' is password-protected. Save a copy without a password.") from error
    except (CalamineError, ValueError, OSError) as error:
        raise ImportRefused(f"'{filename}' could not be read as a spreadsheet ({error}).") from error


def sheet_names(data: bytes, filename: str) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file)."""
    if _kind(data, filename) == "csv":
        return [_csv_sheet_name(filename)]
    return list(_open_workbook(data, filename).sheet_names)


def _csv_sheet_name(filename: str) -> str:
    return re.sub(r"\.[^.]+$", "", filename.rsplit("/", 1)[-1]) or "CSV"


def _workbook_rows(data: bytes, filename: str, sheet: str | None) -> tuple[str, list[list[object]], list[MergedRange]]:
    """The rows of one sheet of a workbook (the first when ``sheet`` is None), its name and merged ranges."""
    workbook = _open_workbook(data, filename)
    names = list(workbook.sheet_names)
    if not names:
        raise ImportRefused(f"'{filename}' has no sheets.")
    name = sheet if sheet is not None else names[0]
    if name not in names:
        raise ImportRefused(f"'{filename}' has no sheet called '{name}'. Its sheets: {', '.join(names)}.")
    try:
        found = workbook.get_sheet_by_name(name)
        rows = found.to_python(skip_empty_area=False, nrows=MAX_ROWS + 1000)
        merged = list(found.merged_cell_ranges or [])
    except CalamineError as error:
        raise ImportRefused(f"Sheet '{name}' of '{filename}' could not be read ({error}).") from error
    if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
        raise ImportRefused(f"Sheet '{name}' has more than {MAX_ROWS:,} rows; Keystone imports up to {MAX_ROWS:,}.")
    return name, rows, merged


@dataclass(frozen=True)
class RawSheet:
    """One sheet's cells as they are (no header), its name and its merged ranges."""

    name: str
    cells: pd.DataFrame
    merged: tuple[MergedRange, ...] = ()


def read_sheet(data: bytes, filename: str, sheet: str | None = None) -> RawSheet:
    """One sheet's cells as they are, with the ranges merged in the workbook (none in a CSV file).

    Formula cells give their last computed value; blank text reads as None.
    Raises :class:`ImportRefused`.
    """
    merged: list[MergedRange] = []
    if _kind(data, filename) == "csv":
        rows = _csv_rows(data, filename)
        name = _csv_sheet_name(filename)
    else:
        name, rows, merged = _workbook_rows(data, filename, sheet)
    frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame()
    frame = frame.map(lambda v: None if v is None or (isinstance(v, str) and not v.strip()) else v)
    if frame.dropna(how="all").empty:
        raise ImportRefused(f"Sheet '{name}' of '{filename}' is empty.")
    return RawSheet(name, frame, tuple(merged))


def read_raw(data: bytes, filename: str, sheet: str | None = None) -> tuple[str, pd.DataFrame]:
    """One sheet's cells as they are (no header), and the sheet's name (see :func:`read_sheet`)."""
    raw = read_sheet(data, filename, sheet)
    return raw.name, raw.cells
