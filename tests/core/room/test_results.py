"""What the wall shows: who answered, the ratings as step 2 keeps them, the whole spread of a vote."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core.governance.questionnaire import Answers, Criterion, Purpose
from core.room.activities import VOTE_ITEM, Activity, link_item, vote_questions
from core.room.results import (
    DISPUTED_SPREAD,
    answered,
    disputed,
    frozen,
    governance_answers,
    link_strengths,
    mean_map,
    ratings,
    vote_spread,
)

_COLUMNS = [
    "id", "activity", "item", "kind", "value", "choice", "text", "detail", "due_date", "answered_at", "status",
    "decided_by", "merged_into", "participant_id", "participant",
]  # fmt: skip


def _answers(*rows: dict) -> pd.DataFrame:
    """An answers frame as ``core.store.room.answers`` returns it; ``rows`` give the columns that matter."""
    filled = [{column: None for column in _COLUMNS} | {"id": number} | row for number, row in enumerate(rows, 1)]
    return pd.DataFrame(filled, columns=_COLUMNS)


def _rating(pid: int, who: str, cause: str, value: object) -> dict:
    return {"activity": "rate_causes", "participant_id": pid, "participant": who, "item": cause, "value": value}


def _vote(pid: int, activity: Activity, choice: str, item: str = VOTE_ITEM) -> dict:
    return {"activity": activity.value, "participant_id": pid, "participant": f"P{pid}", "item": item,
            "choice": choice}  # fmt: skip


PURPOSE = "purpose"  # one of the governance vote's questions


ROOM = _answers(
    _rating(1, "Ana", "Low resin price", 5.0),
    _rating(1, "Ana", "Aggregator margins", 2.0),
    _rating(2, "Bob", "Low resin price", 3.0),
    _vote(1, Activity.VOTE_PATHWAY, "industry_standards"),
    _vote(2, Activity.VOTE_PATHWAY, "industry_standards"),
    _vote(3, Activity.VOTE_PATHWAY, "collaborative_rd"),
    _vote(3, Activity.VOTE_GOVERNANCE, "community", PURPOSE),
    _vote(3, Activity.VOTE_GOVERNANCE, "4", "speed"),
    {"activity": "propose", "participant_id": 2, "participant": "Bob", "item": "s1", "text": "Port fees"},
    {"activity": "propose", "participant_id": 2, "participant": "Bob", "item": "s2", "text": "Monsoon"},
)


def test_answered_counts_people_not_answers():
    assert answered(ROOM, Activity.RATE_CAUSES) == 2  # Ana rated twice
    assert answered(ROOM, Activity.VOTE_PATHWAY) == 3
    assert answered(ROOM, Activity.VOTE_GOVERNANCE) == 1  # two questions, one person
    assert answered(ROOM, Activity.PROPOSE) == 1
    assert answered(ROOM, Activity.COMMIT) == 0
    assert answered(ROOM, "rate_causes") == 2


def test_ratings_are_step_twos_participant_cause_and_rating():
    frame = ratings(ROOM)
    assert list(frame.columns) == ["participant", "cause", "rating"]
    assert frame.to_dict("records") == [
        {"participant": "Ana", "cause": "Low resin price", "rating": 5.0},
        {"participant": "Ana", "cause": "Aggregator margins", "rating": 2.0},
        {"participant": "Bob", "cause": "Low resin price", "rating": 3.0},
    ]
    assert str(frame["rating"].dtype) == "Float64"


def test_ratings_leave_out_what_is_not_a_number():
    frame = ratings(_answers(_rating(1, "Ana", "A", None), _rating(1, "Ana", "B", "high"), _rating(1, "Ana", "C", 4)))
    assert frame.to_dict("records") == [{"participant": "Ana", "cause": "C", "rating": 4.0}]


def test_ratings_of_an_empty_room_are_an_empty_frame_with_the_columns():
    frame = ratings(_answers())
    assert frame.empty and list(frame.columns) == ["participant", "cause", "rating"]


def _options(activity: Activity, item: str = VOTE_ITEM) -> dict[str, str]:
    return vote_questions(activity)[item].options


def test_vote_spread_lists_every_option_most_votes_first_with_shares_summing_to_one():
    spread = vote_spread(ROOM, Activity.VOTE_PATHWAY)
    options = _options(Activity.VOTE_PATHWAY)
    assert len(spread) == len(options) == 5
    assert set(spread["option"]) == set(options)
    assert list(spread["votes"]) == [2, 1, 0, 0, 0]
    assert list(spread["option"][:2]) == ["industry_standards", "collaborative_rd"]
    rest = [option for option in options if option not in ("industry_standards", "collaborative_rd")]
    assert list(spread["option"][2:]) == rest  # ties keep the options' order
    assert spread["share"].sum() == pytest.approx(1.0)
    assert list(spread["share"]) == pytest.approx([2 / 3, 1 / 3, 0.0, 0.0, 0.0])
    assert dict(zip(spread["option"], spread["label"], strict=True)) == options


def test_each_question_of_a_vote_has_its_own_spread():
    purpose = vote_spread(ROOM, Activity.VOTE_GOVERNANCE, PURPOSE)
    assert len(purpose) == len(_options(Activity.VOTE_GOVERNANCE, PURPOSE))
    assert purpose.set_index("option")["votes"].to_dict() == {
        option: int(option == "community") for option in _options(Activity.VOTE_GOVERNANCE, PURPOSE)
    }
    speed = vote_spread(ROOM, Activity.VOTE_GOVERNANCE, "speed").set_index("option")
    assert speed.loc["4", "votes"] == 1 and speed["votes"].sum() == 1
    assert speed["share"].sum() == pytest.approx(1.0)


def test_a_vote_nobody_cast_shows_every_option_at_zero():
    spread = vote_spread(_answers(), Activity.VOTE_PATHWAY)
    assert list(spread["option"]) == list(_options(Activity.VOTE_PATHWAY))
    assert list(spread["votes"]) == [0] * len(spread)
    assert list(spread["share"]) == [0.0] * len(spread)


def test_a_vote_for_no_option_is_not_counted():
    answers = _answers(_vote(1, Activity.VOTE_PATHWAY, "public_policy"), _vote(2, Activity.VOTE_PATHWAY, "bribery"))
    spread = vote_spread(answers, Activity.VOTE_PATHWAY).set_index("option")
    assert "bribery" not in spread.index
    assert spread.loc["public_policy", "votes"] == 1
    assert spread["share"].sum() == pytest.approx(1.0)


def test_votes_of_another_activity_do_not_count():
    spread = vote_spread(
        _answers(_vote(1, Activity.VOTE_GOVERNANCE, "public_policy"), _vote(2, Activity.VOTE_PATHWAY, "public_policy")),
        Activity.VOTE_PATHWAY,
    ).set_index("option")
    assert int(spread["votes"].sum()) == 1
    assert spread.loc["public_policy", "share"] == 1.0


def test_vote_spread_refuses_a_question_that_is_not_a_vote():
    with pytest.raises(ValueError, match="not a vote"):
        vote_spread(ROOM, Activity.PROPOSE)


def test_frozen_votes_keep_every_option_of_every_question():
    results = frozen(ROOM, Activity.VOTE_PATHWAY)
    assert results == {
        "activity": "vote_pathway",
        "answered": 3,
        "votes": {
            VOTE_ITEM: {
                "industry_standards": 2,
                "collaborative_rd": 1,
                "public_policy": 0,
                "data_transparency": 0,
                "internal_rollout": 0,
            }
        },
    }
    assert json.loads(json.dumps(results)) == results  # kept as JSON text
    governance = frozen(ROOM, Activity.VOTE_GOVERNANCE)["votes"]
    assert set(governance) == set(vote_questions(Activity.VOTE_GOVERNANCE))
    assert governance[PURPOSE]["community"] == 1 and sum(governance[PURPOSE].values()) == 1
    assert sum(governance["neutrality"].values()) == 0 and len(governance["neutrality"]) == 5


def test_frozen_ratings_keep_the_mean_per_cause():
    assert frozen(ROOM, Activity.RATE_CAUSES) == {
        "activity": "rate_causes",
        "answered": 2,
        "mean_rating": {"Aggregator margins": 2.0, "Low resin price": 4.0},
    }
    thirds = _answers(_rating(1, "A", "X", 1), _rating(2, "B", "X", 1), _rating(3, "C", "X", 2))
    assert frozen(thirds, Activity.RATE_CAUSES)["mean_rating"] == {"X": 1.333}


def test_frozen_proposals_and_commitments_keep_how_many_were_sent():
    assert frozen(ROOM, Activity.PROPOSE) == {"activity": "propose", "answered": 1, "submitted": 2}
    assert frozen(ROOM, Activity.COMMIT) == {"activity": "commit", "answered": 0, "submitted": 0}
    assert frozen(_answers(), Activity.RATE_CAUSES) == {"activity": "rate_causes", "answered": 0, "mean_rating": {}}


def _link(pid: int, cause: str, effect: str, value: float) -> dict:
    return {"activity": "rate_links", "participant_id": pid, "participant": f"P{pid}", "item": link_item(cause, effect),
            "value": value}  # fmt: skip


LINKS = _answers(
    _link(1, "Low resin price", "Virgin plastic use", 1.0),
    _link(2, "Low resin price", "Virgin plastic use", 0.5),
    _link(3, "Low resin price", "Virgin plastic use", 0.0),  # mean 0.5, spread sqrt(1/6) = 0.408
    _link(1, "Collection rate", "Recycled supply", 0.75),
    _link(2, "Collection rate", "Recycled supply", 0.75),  # agreed
    _link(1, "Recycled supply", "Resin price", 0.25),  # one person: no spread to speak of
)


def test_link_strengths_give_each_links_mean_and_spread_most_disputed_first():
    strengths = link_strengths(LINKS)
    assert list(zip(strengths["cause"], strengths["effect"], strict=True)) == [
        ("Low resin price", "Virgin plastic use"),
        ("Collection rate", "Recycled supply"),
        ("Recycled supply", "Resin price"),
    ]
    assert strengths["n"].tolist() == [3, 2, 1]
    assert strengths["mean"].tolist() == pytest.approx([0.5, 0.75, 0.25])
    assert strengths["std"].tolist() == pytest.approx([(1 / 6) ** 0.5, 0.0, 0.0])


def test_disputed_links_are_those_rated_by_two_or_more_at_least_a_step_apart():
    strengths = link_strengths(LINKS)
    assert disputed(strengths)["cause"].tolist() == ["Low resin price"]
    # Two people one step apart (0.5 and 1.0) have a spread of exactly 0.25: disputed.
    pair = link_strengths(_answers(_link(1, "A", "B", 0.5), _link(2, "A", "B", 1.0)))
    assert pair["std"].iloc[0] == pytest.approx(DISPUTED_SPREAD) and len(disputed(pair)) == 1


def test_the_mean_map_takes_the_rooms_strength_keeps_the_sign_and_leaves_unrated_links_alone():
    links = pd.DataFrame({
        "cause": ["low  RESIN price", "Collection rate", "Oil price"],
        "effect": ["Virgin plastic use", "Recycled supply", "Resin price"],
        "polarity": ["+", "+", "-"],
        "strength": [0.9, 0.2, 0.6],
    })  # fmt: skip
    mapped = mean_map(links, link_strengths(LINKS))
    assert mapped["strength"].tolist() == pytest.approx([0.5, 0.75, 0.6])
    assert mapped["polarity"].tolist() == ["+", "+", "-"]
    assert mapped.drop(columns="strength").equals(links.drop(columns="strength"))


def test_the_rooms_governance_answers_are_the_most_chosen_and_a_tie_is_left_to_the_partners():
    votes = _answers(
        _vote(1, Activity.VOTE_GOVERNANCE, "community", PURPOSE),
        _vote(2, Activity.VOTE_GOVERNANCE, "community", PURPOSE),
        _vote(3, Activity.VOTE_GOVERNANCE, "systems_change", PURPOSE),
        _vote(1, Activity.VOTE_GOVERNANCE, "4", "speed"),
        _vote(1, Activity.VOTE_GOVERNANCE, "10", "horizon_years"),
        _vote(1, Activity.VOTE_GOVERNANCE, "False", "secretariat_funded"),
        _vote(1, Activity.VOTE_GOVERNANCE, "2", "neutrality"),
        _vote(2, Activity.VOTE_GOVERNANCE, "5", "neutrality"),
        _vote(1, Activity.VOTE_PATHWAY, "public_policy"),  # another vote: not a governance answer
    )
    answers, tied = governance_answers(votes)
    assert answers == Answers(
        purpose=Purpose.COMMUNITY, speed=4, horizon_years=10, secretariat_funded=False, neutrality=None,
        power_balance=None,
    )  # fmt: skip
    assert tied == (Criterion.NEUTRALITY,)
    assert governance_answers(_answers()) == (Answers(), ())
