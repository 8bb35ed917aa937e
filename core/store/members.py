"""Team mode's people: who belongs to which partnership in which role, refused attempts, passwords.

An owner chooses the members (:func:`set_member`, :func:`remove_member`); a
partnership always keeps at least one owner. The command line run on the
server itself (a store that is not :meth:`~core.store.Store.as_member`) is
the operator's: it may add the first owner of any partnership and set the
built-in sign-in's passwords.
"""

from __future__ import annotations

import functools

import pandas as pd

from core.access import Need, Role, hash_password, password_matches
from core.store.backend import Connection
from core.store.errors import StoreError
from core.store.store import Store

__all__ = ["members", "password_is", "refusals", "remove_member", "set_member", "set_password"]


def members(store: Store, partnership_id: int) -> pd.DataFrame:
    """The partnership's members: ``person, role, added_by, added_at``, owners first."""
    store.check(partnership_id, Need.SEE)
    with store.connect() as connection:
        frame = connection.frame(
            "SELECT person, role, added_by, added_at FROM members WHERE partnership_id = ? ORDER BY person",
            [partnership_id],
        )
    order = {role.value: -role.rank for role in Role}
    return frame.sort_values("role", key=lambda roles: roles.map(order), kind="stable").reset_index(drop=True)


def set_member(store: Store, partnership_id: int, person: str, role: Role) -> None:
    """Add ``person`` as ``role``, or change their role (an owner's act)."""
    person = _person(person)
    role = Role(role)

    def work(connection: Connection) -> tuple[None, bool]:
        owned = _owners(connection, partnership_id)
        connection.execute(
            "DELETE FROM members WHERE partnership_id = ? AND lower(person) = lower(?)", [partnership_id, person]
        )
        connection.execute(
            "INSERT INTO members (partnership_id, person, role, added_by) VALUES (?, ?, ?, ?)",
            [partnership_id, person, role.value, store.user],
        )
        _keep_an_owner(connection, partnership_id, owned)
        return None, True

    store.write(partnership_id, work, Need.OWN)


def remove_member(store: Store, partnership_id: int, person: str) -> None:
    """Take ``person`` out of the partnership (an owner's act; the last owner stays)."""

    def work(connection: Connection) -> tuple[None, bool]:
        owned = _owners(connection, partnership_id)
        connection.execute(
            "DELETE FROM members WHERE partnership_id = ? AND lower(person) = lower(?)", [partnership_id, person]
        )
        _keep_an_owner(connection, partnership_id, owned)
        return None, True

    store.write(partnership_id, work, Need.OWN)


def _owners(connection: Connection, partnership_id: int) -> int:
    found = connection.rows(
        "SELECT count(*) FROM members WHERE partnership_id = ? AND role = ?", [partnership_id, Role.OWNER.value]
    )
    return int(found[0][0])


def _keep_an_owner(connection: Connection, partnership_id: int, owned: int) -> None:
    """Refuse a change that leaves a partnership that had an owner without one (the operator names the first)."""
    if owned and not _owners(connection, partnership_id):
        raise StoreError("A partnership needs at least one owner: make someone else owner first.")


def refusals(store: Store, partnership_id: int | None = None) -> pd.DataFrame:
    """Refused attempts, newest first: ``refused_at, person, partnership_id, action, reason``.

    A partnership's owners see the refusals about it; the operator sees all.
    """
    query = "SELECT refused_at, person, partnership_id, action, reason FROM refusals"
    parameters: list[object] = []
    if partnership_id is not None:
        store.check(partnership_id, Need.OWN)
        query += " WHERE partnership_id = ?"
        parameters.append(partnership_id)
    elif store.member_only:
        store.refuse(None, "read every refusal", "Only the server's operator reads every refused attempt.")
    with store.connect() as connection:
        return connection.frame(query + " ORDER BY id DESC", parameters)


def set_password(store: Store, person: str, password: str) -> None:
    """Set the built-in sign-in's password of ``person`` (the operator's act, or the person's own)."""
    person = _person(person)
    if store.member_only and person.lower() != store.user.lower():
        store.refuse(None, "set someone else's password", "You can set only your own password.")
    try:
        hashed = hash_password(password)
    except ValueError as error:
        raise StoreError(str(error)) from error
    with store.transaction() as connection:
        known = connection.rows("SELECT person FROM accounts WHERE lower(person) = lower(?)", [person])
        person = str(known[0][0]) if known else person  # a new password keeps the name as first written
        connection.execute("DELETE FROM accounts WHERE lower(person) = lower(?)", [person])
        connection.execute("INSERT INTO accounts (person, password_hash) VALUES (?, ?)", [person, hashed])


def password_is(store: Store, person: str, password: str) -> str | None:
    """The person's name as stored, when ``password`` is theirs; None otherwise (unknown person included)."""
    with store.connect() as connection:
        found = connection.rows(
            "SELECT person, password_hash FROM accounts WHERE lower(person) = lower(?)", [_person(person)]
        )
    stored = found[0] if found else ("", None)
    # An unknown name costs the same hash as a known one, so timing does not tell which names exist.
    matches = password_matches(password, stored[1] or _decoy())
    return str(stored[0]) if found and matches else None


def _person(person: str) -> str:
    cleaned = " ".join(str(person or "").split())
    if not cleaned or len(cleaned) > 80:
        raise StoreError("A person is named by 1 to 80 characters (a name or an e-mail address).")
    return cleaned


@functools.cache
def _decoy() -> str:
    return hash_password("not anyone's password")
