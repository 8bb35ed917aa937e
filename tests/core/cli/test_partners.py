"""``python -m core score`` and ``import``: same reader and messages as the app."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from core.cli.main import main
from core.store import Store, Table
from tests.helpers import BAD_CELLS, GOOD_ROWS, ROOT, xlsx


def test_score_writes_scored_list_and_short_list(tmp_path, capsys):
    source = tmp_path / "list.xlsx"
    rows = [[*GOOD_ROWS[0], "Shortlisted"], [*GOOD_ROWS[1], "yes"], [*GOOD_ROWS[2], "no"]]
    source.write_bytes(xlsx({"Stakeholders": rows}))
    out = tmp_path / "scored.xlsx"
    assert main(["score", str(source), "-o", str(out), "--weights", "1,1,0"]) == 0
    assert "Scored 2 rows (0 skipped)" in capsys.readouterr().out
    sheets = pd.read_excel(out, sheet_name=None, engine="calamine")
    scored = sheets["Scored long list"]
    # weights 1,1,0: (interest-1)/4 and (influence-1)/4 averaged, times 100
    assert scored.set_index("Name")["Score"].to_dict() == {"Meridian Devices": 87.5, "Harbour Pickers Union": 62.5}
    assert scored["Quadrant"].tolist() == ["manage closely", "keep informed"]
    assert scored["Short list"].tolist() == ["yes", "no"]  # as the screen says it, never TRUE/FALSE
    assert scored["Type"].tolist() == ["Company / value chain", "Community organisation"]  # labels, not codes
    assert scored["Levers"].tolist() == ["Market access, Capital", "Legitimacy"]  # as written
    assert sheets["Short list"]["Name"].tolist() == ["Meridian Devices"]


def test_score_refuses_bad_rows_with_their_place_and_nonzero_exit(tmp_path, capsys):
    source = tmp_path / "bad.xlsx"
    source.write_bytes(xlsx({"Stakeholders": BAD_CELLS}))
    out = tmp_path / "out.csv"
    assert main(["score", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "row 7, column 'Interest (1-5)': 7 is outside 1-5" in err
    assert not out.exists()
    assert main(["score", str(source), "-o", str(out), "--valid-only"]) == 0
    assert sorted(pd.read_csv(out)["Name"]) == ["Good Org", "Wordy"]  # "high" reads as 5; "good org" combined


def test_score_refuses_a_file_that_is_not_a_spreadsheet(tmp_path, capsys):
    source = tmp_path / "photo.xlsx"
    source.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert main(["score", str(source), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "'photo.xlsx' is named like a spreadsheet but is not one" in capsys.readouterr().err
    assert main(["score", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_score_explains_a_header_row_past_the_end_and_an_unwritable_output(tmp_path, capsys):
    source = tmp_path / "list.xlsx"
    source.write_bytes(xlsx({"Stakeholders": GOOD_ROWS}))
    assert main(["score", str(source), "-o", str(tmp_path / "o.xlsx"), "--header-row", "999"]) == 2
    assert "Sheet 'Stakeholders' has 3 rows, so row 999 cannot hold the headers." in capsys.readouterr().err
    assert main(["score", str(source), "-o", str(tmp_path / "no" / "such" / "o.xlsx")]) == 2
    assert "Cannot write" in capsys.readouterr().err


def test_import_into_a_named_partnership_upserts(demo_store, tmp_path, capsys):
    store, pid = demo_store
    name = store.partnership(pid)["name"]
    source = tmp_path / "list.xlsx"
    source.write_bytes(xlsx({"Stakeholders": GOOD_ROWS}))
    args = ["import", str(source), "--partnership", name.upper(), "--db", str(store.path)]
    assert main(args) == 0
    assert "1 added, 1 updated, 0 skipped" in capsys.readouterr().out
    assert len(store.read(pid, Table.ACTORS)) == 47


def test_import_refusals_leave_the_database_alone(demo_store, tmp_path, capsys):
    store, pid = demo_store
    before = store.read(pid, Table.ACTORS)
    source = tmp_path / "bad.xlsx"
    source.write_bytes(xlsx({"Stakeholders": BAD_CELLS}))
    name = store.partnership(pid)["name"]
    assert main(["import", str(source), "--partnership", name, "--db", str(store.path)]) == 2
    assert "Nothing was imported: 4 rows" in capsys.readouterr().err
    assert main(["import", str(source), "--partnership", "Nobody", "--db", str(store.path)]) == 2
    assert "There is no partnership called 'Nobody'" in capsys.readouterr().err
    assert main(["import", str(source), "--partnership", "New one", "--create", "--db", str(store.path)]) == 2
    assert "Nothing was imported" in capsys.readouterr().err
    pd.testing.assert_frame_equal(store.read(pid, Table.ACTORS), before)
    assert len(Store(store.path).partnerships()) == 1  # a refused --create leaves no empty partnership


def test_import_with_create_makes_the_partnership_with_its_rows(demo_store, tmp_path, capsys):
    store, _ = demo_store
    source = tmp_path / "list.xlsx"
    source.write_bytes(xlsx({"Stakeholders": BAD_CELLS}))
    args = ["import", str(source), "--partnership", "New one", "--create", "--valid-only", "--db", str(store.path)]
    assert main(args) == 0
    assert "2 added, 0 updated, 4 skipped" in capsys.readouterr().out
    created = store.partnerships().set_index("name").at["New one", "id"]
    assert store.read(int(created), Table.ACTORS)["name"].tolist() == ["Good Org", "Wordy"]


def test_runs_as_a_module(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("name,type,interest,influence\nA,ngo,5,5\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "core", "score", str(source), "-o", str(tmp_path / "o.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Scored 1 rows" in result.stdout


def test_the_cli_names_unread_columns_and_formulas_and_reads_a_mapped_column(demo_store, tmp_path, capsys):
    store, pid = demo_store
    name = store.partnership(pid)["name"]
    source = tmp_path / "liste.csv"
    source.write_bytes("Organisation;Type;Intérêt\nRivière Verte;NGO;4\n".encode("latin-1"))
    base = ["import", str(source), "--partnership", name, "--db", str(store.path)]
    assert main(base) == 0
    said = capsys.readouterr().err
    assert "1 column with no place of its own ('Intérêt') kept in each row's notes" in said
    assert "--map 'HEADER=column'" in said
    assert pd.isna(store.read(pid, Table.ACTORS).set_index("name").at["Rivière Verte", "interest"])
    assert main([*base, "--map", "intérêt=interest"]) == 0
    assert "not recognised" not in capsys.readouterr().err
    assert store.read(pid, Table.ACTORS).set_index("name").at["Rivière Verte", "interest"] == 4
    assert main([*base, "--map", "Colour=interest"]) == 2
    assert "--map 'Colour=interest': the file has no column 'Colour'" in capsys.readouterr().err
    assert main([*base, "--map", "Intérêt=mood"]) == 2
    assert "'mood' is not a stakeholder column" in capsys.readouterr().err

    book = tmp_path / "scripted.xlsx"
    book.write_bytes(
        xlsx({"Cover": [["About this list"]], "Stakeholders": [[*GOOD_ROWS[0]], [*GOOD_ROWS[1][:2], "=2+2", 5]]})
    )
    assert main(["score", str(book), "-o", str(tmp_path / "out.csv")]) == 0  # finds the sheet past the cover
    err = capsys.readouterr().err
    assert "Sheet 'Stakeholders': 1 cell (C2) holds a formula with no saved result" in err


def test_blanks_in_an_update_keep_stored_values_unless_told_and_a_header_only_file_is_refused(
    demo_store, tmp_path, capsys
):
    store, pid = demo_store
    name = store.partnership(pid)["name"]
    source = tmp_path / "update.xlsx"
    source.write_bytes(
        xlsx(
            {"Stakeholders": [["Organisation", "Type", "Interest", "Notes"], ["Meridian Devices", "company", 3, None]]}
        )
    )
    base = ["import", str(source), "--partnership", name, "--db", str(store.path)]
    notes = store.read(pid, Table.ACTORS).set_index("name").at["Meridian Devices", "notes"]
    assert main(base) == 0
    row = store.read(pid, Table.ACTORS).set_index("name").loc["Meridian Devices"]
    assert (row["interest"], row["notes"]) == (3, notes)
    assert main([*base, "--blanks", "clear"]) == 0
    assert pd.isna(store.read(pid, Table.ACTORS).set_index("name").at["Meridian Devices", "notes"])

    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(xlsx({"Stakeholders": [GOOD_ROWS[0]]}))
    assert main(["score", str(empty), "-o", str(tmp_path / "o.csv")]) == 2
    assert "has headers in row 1 but no rows under them" in capsys.readouterr().err


COVER_SHEET = [
    ["Cover sheet: stakeholder survey"],
]


def test_the_cli_cleans_a_messy_list_as_the_page_does_and_each_option_changes_it(demo_store, tmp_path, capsys):
    store, _ = demo_store
    rows = [
        ["Organisation", "Interest", "Levers", "Owner"],
        ["Harbour Pickers Union", 8, "policy / capital", "Ana"],
        ["harbour pickers  union", 10, None, None],
        ["Tidal Schools Trust", "High", "legitimacy", "Ben"],
        ["Total", 22, None, None],
    ]
    source = tmp_path / "messy.xlsx"
    source.write_bytes(xlsx({"Read me": COVER_SHEET, "Survey": rows}))
    base = ["import", str(source), "--partnership", "Messy", "--create", "--db", str(store.path)]
    assert main(base) == 2  # no type column and scores over 5: refused, and told how to fix both
    said = capsys.readouterr().err
    assert "--fill type=VALUE" in said and "--scale interest=1-10" in said
    assert "Nothing was imported" in said and "Messy" not in set(store.partnerships()["name"])

    assert main([*base, "--fill", "type=community", "--scale", "interest=1-10", "--leave-out", "Owner"]) == 0
    said = capsys.readouterr()
    assert "2 added, 0 updated, 0 skipped" in said.out
    assert "row 5" in said.err and "(undo with --no-fix total-rows)" in said.err
    pid = int(store.partnerships().set_index("name").at["Messy", "id"])
    stored = store.read(pid, Table.ACTORS).set_index("name")
    assert stored.loc["Harbour Pickers Union", ["type", "interest", "levers"]].tolist() == [
        "community",
        4.11,
        "policy; capital",
    ]
    assert stored.loc["Tidal Schools Trust", "interest"] == 5  # words are read on 1-5 whatever the numbers' scale
    assert stored["notes"].isna().all()  # Owner left out

    assert main([*base, "--fill", "type=community", "--scale", "interest=1-10", "--duplicates", "both"]) == 2
    assert "row 3 (the same as row 2), column 'Organisation'" in capsys.readouterr().err
    assert main([*base, "--scale", "interest=1-7", "--fill", "type=company"]) == 2
    assert "'1-7' is not a scale" in capsys.readouterr().err
