"""Backups: dated copies of the whole database file, and restoring one.

A *backup* is a copy of the DuckDB file in ``backups/`` beside the database;
:func:`restore_backup` replaces the database file with one, after backing up
the current file first. (Undo of one person's change lives in the store:
:meth:`core.store.Store.undo_last`.)
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from core.store import lingering
from core.store.errors import StoreError
from core.store.store import Store

__all__ = ["Backup", "backup", "backup_folder", "list_backups", "recover", "restore_backup"]

_STAMP = "%Y-%m-%d_%H%M%S_%f"


@dataclass(frozen=True)
class Backup:
    """One backup file and when it was taken."""

    path: Path
    taken_at: datetime
    size: int


def _operators_only(store: Store, action: str) -> None:
    """The whole file holds everyone's partnerships: in team mode only the operator copies or replaces it."""
    if store.member_only:
        store.refuse(None, action, "The whole database holds other people's partnerships: that is the operator's work.")


def backup_folder(store: Store) -> Path:
    """``backups/`` beside the database file (laptop mode; on a server, backups are the server's: ``pg_dump``)."""
    if store.on_server:
        raise StoreError("On a database server, backups are made by the server's own tools (pg_dump), not Keystone.")
    return store.path.parent / "backups"


def backup(store: Store, folder: Path | None = None, now: datetime | None = None) -> Path:
    """Copy the database file into ``folder`` under a dated name; return the copy's path.

    The file is held alone while it is copied (other sessions wait a moment,
    other programs are kept out) after a ``CHECKPOINT``, so the copy is
    complete. It is written under a temporary name, checked, and only then
    named as a backup: a full disk leaves no half backup in the list, and
    raises :class:`StoreError` in plain words.
    """
    _operators_only(store, "back up the whole database")
    with store.file_alone() as held:
        return _copy_out(store, held, folder, now)


def _copy_out(store: Store, held: lingering.Alone, folder: Path | None, now: datetime | None) -> Path:
    """The backup itself, made while the caller holds the file alone."""
    folder = Path(folder) if folder is not None else backup_folder(store)
    stamp = (now or datetime.now()).strftime(_STAMP)
    target = folder / f"{store.path.stem}-{stamp}.duckdb"
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        held.database.execute("CHECKPOINT")
        shutil.copyfile(store.path, partial)
        _check_backup(partial)
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(
            f"The backup could not be written in {folder}: {error.strerror or error}. "
            "Nothing was changed; free some disk space and try again."
        ) from error
    except StoreError:
        partial.unlink(missing_ok=True)
        raise
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
    """Refuse a file that is not a whole Keystone database (one made by Keystone, with its schema's record)."""
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise StoreError(f"{path.name} is not a Keystone database: {error}") from error
    try:
        tables = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        versions = (
            {row[0] for row in connection.execute("SELECT version FROM schema_version").fetchall()}
            if "schema_version" in tables
            else set()
        )
    except duckdb.Error as error:
        raise StoreError(f"{path.name} is not a readable Keystone database: {error}") from error
    finally:
        connection.close()
    missing = sorted({"partnerships", "actors", "relations"} - tables)
    if 1 not in versions or missing:
        raise StoreError(
            f"{path.name} is not a Keystone database (it lacks "
            + (", ".join(missing) if missing else "Keystone's schema record")
            + "). Nothing was restored."
        )


def restore_backup(store: Store, path: Path, folder: Path | None = None) -> Path:
    """Replace the database file with the backup at ``path``.

    The backup is checked to be a Keystone database and migrated to the
    current schema beside the database; then, in one hold of the file, the
    current file is backed up (that copy's path is returned) and the backup
    swapped in by one rename. Raises :class:`StoreError` when the backup is not
    usable or another program holds the database.
    """
    _operators_only(store, "restore the whole database")
    path = Path(path)
    if not path.exists():
        raise StoreError(f"The backup {path.name} does not exist.")
    _check_backup(path)
    incoming = store.path.with_name(store.path.name + ".restoring")
    try:
        shutil.copyfile(path, incoming)  # beside the database, migrated there, then swapped in by one rename
        prepared = Store(incoming)
        prepared.migrate()
        prepared.release()
        with store.file_alone() as held:  # one hold: no save can fall between the safety copy and the swap
            safety = _copy_out(store, held, folder, None)
            held.close()
            wal = store.path.with_name(store.path.name + ".wal")
            if wal.exists():
                wal.unlink()
            os.replace(incoming, store.path)
    except OSError as error:
        problem = error.strerror or error
        raise StoreError(f"The backup could not be restored: {problem}. The database is as it was.") from error
    finally:
        incoming.unlink(missing_ok=True)
    return safety


def recover(database: Path, chosen: Path, now: datetime | None = None) -> Path:
    """Put the backup ``chosen`` in place of a database file that cannot be opened; return where the damaged one went.

    The damaged file is never opened or changed: it is renamed aside (to
    ``<name>-damaged-<date>.duckdb`` beside it) for whoever wants to look at
    it, and the backup, once checked, is copied in its place.
    """
    database, chosen = Path(database), Path(chosen)
    _check_backup(chosen)
    stamp = (now or datetime.now()).strftime(_STAMP)
    aside = database.with_name(f"{database.stem}-damaged-{stamp}{database.suffix}")
    incoming = database.with_name(database.name + ".restoring")
    try:
        shutil.copyfile(chosen, incoming)
        with lingering.alone(database, None):  # closed, and no session of this process touches it meanwhile
            if database.exists():
                os.replace(database, aside)
            wal = database.with_name(database.name + ".wal")
            if wal.exists():
                os.replace(wal, aside.with_name(aside.name + ".wal"))
            os.replace(incoming, database)
    except OSError as error:
        incoming.unlink(missing_ok=True)
        raise StoreError(f"The backup could not be put in place: {error.strerror or error}.") from error
    return aside
