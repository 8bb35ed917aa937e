"""Hostile .ods, .xlsb and wide .xlsx files: refused before the reader lays out its grid.

An .ods row or cell can say "repeated 1,000,000 times" in a few bytes, and the
reader lays every repeat of every table out in memory as the file opens (an
800-byte file took 4 GB); an .xlsb cell can sit at XFD1048576 whatever the
sheet's dimension record says; an .xlsx within the row and column limits can
still span 200,000 rows by 1,000 columns (8 GB or more). Each drill runs the real
command line in a child process limited to 1 GB of memory, so a regression
fails the test instead of the test run: before these checks the .xlsb and wide
.xlsx files killed the child (signal 6) and the .ods files ended in "Cannot
detect file format" once the reader's allocations failed. The files are
written by hand (zipfile), the way a hostile user would.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zipfile

import pytest

from core.io_excel import ImportRefused, read_raw, read_table
from core.io_excel.extent import MAX_CELLS, MAX_ROW_NUMBER, Extent
from core.store import Table
from tests.helpers import ROOT, limit_child_memory, stakeholder_book

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns"
_HEAD = (
    "<table:table-row>"
    '<table:table-cell office:value-type="string"><text:p>Organisation</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>Type</text:p></table:table-cell>'
    "</table:table-row><table:table-row>"
    '<table:table-cell office:value-type="string"><text:p>Tidewater Co-op</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>ngo</text:p></table:table-cell>'
    "</table:table-row>"
)
_VALUE = 'office:value-type="string"><text:p>x</text:p></table:table-cell>'
_EMPTY_TO_THE_END = (  # how LibreOffice ends every sheet: empty rows and cells out to Excel's last row and column
    '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/>'
    '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
)


def _ods(rows: str, name: str = "Stakeholders") -> bytes:
    """An .ods file written by hand: one table holding the header, a partner and ``rows``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            f'<?xml version="1.0"?><manifest:manifest xmlns:manifest="{_OFFICE}:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{_OFFICE}:office:1.0" '
            f'xmlns:table="{_OFFICE}:table:1.0" xmlns:text="{_OFFICE}:text:1.0" office:version="1.2">'
            f'<office:body><office:spreadsheet><table:table table:name="{name}">'
            '<table:table-column table:number-columns-repeated="1024"/>'
            f"{_HEAD}{rows}</table:table></office:spreadsheet></office:body></office:document-content>",
        )
    return buffer.getvalue()


def _record(kind: int, body: bytes = b"") -> bytes:
    """One BIFF12 record: its type and size as 7-bit varints, then its body."""
    head = bytes([kind & 0x7F | 0x80, kind >> 7]) if kind > 0x7F else bytes([kind])
    size, length = bytearray(), len(body)
    while True:
        size.append(length & 0x7F | (0x80 if length > 0x7F else 0))
        length >>= 7
        if not length:
            return head + bytes(size) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _xlsb(far_row: int, far_column: int) -> bytes:
    """An .xlsb file written by hand: TRUE at A1 and at (``far_row``, ``far_column``), counted from 0."""
    book = (
        _record(0x9C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide("Stakeholders"))  # BrtBundleSh
        + _record(0x90)  # BrtEndBundleShs
        + _record(0x84)  # BrtEndBook
    )
    cells = b"".join(
        _record(0x00, struct.pack("<I", row) + bytes(8))  # BrtRowHdr
        + _record(0x04, struct.pack("<II", column, 0) + b"\x01")  # BrtCellBool
        for row, column in ((0, 0), (far_row, far_column))
    )
    sheet = (
        _record(0x94, struct.pack("<IIII", 0, 0, 0, 0))  # BrtWsDim, which says A1: a hostile file may lie
        + _record(0x91)  # BrtBeginSheetData
        + cells
        + _record(0x92)  # BrtEndSheetData
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/_rels/workbook.bin.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.bin"/></Relationships>',
        )
        archive.writestr("xl/workbook.bin", book)
        archive.writestr("xl/worksheets/sheet1.bin", sheet)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "rows.ods",
            _ods(
                '<table:table-row table:number-rows-repeated="1048000">'
                f'<table:table-cell table:number-columns-repeated="100" {_VALUE}</table:table-row>'
            ),
            "Sheet 'Stakeholders' has cells down to row 1,048,002",
        ),
        (
            "cells.ods",
            _ods(
                '<table:table-row table:number-rows-repeated="100000">'
                f'<table:table-cell table:number-columns-repeated="1000000000" {_VALUE}</table:table-row>'
            ),
            "Sheet 'Stakeholders' has cells out to column 1,000,000,000",
        ),
        (
            "empty-rows-before-a-wide-row.ods",
            _ods(
                '<table:table-row table:number-rows-repeated="190000"><table:table-cell/></table:table-row>'
                '<table:table-row><table:table-cell table:number-columns-repeated="999"/>'
                f"<table:table-cell {_VALUE}</table:table-row>{_EMPTY_TO_THE_END}"
            ),
            "Sheet 'Stakeholders' spans 190,003 rows by 1,000 columns (190,003,000 cells)",
        ),
        (
            "area.xlsx",
            stakeholder_book({"ALL1": "far but allowed", "A60000": "low but allowed"}),
            "Sheet 'Stakeholders' spans 60,000 rows by 1,000 columns",
        ),
        ("far.xlsb", _xlsb(1_048_575, 16_383), "is an Excel binary workbook (.xlsb), which Keystone does not read"),
        ("renamed.xlsx", _xlsb(1_048_575, 16_383), "is an Excel binary workbook (.xlsb)"),
    ],
    ids=["repeated-rows", "repeated-cells", "empty-rows-before-a-wide-row", "xlsx-grid-area", "xlsb", "xlsb-renamed"],
)
def test_the_command_line_refuses_a_repeat_or_far_cell_in_plain_words_within_1_gb(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    assert path.stat().st_size < 10_000
    done = subprocess.run(
        [sys.executable, "-m", "core", "score", str(path), "-o", str(tmp_path / "out.xlsx")],
        cwd=ROOT, capture_output=True, text=True, preexec_fn=limit_child_memory, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]  # refused, not killed (-6, -9) or crashed (1)
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_the_empty_rows_and_cells_libreoffice_writes_to_the_end_of_a_sheet_are_not_refused():
    data = _ods(
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Harbour Union</text:p>'
        '</table:table-cell><table:table-cell office:value-type="string"><text:p>cbo</text:p></table:table-cell>'
        f'<table:table-cell table:number-columns-repeated="1022"/></table:table-row>{_EMPTY_TO_THE_END}'
    )
    table = read_table(data, "list.ods", Table.ACTORS)
    assert table.frame["name"].tolist() == ["Tidewater Co-op", "Harbour Union"]


def test_a_repeated_row_of_values_within_the_limits_is_read_whole():
    data = _ods(
        '<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="string">'
        '<text:p>Same Co</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2" '
        'office:value-type="string"><text:p>ngo</text:p></table:table-cell></table:table-row>'
    )
    _, frame = read_raw(data, "list.ods")
    assert frame.shape == (5, 3)
    assert frame.iloc[4].tolist() == ["Same Co", "ngo", "ngo"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (  # the count written as a character reference: the reader unescapes it, so must the scan
            f'<table:table-row table:number-rows-repeated="&#51;00000"><table:table-cell {_VALUE}</table:table-row>',
            "cells down to row 300,002",
        ),
        (  # a '>' inside an attribute value before the count
            f'<table:table-row table:style-name="a>b" table:number-rows-repeated="300000">'
            f"<table:table-cell {_VALUE}</table:table-row>",
            "cells down to row 300,002",
        ),
        (  # merged-away cells are laid out like any other
            '<table:table-row><table:covered-table-cell table:number-columns-repeated="5000"/>'
            f"<table:table-cell {_VALUE}</table:table-row>",
            "cells out to column GJI (5,001)",
        ),
        (  # a formula with no value is content too
            '<table:table-row table:number-rows-repeated="300000">'
            '<table:table-cell table:formula="of:=1"/></table:table-row>',
            "cells down to row 300,002",
        ),
    ],
    ids=["character-reference", "angle-bracket-in-attribute", "covered-cells", "formula-only"],
)
def test_a_repeat_is_found_however_the_xml_spells_it(rows, message):
    with pytest.raises(ImportRefused, match=re.escape(message)):
        read_raw(_ods(rows), "hostile.ods")


def test_content_that_is_not_xml_is_refused_as_damaged():
    data = _ods("<table:table-row><table:table-cell></table:table-row>")
    with pytest.raises(ImportRefused, match="is damaged"):
        read_raw(data, "broken.ods")


def test_the_cell_ceiling_allows_200000_rows_of_50_columns_and_no_more():
    assert Extent("S", 50, 200_000).problem() is None
    assert Extent("S", 50, 200_001).problem() is None  # the documented maximum under its header row
    assert Extent("S", 50, MAX_ROW_NUMBER).problem() is None  # ... and under notes above the header
    assert MAX_CELLS == 50 * MAX_ROW_NUMBER == 10_005_000
    assert "10,005,000 cells" in (Extent("S", 51, 200_000).problem() or "")
    assert "row 200,100" in (Extent("S", 50, MAX_ROW_NUMBER + 1).problem() or "")
