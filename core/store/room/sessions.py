"""A live session and who is in it: start, join, remove, end, and the pulse a wall or phone polls.

Every write here runs inside the session's partnership lock (:func:`write`),
as a record save does, so many phones joining at once land one after another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from core.access import Need
from core.store import history
from core.store.backend import Connection
from core.store.errors import StoreError
from core.store.store import Store

__all__ = [
    "Participant",
    "Pulse",
    "RoomClosedError",
    "Session",
    "check_open",
    "end_session",
    "join",
    "one_session",
    "open_session",
    "participant",
    "participants",
    "pulse",
    "remove_participant",
    "session",
    "session_for_code",
    "start_session",
    "was_removed",
    "write",
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


def one_session(connection: Connection, where: str, params: list[object]) -> Session | None:
    rows = connection.rows(f"SELECT {_SESSION_COLUMNS} FROM room_sessions WHERE {where} ORDER BY id DESC", params)
    return _session(rows[0] if rows else None)


def write(
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
        running = one_session(connection, "partnership_id = ? AND ended_at IS NULL", [partnership_id])
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
        return one_session(connection, "partnership_id = ? AND ended_at IS NULL", [partnership_id])


def session(store: Store, session_id: int) -> Session | None:
    with store.connect() as connection:
        return one_session(connection, "id = ?", [session_id])


def session_for_code(store: Store, join_code: str) -> Session | None:
    """The open session a join code belongs to; None for an unknown code or an ended session."""
    with store.connect() as connection:
        return one_session(connection, "join_code = ? AND ended_at IS NULL", [join_code])


def end_session(store: Store, room: Session) -> None:
    """End the session: its join code and every participant's link stop working.

    The partnership's history gets a milestone named after the session, so
    "since the last workshop" is one click away.
    """

    def work(connection: Connection) -> tuple[None, bool]:
        connection.execute("UPDATE room_sessions SET ended_at = current_timestamp WHERE id = ?", [room.id])
        history.mark_in(connection, store, room.partnership_id, f"end of live session {room.name}")
        return None, False

    write(store, room, work)


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
        check_open(connection, room)
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

    return write(store, room, work, Need.SEE)


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

    write(store, room, work)


def check_open(connection: Connection, room: Session) -> None:
    rows = connection.rows("SELECT ended_at FROM room_sessions WHERE id = ?", [room.id])
    if not rows or rows[0][0] is not None:
        raise RoomClosedError("This live session has ended. Thank you for taking part.")
