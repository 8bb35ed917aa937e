"""Spreadsheet reading and writing with real files made here."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from core import io_excel
from core.io_excel import ImportRefused, read_table, reading, sheet_names, write_workbook
from core.store import Table
from tests.helpers import xlsx


def _with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Add the cached results Excel would store next to formulas (openpyxl cannot)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = content.decode()
                for formula, value in values.items():
                    text = re.sub(
                        rf"<f>{re.escape(formula)}</f>(<v\s*/>|<v></v>)?", f"<f>{formula}</f><v>{value}</v>", text
                    )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


STAKEHOLDERS = [
    ["Stakeholder list, coastal programme", None, None, None],
    ["Prepared by the partnerships team", None, None, None],
    [None, None, None, None],
    ["Organisation", "Category", "Interest (1-5)", "Power", "Levers", "Favourite colour"],
    ["Harbour Women's Collective", "Community-based organisation", 5, 2, "Legitimacy; implementation", "teal"],
    [None, None, None, None, None, None],
    ["Gulf Ports Authority", "Host government", 3, 5, "policy", "grey"],
    ["Blue Shore Fund", "Impact investor / DFI", 7, 4, "capital; money", "green"],
]


def test_title_rows_aliases_and_excel_row_numbers():
    data = xlsx({"Notes": [["read me"]], "Stakeholders": STAKEHOLDERS})
    assert sheet_names(data, "list.xlsx") == ["Notes", "Stakeholders"]
    parsed = read_table(data, "list.xlsx", Table.ACTORS, sheet="Stakeholders")
    assert parsed.header_row == 3
    assert parsed.mapping == {
        "Organisation": "name",
        "Category": "type",
        "Interest (1-5)": "interest",
        "Power": "influence",
        "Levers": "levers",
        "Favourite colour": None,
    }
    assert parsed.unmapped == ["Favourite colour"]
    assert parsed.excel_rows == [5, 7, 8]
    assert parsed.frame["type"].tolist() == ["community", "government", "investor"]
    assert parsed.frame.loc[0, "levers"] == "legitimacy; implementation"
    assert parsed.describe_all() == [
        "sheet 'Stakeholders', row 8, column 'Interest (1-5)': 7 is outside 1-5",
        "sheet 'Stakeholders', row 8, column 'Levers': 'money' is not one of: "
        "policy, capital, implementation, legitimacy, market access",
    ]
    assert parsed.valid()["name"].tolist() == ["Harbour Women's Collective", "Gulf Ports Authority"]


def test_a_hand_mapping_overrides_the_guess():
    data = xlsx({"S": [["Who", "Kind"], ["River NGO", "NGO"]]})
    parsed = read_table(data, "s.xlsx", Table.ACTORS, mapping={"Who": "name", "Kind": "type"})
    assert parsed.problems == []
    assert parsed.frame.to_dict("records") == [{"name": "River NGO", "type": "ngo"}]


def test_missing_required_column_refuses_the_sheet():
    parsed = read_table(xlsx({"S": [["Organisation"], ["River NGO"]]}), "s.xlsx", Table.ACTORS)
    assert parsed.refused
    assert "sheet 'S', column 'type': required column is missing: no header of the file was recognised as it" in (
        parsed.describe_all()
    )
    assert parsed.valid().empty


def test_formula_cells_are_read_as_their_values():
    data = xlsx({"S": [["Organisation", "Type", "Interest"], ["River NGO", "ngo", "=2+2"]]})
    data = _with_cached_values(data, {"2+2": "4"})
    parsed = read_table(data, "s.xlsx", Table.ACTORS)
    assert parsed.frame.loc[0, "interest"] == 4


def test_text_that_looks_like_a_formula_stays_text_both_ways():
    frame = pd.DataFrame({"name": ['=HYPERLINK("http://x")', "+44 20 7946 0000", "@home"], "type": ["ngo"] * 3})
    data = write_workbook({"Actors": frame, "Headers": pd.DataFrame(columns=["=1+1"])})
    assert load_workbook(io.BytesIO(data))["Headers"].cell(1, 1).data_type == "s"
    sheet = load_workbook(io.BytesIO(data))["Actors"]
    assert [sheet.cell(row, 1).data_type for row in (2, 3, 4)] == ["s", "s", "s"]
    back = read_table(data, "a.xlsx", Table.ACTORS)
    assert back.frame["name"].tolist() == frame["name"].tolist()
    csv_bytes = io_excel.to_csv_bytes(frame)
    assert "'=HYPERLINK" in csv_bytes.decode("utf-8-sig") and "'@home" in csv_bytes.decode("utf-8-sig")
    # Our CSV read back gives the same names, not "'=HYPERLINK(...)" beside the original.
    assert read_table(csv_bytes, "a.csv", Table.ACTORS).frame["name"].tolist() == frame["name"].tolist()


def test_csv_with_semicolons_and_a_bom():
    data = "\ufeffFrom;To;Weight\nPort;Plant;2\nPlant;Brand;x\n".encode()
    parsed = read_table(data, "links.csv", Table.RELATIONS)
    assert parsed.sheet == "links"
    assert parsed.frame[["source", "target"]].values.tolist() == [["Port", "Plant"], ["Plant", "Brand"]]
    assert parsed.describe_all() == ["sheet 'links', row 3, column 'Weight': 'x' is not a number"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.xlsx", "is empty"),
        (b"   \n  ", "blank.csv", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.png", "not a spreadsheet"),
        (b"just some words", "fake.xlsx", "named like a spreadsheet but is not one"),
        (b"PK\x03\x04broken zip", "broken.xlsx", "damaged"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le"),
            "secret.xlsx",
            "password-protected",
        ),
    ],
)
def test_unreadable_files_are_refused_in_plain_words(data, name, message):
    with pytest.raises(ImportRefused, match=message):
        read_table(data, name, Table.ACTORS)


def test_empty_sheet_and_oversized_files_are_refused(monkeypatch):
    with pytest.raises(ImportRefused, match=r"Sheet 'S' of 'e\.xlsx' is empty"):
        read_table(xlsx({"S": []}), "e.xlsx", Table.ACTORS)
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    with pytest.raises(ImportRefused, match="up to 0 MB"):
        read_table(xlsx({"S": [["Organisation", "Type"]] + [["x" * 50, "ngo"]] * 200}), "big.xlsx", Table.ACTORS)


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    rows = [["Organisation", "Type"]] + [[f"Org {i}", "ngo"] for i in range(40)]
    with pytest.raises(ImportRefused, match="more than 10 rows"):
        read_table(xlsx({"S": rows}), "many.xlsx", Table.ACTORS)


def test_unknown_sheet_names_the_ones_that_exist():
    with pytest.raises(ImportRefused, match=r"no sheet called 'Actors'\. Its sheets: One, Two"):
        read_table(xlsx({"One": [["a"]], "Two": [["b"]]}), "w.xlsx", Table.ACTORS, sheet="Actors")


def test_power_means_influence_unless_influence_has_its_own_column():
    both = io_excel.suggest_mapping(["Name", "Influence", "Power"], Table.ACTORS)
    assert both == {"Name": "name", "Influence": "influence", "Power": "power"}


def test_the_best_sheet_skips_a_read_me_sheet():
    data = xlsx(
        {
            "Read me": [["How to fill in this list"], ["One organisation per row; type and interest 1-5."]],
            "Empty": [[None]],
            "Long list": [["Organisation", "Type", "Interest (1-5)"], ["River NGO", "ngo", 4]],
        }
    )
    assert io_excel.best_sheet(data, "list.xlsx", Table.ACTORS) == "Long list"


def test_formulas_with_no_saved_result_are_named_and_saved_ones_are_not():
    rows = [["Organisation", "Interest", "Influence", "Notes"], ["Harbour Fund", "=2+2", "=1+1", '=IF(1,"","x")']]
    written = xlsx({"Cover": [["read me"]], "Stakeholders": rows})  # openpyxl saves formulas without results
    assert io_excel.uncomputed_formulas(written, "Stakeholders") == ["B2", "C2", "D2"]
    assert io_excel.uncomputed_formulas(written, "Cover") == []
    note = io_excel.uncomputed_formulas_note(written, "Stakeholders")
    assert note.startswith("Sheet 'Stakeholders': 3 cells (B2, C2, D2) hold formulas with no saved result")

    saved = _with_cached_values(written, {"2+2": "4", "1+1": "2"})
    with zipfile.ZipFile(io.BytesIO(saved)) as source, zipfile.ZipFile(out := io.BytesIO(), "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):  # Excel marks a computed empty text as text
                content = content.replace(b'<c r="D2">', b'<c r="D2" t="str">')
            target.writestr(item, content)
    empty_text = out.getvalue()
    assert io_excel.uncomputed_formulas(saved, "Stakeholders") == ["D2"]
    assert io_excel.uncomputed_formulas(empty_text, "Stakeholders") == []
    assert io_excel.uncomputed_formulas_note(empty_text, "Stakeholders") is None
    assert io_excel.uncomputed_formulas(b"Name,Interest\nA,=2+2\n", "list") == []  # CSV has no saved results


def test_the_uploader_and_the_reader_state_one_size_limit():
    import tomllib

    from tests.helpers import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == io_excel.MAX_BYTES
    with pytest.raises(ImportRefused, match=r"'big\.csv' is 26 MB; Keystone reads files up to 25 MB\."):
        read_table(b"Name,Type\n" + b"x" * (26 * 1024 * 1024), "big.csv", Table.ACTORS)


def test_a_written_workbook_says_yes_and_no_keeps_dates_and_never_runs_text():
    from datetime import date, datetime

    frame = pd.DataFrame(
        {
            "Organisation": ["=1+1", "River NGO"],
            "Market leader": pd.array([True, None], dtype="boolean"),
            "Score": [72.5, float("nan")],
            "Due": [date(2027, 1, 15), None],
            "Saved": [datetime(2026, 12, 3, 9, 30), None],
        }
    )
    sheet = load_workbook(io.BytesIO(write_workbook({"Long: list?": frame})))["Long  list"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Organisation", "Market leader", "Score", "Due", "Saved")
    assert rows[1] == ("=1+1", "yes", 72.5, datetime(2027, 1, 15), datetime(2026, 12, 3, 9, 30))
    assert rows[2] == ("River NGO", None, None, None, None)
    assert sheet["A2"].data_type == "s"  # text, not a formula
    assert sheet["D2"].number_format == "yyyy-mm-dd" and sheet["E2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet.freeze_panes == "A2"
    aware = pd.DataFrame({"Saved": [pd.Timestamp("2026-12-03 09:30", tz="UTC")]})  # a server's clock
    assert load_workbook(io.BytesIO(write_workbook({"S": aware})))["S"]["A2"].value == datetime(2026, 12, 3, 9, 30)


def test_a_csv_says_in_its_first_line_why_some_text_starts_with_an_apostrophe_and_reads_back_whole():
    frame = pd.DataFrame({"name": ["=HYPERLINK(1)", "River NGO"], "type": ["ngo", "ngo"], "notes": ["-5 kg", None]})
    data = io_excel.to_csv_bytes(frame)
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == io_excel.CSV_GUARD_NOTE
    assert lines[2].startswith("'=HYPERLINK(1),ngo,'-5 kg")
    back = read_table(data, "list.csv", Table.ACTORS)
    assert not back.problems
    assert back.frame["name"].tolist() == ["=HYPERLINK(1)", "River NGO"]
    assert back.frame["notes"].tolist()[0] == "-5 kg"
    plain = io_excel.to_csv_bytes(frame.iloc[1:2]).decode("utf-8-sig")
    assert plain.splitlines()[0] == "name,type,notes"  # nothing guarded, nothing to explain


def test_a_csv_says_yes_and_no_as_a_workbook_does():
    frame = pd.DataFrame({"name": ["A", "B", "C"], "shared": pd.array([True, False, None], dtype="boolean")})
    assert io_excel.to_csv_bytes(frame).decode("utf-8-sig").splitlines() == ["name,shared", "A,yes", "B,no", "C,"]
