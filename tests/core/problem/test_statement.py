"""Statement builder, versions and diff, and the outcome checks."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from core.across.demo import load_demo
from core.problem.statement import (
    MAX_OUTCOMES,
    DiffOp,
    OutcomeCheck,
    StatementParts,
    add_version,
    check_outcomes,
    compose,
    diff_words,
    is_output_metric,
    latest,
    parts_from_json,
)
from core.records import coerce, validate
from core.store import Table

PARTS = StatementParts(
    affected="waste pickers",
    what="earn too little to keep collecting",
    where="Chennai",
    root_causes=["Aggregator margins", "Virgin resin price", "Resin quality"],
    why_now="a new EPR rule starts in 2027.",
)


def test_compose_reads_as_one_statement():
    assert compose(PARTS) == (
        "Waste pickers earn too little to keep collecting in Chennai. The root causes we will work on are "
        "Aggregator margins, Virgin resin price and Resin quality. This matters now because a new EPR rule "
        "starts in 2027."
    )
    assert compose(StatementParts(where="Selun Bay")) == "In Selun Bay."
    assert compose(StatementParts()) == ""


def test_parts_round_trip_through_json_and_survive_bad_json():
    assert parts_from_json(PARTS.to_json()) == PARTS
    assert parts_from_json("{not json") == StatementParts()
    assert parts_from_json(None) == StatementParts()


def test_versions_count_up_and_refuse_empty_or_unchanged_text():
    _, frames = load_demo()
    statements = coerce(frames[Table.STATEMENTS], Table.STATEMENTS)
    assert validate(frames[Table.STATEMENTS], Table.STATEMENTS) == []
    assert int(latest(statements)["version"]) == 2
    row, problems = add_version(statements, "  A new text.  ", PARTS, datetime(2026, 4, 1, 9, 0))
    assert problems == []
    assert row["version"].tolist() == [3] and row["text"].tolist() == ["A new text."]
    assert parts_from_json(row["parts"].iloc[0]) == PARTS
    _, empty = add_version(statements, "   ", PARTS, datetime(2026, 4, 1))
    assert empty[0].column == "text" and "empty" in empty[0].message
    _, same = add_version(statements, str(latest(statements)["text"]), PARTS, datetime(2026, 4, 1))
    assert "same text as version 2" in same[0].message
    first, _ = add_version(statements.iloc[0:0], "First.", PARTS, datetime(2026, 4, 1))
    assert first["version"].tolist() == [1]


def test_diff_words_marks_removed_and_added_runs():
    runs = diff_words("Pickers earn too little in Chennai.", "Pickers in Chennai earn far too little.")
    old = " ".join(text for op, text in runs if op is not DiffOp.INSERT)
    new = " ".join(text for op, text in runs if op is not DiffOp.DELETE)
    assert old == "Pickers earn too little in Chennai."
    assert new == "Pickers in Chennai earn far too little."
    assert diff_words("a b c", "a x c") == [
        (DiffOp.EQUAL, "a"),
        (DiffOp.DELETE, "b"),
        (DiffOp.INSERT, "x"),
        (DiffOp.EQUAL, "c"),
    ]


@pytest.mark.parametrize(
    ("metric", "unit", "output"),
    [
        ("Number of workshops held with suppliers", "", True),
        ("Waste pickers trained in safe sorting", "people", True),
        ("Awareness campaigns", "", True),
        ("Community sessions", "count", True),
        ("Ocean-bound plastic collected", "tonnes/year", False),
        ("Number of pickers earning a living wage", "people", False),
        ("Recycled content in casings", "% by weight", False),
        ("Supplier outreach", "meetings", True),
    ],
)
def test_output_rule(metric, unit, output):
    assert is_output_metric(metric, unit) is output


def _outcomes(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": [f"Tonnes collected at hub {i}" for i in range(n)],
            "unit": "tonnes",
            "baseline": 1.0,
            "target": 2.0,
            "due_date": "2027-12-31",
            "owner": "Cooperative",
        }
    )


def test_outcome_checks_name_each_problem():
    frame = pd.DataFrame(
        {
            "metric": ["Plastic collected", "Workshops held", "Picker income"],
            "unit": ["tonnes", "", "USD/month"],
            "baseline": [100, 0, None],
            "target": [500, 12, 160],
            "due_date": ["2027-12-31", "2027-06-30", None],
            "owner": ["Aurelia", "Clean Tides", "Cooperative"],
        }
    )
    warnings = check_outcomes(frame)
    assert [(w.row, w.check) for w in warnings] == [
        (1, OutcomeCheck.OUTPUT_NOT_OUTCOME),
        (2, OutcomeCheck.NO_BASELINE),
        (2, OutcomeCheck.NO_DATE),
    ]
    assert warnings[0].message.startswith("'Workshops held' counts activities (an output)")


def test_checks_read_typed_frames_from_the_store():
    typed = coerce(pd.DataFrame({"metric": ["Picker income"], "baseline": ["95"], "due_date": [None]}), Table.OUTCOMES)
    assert typed["due_date"].isna().all()  # NaT, not None
    checks = {w.check for w in check_outcomes(typed)}
    assert checks == {OutcomeCheck.NO_DATE, OutcomeCheck.NO_TARGET, OutcomeCheck.NO_OWNER}


def test_more_than_seven_outcomes_is_one_list_warning():
    assert check_outcomes(_outcomes(MAX_OUTCOMES)) == []
    warnings = check_outcomes(_outcomes(MAX_OUTCOMES + 1))
    assert [(w.row, w.check) for w in warnings] == [(None, OutcomeCheck.TOO_MANY)]
    assert "8 outcomes" in warnings[0].message


def test_demo_outcomes_pass_every_check():
    _, frames = load_demo()
    assert 3 <= len(frames[Table.OUTCOMES]) <= 5
    assert check_outcomes(frames[Table.OUTCOMES]) == []
