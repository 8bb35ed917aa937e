"""The live room's own tables: sessions, participants, questions and answers.

These are not partnership records: they are what a live session collects.
Answers become records (ratings, commitments, accepted proposals) through
:mod:`core.room.landing`, which saves them with the ordinary store methods.
Every write here runs inside the session's partnership lock, as a record
save does, so many phones answering at once land one after another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from core.access import Need
from core.store import history
from core.store.backend import Connection
from core.store.errors import StoreError
from core.store.store import Store

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


class RoomClosedError(StoreError):
    """The session has ended, the question is closed, or the participant was removed."""


@dataclass(frozen=True)
class Session:
    id: int
    partnership_id: int
    name: str
    join_code: str
    anonymous_allowed: bool
    started_by: str
    started_at: datetime
    ended_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class Participant:
    id: int
    session_id: int
    token: str
    name: str


@dataclass(frozen=True)
class Question:
    activity: str
    opened_at: datetime | None
    closed_at: datetime | None
    results: str | None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


@dataclass(frozen=True)
class Pulse:
    """What a wall or a phone checks every few seconds, in one small query.

    ``revision`` moves with every write to the session (an answer, a join, a
    decision, a question opened or closed) and ``records`` with every write to
    the partnership's records (a factor renamed, a candidate added), so when
    neither moved nothing needs drawing again.
    """

    is_open: bool
    revision: int
    open_activities: frozenset[str]
    present: bool  # the participant asked about is in the session (not removed); False when none was asked about
    records: int = 0  # the partnership's revision


_SESSION_COLUMNS = "id, partnership_id, name, join_code, anonymous_allowed, started_by, started_at, ended_at"


def _session(row: tuple | None) -> Session | None:
    return Session(*row) if row else None


def _one_session(connection: Connection, where: str, params: list[object]) -> Session | None:
    rows = connection.rows(f"SELECT {_SESSION_COLUMNS} FROM room_sessions WHERE {where} ORDER BY id DESC", params)
    return _session(rows[0] if rows else None)


def _write(
    store: Store, room: Session, work: Callable[[Connection], tuple[object, bool]], need: Need = Need.FACILITATE
) -> object:
    """``store.write`` for the session's partnership, moving the session's revision with the change.

    Running the room needs a facilitator in team mode; a participant's own
    answers come through the room's store, which their join code opened.
    """

    def counted(connection: Connection) -> tuple[object, bool]:
        result, changed = work(connection)
        connection.execute("UPDATE room_sessions SET revision = revision + 1 WHERE id = ?", [room.id])
        return result, changed

    return store.write(room.partnership_id, counted, need)


# -- sessions ------------------------------------------------------------------


def start_session(store: Store, partnership_id: int, name: str, join_code: str, anonymous_allowed: bool) -> Session:
    """Open a live session for a partnership; refused while another is open for it."""

    def work(connection: Connection) -> tuple[Session, bool]:
        running = _one_session(connection, "partnership_id = ? AND ended_at IS NULL", [partnership_id])
        if running:
            raise StoreError(f"The live session '{running.name}' is still open for this partnership: end it first.")
        if connection.rows("SELECT 1 FROM room_sessions WHERE join_code = ?", [join_code]):
            raise StoreError("That join code was used before: draw another.")
        rows = connection.rows(
            f"INSERT INTO room_sessions (partnership_id, name, join_code, anonymous_allowed, started_by) "
            f"VALUES (?, ?, ?, ?, ?) RETURNING {_SESSION_COLUMNS}",
            [partnership_id, name, join_code, anonymous_allowed, store.user],
        )
        return Session(*rows[0]), False

    return store.write(partnership_id, work, Need.FACILITATE)


def open_session(store: Store, partnership_id: int) -> Session | None:
    """The partnership's open session, if one is running."""
    with store.connect() as connection:
        return _one_session(connection, "partnership_id = ? AND ended_at IS NULL", [partnership_id])


def session(store: Store, session_id: int) -> Session | None:
    with store.connect() as connection:
        return _one_session(connection, "id = ?", [session_id])


def session_for_code(store: Store, join_code: str) -> Session | None:
    """The open session a join code belongs to; None for an unknown code or an ended session."""
    with store.connect() as connection:
        return _one_session(connection, "join_code = ? AND ended_at IS NULL", [join_code])


def end_session(store: Store, room: Session) -> None:
    """End the session: its join code and every participant's link stop working.

    The partnership's history gets a milestone named after the session, so
    "since the last workshop" is one click away.
    """

    def work(connection: Connection) -> tuple[None, bool]:
        connection.execute("UPDATE room_sessions SET ended_at = current_timestamp WHERE id = ?", [room.id])
        history.mark_in(connection, store, room.partnership_id, f"end of live session {room.name}")
        return None, False

    _write(store, room, work)


def pulse(store: Store, room: Session, token: str | None = None) -> Pulse | None:
    """The session's :class:`Pulse`, and whether the participant holding ``token`` is still in it; None if gone."""
    with store.connect() as connection:
        rows = connection.rows(
            "SELECT s.ended_at, s.revision, q.activity, p.id, w.revision FROM room_sessions s "
            "JOIN partnerships w ON w.id = s.partnership_id "
            "LEFT JOIN room_questions q ON q.session_id = s.id AND q.opened_at IS NOT NULL AND q.closed_at IS NULL "
            "LEFT JOIN room_participants p ON p.session_id = s.id AND p.token = ? AND p.removed_at IS NULL "
            "WHERE s.id = ?",
            [token, room.id],
        )
    if not rows:
        return None
    ended_at, revision, _, participant_id, records = rows[0]
    open_activities = frozenset(row[2] for row in rows if row[2])
    return Pulse(ended_at is None, int(revision or 0), open_activities, participant_id is not None, int(records or 0))


# -- participants --------------------------------------------------------------


def join(store: Store, room: Session, name: str, token: str) -> Participant:
    """Add a participant under ``name``, unique in the session (case aside), holding ``token``."""

    def work(connection: Connection) -> tuple[Participant, bool]:
        _check_open(connection, room)
        taken = connection.rows(
            "SELECT 1 FROM room_participants WHERE session_id = ? AND lower(name) = lower(?)", [room.id, name]
        )
        if taken:
            raise StoreError(f"Someone in this session already goes by '{name}': add an initial or pick another name.")
        rows = connection.rows(
            "INSERT INTO room_participants (session_id, token, name) VALUES (?, ?, ?) RETURNING id",
            [room.id, token, name],
        )
        return Participant(int(rows[0][0]), room.id, token, name), False

    return _write(store, room, work, Need.SEE)


def participant(store: Store, room: Session, token: str) -> Participant | None:
    """The participant holding ``token`` in this session; None if unknown or removed."""
    with store.connect() as connection:
        rows = connection.rows(
            "SELECT id, session_id, token, name FROM room_participants "
            "WHERE session_id = ? AND token = ? AND removed_at IS NULL",
            [room.id, token],
        )
    return Participant(int(rows[0][0]), *rows[0][1:]) if rows else None


def was_removed(store: Store, room: Session, token: str) -> bool:
    """Whether ``token`` belonged to a participant the facilitator removed from this session."""
    with store.connect() as connection:
        return bool(
            connection.rows(
                "SELECT 1 FROM room_participants WHERE session_id = ? AND token = ? AND removed_at IS NOT NULL",
                [room.id, token],
            )
        )


def participants(store: Store, room: Session) -> pd.DataFrame:
    """Everyone who joined (removed ones included, with when), oldest first: id, name, joined_at, removed_at."""
    with store.connect() as connection:
        return connection.frame(
            "SELECT id, name, joined_at, removed_at FROM room_participants WHERE session_id = ? ORDER BY id",
            [room.id],
        )


def remove_participant(store: Store, room: Session, participant_id: int) -> None:
    """Remove a participant: their link stops working; what they already answered stays."""

    def work(connection: Connection) -> tuple[None, bool]:
        connection.execute(
            "UPDATE room_participants SET removed_at = current_timestamp "
            "WHERE session_id = ? AND id = ? AND removed_at IS NULL",
            [room.id, participant_id],
        )
        return None, False

    _write(store, room, work)


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
        _check_open(connection, room)
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

    _write(store, room, work)


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

    _write(store, room, work, Need.SEE)


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

    return _write(store, room, work, Need.SEE)


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
        found = _one_session(
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

    return _write(store, room, work)


def _check_open(connection: Connection, room: Session) -> None:
    rows = connection.rows("SELECT ended_at FROM room_sessions WHERE id = ?", [room.id])
    if not rows or rows[0][0] is not None:
        raise RoomClosedError("This live session has ended. Thank you for taking part.")


def _check_answerable(connection: Connection, room: Session, who: Participant, activity: str) -> None:
    """Refuse an answer to an ended session, a closed question, or from a removed participant (in the write)."""
    _check_open(connection, room)
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
