"""Divergence maths against hand calculations, and the wide ratings sheet."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from core.across.demo import load_demo
from core.problem.perspectives import Agreement, divergence, ratings_matrix, replace_participant, takeaway
from core.problem.ratings_sheet import wide_sheet, wide_to_long
from core.store import Table


def _ratings(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["participant", "cause", "rating"])


HAND = _ratings(
    [
        ("p1", "A", 1), ("p2", "A", 5),
        ("p1", "B", 3), ("p2", "B", 3), ("p3", "B", 3),
        ("p1", "C", 2), ("p2", "C", 4), ("p3", "C", 3),
        ("p3", "D", 4),
    ]
)  # fmt: skip


def test_divergence_matches_hand_values_and_puts_most_disputed_first():
    table = divergence(HAND).set_index("cause")
    assert list(divergence(HAND)["cause"]) == ["A", "C", "B", "D"]
    # A: 1 and 5 -> mean 3, population std 2, range 4
    assert table.loc["A", ["n", "mean", "std", "low", "high", "range"]].tolist() == [2, 3.0, 2.0, 1.0, 5.0, 4.0]
    # C: 2, 3, 4 -> deviations -1, 0, 1 -> variance 2/3
    assert table.loc["C", "std"] == pytest.approx(math.sqrt(2 / 3))
    assert table.loc["B", "std"] == 0
    assert table.loc["A", "agreement"] == Agreement.DISPUTED
    assert table.loc["C", "agreement"] == Agreement.MIXED
    assert table.loc["B", "agreement"] == Agreement.AGREED
    assert table.loc["D", "agreement"] == Agreement.SINGLE


def test_demo_room_strongly_disputes_aggregator_margins():
    _, frames = load_demo()
    ratings = frames[Table.RATINGS]
    assert len(ratings) == 49 and ratings["participant"].nunique() == 7
    spread = divergence(ratings)
    top = spread.iloc[0]
    assert top["cause"] == "Aggregator margins"
    # ratings 5, 2, 1, 1, 3, 5: sum 17, sum of squares 65
    assert top["n"] == 6
    assert top["mean"] == pytest.approx(17 / 6)
    assert top["std"] == pytest.approx(math.sqrt((65 - 17**2 / 6) / 6))
    assert top["std"] == pytest.approx(1.67498, abs=1e-5)
    assert (top["low"], top["high"]) == (1, 5)
    virgin = spread.set_index("cause").loc["Virgin resin price"]
    assert virgin["mean"] == pytest.approx(33 / 7)  # 5, 5, 4, 5, 5, 4, 5
    assert takeaway(spread).startswith("Most disputed: Aggregator margins (ratings from 1 to 5 across 6 participants)")


def test_ratings_matrix_keeps_order_and_leaves_unrated_blank():
    matrix = ratings_matrix(HAND, ["D", "A"])
    assert list(matrix.columns) == ["D", "A"]
    assert list(matrix.index) == ["p1", "p2", "p3"]
    assert matrix.loc["p2", "A"] == 5
    assert math.isnan(matrix.loc["p1", "D"])


def test_replace_participant_changes_only_that_participant():
    entries = pd.DataFrame({"cause": ["A", "B", "New cause", None], "rating": [2, None, 4, 3]})
    merged = replace_participant(HAND, "P1 ", entries)
    assert len(merged[merged["participant"] == "p2"]) == 3
    mine = merged[merged["participant"] == "P1"].set_index("cause")["rating"]
    assert mine.to_dict() == {"A": 2, "New cause": 4}
    assert "p1" not in set(merged["participant"])


def test_wide_sheet_becomes_long_rows():
    sheet = pd.DataFrame({"Root cause": ["A", "B", None], "Ann": [5, None, None], "Bo": ["2", 3, None]})
    long, problems = wide_to_long(sheet)
    assert problems == []
    assert sorted(map(tuple, long.to_numpy().tolist())) == [("Ann", "A", 5.0), ("Bo", "A", 2.0), ("Bo", "B", 3.0)]


def test_bad_wide_sheet_names_rows_and_columns():
    sheet = pd.DataFrame(
        {
            "Root cause": ["Aggregator margins", "Unknown thing", "aggregator margins", None],
            "Ann": [7, 3, 2, 4],
            "Bo": ["x", 2, 2, None],
            "Zed": [1, 1, 1, 1],
        }
    )
    long, problems = wide_to_long(
        sheet, known_causes=["Aggregator margins"], known_participants=["Ann", "Bo"], row_offset=2
    )
    messages = [problem.describe(row_offset=2, sheet="Ratings") for problem in problems]
    assert "sheet 'Ratings', column 'Zed': 'Zed' is not a known participant" in messages
    assert "sheet 'Ratings', row 2, column 'Ann': 7 is outside 1-5" in messages
    assert "sheet 'Ratings', row 2, column 'Bo': 'x' is not a number from 1 to 5" in messages
    assert any(
        m.startswith("sheet 'Ratings', row 3, column 'Root cause': 'Unknown thing' is not a cause") for m in messages
    )
    assert (
        "sheet 'Ratings', row 4, column 'Root cause': 'aggregator margins' is listed twice (first on row 2)" in messages
    )
    assert "sheet 'Ratings', row 5, column 'Root cause': ratings without a cause" in messages
    assert len(problems) == 6
    assert long.empty  # every cell of the sheet had a problem in its row or column


def test_sheet_without_participant_columns_is_refused():
    _, problems = wide_to_long(pd.DataFrame({"cause": ["A"]}))
    assert len(problems) == 1 and "one column per participant" in problems[0].message


def test_raw_cells_with_a_title_row_and_duplicate_participants():
    raw = pd.DataFrame(
        [
            [None, None, None, None],
            ["Cause", "Ann", "Ann", None],
            ["A", 4, 5, None],
        ],
        dtype=object,
    )
    sheet, header_row = wide_sheet(raw)
    assert header_row == 1 and sheet.shape == (1, 3)
    long, problems = wide_to_long(sheet, row_offset=header_row + 2)
    assert [p.describe(row_offset=header_row + 2) for p in problems] == [
        "column 'Ann': this participant appears in two columns"
    ]
    assert long.to_numpy().tolist() == [["Ann", "A", 4.0]]
