"""The wall's tables: words for codes, numbers as the desk shows them, wide tables in parts, long ones cut."""

from __future__ import annotations

import pandas as pd

from core.across.readable import readable_table
from core.model import labelled_codes


def test_codes_become_labels_and_free_text_stays_as_typed():
    assert labelled_codes(["ngo", "company", None, "investor"]) == [
        "NGO",
        "Company / value chain",
        "",
        "Investor / DFI",
    ]
    assert labelled_codes(["policy; market access", "capital"]) == ["Policy, Market access", "Capital"]
    assert labelled_codes(["ngo", "an NGO we met"]) is None  # not every cell a code: left as typed
    assert labelled_codes(["R", "A"]) is None  # RACI letters stay letters
    assert labelled_codes([None, ""]) is None


def test_a_table_reads_in_words_with_the_desks_headers_and_number_formats():
    frame = pd.DataFrame(
        {
            "rank": [1, 2],
            "type": ["ngo", "government"],
            "score": [75.04, 73.333],
            "share": [0.5, None],
            "shortlisted": pd.array([True, False], dtype="boolean"),
            "value_chain": ["collection", None],
        }
    )
    (part,) = readable_table(frame, {"score": "Score"}, {"score": "%.1f"}).parts
    assert list(part.columns) == ["Rank", "Type", "Score", "Share", "Shortlisted", "Value chain"]
    assert part.to_dict("records") == [
        {
            "Rank": "1",
            "Type": "NGO",
            "Score": "75.0",
            "Share": "0.5",
            "Shortlisted": "yes",
            "Value chain": "collection",
        },
        {"Rank": "2", "Type": "Government", "Score": "73.3", "Share": "", "Shortlisted": "no", "Value chain": ""},
    ]


def test_a_wide_table_comes_in_parts_that_each_start_with_the_first_column():
    grid = pd.DataFrame({"activity": ["Charter signing"], **{f"Partner {n}": ["R"] for n in range(1, 13)}})
    readable = readable_table(grid, columns=7)
    assert [list(part.columns) for part in readable.parts] == [
        ["Activity", *(f"Partner {n}" for n in range(1, 7))],
        ["Activity", *(f"Partner {n}" for n in range(7, 13))],
    ]


def test_a_long_table_shows_its_top_and_counts_the_rest():
    readable = readable_table(pd.DataFrame({"name": [f"Actor {n}" for n in range(46)]}), rows=15)
    (part,) = readable.parts
    assert len(part) == 15 and part["Name"].iloc[0] == "Actor 0"
    assert readable.rows_left_out == 31


def test_a_format_the_grid_reads_but_python_does_not_falls_back_to_plain_numbers():
    (part,) = readable_table(pd.DataFrame({"units": [3.0, 2.5, 0.001]}), formats={"units": "%d ⭐ %s"}).parts
    assert list(part["Units"]) == ["3", "2.5", "0"]
