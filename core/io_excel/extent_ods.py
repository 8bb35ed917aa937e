"""How far the tables of an OpenDocument spreadsheet (.ods) reach, repeats counted.

An .ods file says "this row, 300,000 times" in one attribute
(``table:number-rows-repeated``, and ``table:number-columns-repeated`` for
cells), and the reader lays every repeat out in memory, for every table, as
soon as the file is opened: an 800-byte file asked for 4 GB. So ``content.xml``
is read first as a stream (expat, a megabyte at a time) counting repeats, and
a table reaching past the limits of :class:`~core.io_excel.extent.Extent` is
refused before the reader sees the file.

Only repeats that hold something, or that come before something, extend a
table's reach: LibreOffice ends every sheet with empty rows repeated to the
last row (``number-rows-repeated="1048000"``), and the reader drops those.
A cell holds something when it has a value, a value type or a formula, or any
element inside it (a paragraph, a note): a little more than the reader counts,
never less.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO
from xml.parsers import expat

from core.io_excel.extent import Extent

__all__ = ["ods_reach"]

_CONTENT = "content.xml"
_CHUNK = 1 << 20
_CELLS = frozenset({"table:table-cell", "table:covered-table-cell"})
_VALUES = frozenset(
    {"office:value-type", "office:value", "office:string-value", "office:date-value", "office:time-value",
     "office:boolean-value", "table:formula"}
)  # fmt: skip
_COUNT = re.compile(r"\s*\+?([0-9]+)\s*")


class _TooFar(Exception):
    """A table already reaches too far: the scan stops there."""

    def __init__(self, extent: Extent) -> None:
        super().__init__(extent.problem())
        self.extent = extent


def _count(text: str | None) -> int:
    """A repeat count as written (1 when absent; the reader refuses what is not a number)."""
    if text is None:
        return 1
    found = _COUNT.fullmatch(text)
    return int(found.group(1)) if found else 1


def ods_reach(archive: zipfile.ZipFile) -> list[Extent]:
    """How far each table of an .ods archive reaches (nothing when it has no ``content.xml``).

    Stops at the first table that reaches too far and returns it last.
    Raises :class:`ValueError` when ``content.xml`` is not well-formed XML.
    """
    extents: list[Extent] = []
    for member in archive.infolist():
        if member.filename != _CONTENT:
            continue
        with archive.open(member) as stream:
            extents += _scan(stream)
            if extents and extents[-1].problem():
                break
    return extents


def _scan(stream: IO[bytes]) -> list[Extent]:
    """Each table's reach in one ``content.xml``, read with expat a megabyte at a time.

    The handlers are closures over plain locals: they run for every element
    (a million for 50,000 rows of ten cells), so each does as little as it can.
    """
    extents: list[Extent] = []
    table = "(unnamed)"
    rows = last_row = width = 0  # the table's rows so far (repeats counted), its last row holding something
    row_repeats = columns = row_width = 0  # the row's repeats, its cells so far, its cells up to the last filled
    depth = repeats = 0  # elements open in the current cell (0: not in a cell), the cell's repeats
    holds = False

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal table, rows, last_row, width, row_repeats, columns, row_width, depth, repeats, holds
        if depth:
            depth += 1
            holds = True  # a paragraph, a note, anything inside: counted as content
        elif name in _CELLS:
            depth = 1
            repeats = _count(attributes.get("table:number-columns-repeated"))
            holds = not _VALUES.isdisjoint(attributes)
        elif name == "table:table-row":
            row_repeats = _count(attributes.get("table:number-rows-repeated"))
            columns = row_width = 0
        elif name == "table:table":
            table = attributes.get("table:name", "(unnamed)")
            rows = last_row = width = 0

    def end(name: str) -> None:
        nonlocal rows, last_row, width, columns, row_width, depth
        if depth > 1:
            depth -= 1
        elif depth:
            depth = 0
            columns += repeats
            if holds:
                row_width = columns  # the empty cells before this one are laid out too
        elif name == "table:table-row":
            rows += row_repeats
            if row_width:
                last_row, width = rows, max(width, row_width)
                if Extent(table, width, last_row).problem():
                    raise _TooFar(Extent(table, width, last_row))
        elif name == "table:table":
            extents.append(Extent(table, width, last_row))

    parser = expat.ParserCreate()  # no namespaces: the reader, too, knows elements by their "table:" prefix only
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _TooFar as far:
        return [*extents, far.extent]
    except expat.ExpatError as error:
        raise ValueError(f"content.xml is not well-formed ({error})") from error
    return extents
