"""What a live session asks and what the room answers: questions opened and closed, ratings, votes, proposals.

A participant's answer is checked inside its write: the session still open,
the question still open, the participant not removed, so an answer sent as
the facilitator closes the question is refused in words, never half-kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from core.access import Need
from core.store.backend import Connection
from core.store.room.sessions import Participant, RoomClosedError, Session, check_open, one_session, write
from core.store.store import Store

__all__ = ["Question", "add_answer", "answers", "decide", "latest_answers", "questions", "set_answer", "set_question"]


@dataclass(frozen=True)
class Question:
    activity: str
    opened_at: datetime | None
    closed_at: datetime | None
    results: str | None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


# -- questions -----------------------------------------------------------------


def questions(store: Store, room: Session) -> dict[str, Question]:
    """Each question the facilitator has opened in the session, by activity."""
    with store.connect() as connection:
        rows = connection.rows(
            "SELECT activity, opened_at, closed_at, results FROM room_questions WHERE session_id = ?", [room.id]
        )
    return {row[0]: Question(*row) for row in rows}


def set_question(store: Store, room: Session, activity: str, *, is_open: bool, results: str | None = None) -> None:
    """Open (or re-open) a question, or close it and keep its frozen ``results`` (JSON text)."""

    def work(connection: Connection) -> tuple[None, bool]:
        check_open(connection, room)
        connection.execute(
            "INSERT INTO room_questions (session_id, activity) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [room.id, activity],
        )
        if is_open:
            connection.execute(
                "UPDATE room_questions SET opened_at = current_timestamp, closed_at = NULL "
                "WHERE session_id = ? AND activity = ?",
                [room.id, activity],
            )
        else:
            connection.execute(
                "UPDATE room_questions SET closed_at = current_timestamp, results = ? "
                "WHERE session_id = ? AND activity = ?",
                [results, room.id, activity],
            )
        return None, False

    write(store, room, work)


# -- answers -------------------------------------------------------------------


def set_answer(
    store: Store, room: Session, who: Participant, activity: str, item: str, *, value: float | None = None,
    choice: str | None = None,
) -> None:  # fmt: skip
    """Record a rating or vote; answering the same item again changes the answer (one per participant and item)."""

    def work(connection: Connection) -> tuple[None, bool]:
        _check_answerable(connection, room, who, activity)
        connection.execute(
            "INSERT INTO room_answers (session_id, participant_id, activity, item, value, choice) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, participant_id, activity, item) "
            "DO UPDATE SET value = excluded.value, choice = excluded.choice, answered_at = excluded.answered_at",
            [room.id, who.id, activity, item, value, choice],
        )
        return None, False

    write(store, room, work, Need.SEE)


def add_answer(
    store: Store, room: Session, who: Participant, activity: str, submission: str, *, text: str,
    kind: str | None = None, choice: str | None = None, detail: str | None = None, due_date: date | None = None,
    status: str | None = None,
) -> bool:  # fmt: skip
    """Record a proposal or commitment once: sending ``submission`` again (a double tap) stores nothing more.

    Returns whether it was new.
    """

    def work(connection: Connection) -> tuple[bool, bool]:
        _check_answerable(connection, room, who, activity)
        rows = connection.rows(
            "INSERT INTO room_answers (session_id, participant_id, activity, item, kind, text, choice, detail, "
            "due_date, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            [room.id, who.id, activity, submission, kind, text, choice, detail, due_date, status],
        )
        return bool(rows), False

    return write(store, room, work, Need.SEE)


def answers(store: Store, room: Session, activity: str | None = None) -> pd.DataFrame:
    """The session's answers (of one activity, or all) with who gave them, oldest first."""
    where, params = "a.session_id = ?", [room.id]
    if activity is not None:
        where, params = where + " AND a.activity = ?", [*params, activity]
    with store.connect() as connection:
        return connection.frame(
            "SELECT a.id, a.activity, a.item, a.kind, a.value, a.choice, a.text, a.detail, a.due_date, a.answered_at, "
            "a.status, a.decided_by, a.merged_into, p.id AS participant_id, p.name AS participant "
            f"FROM room_answers a JOIN room_participants p ON p.id = a.participant_id WHERE {where} ORDER BY a.id",
            params,
        )


def latest_answers(store: Store, partnership_id: int, activity: str) -> tuple[Session, pd.DataFrame] | None:
    """The newest session of the partnership that has answers to ``activity``, with those answers."""
    with store.connect() as connection:
        found = one_session(
            connection,
            "partnership_id = ? AND id IN (SELECT session_id FROM room_answers WHERE activity = ?)",
            [partnership_id, activity],
        )
    return (found, answers(store, found, activity)) if found else None


def decide(
    store: Store, room: Session, answer_id: int, status: str, merged_into: str | None = None, *, was: str = "pending"
) -> tuple[str, str] | None:
    """Move a proposal from status ``was`` to ``status``, by ``store.user``; None when done.

    When the proposal is no longer in ``was`` (another facilitator's tab, a
    stale wall decided it first), nothing changes and its status and who set
    it are returned instead.
    """

    def work(connection: Connection) -> tuple[tuple[str, str] | None, bool]:
        moved = connection.rows(
            "UPDATE room_answers SET status = ?, decided_by = ?, merged_into = ? "
            "WHERE session_id = ? AND id = ? AND status = ? RETURNING id",
            [status, store.user, merged_into, room.id, answer_id, was],
        )
        if moved:
            return None, False
        rows = connection.rows(
            "SELECT status, decided_by FROM room_answers WHERE session_id = ? AND id = ?", [room.id, answer_id]
        )
        return (tuple(rows[0]) if rows else ("gone", "")), False

    return write(store, room, work)


def _check_answerable(connection: Connection, room: Session, who: Participant, activity: str) -> None:
    """Refuse an answer to an ended session, a closed question, or from a removed participant (in the write)."""
    check_open(connection, room)
    if not connection.rows(
        "SELECT 1 FROM room_participants WHERE id = ? AND session_id = ? AND removed_at IS NULL", [who.id, room.id]
    ):
        raise RoomClosedError("The facilitator has removed you from this session.")
    if not connection.rows(
        "SELECT 1 FROM room_questions WHERE session_id = ? AND activity = ? "
        "AND opened_at IS NOT NULL AND closed_at IS NULL",
        [room.id, activity],
    ):
        raise RoomClosedError("The facilitator has closed this question; your earlier answers are kept.")
