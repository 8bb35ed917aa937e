"""The store: every read and write of Keystone's data, on a DuckDB file or a PostgreSQL server.

``KEYSTONE_DB`` is a file path (laptop mode) or a ``postgresql://`` address
(team mode); :mod:`.backend_duckdb` and :mod:`.backend_postgres` hide how the
two differ. Many people write at once, so every write

- holds its partnership (a lock in this process, and the partnership's row
  on a server) so simultaneous saves land one after another, none lost;
- changes only the rows it touched (:mod:`.rows` finds them by value) and,
  when given what the person saw, refuses with :class:`ConflictError` if a
  cell they change was changed by someone else since;
- is logged with who made it and each row before and after, so
  :meth:`Store.undo_last` undoes that person's own last change, and only if
  nobody has changed those rows since.

In team mode (:meth:`Store.as_member`) every read and write of a partnership
first checks the person's role in it (:mod:`core.access`); a refusal is
logged and raised as :class:`AccessError`, worded without the partnership's
name for someone who is not a member.

Identifiers in SQL come only from :class:`~core.tables.Table` and the column
specs, never from user text; values are always bound parameters or frames.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from core.access import Need, Role
from core.records import coerce
from core.store import lingering
from core.store.backend import Backend, Connection
from core.store.backend_duckdb import DuckDBBackend
from core.store.bulk import json_texts, upserts
from core.store.errors import AccessError, ConflictError, StoreBusyError, StoreError
from core.store.migrations import MIGRATIONS
from core.store.rows import Blanks, Columns, Conflict, Edit, Row, RowChanges, diff, label, plain_columns, plan, rows_of
from core.store.rows import keys as row_keys
from core.tables import SPECS, ColumnKind, Table, spec

__all__ = ["Progress", "Store", "default_location", "default_user"]

_WRITE_ATTEMPTS = 5
Progress = Callable[[float, str], None]
"""Told how far a long write is: a fraction from 0 to 1 and what it is doing, in plain words."""
_PARTNERSHIP_COLUMNS = "id, name, problem, stage, created_at, updated_at, revision"
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


class Store:
    """All reads and writes of one Keystone database, made as ``user``."""

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

    def as_user(self, user: str) -> Store:
        """The same database, with changes made as ``user``."""
        other = Store.__new__(Store)
        other._backend = self._backend
        other.user = " ".join(str(user).split())[:80] or "someone"
        other.member_only = self.member_only
        return other

    def as_member(self, person: str) -> Store:
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
            name = self.partnership(partnership_id)["name"]
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

    def _write(
        self, partnership_id: int, work: Callable[[Connection], tuple[object, bool]], need: Need = Need.CHANGE
    ) -> object:
        """Run ``work`` in a transaction holding the partnership; retried when another writer was in the way.

        ``work`` returns its result and whether it changed anything (then the partnership's revision moves).
        In team mode the user's role must allow ``need``.
        """
        self.check(partnership_id, need)
        with _partnership_lock(self.location, partnership_id):
            for attempt in range(_WRITE_ATTEMPTS):
                try:
                    with self.transaction() as connection:
                        connection.lock_partnership(partnership_id)
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

    # -- partnerships ------------------------------------------------------

    def partnerships(self) -> pd.DataFrame:
        """Every partnership the user may see: id, name, problem, stage, created_at, updated_at, revision."""
        with self.connect() as connection:
            if not self.member_only:
                return connection.frame(f"SELECT {_PARTNERSHIP_COLUMNS} FROM partnerships ORDER BY name")
            return connection.frame(
                f"SELECT {_PARTNERSHIP_COLUMNS} FROM partnerships WHERE id IN "
                "(SELECT partnership_id FROM members WHERE lower(person) = lower(?)) ORDER BY name",
                [self.user],
            )

    def partnership(self, partnership_id: int) -> dict[str, object]:
        if self.member_only and self.role(partnership_id) is None:
            self.check(partnership_id, Need.SEE)
        with self.connect() as connection:
            frame = connection.frame(f"SELECT {_PARTNERSHIP_COLUMNS} FROM partnerships WHERE id = ?", [partnership_id])
        if frame.empty:
            raise StoreError(f"There is no partnership with id {partnership_id}.")
        return frame.iloc[0].to_dict()

    def create_partnership(
        self,
        name: str,
        problem: str = "",
        stage: str = "pilot",
        records: Mapping[Table, pd.DataFrame] | None = None,
        answers: Mapping[str, Mapping[str, object]] | None = None,
    ) -> int:
        """Create a partnership, optionally with its records, in one transaction."""
        name = _clean_name(name)
        frames = dict(records or {})
        if answers:
            frames[Table.ANSWERS] = pd.DataFrame(
                [{"topic": topic, "payload": _answers_text(payload)} for topic, payload in answers.items()]
            )
        with self.transaction() as connection:
            self._check_name_free(connection, name)
            partnership_id = self._insert_partnership(connection, name, problem, stage)
            for table, frame in frames.items():
                self._insert(connection, partnership_id, Table(table), plain_columns(frame, Table(table)))
        return partnership_id

    def update_partnership(self, partnership_id: int, **fields: str) -> None:
        """Change name, problem or stage."""
        unknown = set(fields) - {"name", "problem", "stage"}
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        if "name" in fields:
            fields["name"] = _clean_name(fields["name"])
            self.check(partnership_id, Need.OWN)

        def work(connection: Connection) -> tuple[None, bool]:
            if "name" in fields:
                self._check_name_free(connection, fields["name"], partnership_id)
            # One fixed statement: a field left out keeps its value.
            connection.execute(
                "UPDATE partnerships SET name = coalesce(?, name), problem = coalesce(?, problem), "
                "stage = coalesce(?, stage) WHERE id = ?",
                [fields.get("name"), fields.get("problem"), fields.get("stage"), partnership_id],
            )
            return None, True

        self._write(partnership_id, work)

    def rename_partnership(self, partnership_id: int, name: str) -> None:
        self.update_partnership(partnership_id, name=name)

    def duplicate_partnership(self, partnership_id: int, name: str) -> int:
        """Copy a partnership and every record of it under a new name (in team mode, owned by whoever copies it)."""
        name = _clean_name(name)
        self.check(partnership_id, Need.SEE)
        with self.transaction() as connection:
            connection.lock_partnership(partnership_id)  # one consistent copy: no write lands halfway through
            self._check_name_free(connection, name)
            original = connection.rows("SELECT problem, stage FROM partnerships WHERE id = ?", [partnership_id])
            if not original:
                raise StoreError(f"There is no partnership with id {partnership_id}.")
            new_id = self._insert_partnership(connection, name, original[0][0] or "", original[0][1] or "pilot")
            for table in SPECS:
                _, columns = self._stored_columns(connection, partnership_id, table)
                self._insert(connection, new_id, table, columns)
        return new_id

    def delete_partnership(self, partnership_id: int) -> None:
        self.check(partnership_id, Need.OWN)
        with _partnership_lock(self.location, partnership_id), self.transaction() as connection:
            connection.lock_partnership(partnership_id)  # writers elsewhere finish first, then find it gone
            for table in SPECS:
                connection.execute(f"DELETE FROM {table.value} WHERE partnership_id = ?", [partnership_id])
            connection.execute(
                "DELETE FROM change_rows WHERE change_id IN (SELECT id FROM changes WHERE partnership_id = ?)",
                [partnership_id],
            )
            connection.execute("DELETE FROM changes WHERE partnership_id = ?", [partnership_id])
            sessions = "(SELECT id FROM room_sessions WHERE partnership_id = ?)"
            for table in ("room_answers", "room_participants", "room_questions"):
                connection.execute(f"DELETE FROM {table} WHERE session_id IN {sessions}", [partnership_id])
            connection.execute("DELETE FROM room_sessions WHERE partnership_id = ?", [partnership_id])
            for table in ("map_positions", "milestones", "members"):
                connection.execute(f"DELETE FROM {table} WHERE partnership_id = ?", [partnership_id])
            connection.execute("DELETE FROM partnerships WHERE id = ?", [partnership_id])

    def _insert_partnership(self, connection: Connection, name: str, problem: str, stage: str) -> int:
        """A new partnership; in team mode whoever makes it is its first owner."""
        rows = connection.rows(
            "INSERT INTO partnerships (name, problem, stage) VALUES (?, ?, ?) RETURNING id", [name, problem, stage]
        )
        partnership_id = int(rows[0][0])
        if self.member_only:
            connection.execute(
                "INSERT INTO members (partnership_id, person, role, added_by) VALUES (?, ?, ?, ?)",
                [partnership_id, self.user, Role.OWNER.value, self.user],
            )
        return partnership_id

    def _check_name_free(self, connection: Connection, name: str, except_id: int | None = None) -> None:
        rows = connection.rows(
            "SELECT id FROM partnerships WHERE lower(name) = lower(?) AND id IS DISTINCT FROM CAST(? AS INTEGER)",
            [name, except_id],
        )
        if rows:
            raise StoreError(f"A partnership called '{name}' already exists. Choose another name.")

    # -- reading records -----------------------------------------------------

    def read(self, partnership_id: int, table: Table) -> pd.DataFrame:
        """All rows of ``table`` for a partnership, typed, in stored order."""
        return self.read_many(partnership_id, [table])[Table(table)]

    def read_many(self, partnership_id: int, tables: Sequence[Table]) -> dict[Table, pd.DataFrame]:
        """Several tables over one connection."""
        self.check(partnership_id, Need.SEE)
        with self.connect() as connection:
            return {table: self._read(connection, partnership_id, table) for table in map(Table, tables)}

    def _read(self, connection: Connection, partnership_id: int, table: Table) -> pd.DataFrame:
        columns = ", ".join(spec(table).names)
        frame = connection.frame(
            f"SELECT {columns} FROM {table.value} WHERE partnership_id = ? ORDER BY row_id", [partnership_id]
        )
        return coerce(frame, table)

    def _stored(
        self, connection: Connection, partnership_id: int, table: Table, keys: set[str] | None = None
    ) -> list[tuple[int, Row]]:
        """The partnership's rows of ``table`` with their ids, as plain values; with ``keys``, only those rows."""
        only = None if keys is None else self._ids_with_keys(connection, partnership_id, table, keys)
        row_ids, columns = self._stored_columns(connection, partnership_id, table, only)
        return list(zip(row_ids, rows_of(columns), strict=True))

    def _ids_with_keys(self, connection: Connection, partnership_id: int, table: Table, keys: set[str]) -> list[int]:
        """The ids of the rows whose key is among ``keys`` (keys compared as :func:`.rows.keys` makes them)."""
        names = spec(table).key
        frame = connection.frame(
            f"SELECT row_id, {', '.join(names)} FROM {table.value} WHERE partnership_id = ?", [partnership_id]
        )
        found = row_keys(plain_columns(frame, table, names), table, len(frame))  # typed as keys are: dates as text
        return [int(row_id) for row_id, key in zip(frame["row_id"], found, strict=True) if key in keys]

    def _stored_columns(
        self, connection: Connection, partnership_id: int, table: Table, only: list[int] | None = None
    ) -> tuple[list[int], Columns]:
        """The partnership's rows of ``table`` (all, or ``only`` those ids): ids, and plain values by column."""
        columns = ", ".join(["row_id", *spec(table).names])
        where, parameters = "partnership_id = ?", [partnership_id]
        if only is not None:
            where, parameters = where + " AND row_id = ANY(?)", [partnership_id, only]
        frame = connection.frame(f"SELECT {columns} FROM {table.value} WHERE {where} ORDER BY row_id", parameters)
        return frame["row_id"].astype(int).tolist(), plain_columns(frame, table)

    # -- writing records -------------------------------------------------------

    def save(
        self,
        partnership_id: int,
        changes: RowChanges | Sequence[RowChanges],
        reason: str | None = None,
        *,
        overwrite: bool = False,
    ) -> None:
        """Apply rows added, edited and deleted, as the person saw them, in one transaction.

        Raises :class:`ConflictError` (and writes nothing) when a cell they change
        was changed by someone else since they loaded it, unless ``overwrite``:
        then their values win, cell by cell, and everything else stays.
        """
        batch = [changes] if isinstance(changes, RowChanges) else list(changes)
        makers = {change.table: (lambda stored, change=change: change) for change in batch}
        named = {change.table: change.named_keys() for change in batch}  # a one-cell save reads one row, not 10,000
        self._apply(partnership_id, makers, reason or _reason("saving", makers), check=not overwrite, named=named)

    def replace(
        self,
        partnership_id: int,
        table: Table,
        frame: pd.DataFrame,
        reason: str | None = None,
        *,
        based_on: pd.DataFrame | None = None,
        overwrite: bool = False,
        same_labels: bool = False,
    ) -> None:
        """Make ``frame`` the content of ``table`` for a partnership.

        With ``based_on`` (the rows the person started from), only what they
        changed is saved, and a clash with someone else's change since is a
        :class:`ConflictError`; without it, ``frame`` is the new content as is.
        ``same_labels``: ``frame`` came from an editor that kept ``based_on``'s
        index labels, so a row whose key changed is still the same row.
        """
        if based_on is not None:
            changes = diff(based_on, frame, table, same_labels=same_labels)
            self.save(partnership_id, changes, reason, overwrite=overwrite)
        else:
            self.replace_many(partnership_id, {table: frame}, reason)

    def replace_many(
        self, partnership_id: int, frames: Mapping[Table, pd.DataFrame], reason: str | None = None
    ) -> None:
        """Make each frame the whole content of its table, in one transaction: all land or none."""
        makers = {Table(table): _replacing(Table(table), frame) for table, frame in frames.items()}
        self._apply(partnership_id, makers, reason or _reason("saving", makers), check=False)

    def upsert(
        self,
        partnership_id: int,
        table: Table,
        frame: pd.DataFrame,
        reason: str | None = None,
        blanks: Blanks = Blanks.CLEAR,
        progress: Progress | None = None,
    ) -> tuple[int, int]:
        """Insert rows whose key is new, update rows whose key exists.

        Keys compare case-insensitively, ignoring surrounding space. Only the
        columns present in ``frame`` change on existing rows, and with
        ``Blanks.KEEP`` only its cells that are not blank; rows not named in
        ``frame`` stay as they are. Returns ``(added, updated)``. ``progress``
        is told how far the write is (see :meth:`upsert_many`).
        """
        return self.upsert_many(partnership_id, {table: frame}, reason, blanks, progress)[Table(table)]

    def upsert_many(
        self,
        partnership_id: int,
        frames: Mapping[Table, pd.DataFrame],
        reason: str | None = None,
        blanks: Blanks = Blanks.CLEAR,
        progress: Progress | None = None,
    ) -> dict[Table, tuple[int, int]]:
        """:meth:`upsert` several tables in one transaction: all land or none.

        The rows are met a column at a time (:mod:`.bulk`), so a 50,000-row
        import takes seconds; it is one change in the history, undone whole.
        ``progress``, when given, is called with a fraction from 0 to 1 and
        what is being done ("comparing with the stored rows", …) as the work
        advances; a retry after a busy moment starts it again from 0.
        """
        tables = {Table(table): frame for table, frame in frames.items()}
        told = progress or (lambda fraction, words: None)

        def work(connection: Connection) -> tuple[dict[Table, tuple[int, int]], bool]:
            counts, logged = {}, []
            for step, (table, frame) in enumerate(tables.items()):
                share = 1 / len(tables)
                told(step * share, "reading the stored rows")
                row_ids, stored = self._stored_columns(connection, partnership_id, table)
                told((step + 0.2) * share, f"comparing with the {len(row_ids):,} stored rows")
                planned = upserts(row_ids, stored, frame, table, blanks)
                told((step + 0.4) * share, f"writing {planned.added_count + planned.updated_count:,} rows")
                self._delete(connection, partnership_id, table, planned.ids)
                self._insert(connection, partnership_id, table, planned.after, planned.ids)
                new_ids = self._insert(connection, partnership_id, table, planned.added)
                told((step + 0.7) * share, "recording the change, so it can be undone")
                logged.append((table, planned.ids, json_texts(planned.before, table), json_texts(planned.after, table)))
                logged.append((table, new_ids, [None] * len(new_ids), json_texts(planned.added, table)))
                counts[table] = (planned.added_count, planned.updated_count)
            changed = self._log(connection, partnership_id, reason or _reason("adding to", tables), logged)
            told(0.95, "saving")
            return counts, changed is not None

        counts = self._write(partnership_id, work)
        told(1.0, "done")
        return counts

    def _apply(
        self,
        partnership_id: int,
        makers: Mapping[Table, Callable[[list[tuple[int, Row]]], RowChanges]],
        reason: str,
        *,
        check: bool,
        named: Mapping[Table, set[str] | None] | None = None,
    ) -> dict[Table, RowChanges]:
        """Compute each table's changes from its stored rows, check them, write them and log them.

        ``named``: the keys each table's changes name, when they are known before
        reading (a save); only the stored rows with those keys are then read.
        """

        def work(connection: Connection) -> tuple[dict[Table, RowChanges], bool]:
            plans, changes, conflicts = {}, {}, []
            for table, make in makers.items():
                stored = self._stored(connection, partnership_id, table, (named or {}).get(table))
                changes[table] = make(stored)
                plans[table] = plan(stored, changes[table], check=check)
                conflicts.extend(plans[table].conflicts)
            if conflicts:
                raise ConflictError(_conflict_message(self._authored(connection, conflicts)), conflicts)
            logged: list[_Logged] = []
            for table, planned in plans.items():
                self._delete(connection, partnership_id, table, planned.delete)
                logged.append(_logged(table, [(row_id, before, None) for row_id, before in planned.removed]))
                written = _columns([after for _, _, after in planned.write], table)
                self._insert(connection, partnership_id, table, written, [row_id for row_id, _, _ in planned.write])
                logged.append(_logged(table, planned.write))
                new_ids = self._insert(connection, partnership_id, table, _columns(planned.add, table))
                logged.append(
                    _logged(table, [(row_id, None, row) for row_id, row in zip(new_ids, planned.add, strict=True)])
                )
            changed = self._log(connection, partnership_id, reason, logged)
            return changes, changed is not None

        return self._write(partnership_id, work)

    def _delete(self, connection: Connection, partnership_id: int, table: Table, row_ids: list[int]) -> None:
        if row_ids:
            connection.execute(
                f"DELETE FROM {table.value} WHERE partnership_id = ? AND row_id = ANY(?)", [partnership_id, row_ids]
            )

    def _insert(
        self,
        connection: Connection,
        partnership_id: int,
        table: Table,
        columns: Columns,
        row_ids: Sequence[int] | None = None,
    ) -> list[int]:
        """Insert rows given as columns of plain values (with their ids, or new ones); return the ids."""
        count = len(next(iter(columns.values()))) if columns else 0
        if not count:
            return []
        if row_ids is None:
            found = connection.rows("SELECT nextval('row_ids') FROM generate_series(1, ?)", [count])
            row_ids = sorted(int(row[0]) for row in found)
        frame = coerce(
            pd.DataFrame({column.name: _typed(columns[column.name], column.kind) for column in spec(table).columns}),
            table,
        )
        frame.insert(0, "row_id", list(row_ids))
        frame.insert(0, "partnership_id", partnership_id)
        connection.insert(table.value, frame)
        return list(row_ids)

    def _log(
        self,
        connection: Connection,
        partnership_id: int,
        reason: str,
        logged: Sequence[_Logged],
        undoes: int | None = None,
    ) -> int | None:
        """Record who changed which rows, before and after (JSON text); return the change id (None: no change)."""
        logged = [part for part in logged if len(part[1])]
        if not logged:
            return None
        change_id = connection.rows(
            "INSERT INTO changes (partnership_id, made_by, reason, undoes) VALUES (?, ?, ?, ?) RETURNING id",
            [partnership_id, self.user, reason, undoes],
        )[0][0]
        rows = pd.DataFrame(
            {
                "table_name": np.concatenate(
                    [np.full(len(ids), table.value, dtype=object) for table, ids, _, _ in logged]
                ),
                "row_id": np.concatenate([np.asarray(ids, dtype=np.int64) for _, ids, _, _ in logged]),
                "before": np.concatenate([np.asarray(before, dtype=object) for _, _, before, _ in logged]),
                "after": np.concatenate([np.asarray(after, dtype=object) for _, _, _, after in logged]),
            }
        )
        rows.insert(0, "change_id", np.int64(change_id))
        connection.insert("change_rows", rows)
        return int(change_id)

    def _authored(self, connection: Connection, conflicts: list[Conflict]) -> list[str]:
        """Each conflict in words, with who made the other change and when."""
        lines = []
        for conflict in conflicts:
            found = []
            if conflict.row_id is not None:
                found = connection.rows(
                    "SELECT c.made_by, c.made_at FROM change_rows r JOIN changes c ON c.id = r.change_id "
                    "WHERE r.table_name = ? AND r.row_id = ? ORDER BY c.id DESC LIMIT 1",
                    [conflict.table.value, conflict.row_id],
                )
            by, at = (found[0][0], f"{pd.Timestamp(found[0][1]):%H:%M}") if found else (None, None)
            lines.append(conflict.describe(by, at))
        return lines

    # -- questionnaire answers --------------------------------------------

    def answers(self, partnership_id: int, topic: str) -> dict[str, object]:
        """The stored answers of one questionnaire, or an empty dict."""
        self.check(partnership_id, Need.SEE)
        with self.connect() as connection:
            rows = connection.rows(
                "SELECT payload FROM answers WHERE partnership_id = ? AND topic = ? ORDER BY row_id",
                [partnership_id, topic],
            )
        return json.loads(rows[0][0]) if rows else {}

    def save_answers(
        self,
        partnership_id: int,
        topic: str,
        payload: Mapping[str, object],
        *,
        based_on: Mapping[str, object] | None = None,
        overwrite: bool = False,
    ) -> None:
        """Store one questionnaire's answers (a JSON object), replacing the previous ones.

        With ``based_on`` (the answers the form was loaded with), a save over
        someone else's newer answers is a :class:`ConflictError`.
        """
        new = {"topic": topic, "payload": _answers_text(payload)}
        reason = f"saving the {topic.replace('_', ' ')} answers"
        if based_on is None:
            self.upsert(partnership_id, Table.ANSWERS, pd.DataFrame([new]), reason)
            return
        before = {"topic": topic, "payload": _answers_text(based_on)} if based_on else None
        edit = (
            RowChanges(Table.ANSWERS, edited=(Edit(before, new),))
            if before
            else RowChanges(Table.ANSWERS, added=(new,))
        )
        self.save(partnership_id, edit, reason, overwrite=overwrite)

    # -- history and undo ------------------------------------------------------

    def changes(self, partnership_id: int, user: str | None = None) -> pd.DataFrame:
        """The partnership's changes, newest first: ``id, made_at, made_by, reason, undoes, undone_by``."""
        self.check(partnership_id, Need.SEE)
        query = "SELECT id, made_at, made_by, reason, undoes, undone_by FROM changes WHERE partnership_id = ?"
        params: list[object] = [partnership_id]
        if user is not None:
            query += " AND made_by = ?"
            params.append(user)
        with self.connect() as connection:
            return connection.frame(query + " ORDER BY id DESC", params)

    def undo_last(self, partnership_id: int) -> str | None:
        """Undo this user's latest change that is not undone yet, if nobody has changed those rows since.

        Returns what was undone ("saving actors"), or None when this user has
        nothing to undo. Raises :class:`ConflictError` naming what would be lost
        when someone else changed those rows since (nothing is written).
        """

        def work(connection: Connection) -> tuple[str | None, bool]:
            found = connection.rows(
                "SELECT id, reason FROM changes WHERE partnership_id = ? AND made_by = ? "
                "AND undone_by IS NULL AND undoes IS NULL ORDER BY id DESC LIMIT 1",
                [partnership_id, self.user],
            )
            if not found:
                return None, False
            change_id, reason = found[0]
            undo_id = self._take_back(connection, partnership_id, change_id, f"undo {reason}", undoes=change_id)
            connection.execute("UPDATE changes SET undone_by = ? WHERE id = ?", [undo_id, change_id])
            return str(reason or ""), True

        return self._write(partnership_id, work)

    def redo_last(self, partnership_id: int) -> str | None:
        """Make again what this user's latest undo took back, as a new change.

        Redo follows undo back: after undoing A then B, redo brings back B,
        then A. A change of the user's own since the undo ends what can be
        redone, as in any editor. Returns what was made again, or None; raises
        :class:`ConflictError` when someone else changed those rows since.
        """

        def work(connection: Connection) -> tuple[str | None, bool]:
            target = self._redo_target(connection, partnership_id)
            if target is None:
                return None, False
            undo_id, made = target
            redo_id = self._take_back(connection, partnership_id, undo_id, f"redo {made}", undoes=None)
            connection.execute("UPDATE changes SET undone_by = ? WHERE id = ?", [redo_id, undo_id])
            return made, True

        return self._write(partnership_id, work)

    def redoable(self, partnership_id: int) -> str | None:
        """What :meth:`redo_last` would make again for this user, or None."""
        with self.connect() as connection:
            target = self._redo_target(connection, partnership_id)
        return None if target is None else target[1]

    def _redo_target(self, connection: Connection, partnership_id: int) -> tuple[int, str] | None:
        """This user's undo that a redo would take back (its id, and what it had undone), if any."""
        mine = connection.rows(
            "SELECT id, reason, undoes, undone_by FROM changes WHERE partnership_id = ? AND made_by = ? "
            "ORDER BY id DESC",
            [partnership_id, self.user],
        )
        redos = {undone_by for _, _, undoes, undone_by in mine if undoes is not None and undone_by is not None}
        for change_id, reason, undoes, undone_by in mine:
            if undoes is None and change_id not in redos:
                return None  # a change of their own since the undo: nothing to redo
            if undoes is not None and undone_by is None:
                return int(change_id), str(reason or "").removeprefix("undo ")
        return None

    def _take_back(
        self, connection: Connection, partnership_id: int, change_id: int, reason: str, undoes: int | None
    ) -> int | None:
        """Put the rows of change ``change_id`` back as they were before it, logged as a new change.

        Refuses (:class:`ConflictError`, nothing written) when any of those rows
        changed since, so taking back never loses someone else's work.
        """
        by_table: dict[Table, list[tuple[int, str | None, str | None]]] = {}
        for table_name, row_id, before, after in connection.rows(
            "SELECT table_name, row_id, before, after FROM change_rows WHERE change_id = ? ORDER BY row_id",
            [change_id],
        ):
            by_table.setdefault(Table(table_name), []).append((int(row_id), before, after))
        logged: list[_Logged] = []
        conflicts = []
        for table, rows in by_table.items():
            now = self._stored_texts(connection, partnership_id, table, {row_id for row_id, _, _ in rows})
            for row_id, _, after in rows:
                if now.get(row_id) != after and _unjson(now.get(row_id)) != _unjson(after):  # same text, same row
                    conflicts.append(_changed_since(table, row_id, _unjson(now.get(row_id)), _unjson(after)))
            ids = [row_id for row_id, _, _ in rows]
            logged.append((table, ids, [now.get(row_id) for row_id in ids], [before for _, before, _ in rows]))
        if conflicts:
            lines = self._authored(connection, conflicts)
            verb, what = reason.split(" ", 1)  # "undo saving actors" -> Undoing … Nothing was undone.
            raise ConflictError(
                f"{verb.capitalize()}ing “{what}” would lose what others did since: "
                + "; ".join(lines)
                + f". Nothing was {verb}ne.",
                conflicts,
            )
        for table, rows in by_table.items():
            self._delete(connection, partnership_id, table, [row_id for row_id, _, _ in rows])
            restore = [(row_id, before) for row_id, before, _ in rows if before is not None]
            rows_back = _columns([json.loads(before) for _, before in restore], table)
            self._insert(connection, partnership_id, table, rows_back, [row_id for row_id, _ in restore])
        return self._log(connection, partnership_id, reason, logged, undoes=undoes)

    def _stored_texts(
        self, connection: Connection, partnership_id: int, table: Table, row_ids: set[int]
    ) -> dict[int, str]:
        """The stored rows among ``row_ids`` as change-log JSON text, by id (a row gone since is missing)."""
        stored_ids, columns = self._stored_columns(connection, partnership_id, table)
        positions = [position for position, row_id in enumerate(stored_ids) if row_id in row_ids]
        texts = json_texts({name: values[positions] for name, values in columns.items()}, table)
        return dict(zip([stored_ids[position] for position in positions], texts.tolist(), strict=True))


def _changed_since(table: Table, row_id: int, now: Row | None, after: Row | None) -> Conflict:
    """The conflict of a row that someone changed (or deleted) after the change being taken back."""
    shown = now or after or {}
    column = next((name for name in shown if (now or {}).get(name) != (after or {}).get(name)), None)
    what = "deleted" if now is None else "changed"
    return Conflict(table, row_id, label(shown, table), column, None, (now or {}).get(column), what)


_Logged = tuple[Table, Sequence[int], Sequence[str | None], Sequence[str | None]]
"""Rows of one table for the change log: their ids, and each before and after as JSON text (None: no row)."""


def _logged(table: Table, rows: Sequence[tuple[int, Row | None, Row | None]]) -> _Logged:
    """Rows given as dicts, for the change log."""
    return (
        table,
        [row_id for row_id, _, _ in rows],
        [_json(before) for _, before, _ in rows],
        [_json(after) for _, _, after in rows],
    )


def _typed(values: np.ndarray, kind: ColumnKind) -> object:
    """A column of plain values that :func:`core.records.coerce` takes as it is (yes/no read as words is slow)."""
    if kind is ColumnKind.BOOL:
        return pd.array(values, dtype="boolean")
    return values


def _columns(rows: Sequence[Row], table: Table) -> Columns:
    """Rows given as dicts, as columns of the table (a column a row lacks is None)."""
    return {name: np.asarray([row.get(name) for row in rows], dtype=object) for name in spec(table).names}


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise StoreError("A partnership needs a name.")
    if len(cleaned) > 120:
        raise StoreError("A partnership name can be at most 120 characters.")
    return cleaned


def _reason(verb: str, tables: Mapping[Table, object]) -> str:
    return f"{verb} " + " and ".join(spec(table).title.lower() for table in tables)


def _replacing(table: Table, frame: pd.DataFrame) -> Callable[[list[tuple[int, Row]]], RowChanges]:
    """What makes ``frame`` the whole content of ``table``, given the stored rows."""
    return lambda stored: diff(pd.DataFrame([row for _, row in stored], columns=spec(table).names), frame, table)


def _answers_text(payload: Mapping[str, object]) -> str:
    return json.dumps(dict(payload), sort_keys=True, default=str)


def _json(row: Row | None) -> str | None:
    return None if row is None else json.dumps(row)


def _unjson(text: str | None) -> Row | None:
    return None if text is None else json.loads(text)


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def _conflict_message(lines: list[str]) -> str:
    return "Not saved: since you loaded this, " + "; ".join(lines) + "."
