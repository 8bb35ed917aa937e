"""Workbook round trip: export a partnership, import it as a new one, compare every table."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from core.across.workbook import WorkbookRefused, export_workbook, import_workbook, read_workbook, store_workbook
from core.io_excel import ImportRefused
from core.store import SPECS, Store, StoreError, Table
from tests.helpers import xlsx


def _everything(store, pid):
    return store.read_many(pid, list(SPECS))


def test_round_trip_equals_the_original_in_every_table(demo_store):
    store, pid = demo_store
    # Awkward values: a formula-like text, microsecond timestamps, answers, a float sum.
    store.replace(
        pid,
        Table.STATEMENTS,
        pd.DataFrame(
            {
                "version": [1, 2],
                "text": ['=HYPERLINK("http://example.invalid", "click")', "-5 tonnes; +3 hubs @ Chennai"],
                "saved_at": ["2026-01-02 03:04:05.678901", "2026-02-03 10:00:00"],
                "parts": ['{"who": "pickers"}', None],
            }
        ),
    )
    store.save_answers(pid, "governance", {"chosen_model": "neutral_backbone", "horizon_years": 8})
    outcomes = store.read(pid, Table.OUTCOMES)
    outcomes.loc[0, "baseline"] = 0.1 + 0.2
    store.replace(pid, Table.OUTCOMES, outcomes)

    data = export_workbook(store, pid)
    new_pid = import_workbook(store, data, "demo.xlsx", name="Imported copy")
    assert new_pid != pid
    original, copy = _everything(store, pid), _everything(store, new_pid)
    for table in SPECS:
        pd.testing.assert_frame_equal(copy[table], original[table], check_exact=True, obj=table.value)
    assert len(copy[Table.ACTORS]) == 46 and len(copy[Table.OBSERVATIONS]) == 74
    assert store.answers(new_pid, "governance") == {"chosen_model": "neutral_backbone", "horizon_years": 8}
    meta = store.partnership(new_pid)
    assert (meta["problem"], meta["stage"]) == (store.partnership(pid)["problem"], "pilot")


def test_export_has_a_sheet_per_record_kind_and_stores_formulas_as_text(demo_store):
    store, pid = demo_store
    store.replace(pid, Table.FACTORS, pd.DataFrame({"name": ["=1+1"], "description": ["@SUM(A1)"]}))
    book = load_workbook(io.BytesIO(export_workbook(store, pid)))
    assert book.sheetnames == ["about", *[table.value for table in SPECS]]
    cell = book["factors"]["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert [c.value for c in book["actors"][1]] == SPECS[Table.ACTORS].names


def test_import_keeps_the_name_from_the_workbook_and_refuses_a_taken_name(demo_store):
    store, pid = demo_store
    data = export_workbook(store, pid)
    with pytest.raises(StoreError, match="already exists"):
        import_workbook(store, data, "demo.xlsx")
    assert len(store.partnerships()) == 1
    store.rename_partnership(pid, "Renamed original")
    new_pid = import_workbook(store, data, "demo.xlsx")
    assert store.partnership(new_pid)["name"] == "Ocean-bound plastic in electronics (demo)"


def test_a_workbook_with_bad_rows_is_refused_whole_with_every_problem_located(demo_store):
    store, pid = demo_store
    book = load_workbook(io.BytesIO(export_workbook(store, pid)))
    book["actors"]["B3"] = "pirate"  # type of the second actor
    book["ratings"]["C5"] = 9  # rating out of range
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(WorkbookRefused) as refused:
        import_workbook(store, buffer.getvalue(), "edited.xlsx", name="Should not exist")
    problems = refused.value.problems
    assert any(p.startswith("sheet 'actors', row 3, column 'type': 'pirate' is not one of") for p in problems)
    assert "sheet 'ratings', row 5, column 'rating': 9 is outside 1-5" in problems
    assert list(store.partnerships()["name"]) == ["Ocean-bound plastic in electronics (demo)"]


def test_answers_that_are_not_a_json_object_are_refused_with_their_cell(demo_store):
    store, pid = demo_store
    book = load_workbook(io.BytesIO(export_workbook(store, pid)))
    sheet = book["answers"]
    payload = next(cell.column_letter for cell in sheet[1] if cell.value == "payload")
    sheet[f"{payload}2"] = "oops"
    sheet[f"{payload}3"] = "[1, 2]"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(WorkbookRefused) as refused:
        import_workbook(store, buffer.getvalue(), "edited.xlsx", name="Should not exist")
    problems = refused.value.problems
    assert any(p.startswith("sheet 'answers', row 2, column 'payload': 'oops' is not a JSON object") for p in problems)
    assert any(
        p.startswith("sheet 'answers', row 3, column 'payload': '[1, 2]' is not a JSON object") for p in problems
    )
    assert list(store.partnerships()["name"]) == ["Ocean-bound plastic in electronics (demo)"]


def test_a_file_that_is_not_a_keystone_workbook_is_refused(demo_store):
    from core.io_excel import write_workbook

    with pytest.raises(ImportRefused, match="not a Keystone partnership workbook"):
        read_workbook(write_workbook({"Sheet1": pd.DataFrame({"a": [1]})}), "other.xlsx")
    with pytest.raises(ImportRefused, match="is empty"):
        read_workbook(b"", "empty.xlsx")


def test_empty_text_cells_come_back_empty_not_as_the_text_nan():
    from core.io_excel import read_table, write_workbook

    frame = pd.DataFrame({"statement": ["a", "b"], "unit": ["t", None], "kind": ["internal", "external"]})
    parsed = read_table(write_workbook({"evidence": frame}), "x.xlsx", Table.EVIDENCE)
    assert parsed.frame["unit"].iloc[0] == "t"
    assert pd.isna(parsed.frame["unit"].iloc[1])  # was the text "nan"


def test_answers_holding_nan_or_infinity_are_refused_naming_sheet_row_and_column():
    from core.io_excel import write_workbook

    answers = pd.DataFrame(
        {
            "topic": ["governance", "funding", "tracking"],
            "payload": ['{"purpose": "community", "horizon_years": NaN}', '{"stage": "pilot"}', '{"k": -Infinity}'],
        }
    )
    data = write_workbook({"about": pd.DataFrame({"field": ["name"], "value": ["Copy"]}), "answers": answers})
    with pytest.raises(WorkbookRefused) as refused:
        read_workbook(data, "edited.xlsx")
    assert refused.value.problems == [
        "sheet 'answers', row 2, column 'payload': 'horizon_years' is NaN: an answer must be a finite number, "
        "a word or left out",
        "sheet 'answers', row 4, column 'payload': 'k' is -Infinity: an answer must be a finite number, "
        "a word or left out",
    ]


@pytest.mark.parametrize("problem", ["", None], ids=["empty", "missing"])
def test_a_partnership_with_no_problem_area_comes_back_with_none_not_the_text_nan(tmp_path, problem):
    store = Store(tmp_path / "k.duckdb")
    store.migrate()
    pid = store.create_partnership("Seafood labour coalition", problem)
    store.save_answers(pid, "governance", {"chosen_model": None, "purpose": "", "horizon_years": 8})
    store.replace(pid, Table.FACTORS, pd.DataFrame({"name": ["Recruitment fees"], "description": [None]}))

    new_pid = import_workbook(store, export_workbook(store, pid), "seafood.xlsx", name="Seafood copy")
    meta = store.partnership(new_pid)
    assert (meta["problem"], meta["stage"]) == ("", "pilot")  # the problem was the text "nan"
    assert store.answers(new_pid, "governance") == {"chosen_model": None, "purpose": "", "horizon_years": 8}
    pd.testing.assert_frame_equal(store.read(new_pid, Table.FACTORS), store.read(pid, Table.FACTORS))


def test_blank_cells_of_the_about_sheet_read_as_empty_and_the_stage_as_pilot():
    about = [["field", "value"], ["name", "Seafood labour coalition"], ["problem", None], ["stage", "  "]]
    book = read_workbook(xlsx({"about": about}), "edited.xlsx")
    assert (book.name, book.problem, book.stage) == ("Seafood labour coalition", "", "pilot")


def test_a_due_date_in_the_year_115_is_refused_with_its_cell(demo_store):
    # The action plan saved 2027-01-15 as 0115-02-07 (the browser's date box put the typed digits in the
    # wrong parts); a workbook is held to the same check as the editor.
    store, pid = demo_store
    book = load_workbook(io.BytesIO(export_workbook(store, pid)))
    sheet = book["commitments"]
    due = next(cell.column_letter for cell in sheet[1] if cell.value == "due_date")
    sheet[f"{due}4"] = "0115-02-07"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(WorkbookRefused) as refused:
        import_workbook(store, buffer.getvalue(), "edited.xlsx", name="Should not exist")
    assert refused.value.problems == [
        "sheet 'commitments', row 4, column 'due_date': 0115-02-07 is not between 1900 and 2199: check the year "
        "(type dates as YYYY-MM-DD)"
    ]
    assert list(store.partnerships()["name"]) == ["Ocean-bound plastic in electronics (demo)"]


def test_dates_typed_as_text_are_read_in_each_columns_own_order_and_the_workbook_says_which(demo_store):
    store, pid = demo_store
    book = load_workbook(io.BytesIO(export_workbook(store, pid)))
    sheet = book["commitments"]
    due = next(cell.column_letter for cell in sheet[1] if cell.value == "due_date")
    sheet[f"{due}2"], sheet[f"{due}3"], sheet[f"{due}4"] = "05/01/2027", "15/01/2027", "2027-01-16"
    buffer = io.BytesIO()
    book.save(buffer)

    read = read_workbook(buffer.getvalue(), "edited.xlsx")
    assert read.dates == (
        "Sheet 'commitments', column 'due_date': Dates read day first (15/01/2027 could only be day first)",
    )
    new_pid = store_workbook(store, read, name="Edited copy")
    stored = store.read(new_pid, Table.COMMITMENTS)["due_date"]
    assert [f"{day:%Y-%m-%d}" for day in stored.iloc[:3]] == ["2027-01-05", "2027-01-15", "2027-01-16"]
    assert stored.iloc[3:].tolist() == store.read(pid, Table.COMMITMENTS)["due_date"].iloc[3:].tolist()
