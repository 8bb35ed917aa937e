"""How far a workbook's cells reach, found before any reader builds its grid.

A reader lays a sheet out as a full grid from A1 to its farthest cell, so a
1.6 KB file with one cell at XFD1048576 asks for half a terabyte and takes
the server down. The sheets' XML is scanned first, as a stream, for the
farthest cell; a sheet that reaches past :data:`MAX_COLUMNS` columns or
:data:`MAX_ROW_NUMBER` rows is refused in plain words, naming the sheet and
the cell, before anything is built.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from posixpath import dirname, join, normpath

__all__ = ["MAX_COLUMNS", "MAX_ROW_NUMBER", "Extent", "far_cells"]

MAX_COLUMNS = 1_000
"""Columns a stakeholder table can use: far more than any real one, far fewer than Excel's 16,384."""
MAX_ROW_NUMBER = 200_100
"""The last row number read (the row limit plus room for notes above the header)."""

_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]+)\"")
_RELATION = re.compile(rb"<Relationship\b[^>]*?\bId=\"([^\"]+)\"[^>]*?\bTarget=\"([^\"]+)\"")
_RELATION_REVERSED = re.compile(rb"<Relationship\b[^>]*?\bTarget=\"([^\"]+)\"[^>]*?\bId=\"([^\"]+)\"")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Extent:
    """How far one sheet's cells reach: its name, the last column and the last row used."""

    sheet: str
    column: int
    row: int

    def problem(self) -> str | None:
        """What is wrong with this reach, in plain words, or None."""
        if self.column > MAX_COLUMNS:
            return (
                f"Sheet '{self.sheet}' has cells out to column {_column_letters(self.column)} ({self.column:,}); "
                f"Keystone reads up to {MAX_COLUMNS:,} columns. Delete what lies beyond your table, or copy the table "
                "to a new sheet."
            )
        if self.row > MAX_ROW_NUMBER:
            return (
                f"Sheet '{self.sheet}' has cells down to row {self.row:,}; Keystone reads up to row "
                f"{MAX_ROW_NUMBER:,}. Delete what lies below your table, or split it into several files."
            )
        return None


def far_cells(archive: zipfile.ZipFile) -> list[Extent]:
    """How far the cells of every worksheet in an .xlsx archive reach, in the workbook's sheet order."""
    extents = []
    for name, path in _worksheets(archive):
        column, row = 0, 0
        with archive.open(path) as stream:
            carry = b""
            while chunk := stream.read(_CHUNK):
                text = carry + chunk
                for letters, number in _CELL.findall(text):
                    column = max(column, _column_number(letters))
                    row = max(row, int(number))
                carry = text[-64:]  # a tag cut by the chunk's end is read again whole
        extents.append(Extent(name, column, row))
    return extents


def _worksheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, path of its XML) for each sheet the workbook lists."""
    names = set(archive.namelist())
    try:
        book = archive.read("xl/workbook.xml")
        links = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return [(path.rsplit("/", 1)[-1], path) for path in sorted(names) if path.startswith("xl/worksheets/")]
    targets = {key: target for key, target in _RELATION.findall(links)}
    targets.update({key: target for target, key in _RELATION_REVERSED.findall(links)})
    sheets = []
    for name, key in _SHEET.findall(book):
        target = targets.get(key, b"").decode("utf-8", "replace")
        path = (
            normpath(target.lstrip("/"))
            if target.startswith("/")
            else normpath(join(dirname("xl/workbook.xml"), target))
        )
        if path in names:
            sheets.append((_unescape(name.decode("utf-8", "replace")), path))
    return sheets


def _unescape(name: str) -> str:
    return (
        name.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
