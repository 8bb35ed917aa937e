"""Hostile files: cells far beyond the data are refused before any grid is built; control characters are cleaned.

A 5 KB file with a cell at XFD1048576 once made the reader ask for 550 GB and
took the whole app server down. Each drill runs the real command line in a
child process limited to 1 GB of memory, so a regression fails the test
instead of killing the test run.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.across.workbook import export_workbook
from core.io_excel import ImportRefused, read_raw, read_table, write_workbook
from core.io_excel.extent import MAX_COLUMNS
from core.partners.import_list import import_actors
from core.store import Table
from tests.helpers import ROOT, limit_child_memory, stakeholder_book


@pytest.mark.parametrize(
    ("far", "message"),
    [
        ({"XFD1048576": "x"}, "cells out to column XFD (16,384)"),
        ({"XFD12000": "x"}, "cells out to column XFD (16,384)"),
        ({"A300000": "x"}, "cells down to row 300,000"),
    ],
    ids=["last-cell-of-excel", "far-right", "far-down"],
)
def test_the_command_line_refuses_a_far_cell_in_plain_words_within_1_gb(tmp_path, far, message):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(stakeholder_book(far))
    assert path.stat().st_size < 10_000
    done = subprocess.run(
        [sys.executable, "-m", "core", "score", str(path), "-o", str(tmp_path / "out.xlsx")],
        cwd=ROOT, capture_output=True, text=True, preexec_fn=limit_child_memory, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]  # refused, not killed (-6) or crashed (1)
    assert message in done.stderr and "Sheet 'Stakeholders'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_a_header_wider_than_any_stakeholder_table_is_refused_before_reading():
    too_wide = {f"{get_column_letter(column)}1": f"Column {column}" for column in range(3, MAX_COLUMNS + 2)}
    with pytest.raises(ImportRefused, match=f"reads up to {MAX_COLUMNS:,} columns"):
        read_table(stakeholder_book(too_wide), "wide.xlsx", Table.ACTORS)


def test_a_table_using_the_columns_it_may_is_read_whole():
    wide = stakeholder_book({f"{get_column_letter(MAX_COLUMNS)}2": "far but allowed"})
    table = read_table(wide, "wide.xlsx", Table.ACTORS)
    assert table.frame["name"].tolist() == ["Tidewater Co-op"]


def test_the_sheet_is_named_as_the_workbook_names_it():
    with pytest.raises(ImportRefused, match="Sheet 'Partners & <friends>'"):
        read_table(stakeholder_book({"XFD2": "x"}, title="Partners & <friends>"), "named.xlsx", Table.ACTORS)


def test_a_control_character_is_cleaned_on_the_way_in_and_never_fails_an_export(demo_store, tmp_path):
    store, pid = demo_store
    listing = b"Organisation;Type;Notes\nHarbour\x01 Co-op;ngo;first\x0bnote\tand tab\n"
    import_actors(store, pid, read_table(listing, "list.csv", Table.ACTORS))
    stored = store.read(pid, Table.ACTORS).set_index("name")
    assert stored.loc["Harbour Co-op", "notes"] == "firstnote\tand tab"

    # Text stored before this cleaning existed still exports: the workbook drops what Excel refuses.
    sheet = load_workbook(io.BytesIO(write_workbook({"Old": pd.DataFrame({"notes": ["bell\x07 rang"]})}))).active
    assert sheet["A2"].value == "bell rang"
    exported = load_workbook(io.BytesIO(export_workbook(store, pid)))
    cells = {cell.value for sheet in exported.worksheets for row in sheet.iter_rows() for cell in row}
    assert {"Harbour Co-op", "firstnote\tand tab"} <= cells

    # The command line scores such a file instead of ending in IllegalCharacterError.
    path = tmp_path / "list.csv"
    path.write_bytes(listing)
    done = subprocess.run(
        [sys.executable, "-m", "core", "score", str(path), "-o", str(tmp_path / "scored.xlsx")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "scored.xlsx").exists()


_HEAD = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_FIRST = '<row r="1"><c r="A1" t="inlineStr"><is><t>Organisation</t></is></c></row>'


def _raw_book(sheet_xml: str, book_sheet: str = '<sheet name="S" sheetId="1" r:id="rId1"/>') -> bytes:
    """A minimal .xlsx written by hand, to say what Excel never writes but a hostile file may."""
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{relations}"><sheets>{book_sheet}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", _HEAD + sheet_xml + "</sheetData></worksheet>")
    return buffer.getvalue()


def _split_at_chunk(tag: str) -> str:
    """Padding that puts the 1 MiB chunk boundary of the scan inside ``tag``, between '<c' and its reference."""
    cut = tag.index("<c") + 40
    return _FIRST + "<!--" + "x" * ((1 << 20) - len(_HEAD) - len(_FIRST) - 7 - cut) + "-->" + tag


_FAR = '<row r="300000"><c r="C300000"><v>2</v></c></row>'


@pytest.mark.parametrize(
    ("sheet_xml", "book_sheet"),
    [
        (_FIRST + _FAR.replace('"', "'"), None),
        (_FIRST + _FAR, '<sheet r:id="rId1" sheetId="1" name="S"/>'),
        (_FIRST + '<row r="300000"><c><v>2</v></c></row>', None),
        (_FIRST + "<row><c><v>2</v></c></row>" * 200_200, None),
        (_split_at_chunk('<row r="300000"><c' + ' s="0"' * 12 + ' r="C300000"><v>2</v></c></row>'), None),
    ],
    ids=["single-quotes", "attributes-reversed", "cell-without-reference", "rows-without-references", "chunk-split"],
)
def test_a_far_cell_is_found_however_the_xml_spells_it(sheet_xml, book_sheet):
    data = _raw_book(sheet_xml, *(book_sheet,) if book_sheet else ())
    with pytest.raises(ImportRefused, match="cells down to row"):
        read_table(data, "hostile.xlsx", Table.ACTORS)


def _with_sheet(change) -> bytes:
    """The small stakeholder book with its first sheet's XML passed through ``change``."""
    source, out = zipfile.ZipFile(io.BytesIO(stakeholder_book({}))), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            data = source.read(part.filename)
            archive.writestr(part.filename, change(data) if part.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def _billion_laughs(sheet: bytes) -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{"".join(f"&lol{n - 1};" for _ in range(10))}">' for n in range(1, 10)
    ]
    doctype = f"<!DOCTYPE worksheet [{''.join(levels)}]>".encode()
    return sheet.replace(b"<worksheet", doctype + b"<worksheet", 1).replace(b">Tidewater Co-op<", b">&lol9;<")


def _lying_size() -> bytes:
    """A sheet that inflates to 64 MB while the zip's directory says 1 KB (a zip bomb that lies about its size)."""
    padded = _with_sheet(lambda sheet: sheet.replace(b"</worksheet>", b"<!--" + b" " * (64 << 20) + b"--></worksheet>"))
    raw, at = bytearray(padded), 0
    while (at := raw.find(b"PK\x01\x02", at)) >= 0:
        length = int.from_bytes(raw[at + 28 : at + 30], "little")
        if raw[at + 46 : at + 46 + length] == b"xl/worksheets/sheet1.xml":
            raw[at + 24 : at + 28] = (1024).to_bytes(4, "little")  # the uncompressed size it claims
        at += 4
    return bytes(raw)


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("laughs.xlsx", lambda: _with_sheet(_billion_laughs), "could not be read"),
        ("lying.xlsx", _lying_size, "damaged"),
    ],
    ids=["entity-expansion", "zip-bomb-with-a-false-size"],
)
def test_entity_expansion_and_a_zip_bomb_that_lies_about_its_size_are_refused_plainly(name, make, message):
    with pytest.raises(ImportRefused, match=message):
        read_raw(make(), name)
