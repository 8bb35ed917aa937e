"""How far a workbook's cells reach, found before any reader builds its grid.

A reader lays a sheet out as a full grid from A1 to its farthest cell, so a
1.6 KB file with one cell at XFD1048576 asks for half a terabyte and takes
the server down. The sheets' XML is scanned first, as a stream, for the
farthest cell; a sheet that reaches past :data:`MAX_COLUMNS` columns or
:data:`MAX_ROW_NUMBER` rows, or whose grid would hold more than
:data:`MAX_CELLS` cells, is refused in plain words, naming the sheet and the
cell, before anything is built. (.ods files: :mod:`core.io_excel.extent_ods`.)
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from posixpath import join, normpath

from openpyxl.utils import column_index_from_string, get_column_letter

__all__ = ["MAX_CELLS", "MAX_COLUMNS", "MAX_ROW_NUMBER", "Extent", "far_cells", "worksheets"]

MAX_COLUMNS = 1_000
"""Columns a stakeholder table can use: far more than any real one, far fewer than Excel's 16,384."""
MAX_ROW_NUMBER = 200_100
"""The last row number read (the row limit plus room for notes above the header)."""
MAX_CELLS = MAX_ROW_NUMBER * 50
"""Cells in a sheet's grid (rows times columns, empty ones included): 50 columns down to the last row read,
so 200,000 rows of 50 columns fit with their header and notes above it (10,005,000 cells).

Reading costs 40-70 bytes a cell at its peak, empty or not (``./keystone bench reading``),
so one read stays under about 0.85 GB; 200,000 rows by 1,000 columns would take 8-14 GB.
"""

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row\s*>)", re.DOTALL)
_ROW_START = re.compile(rb"<(?:\w+:)?row\b")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_ROW_REFERENCE = re.compile(rb"""<row\s[^>]*?\br=["']([0-9]{1,7})["']""")
_WIDE_COLUMN = re.compile(rb""" r=["']([A-Z]{2,3})[0-9]""")  # beyond Z: the only columns worth a look
_FAR_ROW = re.compile(rb""" r=["'][A-Z]{1,3}([0-9]{6,7})["']""")  # row 100,000 and beyond
_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Z]{0,3})([0-9]{1,7})["']""")
_TAG = re.compile(rb"<(?:\w+:)?(sheet|Relationship)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CHUNK = 1 << 20
_LAST_LETTERED = 18_278  # column ZZZ
_LONGEST_ROW = 16 << 20  # bytes of XML one row may take; more is refused, not buffered


@dataclass(frozen=True)
class Extent:
    """How far one sheet's cells reach: its name, its widest row (at least 26 when any cell is used) and last row."""

    sheet: str
    column: int
    row: int

    def problem(self) -> str | None:
        """What is wrong with this reach, in plain words, or None."""
        if self.column > MAX_COLUMNS:
            return (
                f"Sheet '{self.sheet}' has cells out to column {_column_name(self.column)}; "
                f"Keystone reads up to {MAX_COLUMNS:,} columns. Delete what lies beyond your table, or copy the table "
                "to a new sheet."
            )
        if self.row > MAX_ROW_NUMBER:
            return (
                f"Sheet '{self.sheet}' has cells down to row {self.row:,}; Keystone reads up to row "
                f"{MAX_ROW_NUMBER:,}. Delete what lies below your table, or split it into several files."
            )
        if self.column * self.row > MAX_CELLS:
            return (
                f"Sheet '{self.sheet}' spans {self.row:,} rows by {self.column:,} columns "
                f"({self.column * self.row:,} cells); Keystone reads up to {MAX_CELLS:,} cells in a sheet. "
                "Delete unused columns or rows, or split the table into several files."
            )
        return None


def _column_name(number: int) -> str:
    """``XFD (16,384)``; past Excel's letters (an .ods repeat can say anything) the number alone."""
    return f"{get_column_letter(number)} ({number:,})" if number <= _LAST_LETTERED else f"{number:,}"


def far_cells(archive: zipfile.ZipFile) -> list[Extent]:
    """How far the cells of every worksheet in an .xlsx archive reach (listed sheets first, then any other part)."""
    return [_reach(archive, name, path) for name, path in worksheets(archive)]


def _reach(archive: zipfile.ZipFile, name: str, path: str) -> Extent:
    """One sheet's last row and widest row, reading its XML row by row as a stream.

    A cell without a reference sits after the one before it, so a row is as
    wide as its farthest reference or its count of cells, whichever is more.
    """
    column, row = 0, 0
    with archive.open(path) as stream:
        pending = b""
        while chunk := stream.read(_CHUNK):
            pending += chunk
            last_start = _last_row_start(pending)  # the last row may go on in the next chunk
            complete, pending = (pending, b"") if last_start is None else (pending[:last_start], pending[last_start:])
            column, row = _rows(complete, column, row)
            if len(pending) > _LONGEST_ROW:
                return Extent(name, MAX_COLUMNS + 1, row)  # one row of more than 16 MB: far wider than allowed
        column, row = _rows(pending, column, row)
    return Extent(name, column, row)


def _rows(text: bytes, column: int, row: int) -> tuple[int, int]:
    if _all_cells_placed(text):  # Excel and openpyxl place every cell: count only what could be too far
        far_rows = [int(number) for number in _FAR_ROW.findall(text)]
        rows = [row + text.count(b"<row"), *map(int, _ROW_REFERENCE.findall(text)), *far_rows]
        wide = {_column_number(letters) for letters in _WIDE_COLUMN.findall(text)}
        return max([column, 26 if b"<c " in text else 0, *wide]), max(rows)  # columns A-Z are not told apart
    for match in _ROW.finditer(text):
        found = _REFERENCE.search(match.group(1))
        row = max(row + 1, int(found.group(2))) if found else row + 1
        body = match.group(2) or b""
        width = len(_CELL_TAG.findall(body))
        for letters, number in _REFERENCE.findall(body):
            width = max(width, _column_number(letters))
            row = max(row, int(number))
        column = max(column, width)
    return column, row


def _last_row_start(text: bytes) -> int | None:
    if b":row" in text:  # prefixed tags: the slow way
        starts = [found.start() for found in _ROW_START.finditer(text)]
        return starts[-1] if starts else None
    start = text.rfind(b"<row")
    return None if start < 0 else start


def _all_cells_placed(text: bytes) -> bool:
    """Whether every cell and row has an ``r`` reference (counted with ``bytes.count``: 50,000 rows in 0.1 s)."""
    if b":c " in text or b":row" in text or b"<c>" in text or b"<c/>" in text:
        return False  # a prefixed or bare cell: read row by row
    references = text.count(b' r="') + text.count(b" r='")
    return references >= text.count(b"<c ") + text.count(b"<row")


def worksheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, path of its XML): the sheets the workbook lists, then every other worksheet part."""
    names = set(archive.namelist())
    sheets = []
    try:
        book, links = archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        book = links = b""
    targets = {}
    for kind, attributes in _TAG.findall(links):
        values = _attributes(attributes)
        if kind == b"Relationship" and "Id" in values:
            targets[values["Id"]] = values.get("Target", "")
    for kind, attributes in _TAG.findall(book):
        values = _attributes(attributes)
        target = targets.get(values.get("r:id", ""), "")
        if kind != b"sheet" or not target:
            continue
        path = normpath(target.lstrip("/")) if target.startswith("/") else normpath(join("xl", target))
        if path in names:
            sheets.append((_unescape(values.get("name", path)), path))
    listed = {path for _, path in sheets}
    others = sorted(path for path in names if "worksheets/" in path and path.endswith(".xml") and path not in listed)
    return sheets + [(path.rsplit("/", 1)[-1], path) for path in others]


def _attributes(tag: bytes) -> dict[str, str]:
    return {
        key.decode(): (double if double or not single else single).decode("utf-8", "replace")
        for key, double, single in _ATTRIBUTE.findall(tag)
    }


def _unescape(name: str) -> str:
    return (
        name.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _column_number(letters: bytes) -> int:
    return column_index_from_string(letters.decode()) if letters else 0
