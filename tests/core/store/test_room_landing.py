"""Where the live room's answers land: closing a question, moderating proposals, ending a session.

``core.room.landing`` on the demo partnership, on both back-ends (a DuckDB
file and a PostgreSQL database, as every store test): each landing is
checked against the records it writes, and every refusal against records
left exactly as they were.

Longer than most test modules: one test per way an answer lands or is refused,
each needing its records before and after.
"""

from __future__ import annotations

import json
import threading
from datetime import date

import pandas as pd
import pytest

from core.room import landing
from core.room.activities import VOTE_ITEM, Activity, ProposalKind, link_item
from core.room.landing import Decision
from core.store import Store, StoreError, Table, room
from core.store.room import RoomClosedError
from tests.helpers import all_records, assert_same_records, join_room

RATE, PROPOSE, COMMIT = Activity.RATE_CAUSES.value, Activity.PROPOSE.value, Activity.COMMIT.value
PATHWAY = Activity.VOTE_PATHWAY.value


def _propose(
    store: Store, session: room.Session, who: room.Participant, kind: ProposalKind, text: str, choice: str | None,
    detail: str | None = None,
) -> pd.Series:  # fmt: skip
    """Open the proposals question (if need be), send one proposal, and return it as the wall reads it."""
    question = room.questions(store, session).get(PROPOSE)
    if question is None or not question.is_open:
        room.set_question(store, session, PROPOSE, is_open=True)
    submission = f"{who.name}-{text}-{detail}"
    assert room.add_answer(
        store, session, who, PROPOSE, submission, text=text, kind=kind.value, choice=choice, detail=detail,
        status=Decision.PENDING.value,
    )  # fmt: skip
    found = room.answers(store, session, PROPOSE)
    return found[found["item"] == submission].iloc[0]


def _status(store: Store, session: room.Session, proposal: pd.Series) -> dict[str, object]:
    found = room.answers(store, session, PROPOSE).set_index("id").loc[int(proposal["id"])]
    return {"status": found["status"], "decided_by": found["decided_by"], "merged_into": found["merged_into"]}


# -- landing: ratings and commitments -------------------------------------------


def test_closing_the_ratings_lands_them_in_step_two_with_names_and_again_without_duplicates(live):
    store, session = live
    pid = session.partnership_id
    before = store.read(pid, Table.RATINGS)
    ana, bob = join_room(store, session, "Ana"), join_room(store, session, "Bob")
    room.set_question(store, session, RATE, is_open=True)
    given = {("Ana", "Aggregator margins"): 5.0, ("Ana", "Ocean leakage"): 3.0, ("Bob", "Aggregator margins"): 2.0}
    people = {"Ana": ana, "Bob": bob}
    for (who, cause), value in given.items():
        room.set_answer(store, session, people[who], RATE, cause, value=value)

    said = landing.close_question(store, session, Activity.RATE_CAUSES)

    assert said == "3 ratings from 2 participants saved to step 2 (3 new, 0 changed)."
    stored = store.read(pid, Table.RATINGS)
    assert len(stored) == len(before) + 3
    mine = stored[stored["participant"].isin(["Ana", "Bob"])]
    assert {(row.participant, row.cause): row.rating for row in mine.itertuples()} == given
    question = room.questions(store, session)[RATE]
    assert not question.is_open
    assert json.loads(question.results) == {
        "activity": "rate_causes",
        "answered": 2,
        "mean_rating": {"Aggregator margins": 3.5, "Ocean leakage": 3.0},
    }
    latest = store.changes(pid).iloc[0]
    assert latest["made_by"] == "fran" and "Workshop 2" in latest["reason"]

    assert landing.close_question(store, session, Activity.RATE_CAUSES).endswith("(0 new, 0 changed).")
    pd.testing.assert_frame_equal(store.read(pid, Table.RATINGS), stored)  # closing again adds nothing

    room.set_question(store, session, RATE, is_open=True)
    room.set_answer(store, session, bob, RATE, "Aggregator margins", value=4.0)
    assert landing.close_question(store, session, Activity.RATE_CAUSES).endswith("(0 new, 1 changed).")
    again = store.read(pid, Table.RATINGS)
    assert len(again) == len(stored)
    bobs = again[(again["participant"] == "Bob") & (again["cause"] == "Aggregator margins")]
    assert bobs["rating"].tolist() == [4.0]


def test_closing_a_question_nobody_answered_writes_no_record(live):
    store, session = live
    pid = session.partnership_id
    before, changes = all_records(store, pid), len(store.changes(pid))
    room.set_question(store, session, RATE, is_open=True)
    room.set_question(store, session, COMMIT, is_open=True)
    assert landing.close_question(store, session, Activity.RATE_CAUSES) == "No ratings were given."
    assert landing.close_question(store, session, Activity.COMMIT) == "No commitments were made."
    assert_same_records(before, all_records(store, pid))
    assert len(store.changes(pid)) == changes
    assert not any(question.is_open for question in room.questions(store, session).values())


def test_closing_the_commitments_lands_them_in_the_action_plan_owned_by_who_made_them(live):
    store, session = live
    pid = session.partnership_id
    before = store.read(pid, Table.COMMITMENTS)
    ana, bob = join_room(store, session, "Ana"), join_room(store, session, "Bob")
    room.set_question(store, session, COMMIT, is_open=True)
    room.add_answer(store, session, ana, COMMIT, "a1", text="Call the port authority", due_date=date(2026, 3, 31))
    room.add_answer(store, session, bob, COMMIT, "b1", text="Visit the Ennore hub")

    said = landing.close_question(store, session, Activity.COMMIT)

    assert said.startswith("2 commitments from 2 participants saved to the action plan (2 new")
    stored = store.read(pid, Table.COMMITMENTS)
    assert len(stored) == len(before) + 2
    rows = stored.set_index("commitment")
    assert rows.loc["Call the port authority", "who"] == "Ana"
    assert pd.Timestamp(rows.loc["Call the port authority", "due_date"]).date() == date(2026, 3, 31)
    assert rows.loc["Visit the Ennore hub", "who"] == "Bob"
    assert pd.isna(rows.loc["Visit the Ennore hub", "due_date"])
    assert set(rows.loc[["Call the port authority", "Visit the Ennore hub"], "status"]) == {"open"}
    assert rows.loc["Visit the Ennore hub", "tracking"] == "committed in live session 'Workshop 2'"
    assert json.loads(room.questions(store, session)[COMMIT].results) == {
        "activity": "commit",
        "answered": 2,
        "submitted": 2,
    }
    landing.close_question(store, session, Activity.COMMIT)
    pd.testing.assert_frame_equal(store.read(pid, Table.COMMITMENTS), stored)  # closing again adds nothing


def test_the_same_commitment_from_two_people_is_one_action_with_both_owners(live):
    store, session = live
    pid = session.partnership_id
    before = len(store.read(pid, Table.COMMITMENTS))
    ana, bob = join_room(store, session, "Ana"), join_room(store, session, "Bob")
    room.set_question(store, session, COMMIT, is_open=True)
    room.add_answer(store, session, ana, COMMIT, "a1", text="Call the port authority", due_date=date(2026, 5, 1))
    room.add_answer(store, session, bob, COMMIT, "b1", text="call  the PORT authority", due_date=date(2026, 4, 1))
    said = landing.close_question(store, session, Activity.COMMIT)
    assert said.startswith("2 commitments from 2 participants saved to the action plan (1 new")
    stored = store.read(pid, Table.COMMITMENTS)
    assert len(stored) == before + 1
    landed = stored[stored["commitment"].str.casefold().str.split().str.join(" ") == "call the port authority"]
    assert landed["who"].tolist() == ["Ana; Bob"]
    assert pd.Timestamp(landed["due_date"].iloc[0]).date() == date(2026, 4, 1)  # the earliest date given


def test_a_late_commitment_to_an_action_already_planned_adds_its_owner(live):
    store, session = live
    pid = session.partnership_id
    planned = store.read(pid, Table.COMMITMENTS).iloc[0]
    ana = join_room(store, session, "Ana")
    room.set_question(store, session, COMMIT, is_open=True)
    room.add_answer(store, session, ana, COMMIT, "a1", text=planned["commitment"].upper(), due_date=date(2030, 1, 1))
    landing.close_question(store, session, Activity.COMMIT)
    after = store.read(pid, Table.COMMITMENTS).set_index("commitment").loc[planned["commitment"]]
    owners = [owner.strip() for owner in str(after["who"]).split(";")]
    assert owners[-1] == "Ana" and owners[:-1] == [o.strip() for o in str(planned["who"]).split(";") if o.strip()]
    assert (after["status"], after["tracking"]) == (planned["status"], planned["tracking"])  # the plan's own
    assert after["due_date"] == planned["due_date"] or (pd.isna(after["due_date"]) and pd.isna(planned["due_date"]))


def test_closing_the_commitments_again_never_repeats_an_owner(live):
    store, session = live
    pid = session.partnership_id
    odd = join_room(store, session, "Ana; Bob")  # the store takes it; the join form refuses it (clean_name)
    room.set_question(store, session, COMMIT, is_open=True)
    room.add_answer(store, session, odd, COMMIT, "a1", text="Call the port authority")
    landing.close_question(store, session, Activity.COMMIT)
    first = store.read(pid, Table.COMMITMENTS)
    room.set_question(store, session, COMMIT, is_open=True)
    landing.close_question(store, session, Activity.COMMIT)
    pd.testing.assert_frame_equal(store.read(pid, Table.COMMITMENTS), first)


def test_closing_the_commitments_again_keeps_what_the_action_plan_changed_since(live):
    store, session = live
    pid = session.partnership_id
    ana = join_room(store, session, "Ana")
    room.set_question(store, session, COMMIT, is_open=True)
    room.add_answer(store, session, ana, COMMIT, "a1", text="Call the port authority")
    landing.close_question(store, session, Activity.COMMIT)
    store.upsert(pid, Table.COMMITMENTS, pd.DataFrame({"commitment": ["Call the port authority"], "status": ["done"]}))
    room.set_question(store, session, COMMIT, is_open=True)  # re-opened for the latecomers
    landing.close_question(store, session, Activity.COMMIT)
    stored = store.read(pid, Table.COMMITMENTS).set_index("commitment")
    assert stored.loc["Call the port authority", "status"] == "done"


# -- landing: proposals ------------------------------------------------------------


def test_accepting_a_proposal_adds_the_record_naming_who_proposed_it(live):
    store, session = live
    pid = session.partnership_id
    ana = join_room(store, session, "Ana")
    proposal = _propose(store, session, ana, ProposalKind.BARRIER, "No deposit scheme", "legal", "Seen in Ennore")
    before = store.read(pid, Table.BARRIERS)

    said = landing.moderate(store, session, proposal, Decision.ACCEPTED)

    assert said == "Added barrier 'No deposit scheme'."
    stored = store.read(pid, Table.BARRIERS)
    assert len(stored) == len(before) + 1
    added = stored[stored["name"] == "No deposit scheme"].iloc[0]
    assert added["category"] == "legal"
    assert added["notes"] == "Proposed by Ana in live session 'Workshop 2': Seen in Ennore"
    assert _status(store, session, proposal) == {"status": "accepted", "decided_by": "fran", "merged_into": None}
    latest = store.changes(pid).iloc[0]
    assert latest["made_by"] == "fran" and "Workshop 2" in latest["reason"]


@pytest.mark.parametrize(
    ("kind", "text", "choice"),
    [
        (ProposalKind.ACTOR, "Lagoon Co-op", "community"),
        (ProposalKind.FACTOR, "Monsoon flooding", None),
        (ProposalKind.EVIDENCE, "Pickers earn 30% less in monsoon", "qualitative"),
        (ProposalKind.OUTCOME, "Tonnes collected in monsoon", None),
    ],
)
def test_every_kind_of_proposal_can_be_accepted(live, kind, text, choice):
    store, session = live
    ana = join_room(store, session, "Ana")
    proposal = _propose(store, session, ana, kind, text, choice)
    landing.moderate(store, session, proposal, Decision.ACCEPTED)
    stored = store.read(session.partnership_id, kind.table)
    added = stored[stored[kind.name_column] == text]
    assert len(added) == 1
    if kind.note_column:
        assert added[kind.note_column].iloc[0] == "Proposed by Ana in live session 'Workshop 2'"


def test_a_proposed_relation_is_accepted_between_its_two_actors_once_and_never_merged(live):
    store, session = live
    pid = session.partnership_id
    source, target = store.read(pid, Table.ACTORS)["name"].iloc[:2]
    ana = join_room(store, session, "Ana")
    proposal = _propose(store, session, ana, ProposalKind.RELATION, link_item(source, target), "supplies")
    before = store.read(pid, Table.RELATIONS)

    assert landing.moderate(store, session, proposal, Decision.ACCEPTED) == f"Added relation '{source} → {target}'."

    after = store.read(pid, Table.RELATIONS)
    assert len(after) == len(before) + 1
    added = after[(after["source"] == source) & (after["target"] == target) & (after["kind"] == "supplies")]
    assert added["notes"].tolist() == ["Proposed by Ana in live session 'Workshop 2'"]
    again = _propose(store, session, ana, ProposalKind.RELATION, link_item(source, target), "supplies", "again")
    with pytest.raises(StoreError, match="already recorded as a relation"):
        landing.moderate(store, session, again, Decision.ACCEPTED)
    with pytest.raises(StoreError, match="cannot be merged"):
        landing.moderate(store, session, again, Decision.MERGED, merge_into=source)
    pd.testing.assert_frame_equal(store.read(pid, Table.RELATIONS), after)
    assert _status(store, session, again)["status"] == "pending"


def test_accepting_a_name_already_recorded_is_refused_and_writes_nothing(live):
    store, session = live
    pid = session.partnership_id
    existing = store.read(pid, Table.BARRIERS)["name"].iloc[0]
    ana = join_room(store, session, "Ana")
    proposal = _propose(store, session, ana, ProposalKind.BARRIER, f"  {existing.upper()} ", "economic")
    before, changes = all_records(store, pid), len(store.changes(pid))

    with pytest.raises(StoreError, match="already recorded as a barrier: merge it instead"):
        landing.moderate(store, session, proposal, Decision.ACCEPTED)

    assert_same_records(before, all_records(store, pid))
    assert len(store.changes(pid)) == changes
    assert _status(store, session, proposal)["status"] == "pending"


def test_accepting_a_proposal_the_records_refuse_writes_nothing(live):
    store, session = live
    pid = session.partnership_id
    ana = join_room(store, session, "Ana")
    proposal = _propose(store, session, ana, ProposalKind.ACTOR, "Lagoon Co-op", "spaceship")
    before = all_records(store, pid)
    with pytest.raises(StoreError):
        landing.moderate(store, session, proposal, Decision.ACCEPTED)
    assert_same_records(before, all_records(store, pid))
    assert _status(store, session, proposal)["status"] == "pending"


def test_merging_a_proposal_adds_to_the_existing_records_note_and_nothing_else(live):
    store, session = live
    pid = session.partnership_id
    before = store.read(pid, Table.BARRIERS)
    target = before.iloc[1]
    bob = join_room(store, session, "Bob")
    proposal = _propose(
        store, session, bob, ProposalKind.BARRIER, "Middlemen keep the money", "economic", "Posted prices ignored"
    )

    said = landing.moderate(store, session, proposal, Decision.MERGED, merge_into=target["name"].lower())

    assert said == f"Merged 'Middlemen keep the money' into '{target['name']}'."
    after = store.read(pid, Table.BARRIERS)
    assert len(after) == len(before)
    merged = after[after["name"] == target["name"]].iloc[0]
    assert merged["notes"] == (
        f"{target['notes']}; Bob (live session 'Workshop 2'): Middlemen keep the money - Posted prices ignored"
    )
    expected = before.copy()
    expected.loc[expected["name"] == target["name"], "notes"] = merged["notes"]
    pd.testing.assert_frame_equal(after, expected)  # only that one note changed
    assert _status(store, session, proposal) == {
        "status": "merged",
        "decided_by": "fran",
        "merged_into": target["name"],
    }


def test_merging_into_a_record_without_a_note_starts_the_note(live):
    store, session = live
    pid = session.partnership_id
    store.upsert(pid, Table.FACTORS, pd.DataFrame({"name": ["Monsoon"]}))
    ana = join_room(store, session, "Ana")
    proposal = _propose(store, session, ana, ProposalKind.FACTOR, "Rainy season", None)
    landing.moderate(store, session, proposal, Decision.MERGED, merge_into="Monsoon")
    factors = store.read(pid, Table.FACTORS).set_index("name")
    assert factors.loc["Monsoon", "description"] == "Ana (live session 'Workshop 2'): Rainy season"


def test_merging_into_a_record_that_is_not_there_is_refused(live):
    store, session = live
    pid = session.partnership_id
    ana = join_room(store, session, "Ana")
    proposal = _propose(store, session, ana, ProposalKind.BARRIER, "Middlemen", "economic")
    before = all_records(store, pid)
    with pytest.raises(StoreError, match="no barrier called 'Nothing like it' to merge into"):
        landing.moderate(store, session, proposal, Decision.MERGED, merge_into="Nothing like it")
    assert_same_records(before, all_records(store, pid))
    assert _status(store, session, proposal)["status"] == "pending"


def test_rejecting_a_proposal_writes_no_record(live):
    store, session = live
    pid = session.partnership_id
    ana = join_room(store, session, "Ana")
    proposal = _propose(store, session, ana, ProposalKind.BARRIER, "Aliens", "environmental")
    before, changes = all_records(store, pid), len(store.changes(pid))

    assert landing.moderate(store, session, proposal, Decision.REJECTED) == "Rejected 'Aliens'."

    assert_same_records(before, all_records(store, pid))
    assert len(store.changes(pid)) == changes
    assert _status(store, session, proposal) == {"status": "rejected", "decided_by": "fran", "merged_into": None}


def test_a_proposal_is_decided_once(live):
    store, session = live
    pid = session.partnership_id
    target = store.read(pid, Table.BARRIERS)["name"].iloc[1]
    bob = join_room(store, session, "Bob")
    proposal = _propose(store, session, bob, ProposalKind.BARRIER, "Middlemen keep the money", "economic")
    landing.moderate(store, session, proposal, Decision.MERGED, merge_into=target)
    merged = store.read(pid, Table.BARRIERS)
    for decision in (Decision.MERGED, Decision.ACCEPTED, Decision.REJECTED):  # a second tab, a stale wall
        with pytest.raises(StoreError, match="already merged by fran"):
            landing.moderate(store.as_user("gil"), session, proposal, decision, merge_into=target)
    pd.testing.assert_frame_equal(store.read(pid, Table.BARRIERS), merged)
    assert _status(store, session, proposal) == {"status": "merged", "decided_by": "fran", "merged_into": target}


def test_facilitators_deciding_one_proposal_at_once_decide_it_once(live):
    store, session = live
    pid = session.partnership_id
    target = store.read(pid, Table.BARRIERS)["name"].iloc[1]
    bob = join_room(store, session, "Bob")
    proposal = _propose(store, session, bob, ProposalKind.BARRIER, "Middlemen keep the money", "economic")
    tabs = 5
    barrier = threading.Barrier(tabs, timeout=60)
    outcomes: list[str] = []

    def decide(number: int) -> None:
        barrier.wait()
        try:
            landing.moderate(store.as_user(f"tab{number}"), session, proposal, Decision.MERGED, merge_into=target)
            outcomes.append("merged")
        except StoreError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=decide, args=(number,)) for number in range(tabs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == tabs
    assert outcomes.count("merged") == 1, outcomes
    assert all("already merged by tab" in said for said in outcomes if said != "merged"), outcomes
    note = store.read(pid, Table.BARRIERS).set_index("name").loc[target, "notes"]
    assert note.count("Middlemen keep the money") == 1


def test_closing_the_proposals_writes_no_record(live):
    store, session = live
    pid = session.partnership_id
    ana = join_room(store, session, "Ana")
    _propose(store, session, ana, ProposalKind.BARRIER, "Aliens", "environmental")
    before = all_records(store, pid)
    assert landing.close_question(store, session, Activity.PROPOSE) == "Proposals enter the records as you accept them."
    assert_same_records(before, all_records(store, pid))


# -- ending ----------------------------------------------------------------------


def test_ending_closes_every_open_question_lands_its_answers_and_retires_the_code(live):
    store, session = live
    pid = session.partnership_id
    ana = join_room(store, session, "Ana")
    for activity in (RATE, COMMIT, PATHWAY):
        room.set_question(store, session, activity, is_open=True)
    room.set_answer(store, session, ana, RATE, "Ocean leakage", value=4.0)
    room.add_answer(store, session, ana, COMMIT, "a1", text="Call the port authority")
    room.set_answer(store, session, ana, PATHWAY, VOTE_ITEM, choice="public_policy")

    landed = landing.end(store, session)

    assert len(landed) == 3
    assert "1 rating from 1 participant saved to step 2 (1 new, 0 changed)." in landed
    assert any(said.startswith("1 commitment from 1 participant saved to the action plan") for said in landed)
    questions = room.questions(store, session)
    assert set(questions) == {RATE, COMMIT, PATHWAY}
    assert not any(question.is_open for question in questions.values())
    assert json.loads(questions[PATHWAY].results)["votes"][VOTE_ITEM]["public_policy"] == 1
    assert room.session_for_code(store, "K7QM2X") is None
    assert room.open_session(store, pid) is None
    assert not room.session(store, session.id).is_open
    ratings = store.read(pid, Table.RATINGS)
    assert ratings[ratings["participant"] == "Ana"]["rating"].tolist() == [4.0]
    assert "Call the port authority" in set(store.read(pid, Table.COMMITMENTS)["commitment"])
    with pytest.raises(RoomClosedError):
        room.set_answer(store, session, ana, RATE, "Ocean leakage", value=1.0)


def test_ending_a_session_with_nothing_open_only_ends_it(live):
    store, session = live
    before = all_records(store, session.partnership_id)
    assert landing.end(store, session) == []
    assert room.session_for_code(store, session.join_code) is None
    assert_same_records(before, all_records(store, session.partnership_id))
