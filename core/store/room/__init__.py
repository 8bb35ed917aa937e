"""The live room's own tables: sessions, participants, questions and answers.

These are not partnership records: they are what a live session collects.
Answers become records (ratings, commitments, accepted proposals) through
:mod:`core.room.landing`, which saves them with the ordinary store methods.
:mod:`.sessions` holds the session and its people, :mod:`.asking` what it
asks and what the room answers.
"""

from core.store.room.asking import (
    Question,
    add_answer,
    answers,
    decide,
    latest_answers,
    questions,
    set_answer,
    set_question,
)
from core.store.room.sessions import (
    Participant,
    Pulse,
    RoomClosedError,
    Session,
    end_session,
    join,
    open_session,
    participant,
    participants,
    pulse,
    remove_participant,
    session,
    session_for_code,
    start_session,
    was_removed,
)

__all__ = [
    "Participant",
    "Pulse",
    "Question",
    "RoomClosedError",
    "Session",
    "add_answer",
    "answers",
    "decide",
    "end_session",
    "join",
    "latest_answers",
    "open_session",
    "participant",
    "participants",
    "pulse",
    "questions",
    "remove_participant",
    "session",
    "session_for_code",
    "set_answer",
    "set_question",
    "start_session",
    "was_removed",
]
