"""A messy stakeholder list is cleaned, each fix said and undoable (issue 17, "clean instead of refuse").

Every file here is a real .xlsx or .csv written the way analysts' lists
arrive; each test reads it through the same reader as the page and the CLI.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from core.io_excel import read_table
from core.io_excel.cleaning import Cleaning, Fix, Keep, Scale
from core.tables import Table


def _xlsx(rows: list[list[object]], merges: tuple[str, ...] = (), title: str = "Stakeholders") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _read(data: bytes, cleaning: Cleaning | None = Cleaning(), filename: str = "list.xlsx"):  # noqa: B008
    return read_table(data, filename, Table.ACTORS, cleaning=cleaning)


def _fixes(parsed) -> dict[Fix, str]:
    return {applied.fix: applied.message for applied in parsed.cleaned.applied}


def _column(parsed, name: str) -> list[object]:
    return parsed.frame[name].tolist()


MERGED = [
    ["Organisation", "Type", "Interest"],
    ["Alpha Recyclers", "company", 4],
    ["Beta Plastics", None, 3],
    ["Gamma Moulding", None, 5],
    ["River NGO", "ngo", 2],
]


def test_merged_cells_are_filled_from_their_first_cell_and_the_fix_can_be_undone():
    data = _xlsx(MERGED, merges=("B2:B4",))
    parsed = _read(data)
    assert _column(parsed, "type") == ["company", "company", "company", "ngo"]
    assert not parsed.problems
    assert "B2:B4" in _fixes(parsed)[Fix.MERGED_CELLS]
    assert "2 blank cells" in _fixes(parsed)[Fix.MERGED_CELLS]

    undone = _read(data, Cleaning(off=frozenset({Fix.MERGED_CELLS})))
    assert _column(undone, "type") == ["company", None, None, "ngo"]
    assert {problem.row for problem in undone.problems} == {1, 2}


def test_total_and_footer_rows_are_left_out_but_a_company_called_total_stays():
    rows = [
        ["Organisation", "Type", "Interest", "Influence"],
        ["Total Recycling Ltd", "company", 4, 3],
        ["River NGO", "ngo", 2, 2],
        ["Total", None, 6, 5],
        [None, None, 6, 5],
        ["Source: partnership office survey, May 2026", None, None, None],
    ]
    parsed = _read(_xlsx(rows))
    assert _column(parsed, "name") == ["Total Recycling Ltd", "River NGO"]
    assert not parsed.problems
    assert "3 rows" in _fixes(parsed)[Fix.TOTAL_ROWS] and "row 4, 5, 6" in _fixes(parsed)[Fix.TOTAL_ROWS]

    undone = _read(_xlsx(rows), Cleaning(off=frozenset({Fix.TOTAL_ROWS})))
    assert len(undone.frame) == 5 and undone.problems


def test_scores_in_words_and_with_a_decimal_comma_are_read_as_numbers():
    rows = [
        ["Organisation", "Type", "Interest", "Influence"],
        ["A", "company", "High", "4 - high"],
        ["B", "company", "medium", "3,5"],
        ["C", "company", "Low", "n/a"],
        ["D", "company", 2, "2 (low)"],
    ]
    parsed = _read(_xlsx(rows))
    assert _column(parsed, "interest") == [5, 3, 1, 2]  # three words: low 1, medium 3, high 5
    assert _column(parsed, "influence")[:2] == [4, 3.5]
    assert parsed.frame["influence"].isna().tolist() == [False, False, True, False]
    assert _column(parsed, "influence")[3] == 2
    assert not parsed.problems
    message = " ".join(a.message for a in parsed.cleaned.applied if a.fix is Fix.SCORE_WORDS)
    assert "Column 'Interest': 3 scores" in message and "low = 1, medium = 3, high = 5" in message
    assert "row 2 'High' as 5" in message

    undone = _read(_xlsx(rows), Cleaning(off=frozenset({Fix.SCORE_WORDS})))
    assert {(p.column, p.value) for p in undone.problems} >= {("interest", "High"), ("influence", "3,5")}


def test_five_score_words_read_as_one_to_five_when_the_column_uses_very():
    rows = [["Name", "Type", "Interest"], ["A", "ngo", "very high"], ["B", "ngo", "High"], ["C", "ngo", "very low"]]
    assert _column(_read(_xlsx(rows)), "interest") == [5, 4, 1]


@pytest.mark.parametrize(
    ("values", "scale", "expected"),
    [
        ([1, 10, 7], Scale.ONE_TO_TEN, [1, 5, 3.67]),
        ([0, 10, 5], Scale.ZERO_TO_TEN, [1, 5, 3]),
        ([0, 100, 75], Scale.PERCENT, [1, 5, 4]),
        (["80%", "20%", "50%"], Scale.PERCENT, [4.2, 1.8, 3]),
    ],
)
def test_a_score_column_on_another_scale_is_offered_and_rescaled_only_when_confirmed(values, scale, expected):
    rows = [["Name", "Type", "Interest"], *[[f"Org {i}", "ngo", v] for i, v in enumerate(values)]]
    offered = _read(_xlsx(rows))
    assert offered.cleaned.proposals == {"interest": scale}
    assert offered.problems  # not confirmed: values over 5 are refused, nothing guessed

    confirmed = _read(_xlsx(rows), Cleaning(scales={"interest": scale}))
    assert _column(confirmed, "interest") == pytest.approx(expected)
    assert not confirmed.problems
    assert f"{scale.value} scale" in _fixes(confirmed)[Fix.SCALES]


def test_lists_separated_by_commas_slashes_and_line_breaks_are_read_as_lists():
    rows = [
        ["Organisation", "Type", "Levers", "Asset tags"],
        ["A", "company", "Policy, Capital", "recycling capacity / supplier network"],
        ["B", "ngo", "legitimacy\nimplementation", "trust; lived experience"],
        ["C", "ngo", "capital", None],
    ]
    parsed = _read(_xlsx(rows))
    assert _column(parsed, "levers") == ["policy; capital", "legitimacy; implementation", "capital"]
    assert _column(parsed, "asset_tags")[:2] == ["recycling capacity; supplier network", "trust; lived experience"]
    assert not parsed.problems

    undone = _read(_xlsx(rows), Cleaning(off=frozenset({Fix.LIST_SEPARATORS})))
    assert undone.problems  # "Policy, Capital" is not a lever


def test_columns_with_no_home_are_kept_in_the_notes_and_listed():
    rows = [
        ["Organisation", "Type", "Notes", "Last contact", "Owner"],
        ["A", "company", "market leader", "2026-03-01", "Ana"],
        ["B", "ngo", None, None, "Ben"],
    ]
    parsed = _read(_xlsx(rows))
    assert _column(parsed, "notes") == ["market leader; Last contact: 2026-03-01; Owner: Ana", "Owner: Ben"]
    assert "'Last contact', 'Owner'" in _fixes(parsed)[Fix.EXTRA_COLUMNS]

    ignored = _read(_xlsx(rows), Cleaning(ignored=frozenset({"Owner"})))
    assert _column(ignored, "notes") == ["market leader; Last contact: 2026-03-01", None]


def test_a_missing_required_column_is_filled_with_one_value_only_when_chosen():
    rows = [["Organisation", "Interest"], ["A", 3], ["B", 4]]
    refused = _read(_xlsx(rows))
    assert refused.refused and refused.missing == ["type"]

    filled = _read(_xlsx(rows), Cleaning(fill={"type": "Company / value chain"}))
    assert _column(filled, "type") == ["company", "company"]
    assert not filled.problems
    assert "all 2 rows" in _fixes(filled)[Fix.FILLED_COLUMNS]


DUPLICATES = [
    ["Organisation", "Type", "Interest", "Levers", "Notes"],
    ["Alpha Corp", "company", 4, "capital", None],
    ["River NGO", "ngo", 2, None, None],
    ["alpha  corp", "company", None, "policy", "met in May"],
]


def test_duplicate_names_are_combined_by_default_and_the_message_names_both_rows():
    parsed = _read(_xlsx(DUPLICATES))
    assert _column(parsed, "name") == ["Alpha Corp", "River NGO"]
    alpha = parsed.frame.iloc[0]
    assert (alpha["interest"], alpha["levers"], alpha["notes"]) == (4, "capital; policy", "met in May")
    assert parsed.excel_rows == [2, 3]
    [duplicate] = parsed.cleaned.duplicates
    assert duplicate.rows == (2, 4) and duplicate.names == ("Alpha Corp", "alpha  corp")
    assert "'Alpha Corp' in rows 2, 4" in _fixes(parsed)[Fix.DUPLICATES]


@pytest.mark.parametrize(("kept", "interest"), [(Keep.FIRST, [4]), (Keep.LAST, [None])])
def test_the_user_chooses_which_duplicate_wins(kept, interest):
    parsed = _read(_xlsx(DUPLICATES), Cleaning(keep={"alpha corp": kept}))
    alpha = parsed.frame[parsed.frame["name"].str.casefold().str.startswith("alpha")]
    assert [None if v != v else v for v in alpha["interest"]] == interest


def test_keeping_both_duplicates_refuses_the_later_row_naming_the_first():
    parsed = _read(_xlsx(DUPLICATES), Cleaning(duplicates=Keep.BOTH))
    [line] = parsed.describe_all()
    assert line.startswith("sheet 'Stakeholders', row 4 (the same as row 2), column 'Organisation'")


def test_without_cleaning_a_sheet_is_read_as_it_is():
    parsed = _read(_xlsx(DUPLICATES), cleaning=None)
    assert len(parsed.frame) == 3 and parsed.cleaned.applied == []


def test_a_latin1_semicolon_csv_is_cleaned_like_a_workbook():
    text = "Organisation;Type;Intérêt;Levers\nAlpha;company;Élevé;policy, capital\nBeta;ngo;3,5;capital\nTotal;;;\n"
    parsed = read_table(text.encode("cp1252"), "list.csv", Table.ACTORS, cleaning=Cleaning())
    assert _column(parsed, "name") == ["Alpha", "Beta"]
    assert _column(parsed, "levers") == ["policy; capital", "capital"]
