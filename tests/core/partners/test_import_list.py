"""Importing stakeholder lists: a folder of bad files, each refused plainly,
with the database exactly as before; and the good paths (update, valid rows)."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from core.io_excel import ImportRefused, read_table, reading, sheet_names
from core.partners.import_list import (
    TEMPLATE_COLUMNS,
    RowsRefused,
    blank_cells_over_stored,
    import_actors,
    template_workbook,
)
from core.store import SPECS, Blanks, Store, Table
from tests.helpers import BAD_CELLS, GOOD_ROWS, xlsx


def _encrypted(plain: bytes) -> bytes:
    """A real password-protected .xlsx, or failing that its OLE envelope."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:  # the container header and stream name Excel writes
        name = "EncryptedPackage".encode("utf-16-le")
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + name + b"\x00" * 2048
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("secret", out)
    return out.getvalue()


def _zip_claiming(size: int) -> bytes:
    """A small .xlsx whose directory says a part expands to ``size`` bytes (a zip bomb's signature)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, size)  # uncompressed size field
    return bytes(data)


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    """The folder of bad files the tests make and then read back."""
    folder = tmp_path_factory.mktemp("bad_files")
    files = {
        "not_a_spreadsheet.xlsx": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "text_named_xlsx.xlsx": b"name,type\nA,ngo\n",
        "password.xlsx": _encrypted(xlsx({"Stakeholders": GOOD_ROWS})),
        "empty.csv": b"",
        "empty_sheet.xlsx": xlsx({"Sheet1": []}),
        "damaged.xlsx": xlsx({"Stakeholders": GOOD_ROWS})[:300],
        "zip_bomb.xlsx": _zip_claiming(400 * 1024 * 1024),
        "no_name_column.xlsx": xlsx({"Stakeholders": [["Type", "Interest"], ["ngo", 3]]}),
        "bad_cells.xlsx": xlsx({"Notes": [["read me"]], "Stakeholders": BAD_CELLS}),
        "too_many_rows.csv": ("name,type\n" + "".join(f"Org {i},ngo\n" for i in range(400))).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


def _snapshot(store: Store) -> dict[str, object]:
    """Everything the database holds, for before/after comparison."""
    state: dict[str, object] = {"partnerships": store.partnerships().to_dict("records")}
    for pid in store.partnerships()["id"]:
        frames = store.read_many(int(pid), list(SPECS))
        for table, frame in frames.items():
            state[f"{pid}:{table.value}"] = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return state


REFUSALS = [
    ("not_a_spreadsheet.xlsx", "is named like a spreadsheet but is not one"),
    ("text_named_xlsx.xlsx", "is named like a spreadsheet but is not one"),
    ("password.xlsx", "password-protected"),
    ("empty.csv", "is empty"),
    ("empty_sheet.xlsx", "is empty"),
    ("damaged.xlsx", "damaged"),
    ("zip_bomb.xlsx", "too large"),
]


@pytest.mark.parametrize(("name", "message"), REFUSALS)
def test_whole_file_refusals_name_the_file_and_problem_and_change_nothing(demo_store, bad_files, name, message):
    store, pid = demo_store
    before = _snapshot(store)
    data = bad_files[name].read_bytes()
    with pytest.raises(ImportRefused) as refused:
        parsed = read_table(data, name, Table.ACTORS)
        import_actors(store, pid, parsed)
    assert message in str(refused.value)
    assert name in str(refused.value)
    assert "Traceback" not in str(refused.value)
    assert _snapshot(store) == before


def test_row_limit_refusal(demo_store, bad_files, monkeypatch):
    store, _pid = demo_store
    before = _snapshot(store)
    monkeypatch.setattr(reading, "MAX_ROWS", 100)
    with pytest.raises(ImportRefused, match=r"has 401 rows; Keystone imports up to 100"):
        read_table(bad_files["too_many_rows.csv"].read_bytes(), "too_many_rows.csv", Table.ACTORS)
    assert _snapshot(store) == before


def test_missing_required_column_is_refused_whole(demo_store, bad_files):
    store, pid = demo_store
    before = _snapshot(store)
    parsed = read_table(bad_files["no_name_column.xlsx"].read_bytes(), "no_name_column.xlsx", Table.ACTORS)
    with pytest.raises(ImportRefused, match=r"sheet 'Stakeholders', column 'name': required column is missing"):
        import_actors(store, pid, parsed, valid_only=True)
    assert _snapshot(store) == before


def test_bad_cells_are_reported_by_sheet_row_column_and_value(demo_store, bad_files):
    store, pid = demo_store
    data = bad_files["bad_cells.xlsx"].read_bytes()
    assert sheet_names(data, "bad_cells.xlsx") == ["Notes", "Stakeholders"]
    parsed = read_table(data, "bad_cells.xlsx", Table.ACTORS, sheet="Stakeholders")
    assert parsed.header_row == 3  # found below the title rows: Excel row 4
    lines = parsed.describe_all()
    expected = [
        "sheet 'Stakeholders', row 6, column 'Name': a value is required",
        "sheet 'Stakeholders', row 7, column 'Interest (1-5)': 7 is outside 1-5",
        "sheet 'Stakeholders', row 8, column 'Interest (1-5)': 'high' is not a number",
        "sheet 'Stakeholders', row 9, column 'Type': 'spaceship' is not one of",
        "sheet 'Stakeholders', row 10, column 'Levers': 'magic' is not one of",
        "sheet 'Stakeholders', row 11 (the same as row 5), column 'Name': name 'good org' appears more than once",
    ]
    for line in expected:
        assert any(found.startswith(line) for found in lines), (line, lines)
    report = parsed.report()
    assert report.loc[report["problem"].str.contains("outside"), ["row", "column", "value"]].values.tolist() == [
        [7, "Interest (1-5)", "7.0"]
    ]
    # "Power" means influence when the list has no influence column.
    assert parsed.mapping["Power"] == "influence"

    before = _snapshot(store)
    with pytest.raises(RowsRefused) as refused:
        import_actors(store, pid, parsed)
    message = str(refused.value)
    assert message.startswith("Nothing was imported: 6 rows of sheet 'Stakeholders' have problems")
    assert "row 7, column 'Interest (1-5)': 7 is outside 1-5" in message
    assert _snapshot(store) == before

    outcome = import_actors(store, pid, parsed, valid_only=True)
    assert (outcome.added, outcome.updated, outcome.skipped) == (1, 0, 6)
    actors = store.read(pid, Table.ACTORS).set_index("name")
    assert actors.loc["Good Org", "type"] == "ngo"
    assert actors.loc["Good Org", "urgency"] == 5  # "yes" counts as 5


def test_import_updates_by_name_and_adds_new(demo_store):
    store, pid = demo_store
    before = store.read(pid, Table.ACTORS).set_index("name")
    data = xlsx({"Stakeholders": GOOD_ROWS})
    parsed = read_table(data, "list.xlsx", Table.ACTORS)
    assert parsed.problems == []
    outcome = import_actors(store, pid, parsed)
    assert outcome.summary == "1 added, 1 updated, 0 skipped"
    after = store.read(pid, Table.ACTORS).set_index("name")
    assert len(after) == len(before) + 1
    assert after.loc["Meridian Devices", "interest"] == 4  # was 5
    assert after.loc["Meridian Devices", "levers"] == "market access; capital"
    assert after.loc["Meridian Devices", "notes"] == before.loc["Meridian Devices", "notes"]  # not in the file
    assert after.loc["Harbour Pickers Union", "type"] == "community"


def test_csv_with_semicolons_and_formula_text_is_stored_as_text(demo_store):
    store, pid = demo_store
    data = b'Name;Type;Notes\n=HYPERLINK("x");ngo;+plus\n'
    parsed = read_table(data, "list.csv", Table.ACTORS)
    import_actors(store, pid, parsed)
    actors = store.read(pid, Table.ACTORS).set_index("name")
    assert actors.loc['=HYPERLINK("x")', "notes"] == "+plus"


def test_template_has_columns_dropdowns_and_two_valid_examples():
    data = template_workbook()
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Stakeholders"]
    assert [cell.value for cell in sheet[1]] == TEMPLATE_COLUMNS
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    type_letter = "ABCDEFGHIJKLMNOP"[TEMPLATE_COLUMNS.index("type")]
    lever_letter = "ABCDEFGHIJKLMNOP"[TEMPLATE_COLUMNS.index("levers")]
    kinds = validations[f"{type_letter}2:{type_letter}1001"]
    assert kinds.formula1 == '"ngo,government,investor,university,company,community"'
    assert kinds.showErrorMessage
    levers = validations[f"{lever_letter}2:{lever_letter}1001"]
    assert levers.formula1 == '"policy,capital,implementation,legitimacy,market access"'
    # The template reads back through the importer with no problem.
    parsed = read_table(data, "template.xlsx", Table.ACTORS, sheet="Stakeholders")
    assert parsed.problems == []
    assert len(parsed.frame) == 2
    assert pd.api.types.is_numeric_dtype(pd.to_numeric(parsed.frame["power"]))


UPDATE_WITH_BLANKS = [
    ["Organisation", "Category", "Interest", "Notes", "Place"],
    ["Meridian Devices", "Peer company", None, None, "Port Kelang"],
]


def test_blank_cells_in_an_update_keep_the_stored_values_unless_asked(demo_store):
    store, pid = demo_store
    before = store.read(pid, Table.ACTORS).set_index("name").loc["Meridian Devices"]
    assert before["notes"] and before["interest"] == 5  # the demo's stored values
    parsed = read_table(xlsx({"Stakeholders": UPDATE_WITH_BLANKS}), "update.xlsx", Table.ACTORS)
    assert blank_cells_over_stored(store, pid, parsed) == [
        ("Meridian Devices", "interest"),
        ("Meridian Devices", "notes"),
    ]

    assert import_actors(store, pid, parsed).summary == "0 added, 1 updated, 0 skipped"
    kept = store.read(pid, Table.ACTORS).set_index("name").loc["Meridian Devices"]
    assert (kept["interest"], kept["notes"], kept["place"]) == (5, before["notes"], "Port Kelang")

    import_actors(store, pid, parsed, blanks=Blanks.CLEAR)
    cleared = store.read(pid, Table.ACTORS).set_index("name").loc["Meridian Devices"]
    assert pd.isna(cleared["interest"]) and pd.isna(cleared["notes"])
    assert blank_cells_over_stored(store, pid, parsed) == []  # nothing stored left under the blanks
