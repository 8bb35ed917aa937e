"""The store: every read and write of Keystone's data, on a DuckDB file or a PostgreSQL server.

``KEYSTONE_DB`` is a file path (laptop mode) or a ``postgresql://`` address
(team mode); :mod:`.database` holds the connections, the partnership lock
and the access checks, and :mod:`.backend_duckdb` and :mod:`.backend_postgres`
hide how the two databases differ. Many people write at once, so every write

- holds its partnership (:meth:`~.database.Database.write`) so simultaneous
  saves land one after another, none lost;
- changes only the rows it touched (:mod:`.rows` finds them by value) and,
  when given what the person saw, refuses with :class:`ConflictError` if a
  cell they change was changed by someone else since;
- is logged with who made it and each row before and after
  (:mod:`.changelog`), so :meth:`Store.undo_last` undoes that person's own
  last change, and only if nobody has changed those rows since.

In team mode (:meth:`Store.as_member`) every read and write of a partnership
first checks the person's role in it (:mod:`core.access`); a refusal is
logged and raised as :class:`AccessError`, worded without the partnership's
name for someone who is not a member.

Identifiers in SQL come only from :class:`~core.tables.Table` and the column
specs, never from user text; values are always bound parameters or frames.

Why this module is longer than most: it is the store's whole public surface
(partnerships, records, answers, undo), one class that every page and core
module is handed, so each way in shows its access check and its write side
by side. What lies under the methods lives in :mod:`.database`,
:mod:`.table_rows` and :mod:`.changelog`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from core.access import Need, Role
from core.store import changelog, table_rows
from core.store.backend import Connection
from core.store.bulk import json_texts, upserts
from core.store.database import Database, default_location, default_user
from core.store.errors import ConflictError, StoreError
from core.store.rows import Blanks, Edit, Row, RowChanges, diff, plain_columns, plan
from core.tables import SPECS, Table, spec

__all__ = ["Progress", "Store", "default_location", "default_user"]

Progress = Callable[[float, str], None]
"""Told how far a long write is: a fraction from 0 to 1 and what it is doing, in plain words."""
_PARTNERSHIP_COLUMNS = "id, name, problem, stage, created_at, updated_at, revision"


class Store(Database):
    """All reads and writes of one Keystone database, made as ``user``."""

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
                table_rows.insert(connection, partnership_id, Table(table), plain_columns(frame, Table(table)))
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

        self.write(partnership_id, work)

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
                _, columns = table_rows.stored_columns(connection, partnership_id, table)
                table_rows.insert(connection, new_id, table, columns)
        return new_id

    def delete_partnership(self, partnership_id: int) -> None:
        self.check(partnership_id, Need.OWN)
        with self.holding(partnership_id) as connection:  # writers elsewhere finish first, then find it gone
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
            return {table: table_rows.read(connection, partnership_id, table) for table in map(Table, tables)}

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
                row_ids, stored = table_rows.stored_columns(connection, partnership_id, table)
                told((step + 0.2) * share, f"comparing with the {len(row_ids):,} stored rows")
                planned = upserts(row_ids, stored, frame, table, blanks)
                told((step + 0.4) * share, f"writing {planned.added_count + planned.updated_count:,} rows")
                table_rows.delete(connection, partnership_id, table, planned.ids)
                table_rows.insert(connection, partnership_id, table, planned.after, planned.ids)
                new_ids = table_rows.insert(connection, partnership_id, table, planned.added)
                told((step + 0.7) * share, "recording the change, so it can be undone")
                logged.append((table, planned.ids, json_texts(planned.before, table), json_texts(planned.after, table)))
                logged.append((table, new_ids, [None] * len(new_ids), json_texts(planned.added, table)))
                counts[table] = (planned.added_count, planned.updated_count)
            changed = changelog.record(
                connection, partnership_id, self.user, reason or _reason("adding to", tables), logged
            )
            told(0.95, "saving")
            return counts, changed is not None

        counts = self.write(partnership_id, work)
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
                stored = table_rows.stored(connection, partnership_id, table, (named or {}).get(table))
                changes[table] = make(stored)
                plans[table] = plan(stored, changes[table], check=check)
                conflicts.extend(plans[table].conflicts)
            if conflicts:
                raise ConflictError(changelog.conflict_message(changelog.authored(connection, conflicts)), conflicts)
            logged: list[changelog.Logged] = []
            for table, planned in plans.items():
                table_rows.delete(connection, partnership_id, table, planned.delete)
                logged.append(changelog.logged(table, [(row_id, before, None) for row_id, before in planned.removed]))
                written = table_rows.as_columns([after for _, _, after in planned.write], table)
                table_rows.insert(
                    connection, partnership_id, table, written, [row_id for row_id, _, _ in planned.write]
                )
                logged.append(changelog.logged(table, planned.write))
                new_ids = table_rows.insert(
                    connection, partnership_id, table, table_rows.as_columns(planned.add, table)
                )
                logged.append(
                    changelog.logged(
                        table, [(row_id, None, row) for row_id, row in zip(new_ids, planned.add, strict=True)]
                    )
                )
            changed = changelog.record(connection, partnership_id, self.user, reason, logged)
            return changes, changed is not None

        return self.write(partnership_id, work)

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
            undo_id = changelog.take_back(
                connection, partnership_id, self.user, change_id, f"undo {reason}", undoes=change_id
            )
            connection.execute("UPDATE changes SET undone_by = ? WHERE id = ?", [undo_id, change_id])
            return str(reason or ""), True

        return self.write(partnership_id, work)

    def redo_last(self, partnership_id: int) -> str | None:
        """Make again what this user's latest undo took back, as a new change.

        Redo follows undo back: after undoing A then B, redo brings back B,
        then A. A change of the user's own since the undo ends what can be
        redone, as in any editor. Returns what was made again, or None; raises
        :class:`ConflictError` when someone else changed those rows since.
        """

        def work(connection: Connection) -> tuple[str | None, bool]:
            target = changelog.redo_target(connection, partnership_id, self.user)
            if target is None:
                return None, False
            undo_id, made = target
            redo_id = changelog.take_back(connection, partnership_id, self.user, undo_id, f"redo {made}", undoes=None)
            connection.execute("UPDATE changes SET undone_by = ? WHERE id = ?", [redo_id, undo_id])
            return made, True

        return self.write(partnership_id, work)

    def redoable(self, partnership_id: int) -> str | None:
        """What :meth:`redo_last` would make again for this user, or None."""
        with self.connect() as connection:
            target = changelog.redo_target(connection, partnership_id, self.user)
        return None if target is None else target[1]


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
