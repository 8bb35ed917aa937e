"""Undo and backups: snapshots of one partnership, copies of the whole file.

A *snapshot* holds every record of one partnership (all :class:`Table` kinds,
answers included) as JSON in the ``snapshots`` table; it is taken before an
import or a bulk edit, and :func:`undo_last` puts the partnership back exactly
as it was, in one transaction, then drops the snapshot. Only the newest
:data:`KEEP_SNAPSHOTS` per partnership are kept.

A *backup* is a dated copy of the DuckDB file in ``data/backups/`` (beside the
database); :func:`restore_backup` replaces the database file with one, after
backing up the current file first.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from core.records import coerce
from core.store.store import Store, StoreError
from core.tables import SPECS, Table

__all__ = [
    "KEEP_SNAPSHOTS",
    "Backup",
    "backup",
    "backup_folder",
    "list_backups",
    "list_snapshots",
    "restore_backup",
    "take_snapshot",
    "undo_last",
]

KEEP_SNAPSHOTS = 20
_STAMP = "%Y-%m-%d_%H%M%S_%f"


def _encode(frame: pd.DataFrame) -> dict[str, object]:
    values = frame.astype(object).where(frame.notna(), None)
    rows = [[None if value is None else _plain(value) for value in row] for row in values.itertuples(index=False)]
    return {"columns": list(frame.columns), "rows": rows}


def _plain(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _decode(table: Table, data: dict[str, object]) -> pd.DataFrame:
    frame = pd.DataFrame(data["rows"], columns=data["columns"], dtype=object)
    return coerce(frame, table)


def take_snapshot(store: Store, partnership_id: int, reason: str) -> int:
    """Save every record of a partnership; return the snapshot id."""
    with store.transaction() as connection:
        payload = {table.value: _encode(store._read(connection, partnership_id, table)) for table in SPECS}
        row = connection.execute(
            "INSERT INTO snapshots (partnership_id, reason, payload) VALUES (?, ?, ?) RETURNING id",
            [partnership_id, reason, json.dumps(payload)],
        ).fetchone()
        connection.execute(
            "DELETE FROM snapshots WHERE partnership_id = ? AND id NOT IN "
            "(SELECT id FROM snapshots WHERE partnership_id = ? ORDER BY id DESC LIMIT ?)",
            [partnership_id, partnership_id, KEEP_SNAPSHOTS],
        )
    return int(row[0])


def list_snapshots(store: Store, partnership_id: int) -> pd.DataFrame:
    """The snapshots of a partnership, newest first: id, taken_at, reason."""
    with store.connect() as connection:
        return connection.execute(
            "SELECT id, taken_at, reason FROM snapshots WHERE partnership_id = ? ORDER BY id DESC",
            [partnership_id],
        ).df()


def undo_last(store: Store, partnership_id: int) -> str | None:
    """Restore the newest snapshot of a partnership and drop it.

    Returns the snapshot's reason ("before saving …"), or None when there is
    nothing to undo. All tables are restored in one transaction.
    """
    with store.transaction() as connection:
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
            store._replace(connection, partnership_id, table, frame)
        connection.execute("DELETE FROM snapshots WHERE id = ?", [snapshot_id])
        store._touch(connection, partnership_id)
    return str(reason or "")


# -- backups of the whole file ------------------------------------------------


@dataclass(frozen=True)
class Backup:
    """One backup file and when it was taken."""

    path: Path
    taken_at: datetime
    size: int


def backup_folder(store: Store) -> Path:
    """``backups/`` beside the database file."""
    return store.path.parent / "backups"


def backup(store: Store, folder: Path | None = None, now: datetime | None = None) -> Path:
    """Copy the database file into ``folder`` under a dated name; return the copy's path.

    The copy is made while holding a connection after a ``CHECKPOINT``, so
    the file is complete and no other process can write meanwhile.
    """
    folder = Path(folder) if folder is not None else backup_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime(_STAMP)
    target = folder / f"{store.path.stem}-{stamp}.duckdb"
    with store.connect() as connection:
        connection.execute("CHECKPOINT")
        shutil.copy2(store.path, target)
    return target


def _taken_at(path: Path) -> datetime | None:
    match = re.search(r"(\d{4}-\d{2}-\d{2}_\d{6}_\d{6})$", path.stem)
    return datetime.strptime(match.group(1), _STAMP) if match else None


def list_backups(store: Store, folder: Path | None = None) -> list[Backup]:
    """The backups in ``folder``, newest first, with their dates."""
    folder = Path(folder) if folder is not None else backup_folder(store)
    found = []
    for path in folder.glob("*.duckdb") if folder.exists() else []:
        taken = _taken_at(path)
        if taken is not None:
            found.append(Backup(path, taken, path.stat().st_size))
    return sorted(found, key=lambda item: item.taken_at, reverse=True)


def _check_backup(path: Path) -> None:
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise StoreError(f"{path.name} is not a Keystone database: {error}") from error
    try:
        tables = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        connection.close()
    if "partnerships" not in tables:
        raise StoreError(f"{path.name} is not a Keystone database (it has no partnerships).")


def restore_backup(store: Store, path: Path, folder: Path | None = None) -> Path:
    """Replace the database file with the backup at ``path``.

    The current file is backed up first (its path is returned), the backup
    is checked to be a Keystone database, and the restored file is migrated
    to the current schema. Raises :class:`StoreError` when the backup is not
    usable or another program holds the database.
    """
    path = Path(path)
    if not path.exists():
        raise StoreError(f"The backup {path.name} does not exist.")
    _check_backup(path)
    safety = backup(store, folder)
    with store.connect():  # fails with StoreBusyError if another program holds the file
        pass
    wal = store.path.with_name(store.path.name + ".wal")
    if wal.exists():
        wal.unlink()
    shutil.copy2(path, store.path)
    store.migrate()
    return safety
