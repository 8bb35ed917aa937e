"""What the room can be asked, and the records its answers become (valid by the records' own rules)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.governance.questionnaire import QUESTIONS
from core.pilots.pathways import Pathway
from core.records import validate
from core.room.activities import (
    RATING_SCALE,
    VOTE_ITEM,
    Activity,
    ProposalKind,
    commitment_row,
    link_item,
    link_of,
    proposal_row,
    proposal_text,
    vote_questions,
)
from core.tables import Table, spec


def test_the_rating_scale_is_step_twos():
    column = spec(Table.RATINGS).column("rating")
    assert RATING_SCALE == (1, 2, 3, 4, 5)
    assert (column.low, column.high) == (min(RATING_SCALE), max(RATING_SCALE))


@pytest.mark.parametrize("activity", list(Activity))
def test_every_activity_has_a_label_and_a_question(activity):
    assert activity.label and "?" in activity.prompt and activity.prompt != activity.label
    assert Activity(activity.value) is activity


def test_only_the_two_votes_are_votes():  # a dot vote is kept apart: its options are the candidates
    assert {activity for activity in Activity if activity.is_vote} == {
        Activity.VOTE_GOVERNANCE,
        Activity.VOTE_PATHWAY,
    }


def test_the_pathway_vote_is_one_question_with_every_pathway():
    questions = vote_questions(Activity.VOTE_PATHWAY)
    assert list(questions) == [VOTE_ITEM]
    options = questions[VOTE_ITEM].options
    assert list(options) == [pathway.value for pathway in Pathway]
    assert options["collaborative_rd"] == "Collaborative R&D"
    assert questions[VOTE_ITEM].text == Activity.VOTE_PATHWAY.prompt


def test_the_governance_vote_asks_the_recommenders_own_questions():
    questions = vote_questions(Activity.VOTE_GOVERNANCE)
    assert list(questions) == [criterion.value for criterion in QUESTIONS]
    for item, question in questions.items():
        assert question.text and question.short, item
        assert len(question.options) >= 2 and all(question.options.values()), item
        assert all(isinstance(value, str) for value in question.options), item  # stored as text


@pytest.mark.parametrize("activity", [a for a in Activity if not a.is_vote])
def test_only_a_vote_has_questions(activity):
    with pytest.raises(ValueError, match="is not a vote"):
        vote_questions(activity)


@pytest.mark.parametrize(
    ("kind", "table", "name_column", "choice_column", "note_column"),
    [
        (ProposalKind.ACTOR, Table.ACTORS, "name", "type", "notes"),
        (ProposalKind.BARRIER, Table.BARRIERS, "name", "category", "notes"),
        (ProposalKind.FACTOR, Table.FACTORS, "name", None, "description"),
        (ProposalKind.EVIDENCE, Table.EVIDENCE, "statement", "kind", "source"),
        (ProposalKind.OUTCOME, Table.OUTCOMES, "metric", None, None),
        (ProposalKind.RELATION, Table.RELATIONS, "source", "kind", "notes"),
    ],
)
def test_each_kind_of_proposal_names_its_table_and_columns(kind, table, name_column, choice_column, note_column):
    assert (kind.table, kind.name_column, kind.choice_column, kind.note_column) == (
        table,
        name_column,
        choice_column,
        note_column,
    )
    names = spec(table).names
    assert name_column in names and (choice_column is None or choice_column in names)
    assert note_column is None or note_column in names
    if choice_column:  # the choices offered are exactly the ones the table takes
        column = spec(table).column(choice_column)
        if column.choices:
            assert tuple(kind.choices) == column.choices
        else:  # free text, the usual values named in its help
            assert kind.choices and all(choice in column.help for choice in kind.choices)
    else:
        assert kind.choices == {}


TEXTS = {kind: "Port fees double in monsoon" for kind in ProposalKind} | {
    ProposalKind.RELATION: link_item("Port Amara authority", "Aurelia Recycling")
}


@pytest.mark.parametrize("kind", list(ProposalKind))
@pytest.mark.parametrize("detail", ["", "Seen at the Ennore hub in May"])
def test_every_kind_of_proposal_becomes_a_valid_record(kind, detail):
    choice = next(iter(kind.choices), None)
    row = proposal_row(kind, TEXTS[kind], choice, detail, "Ana", "Workshop 2")
    frame = pd.DataFrame([row])
    assert validate(frame, kind.table) == []
    if kind is ProposalKind.RELATION:
        assert (row["source"], row["target"]) == ("Port Amara authority", "Aurelia Recycling")
    else:
        assert row[kind.name_column] == TEXTS[kind]
    if kind.choice_column:
        assert row[kind.choice_column] == choice
    if kind.note_column:
        said = "Proposed by Ana in live session 'Workshop 2'"
        assert row[kind.note_column] == (f"{said}: {detail}" if detail else said)
    else:
        assert set(row) == {kind.name_column}


def test_a_proposal_reads_as_its_name_or_its_two_actors():
    assert proposal_text(ProposalKind.BARRIER, "No deposit scheme") == "No deposit scheme"
    relation = link_item("Port Amara authority", "Aurelia Recycling")
    assert proposal_text(ProposalKind.RELATION, relation) == "Port Amara authority → Aurelia Recycling"
    assert link_of(relation) == ("Port Amara authority", "Aurelia Recycling")


def test_a_proposal_without_its_required_choice_is_refused_by_the_records():
    row = proposal_row(ProposalKind.BARRIER, "No deposit scheme", None, "", "Ana", "Workshop 2")
    problems = validate(pd.DataFrame([row]), Table.BARRIERS)
    assert [problem.column for problem in problems] == ["category"]


def test_a_proposal_with_a_choice_the_table_does_not_take_is_refused():
    row = proposal_row(ProposalKind.ACTOR, "Lagoon Co-op", "spaceship", "", "Ana", "Workshop 2")
    assert [problem.column for problem in validate(pd.DataFrame([row]), Table.ACTORS)] == ["type"]


def test_proposal_row_takes_the_kind_as_stored_text():
    assert proposal_row("factor", "Monsoon", None, "", "Ana", "W") == {
        "name": "Monsoon",
        "description": "Proposed by Ana in live session 'W'",
    }


@pytest.mark.parametrize("due", [date(2026, 3, 31), None])
def test_a_commitment_is_an_open_action_owned_by_who_made_it(due):
    row = commitment_row("Call the port authority", due, "Bob", "Workshop 2")
    assert row == {
        "commitment": "Call the port authority",
        "who": "Bob",
        "due_date": due,
        "tracking": "committed in live session 'Workshop 2'",
        "status": "open",
    }
    assert validate(pd.DataFrame([row]), Table.COMMITMENTS) == []
