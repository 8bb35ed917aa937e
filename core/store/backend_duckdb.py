"""Laptop mode: one DuckDB file.

DuckDB lets one process at a time hold a file, and analysts run
``python -m core`` beside the app, so the file is held only while it is used
and for half a second after (:mod:`core.store.lingering`). A lock held by
another process is waited for (processes take turns), then reported as
:class:`~core.store.errors.StoreBusyError` naming the holder. A write that
finds the disk full is not retried: it is reported as such, in plain words,
and the failed commit leaves the file as it was (``tests/core/store/test_full_disk.py``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from core.store import lingering
from core.store.errors import StoreBusyError, StoreDamagedError, StoreError

__all__ = ["DuckDBBackend"]

_LOCK_RETRY_SECONDS = 10.0  # several turns of other processes (lingering.TURN_SECONDS); a person is not kept long
_LOCK_POLL_SECONDS = 0.05  # DuckDB's lock has no queue: ask often, or another process's next turn starts first


class _Connection:
    dialect = "duckdb"

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        self._cursor.execute(sql, list(params))

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        return self._cursor.execute(sql, list(params)).fetchall()

    def frame(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        return self._cursor.execute(sql, list(params)).df()

    def insert(self, table: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        columns = ", ".join(frame.columns)
        self._cursor.register("incoming_rows", _for_duckdb(frame))
        try:
            self._cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_rows")
        finally:
            self._cursor.unregister("incoming_rows")

    def script(self, sql: str) -> None:
        self._cursor.execute(sql)

    def begin(self) -> None:
        self._cursor.begin()

    def commit(self) -> None:
        self._cursor.commit()

    def rollback(self) -> None:
        self._cursor.rollback()

    def lock_partnership(self, partnership_id: int) -> None:
        """Nothing to do: only this process can hold the file, and the store locks within it."""

    def lock_schema(self) -> None:
        """Nothing to do: only this process can hold the file."""


class DuckDBBackend:
    """A DuckDB file at ``path`` (created with its folder when missing)."""

    on_server = False

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)

    @contextmanager
    def connect(self) -> Iterator[_Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with lingering.cursor(self.path, self._open) as cursor:
            yield _Connection(cursor)

    def release(self) -> None:
        lingering.release(self.path)

    def alone(self) -> AbstractContextManager[lingering.Alone]:
        """The file held by this block alone, open (see :func:`.lingering.alone`)."""
        return lingering.alone(self.path, self._open)

    def retryable(self, error: BaseException) -> bool:
        return isinstance(error, duckdb.TransactionException) and not _disk_full(error)

    def translate(self, error: BaseException) -> Exception | None:
        if _disk_full(error):  # a failed commit: nothing of it landed
            return StoreError(self._no_room(error))
        if isinstance(error, duckdb.TransactionException):
            return StoreBusyError("Others were saving to this partnership at the same moment. Try again.")
        if isinstance(error, duckdb.IOException) and any(words in str(error) for words in _UNREADABLE):
            return StoreDamagedError(
                f"Keystone's database {self.path} is damaged: part of it cannot be read ({error}). "
                "Restore the newest backup (the app offers them when it starts)."
            )
        if isinstance(error, duckdb.Error):
            return StoreError(f"The Keystone database {self.path} could not do that: {error}")
        return None

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Open the file, retrying briefly while another program holds it."""
        deadline = time.monotonic() + _LOCK_RETRY_SECONDS
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as error:
                if _disk_full(error):  # the file is fine; the disk is not
                    raise StoreError(self._no_room(error)) from error
                if "lock" not in str(error).lower():
                    raise StoreDamagedError(f"Keystone cannot open its database {self.path}: {error}") from error
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"The Keystone database {self.path} is in use by {_holder(str(error))}. "
                        "Wait for it to finish or close it, then try again."
                    ) from error
                time.sleep(_LOCK_POLL_SECONDS)

    def _no_room(self, error: BaseException) -> str:
        """The plain message for a write that found the disk full (a failed commit leaves the file as it was)."""
        return (
            f"There is no room on the disk holding the Keystone database ({self.path.parent}): "
            f"{_disk_full(error)}. Nothing was changed; free some disk space and try again."
        )


_UNREADABLE = ("Could not read enough bytes", "Corrupt database file", "checksum")
"""How DuckDB says a file that opened cannot be read further (cut short, or its blocks damaged)."""

_NO_ROOM = ("No space left on device", "Disk quota exceeded", "File too large")
"""How the operating system says a write found no room (ENOSPC, EDQUOT, EFBIG), as DuckDB passes it on."""


_FAILED_WRITE = re.compile(r"[\w ]*Error: Failed to commit: (?:IO Error: )?Could not \w+ file ")
"""How DuckDB begins the TransactionException of a commit whose write failed (before any quoted value)."""


def _disk_full(error: BaseException) -> str | None:
    """The operating system's words when ``error`` is a write that found no room, else None.

    Only an I/O error, a fatal one, or a commit whose write failed is read: other errors
    (a constraint, a conversion) quote the user's values, which may hold any words.
    """
    message = str(error)
    if not (
        isinstance(error, (duckdb.IOException, duckdb.FatalException))
        or (isinstance(error, duckdb.TransactionException) and _FAILED_WRITE.match(message))
    ):
        return None
    return next((words for words in _NO_ROOM if words in message), None)


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


def _for_duckdb(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain object/numpy columns DuckDB binds without guessing."""
    out = frame.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.StringDtype):
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out
