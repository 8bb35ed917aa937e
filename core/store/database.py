"""The database under the store: connections, transactions, the partnership lock, access checks, the schema.

:class:`~core.store.store.Store` builds every read and write on this class;
the store's topic modules (:mod:`.history`, :mod:`.members`, :mod:`.room`,
:mod:`.layouts`) write through :meth:`Database.write` as the store does, so
every write holds its partnership and is retried the same way.
"""

from __future__ import annotations

import getpass
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from core.access import Need, Role
from core.store import lingering
from core.store.backend import Backend, Connection
from core.store.backend_duckdb import DuckDBBackend
from core.store.errors import AccessError, StoreBusyError, StoreError
from core.store.migrations import MIGRATIONS
from core.tables import Table

__all__ = ["Database", "default_location", "default_user"]

_WRITE_ATTEMPTS = 5
_refusals = logging.getLogger("keystone.access")


def default_location() -> str:
    """``$KEYSTONE_DB`` (a file path or a ``postgresql://`` address), else ``data/keystone.duckdb`` beside the code."""
    return os.environ.get("KEYSTONE_DB") or str(Path(__file__).resolve().parents[2] / "data" / "keystone.duckdb")


def default_user() -> str:
    """Who is working, when nobody said: ``$KEYSTONE_USER``, else the computer's login name."""
    try:
        return os.environ.get("KEYSTONE_USER") or getpass.getuser()
    except OSError:  # no login name (some containers)
        return "someone"


def _backend(location: str) -> Backend:
    if location.startswith(("postgresql://", "postgres://")):
        from core.store.backend_postgres import PostgresBackend  # psycopg loads only for team mode

        return PostgresBackend(location)
    return DuckDBBackend(Path(location))


_LOCKS: dict[tuple[str, int], threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _partnership_lock(location: str, partnership_id: int) -> threading.Lock:
    """One lock per partnership and process: sessions of one app write to a partnership one at a time."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault((location, int(partnership_id)), threading.Lock())


class Database:
    """One Keystone database (a DuckDB file or a PostgreSQL server), used as ``user``."""

    def __init__(self, location: str | os.PathLike[str] | None = None, user: str | None = None) -> None:
        self._backend = _backend(str(location) if location is not None else default_location())
        self.user = " ".join(str(user or default_user()).split())[:80] or "someone"
        self.member_only = False  # team mode: only the partnerships ``user`` is a member of, as their role allows

    @property
    def location(self) -> str:
        """The file path or server address (a cache key for what was read from it)."""
        return self._backend.location

    @property
    def on_server(self) -> bool:
        """Team mode: a PostgreSQL server that other app processes share."""
        return self._backend.on_server

    @property
    def path(self) -> Path:
        """The database file (laptop mode only)."""
        if self.on_server:
            raise StoreError("The Keystone database is on a server, not in a file.")
        return Path(self.location)

    def as_user(self, user: str) -> Self:
        """The same database, with changes made as ``user``."""
        other = type(self).__new__(type(self))
        other._backend = self._backend
        other.user = " ".join(str(user).split())[:80] or "someone"
        other.member_only = self.member_only
        return other

    def as_member(self, person: str) -> Self:
        """The same database as ``person`` sees it in team mode: their partnerships only, as their roles allow."""
        other = self.as_user(person)
        other.member_only = True
        return other

    # -- access (team mode) ------------------------------------------------------

    def role(self, partnership_id: int) -> Role | None:
        """The user's role in the partnership: None for a non-member; in laptop mode, owner of everything."""
        if not self.member_only:
            return Role.OWNER
        with self.connect() as connection:
            found = connection.rows(
                "SELECT role FROM members WHERE partnership_id = ? AND lower(person) = lower(?)",
                [partnership_id, self.user],
            )
        return Role(found[0][0]) if found else None

    def check(self, partnership_id: int, need: Need) -> None:
        """Refuse (:class:`AccessError`, logged) unless the user's role in the partnership allows ``need``."""
        role = self.role(partnership_id)
        if role is not None and role.rank >= need.role.rank:
            return
        if role is None:  # a non-member learns nothing of it, not even its name
            reason = f"You are not a member of partnership {partnership_id}, so you cannot {need.words}."
        else:
            with self.connect() as connection:
                found = connection.rows("SELECT name FROM partnerships WHERE id = ?", [partnership_id])
            if not found:  # deleted since the role was read
                raise StoreError(f"There is no partnership with id {partnership_id}.")
            name = found[0][0]
            reason = (
                f"You are {_a(role.value)} of “{name}”: to {need.words} you need to be "
                f"{_a(need.role.value)}{'' if need.role is Role.OWNER else ' or more'}. Ask one of its owners."
            )
        self.refuse(partnership_id, need.words, reason)

    def refuse(self, partnership_id: int | None, action: str, reason: str) -> None:
        """Log a refused attempt (:meth:`log_refusal`) and raise it as :class:`AccessError`."""
        self.log_refusal(partnership_id, action, reason)
        raise AccessError(reason + " (This attempt was logged.)")

    def log_refusal(self, partnership_id: int | None, action: str, reason: str) -> None:
        """Record a refused attempt in the database and the server's log."""
        _refusals.warning("refused %r: %s (partnership %s)", self.user, action, partnership_id)
        with self.transaction() as connection:
            connection.execute(
                "INSERT INTO refusals (person, partnership_id, action, reason) VALUES (?, ?, ?, ?)",
                [self.user, partnership_id, action, reason],
            )

    # -- connections -----------------------------------------------------

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for one block of work; database errors come out as :class:`StoreError`."""
        with self._plain_errors(), self._backend.connect() as connection:
            yield connection

    def release(self) -> None:
        """Close the file now if nothing uses it: before it is copied, replaced or handed to another program."""
        self._backend.release()

    @contextmanager
    def file_alone(self) -> Iterator[lingering.Alone]:
        """The database file held by this block alone, open: no other thread or program uses it meanwhile.

        For copying or replacing the file (laptop mode); others wait for the block.
        """
        if self.on_server:
            raise StoreError("The Keystone database is on a server, not in a file.")
        with self._plain_errors(), self._backend.alone() as held:
            yield held

    @contextmanager
    def _plain_errors(self) -> Iterator[None]:
        """The database's own errors from the block, as :class:`StoreError` in plain words."""
        try:
            yield
        except StoreError:
            raise
        except Exception as error:
            translated = self._backend.translate(error)
            if translated is None:
                raise
            raise translated from error

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A block that commits whole or, on any error, not at all."""
        with self.connect() as connection:
            connection.begin()
            try:
                yield connection
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    @contextmanager
    def holding(self, partnership_id: int) -> Iterator[Connection]:
        """A transaction holding the partnership against every other writer, in this process and elsewhere."""
        with _partnership_lock(self.location, partnership_id), self.transaction() as connection:
            connection.lock_partnership(partnership_id)
            yield connection

    def write(
        self, partnership_id: int, work: Callable[[Connection], tuple[object, bool]], need: Need = Need.CHANGE
    ) -> object:
        """Run ``work`` in a transaction holding the partnership; retried when another writer was in the way.

        ``work`` returns its result and whether it changed anything (then the partnership's revision moves).
        In team mode the user's role must allow ``need``.
        """
        self.check(partnership_id, need)
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self.holding(partnership_id) as connection:
                    if not connection.rows("SELECT id FROM partnerships WHERE id = ?", [partnership_id]):
                        raise StoreError("This partnership has been deleted (by someone else, perhaps).")
                    result, changed = work(connection)
                    if changed:  # a save that changed nothing leaves every session's cache alone
                        connection.execute(
                            "UPDATE partnerships SET updated_at = current_timestamp, revision = revision + 1 "
                            "WHERE id = ?",
                            [partnership_id],
                        )
                return result
            except StoreBusyError as error:
                if error.__cause__ is None or not self._backend.retryable(error.__cause__):
                    raise
                if attempt == _WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(0.02 * 2**attempt)
        raise AssertionError("unreachable")

    # -- schema ------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply pending migrations in one transaction; return the versions applied."""
        with self.transaction() as connection:
            connection.lock_schema()  # app processes starting together migrate one at a time
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
            )
            done = {row[0] for row in connection.rows("SELECT version FROM schema_version")}
            applied = []
            for migration in sorted(MIGRATIONS, key=lambda m: m.version):
                if migration.version not in done:
                    migration.apply(connection)
                    connection.execute(
                        "INSERT INTO schema_version (version, name) VALUES (?, ?)", [migration.version, migration.name]
                    )
                    applied.append(migration.version)
        return applied

    def schema_versions(self) -> list[int]:
        """The migrations applied to this database, in order."""
        with self.connect() as connection:
            return [row[0] for row in connection.rows("SELECT version FROM schema_version ORDER BY version")]

    def columns(self, table: Table) -> list[str]:
        """The columns the database really has for ``table`` (for checks)."""
        with self.connect() as connection:
            rows = connection.rows(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [Table(table).value],
            )
        return [row[0] for row in rows]


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word
