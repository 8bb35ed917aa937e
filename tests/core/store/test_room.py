"""The live room's own tables: sessions, participants, questions, answers and the pulse.

``core.store.room`` on both back-ends (a DuckDB file and a PostgreSQL
database), with many phones answering at once; where the answers land in
the records is in ``test_room_landing.py``.

A little over 300 lines: one test per rule a session, a participant or an
answer must keep.
"""

from __future__ import annotations

import threading
from datetime import date

import pandas as pd
import pytest

from core.room import landing
from core.room.activities import VOTE_ITEM, Activity
from core.store import Store, StoreError, Table, room
from core.store.room import RoomClosedError
from tests.helpers import join_room

ROOM_TABLES = ("room_sessions", "room_participants", "room_questions", "room_answers")
RATE, PROPOSE, COMMIT = Activity.RATE_CAUSES.value, Activity.PROPOSE.value, Activity.COMMIT.value
PATHWAY = Activity.VOTE_PATHWAY.value


def _room_rows(store: Store, partnership_id: int) -> dict[str, int]:
    """How many rows each room table holds for the partnership's sessions."""
    sessions = "(SELECT id FROM room_sessions WHERE partnership_id = ?)"
    with store.connect() as connection:
        counts = {
            table: connection.rows(f"SELECT count(*) FROM {table} WHERE session_id IN {sessions}", [partnership_id])[0][
                0
            ]
            for table in ROOM_TABLES[1:]
        }
        counts["room_sessions"] = connection.rows(
            "SELECT count(*) FROM room_sessions WHERE partnership_id = ?", [partnership_id]
        )[0][0]
    return counts


# -- sessions ------------------------------------------------------------------


def test_a_session_starts_open_with_its_code_and_who_started_it(live):
    store, session = live
    assert (session.name, session.join_code, session.started_by, session.is_open) == (
        "Workshop 2",
        "K7QM2X",
        "fran",
        True,
    )
    assert room.open_session(store, session.partnership_id) == session
    assert room.session(store, session.id) == session
    assert room.session_for_code(store, "K7QM2X") == session
    assert room.session_for_code(store, "K7QM2Y") is None


def test_one_open_session_per_partnership(live):
    store, session = live
    with pytest.raises(StoreError, match="'Workshop 2' is still open"):
        room.start_session(store, session.partnership_id, "Workshop 3", "ABCDEF", False)
    other = store.create_partnership("Seafood labour coalition")
    second = room.start_session(store, other, "Kick-off", "ABCDEF", False)  # another partnership may run one
    assert room.open_session(store, other) == second
    room.end_session(store, session)
    assert room.open_session(store, session.partnership_id) is None
    third = room.start_session(store, session.partnership_id, "Workshop 3", "GHJKLM", False)
    assert room.open_session(store, session.partnership_id) == third


def test_a_join_code_is_never_used_twice(live):
    store, session = live
    other = store.create_partnership("Seafood labour coalition")
    with pytest.raises(StoreError, match="join code was used before"):
        room.start_session(store, other, "Kick-off", "K7QM2X", False)
    room.end_session(store, session)
    with pytest.raises(StoreError, match="join code was used before"):  # not even once its session ended
        room.start_session(store, other, "Kick-off", "K7QM2X", False)
    assert room.open_session(store, other) is None


# -- participants --------------------------------------------------------------


def test_a_name_is_taken_once_per_session_whatever_its_case(live):
    store, session = live
    ana = join_room(store, session, "Ana")
    for same in ("ana", "ANA", "aNa"):
        with pytest.raises(StoreError, match=f"already goes by '{same}'"):
            room.join(store, session, same, f"token-{same}-again")
    assert room.participants(store, session)["name"].tolist() == ["Ana"]
    assert room.participant(store, session, ana.token) == ana
    room.end_session(store, session)
    later = room.start_session(store, session.partnership_id, "Workshop 3", "GHJKLM", False)
    assert join_room(store, later, "ANA").name == "ANA"  # another session: the name is free again


def test_a_token_finds_its_participant_in_its_own_session_only(live):
    store, session = live
    ana = join_room(store, session, "Ana")
    other = room.start_session(store, store.create_partnership("Seafood labour coalition"), "K", "ABCDEF", False)
    assert room.participant(store, session, ana.token) == ana
    assert room.participant(store, other, ana.token) is None
    assert room.participant(store, session, "") is None
    assert room.participant(store, session, "token-nobody") is None


def test_nobody_joins_an_ended_session(live):
    store, session = live
    room.end_session(store, session)
    with pytest.raises(RoomClosedError, match="has ended"):
        join_room(store, session, "Ana")
    assert room.participants(store, session).empty


# -- answers -------------------------------------------------------------------


def test_answers_are_taken_only_while_their_question_is_open(live):
    store, session = live
    ana = join_room(store, session, "Ana")
    with pytest.raises(RoomClosedError, match="closed this question"):  # never opened
        room.set_answer(store, session, ana, RATE, "Aggregator margins", value=4.0)
    room.set_question(store, session, RATE, is_open=True)
    room.set_answer(store, session, ana, RATE, "Aggregator margins", value=4.0)
    room.set_question(store, session, RATE, is_open=False)
    with pytest.raises(RoomClosedError, match="closed this question"):
        room.set_answer(store, session, ana, RATE, "Aggregator margins", value=1.0)
    with pytest.raises(RoomClosedError, match="closed this question"):  # another question is not open either
        room.add_answer(store, session, ana, COMMIT, "s1", text="Call the port")
    assert room.answers(store, session)[["item", "value"]].to_dict("records") == [
        {"item": "Aggregator margins", "value": 4.0}
    ]


def test_answers_are_refused_once_the_session_ends(live):
    store, session = live
    ana = join_room(store, session, "Ana")
    room.set_question(store, session, RATE, is_open=True)
    room.set_question(store, session, COMMIT, is_open=True)
    room.end_session(store, session)
    with pytest.raises(RoomClosedError, match="has ended"):
        room.set_answer(store, session, ana, RATE, "Aggregator margins", value=4.0)
    with pytest.raises(RoomClosedError, match="has ended"):
        room.add_answer(store, session, ana, COMMIT, "s1", text="Call the port")
    with pytest.raises(RoomClosedError, match="has ended"):
        room.set_question(store, session, RATE, is_open=True)
    assert room.answers(store, session).empty


def test_a_removed_participant_can_answer_no_more_but_what_they_said_stays(live):
    store, session = live
    ana, bob = join_room(store, session, "Ana"), join_room(store, session, "Bob")
    room.set_question(store, session, RATE, is_open=True)
    room.set_answer(store, session, ana, RATE, "Aggregator margins", value=4.0)
    room.remove_participant(store, session, ana.id)
    with pytest.raises(RoomClosedError, match="removed you"):
        room.set_answer(store, session, ana, RATE, "Ocean leakage", value=2.0)
    room.set_question(store, session, COMMIT, is_open=True)
    with pytest.raises(RoomClosedError, match="removed you"):
        room.add_answer(store, session, ana, COMMIT, "s1", text="Call the port")
    room.set_answer(store, session, bob, RATE, "Ocean leakage", value=2.0)  # the others go on
    assert room.participant(store, session, ana.token) is None
    assert room.was_removed(store, session, ana.token)
    assert not room.was_removed(store, session, bob.token)
    assert not room.was_removed(store, session, "token-nobody")
    people = room.participants(store, session).set_index("name")
    assert not pd.isna(people.loc["Ana", "removed_at"])
    assert pd.isna(people.loc["Bob", "removed_at"])
    assert room.answers(store, session)[["participant", "item"]].values.tolist() == [
        ["Ana", "Aggregator margins"],
        ["Bob", "Ocean leakage"],
    ]


def test_a_closed_session_error_is_a_store_error():
    assert issubclass(RoomClosedError, StoreError)


def test_a_rating_given_twice_is_one_answer_with_the_new_value(live):
    store, session = live
    ana, bob = join_room(store, session, "Ana"), join_room(store, session, "Bob")
    room.set_question(store, session, RATE, is_open=True)
    room.set_answer(store, session, ana, RATE, "Aggregator margins", value=4.0)
    room.set_answer(store, session, bob, RATE, "Aggregator margins", value=2.0)
    room.set_answer(store, session, ana, RATE, "Aggregator margins", value=1.0)
    answers = room.answers(store, session, RATE)
    assert answers[["participant", "item", "value"]].values.tolist() == [
        ["Ana", "Aggregator margins", 1.0],
        ["Bob", "Aggregator margins", 2.0],
    ]


def test_a_vote_changed_is_one_vote(live):
    store, session = live
    ana = join_room(store, session, "Ana")
    room.set_question(store, session, PATHWAY, is_open=True)
    room.set_answer(store, session, ana, PATHWAY, VOTE_ITEM, choice="public_policy")
    room.set_answer(store, session, ana, PATHWAY, VOTE_ITEM, choice="collaborative_rd")
    assert room.answers(store, session)["choice"].tolist() == ["collaborative_rd"]


def test_a_submission_sent_twice_is_stored_once(live):
    store, session = live
    ana, bob = join_room(store, session, "Ana"), join_room(store, session, "Bob")
    room.set_question(store, session, COMMIT, is_open=True)
    due = date(2026, 3, 31)
    assert room.add_answer(store, session, ana, COMMIT, "form-1", text="Call the port", due_date=due) is True
    assert room.add_answer(store, session, ana, COMMIT, "form-1", text="Call the port", due_date=due) is False
    assert room.add_answer(store, session, ana, COMMIT, "form-1", text="Something else") is False  # still the one
    assert room.add_answer(store, session, ana, COMMIT, "form-2", text="Visit Ennore") is True
    assert room.add_answer(store, session, bob, COMMIT, "form-1", text="Call the port") is True  # Bob's own form
    answers = room.answers(store, session, COMMIT)
    assert answers[["participant", "item", "text"]].values.tolist() == [
        ["Ana", "form-1", "Call the port"],
        ["Ana", "form-2", "Visit Ennore"],
        ["Bob", "form-1", "Call the port"],
    ]
    assert pd.Timestamp(answers["due_date"].iloc[0]).date() == due


def test_answers_of_one_activity_or_all(live):
    store, session = live
    ana = join_room(store, session, "Ana")
    for activity in (RATE, COMMIT):
        room.set_question(store, session, activity, is_open=True)
    room.set_answer(store, session, ana, RATE, "Ocean leakage", value=3.0)
    room.add_answer(store, session, ana, COMMIT, "s1", text="Call the port")
    assert room.answers(store, session)["activity"].tolist() == [RATE, COMMIT]
    assert room.answers(store, session, COMMIT)["text"].tolist() == ["Call the port"]
    assert room.answers(store, session, "vote_governance").empty


# -- questions -----------------------------------------------------------------


def test_a_question_opens_closes_and_reopens(live):
    store, session = live
    assert room.questions(store, session) == {}
    room.set_question(store, session, RATE, is_open=True)
    assert room.questions(store, session)[RATE].is_open
    room.set_question(store, session, RATE, is_open=False, results='{"answered": 0}')
    closed = room.questions(store, session)[RATE]
    assert not closed.is_open and closed.results == '{"answered": 0}'
    room.set_question(store, session, RATE, is_open=True)
    assert room.questions(store, session)[RATE].is_open
    assert list(room.questions(store, session)) == [RATE]


def test_the_pulse_moves_with_every_write_and_says_what_is_open_and_who_is_in(live):
    store, session = live
    seen = [room.pulse(store, session)]
    records = store.partnerships().set_index("id").at[session.partnership_id, "revision"]
    assert seen[0] == room.Pulse(
        is_open=True, revision=0, open_activities=frozenset(), present=False, records=int(records)
    )
    ana = join_room(store, session, "Ana")
    room.set_question(store, session, RATE, is_open=True)
    room.set_question(store, session, COMMIT, is_open=True)
    seen.append(room.pulse(store, session, ana.token))
    assert seen[-1].open_activities == {RATE, COMMIT} and seen[-1].present
    room.set_answer(store, session, ana, RATE, "Low trust", value=4)
    seen.append(room.pulse(store, session, ana.token))
    room.set_answer(store, session, ana, RATE, "Low trust", value=2)  # changed in place: still a change
    seen.append(room.pulse(store, session, ana.token))
    room.set_question(store, session, RATE, is_open=False)
    room.remove_participant(store, session, ana.id)
    seen.append(room.pulse(store, session, ana.token))
    assert seen[-1].open_activities == {COMMIT} and not seen[-1].present
    room.end_session(store, session)
    seen.append(room.pulse(store, session, ana.token))
    assert not seen[-1].is_open
    revisions = [pulse.revision for pulse in seen]
    assert revisions == sorted(set(revisions)), revisions  # each step moved it on
    assert {pulse.records for pulse in seen} == {int(records)}  # the room's own writes leave the records as they were
    store.upsert(session.partnership_id, Table.FACTORS, pd.DataFrame([{"name": "Ocean leakage, renamed"}]), "a rename")
    assert room.pulse(store, session).records > records  # a record saved: the wall draws its names again
    assert room.pulse(store, room.Session(**{**session.__dict__, "id": 999_999})) is None


# -- deleting the partnership --------------------------------------------------------


def test_deleting_a_partnership_deletes_its_room_and_no_other(live):
    store, session = live
    pid = session.partnership_id
    other = store.create_partnership("Seafood labour coalition")
    kept = room.start_session(store, other, "Kick-off", "ABCDEF", False)
    for each in (session, kept):
        ana = join_room(store, each, "Ana")
        room.set_question(store, each, RATE, is_open=True)
        room.set_question(store, each, COMMIT, is_open=True)
        room.set_answer(store, each, ana, RATE, "Ocean leakage", value=4.0)
        room.add_answer(store, each, ana, COMMIT, "a1", text="Call the port authority")
    full = {"room_sessions": 1, "room_participants": 1, "room_questions": 2, "room_answers": 2}
    assert _room_rows(store, pid) == full

    store.delete_partnership(pid)

    assert _room_rows(store, pid) == dict.fromkeys(ROOM_TABLES, 0)
    assert room.session_for_code(store, "K7QM2X") is None
    assert room.participant(store, session, f"token-{session.id}-Ana") is None
    assert _room_rows(store, other) == full
    assert room.session_for_code(store, "ABCDEF") == kept


# -- many phones at once -------------------------------------------------------------


def test_thirty_phones_answering_at_once_all_land(live):
    store, session = live
    pid = session.partnership_id
    room.set_question(store, session, RATE, is_open=True)
    causes = store.read(pid, Table.FACTORS)["name"].tolist()[:5]
    count = 30
    barrier = threading.Barrier(count, timeout=60)
    errors: list[BaseException] = []

    def answer(number: int) -> None:
        try:
            barrier.wait()
            me = room.join(store, session, f"Phone {number:02d}", f"token-{number}")
            for rating, cause in enumerate(causes, 1):
                room.set_answer(store, session, me, RATE, cause, value=float(rating))
        except BaseException as error:  # every failure is reported by the test
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=answer, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []

    answers = room.answers(store, session, RATE)
    assert len(answers) == count * len(causes) == 150
    assert answers.groupby("participant").size().to_dict() == {f"Phone {n:02d}": 5 for n in range(count)}
    assert answers.groupby("item")["value"].unique().map(list).to_dict() == {
        cause: [float(rating)] for rating, cause in enumerate(causes, 1)
    }
    before = len(store.read(pid, Table.RATINGS))
    assert landing.close_question(store, session, Activity.RATE_CAUSES) == (
        "150 ratings from 30 participants saved to step 2 (150 new, 0 changed)."
    )
    assert len(store.read(pid, Table.RATINGS)) == before + 150
