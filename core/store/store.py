"""The DuckDB repository: the only code in Keystone that speaks SQL.

DuckDB lets one process at a time hold a database file, and analysts run
``python -m core`` beside the app, so the file is held only while it is used
and for half a second after (:mod:`core.store.lingering`). A lock held by
another process is retried briefly, then reported as :class:`StoreBusyError`
in plain words.

Every write of records or answers first saves a *snapshot* of the
partnership's records in the same transaction, so "Undo" (:meth:`Store.undo_last`)
always returns to the state just before the latest change. The newest
:data:`KEEP_SNAPSHOTS` per partnership are kept.

Identifiers in SQL come only from :class:`~core.tables.Table` and the
column specs, never from user text; values are always bound parameters or
registered DataFrames.

The module is long because :class:`Store` holds every read, write, snapshot
and undo in one class, the only code that speaks SQL. It is left whole for
now: another change is about to rewrite it.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from core.conventions import row_keys
from core.records import coerce
from core.store import lingering
from core.store.migrations import MIGRATIONS
from core.tables import SPECS, Table, spec

__all__ = ["KEEP_SNAPSHOTS", "Store", "StoreBusyError", "StoreError", "default_path"]

_LOCK_RETRY_SECONDS = 3.0
KEEP_SNAPSHOTS = 20  # undo steps kept per partnership


class StoreError(Exception):
    """A storage problem, worded for the person using Keystone."""


class StoreBusyError(StoreError):
    """Another program holds the database file."""


def default_path() -> Path:
    """``$KEYSTONE_DB``, else ``data/keystone.duckdb`` beside the code."""
    env = os.environ.get("KEYSTONE_DB")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "data" / "keystone.duckdb"


def _holder(message: str) -> str:
    """Describe the process named in DuckDB's lock message."""
    match = re.search(r"held in (.+?) \(PID (\d+)\)", message)
    if not match:
        return "another program"
    program, pid = match.group(1), match.group(2)
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        cmdline = ""
    return f"{cmdline or Path(program).name} (process {pid})"


class Store:
    """All reads and writes of one Keystone database file."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    # -- connections -----------------------------------------------------

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for the duration of a block (the file stays open briefly after, see :mod:`.lingering`)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with lingering.cursor(self.path, self._open) as connection:
            yield connection

    def release(self) -> None:
        """Close the file now if nothing uses it: before it is copied, replaced or handed to another program."""
        lingering.release(self.path)

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Open the file, retrying briefly while another program holds it."""
        deadline = time.monotonic() + _LOCK_RETRY_SECONDS
        delay = 0.05
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as error:
                if "lock" not in str(error).lower():
                    raise StoreError(f"Keystone cannot open its database {self.path}: {error}") from error
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"The Keystone database {self.path} is in use by {_holder(str(error))}. "
                        "Wait for it to finish or close it, then try again."
                    ) from error
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A block that commits whole or, on any error, not at all."""
        with self.connect() as connection:
            connection.begin()
            try:
                yield connection
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    # -- schema ------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply pending migrations; return the versions applied."""
        applied: list[int] = []
        with self.connect() as connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
            )
            done = {row[0] for row in connection.execute("SELECT version FROM schema_version").fetchall()}
            for migration in sorted(MIGRATIONS, key=lambda m: m.version):
                if migration.version in done:
                    continue
                connection.begin()
                try:
                    connection.execute(migration.sql)
                    connection.execute(
                        "INSERT INTO schema_version (version, name) VALUES (?, ?)",
                        [migration.version, migration.name],
                    )
                except BaseException:
                    connection.rollback()
                    raise
                connection.commit()
                applied.append(migration.version)
        return applied

    def schema_versions(self) -> list[int]:
        with self.connect() as connection:
            return [
                row[0] for row in connection.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
            ]

    def columns(self, table: Table) -> list[str]:
        """The columns the database really has for ``table`` (for checks)."""
        with self.connect() as connection:
            rows = connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [Table(table).value],
            ).fetchall()
        return [row[0] for row in rows]

    # -- partnerships ------------------------------------------------------

    def partnerships(self) -> pd.DataFrame:
        """Every partnership: id, name, problem, stage, created_at, updated_at."""
        with self.connect() as connection:
            return connection.execute(
                "SELECT id, name, problem, stage, created_at, updated_at FROM partnerships ORDER BY name"
            ).df()

    def partnership(self, partnership_id: int) -> dict[str, object]:
        with self.connect() as connection:
            frame = connection.execute(
                "SELECT id, name, problem, stage, created_at, updated_at FROM partnerships WHERE id = ?",
                [partnership_id],
            ).df()
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
        with self.transaction() as connection:
            self._check_name_free(connection, name)
            partnership_id = self._insert_partnership(connection, name, problem, stage)
            for table, frame in (records or {}).items():
                self._replace(connection, partnership_id, Table(table), frame)
            for topic, payload in (answers or {}).items():
                self._save_answers(connection, partnership_id, topic, payload)
        return partnership_id

    def update_partnership(self, partnership_id: int, **fields: str) -> None:
        """Change name, problem or stage."""
        allowed = {"name", "problem", "stage"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        if "name" in fields:
            fields["name"] = _clean_name(fields["name"])
        with self.transaction() as connection:
            if "name" in fields:
                self._check_name_free(connection, fields["name"], partnership_id)
            # One fixed statement: a field left out keeps its value.
            connection.execute(
                "UPDATE partnerships SET name = coalesce(?, name), problem = coalesce(?, problem), "
                "stage = coalesce(?, stage) WHERE id = ?",
                [fields.get("name"), fields.get("problem"), fields.get("stage"), partnership_id],
            )
            self._touch(connection, partnership_id)

    def rename_partnership(self, partnership_id: int, name: str) -> None:
        self.update_partnership(partnership_id, name=name)

    def duplicate_partnership(self, partnership_id: int, name: str) -> int:
        """Copy a partnership and every record of it under a new name."""
        name = _clean_name(name)
        with self.transaction() as connection:
            self._check_name_free(connection, name)
            original = connection.execute(
                "SELECT problem, stage FROM partnerships WHERE id = ?", [partnership_id]
            ).fetchone()
            if original is None:
                raise StoreError(f"There is no partnership with id {partnership_id}.")
            new_id = self._insert_partnership(connection, name, original[0] or "", original[1] or "pilot")
            for table in SPECS:
                columns = ", ".join(spec(table).names)
                connection.execute(
                    f"INSERT INTO {table.value} (partnership_id, {columns}) "
                    f"SELECT ?, {columns} FROM {table.value} WHERE partnership_id = ? ORDER BY rowid",
                    [new_id, partnership_id],
                )
        return new_id

    def delete_partnership(self, partnership_id: int) -> None:
        with self.transaction() as connection:
            for table in SPECS:
                connection.execute(f"DELETE FROM {table.value} WHERE partnership_id = ?", [partnership_id])
            connection.execute("DELETE FROM snapshots WHERE partnership_id = ?", [partnership_id])
            connection.execute("DELETE FROM partnerships WHERE id = ?", [partnership_id])

    def _insert_partnership(self, connection: duckdb.DuckDBPyConnection, name: str, problem: str, stage: str) -> int:
        row = connection.execute(
            "INSERT INTO partnerships (name, problem, stage) VALUES (?, ?, ?) RETURNING id",
            [name, problem, stage],
        ).fetchone()
        return int(row[0])

    def _check_name_free(self, connection: duckdb.DuckDBPyConnection, name: str, except_id: int | None = None) -> None:
        row = connection.execute(
            "SELECT id FROM partnerships WHERE lower(name) = lower(?) AND id IS DISTINCT FROM ?",
            [name, except_id],
        ).fetchone()
        if row is not None:
            raise StoreError(f"A partnership called '{name}' already exists. Choose another name.")

    def _touch(self, connection: duckdb.DuckDBPyConnection, partnership_id: int) -> None:
        connection.execute("UPDATE partnerships SET updated_at = current_timestamp WHERE id = ?", [partnership_id])

    # -- records -------------------------------------------------------------

    def read(self, partnership_id: int, table: Table) -> pd.DataFrame:
        """All rows of ``table`` for a partnership, typed, in stored order."""
        return self.read_many(partnership_id, [table])[Table(table)]

    def read_many(self, partnership_id: int, tables: list[Table]) -> dict[Table, pd.DataFrame]:
        """Several tables over one connection (opening the file costs ~30 ms)."""
        frames: dict[Table, pd.DataFrame] = {}
        with self.connect() as connection:
            for table in map(Table, tables):
                frames[table] = self._read(connection, partnership_id, table)
        return frames

    def replace(self, partnership_id: int, table: Table, frame: pd.DataFrame, reason: str | None = None) -> None:
        """Make ``frame`` the whole content of ``table`` for a partnership.

        ``reason`` names the change in the undo list ("before ...").
        """
        self.replace_many(partnership_id, {table: frame}, reason)

    def replace_many(
        self, partnership_id: int, frames: Mapping[Table, pd.DataFrame], reason: str | None = None
    ) -> None:
        """Replace several tables in one transaction: all land or none."""
        titles = " and ".join(spec(Table(table)).title.lower() for table in frames)
        with self.transaction() as connection:
            self._snapshot(connection, partnership_id, reason or f"before saving {titles}")
            for table, frame in frames.items():
                self._replace(connection, partnership_id, Table(table), frame)
            self._touch(connection, partnership_id)

    def upsert(
        self, partnership_id: int, table: Table, frame: pd.DataFrame, reason: str | None = None
    ) -> tuple[int, int]:
        """Insert rows whose key is new, update rows whose key exists.

        Keys compare case-insensitively, ignoring surrounding space. Only the
        columns present in ``frame`` change on existing rows; rows not named
        in ``frame`` stay as they are. Returns ``(added, updated)``.
        """
        return self.upsert_many(partnership_id, {table: frame}, reason)[Table(table)]

    def upsert_many(
        self, partnership_id: int, frames: Mapping[Table, pd.DataFrame], reason: str | None = None
    ) -> dict[Table, tuple[int, int]]:
        """:meth:`upsert` several tables in one transaction: all land or none."""
        titles = " and ".join(spec(Table(table)).title.lower() for table in frames)
        counts = {}
        with self.transaction() as connection:
            self._snapshot(connection, partnership_id, reason or f"before adding to {titles}")
            for table, frame in frames.items():
                counts[Table(table)] = self._upsert(connection, partnership_id, Table(table), frame)
            self._touch(connection, partnership_id)
        return counts

    def _upsert(
        self, connection: duckdb.DuckDBPyConnection, partnership_id: int, table: Table, frame: pd.DataFrame
    ) -> tuple[int, int]:
        key = list(spec(table).key)
        incoming = coerce(frame, table)
        existing = self._read(connection, partnership_id, table)
        existing_keys = row_keys(existing, key)
        incoming_keys = row_keys(incoming, key)
        updated_mask = existing_keys.isin(set(incoming_keys))
        by_key = dict(zip(incoming_keys, range(len(incoming)), strict=True))
        # Only columns the caller supplied change; keys keep their stored
        # spelling so references from other tables still resolve.
        changing = [name for name in spec(table).names if name in frame.columns and name not in key]
        merged = existing.copy()
        for position in existing.index[updated_mask]:
            source = incoming.iloc[by_key[existing_keys[position]]]
            for name in changing:
                merged.at[position, name] = source[name]
        added = incoming[~incoming_keys.isin(set(existing_keys))]
        result = pd.concat([merged, added], ignore_index=True) if len(added) else merged
        self._replace(connection, partnership_id, table, result)
        return len(added), int(updated_mask.sum())

    def _read(self, connection: duckdb.DuckDBPyConnection, partnership_id: int, table: Table) -> pd.DataFrame:
        return coerce(_select(connection, partnership_id, table).df(), table)

    def _replace(
        self, connection: duckdb.DuckDBPyConnection, partnership_id: int, table: Table, frame: pd.DataFrame
    ) -> None:
        rows = coerce(frame, table)
        rows.insert(0, "partnership_id", partnership_id)
        columns = ", ".join(["partnership_id", *spec(table).names])
        connection.execute(f"DELETE FROM {table.value} WHERE partnership_id = ?", [partnership_id])
        if rows.empty:
            return
        connection.register("incoming_rows", _for_duckdb(rows))
        try:
            connection.execute(f"INSERT INTO {table.value} ({columns}) SELECT {columns} FROM incoming_rows")
        finally:
            connection.unregister("incoming_rows")

    # -- undo ----------------------------------------------------------------

    def _snapshot(self, connection: duckdb.DuckDBPyConnection, partnership_id: int, reason: str) -> None:
        payload = {}
        for table in SPECS:  # raw rows, not typed frames: 3-7x faster, and every write pays this
            rows = _select(connection, partnership_id, table).fetchall()
            payload[table.value] = {"columns": spec(table).names, "rows": rows}
        connection.execute(
            "INSERT INTO snapshots (partnership_id, reason, payload) VALUES (?, ?, ?)",
            [partnership_id, reason, json.dumps(payload, default=_iso)],
        )
        connection.execute(
            "DELETE FROM snapshots WHERE partnership_id = ? AND id NOT IN "
            "(SELECT id FROM snapshots WHERE partnership_id = ? ORDER BY id DESC LIMIT ?)",
            [partnership_id, partnership_id, KEEP_SNAPSHOTS],
        )

    def snapshots(self, partnership_id: int) -> pd.DataFrame:
        """The changes that can be undone, newest first: ``id, taken_at, reason``."""
        with self.connect() as connection:
            return connection.execute(
                "SELECT id, taken_at, reason FROM snapshots WHERE partnership_id = ? ORDER BY id DESC",
                [partnership_id],
            ).df()

    def undo_last(self, partnership_id: int) -> str | None:
        """Put the partnership's records back as they were before the latest change.

        Restores every table from the newest snapshot in one transaction and
        drops that snapshot. Returns its reason ("before saving ..."), or None
        when there is nothing to undo.
        """
        with self.transaction() as connection:
            row = connection.execute(
                "SELECT id, reason, payload FROM snapshots WHERE partnership_id = ? ORDER BY id DESC LIMIT 1",
                [partnership_id],
            ).fetchone()
            if row is None:
                return None
            snapshot_id, reason, payload = row
            data = json.loads(payload)
            for table in SPECS:
                frame = _decode(table, data[table.value]) if table.value in data else coerce(pd.DataFrame(), table)
                self._replace(connection, partnership_id, table, frame)
            connection.execute("DELETE FROM snapshots WHERE id = ?", [snapshot_id])
            self._touch(connection, partnership_id)
        return str(reason or "")

    # -- questionnaire answers --------------------------------------------

    def answers(self, partnership_id: int, topic: str) -> dict[str, object]:
        """The stored answers of one questionnaire, or an empty dict."""
        with self.connect() as connection:
            row = connection.execute(
                "SELECT payload FROM answers WHERE partnership_id = ? AND topic = ?", [partnership_id, topic]
            ).fetchone()
        return json.loads(row[0]) if row else {}

    def save_answers(self, partnership_id: int, topic: str, payload: Mapping[str, object]) -> None:
        """Store one questionnaire's answers (a JSON object), replacing the previous ones."""
        with self.transaction() as connection:
            self._snapshot(connection, partnership_id, f"before saving the {topic.replace('_', ' ')} answers")
            self._save_answers(connection, partnership_id, topic, payload)
            self._touch(connection, partnership_id)

    def _save_answers(
        self, connection: duckdb.DuckDBPyConnection, partnership_id: int, topic: str, payload: Mapping[str, object]
    ) -> None:
        text = json.dumps(dict(payload), sort_keys=True, default=str)
        connection.execute("DELETE FROM answers WHERE partnership_id = ? AND topic = ?", [partnership_id, topic])
        connection.execute(
            "INSERT INTO answers (partnership_id, topic, payload) VALUES (?, ?, ?)", [partnership_id, topic, text]
        )


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise StoreError("A partnership needs a name.")
    if len(cleaned) > 120:
        raise StoreError("A partnership name can be at most 120 characters.")
    return cleaned


def _select(connection: duckdb.DuckDBPyConnection, partnership_id: int, table: Table) -> duckdb.DuckDBPyConnection:
    """A partnership's rows of ``table`` in stored order (the name comes from the Table enum)."""
    columns = ", ".join(spec(table).names)
    return connection.execute(
        f"SELECT {columns} FROM {table.value} WHERE partnership_id = ? ORDER BY rowid", [partnership_id]
    )


def _iso(value: date) -> str:
    """Dates and timestamps in snapshots, as ISO text (microseconds kept)."""
    return value.isoformat()


def _decode(table: Table, data: dict[str, object]) -> pd.DataFrame:
    return coerce(pd.DataFrame(data["rows"], columns=data["columns"], dtype=object), table)


def _for_duckdb(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain object/numpy columns DuckDB binds without guessing."""
    out = frame.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.StringDtype):
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out
