"""Team mode: a PostgreSQL server, shared by several app processes and the CLI.

psycopg 3 with a connection pool per server address and process (opening a
connection costs a few milliseconds; a page reads several times). Writes to
one partnership are serialised across processes by locking its row
(``SELECT ... FOR UPDATE``) for the length of the write.
"""

from __future__ import annotations

import atexit
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime

import pandas as pd
import psycopg
import psycopg_pool
from psycopg import errors as pg_errors

from core.store.errors import StoreBusyError, StoreError

__all__ = ["PostgresBackend"]

_POOL_SIZE = 10  # connections per app process: more than one page's reads, well under the server's limit
_WAIT_SECONDS = 10.0  # for a free connection before the user is told the server is busy
_SCHEMA_LOCK = 727_001  # an advisory lock number for migrations; any fixed number works


class _Connection:
    dialect = "postgresql"

    def __init__(self, connection: psycopg.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        self._connection.execute(_placeholders(sql), list(params))

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        return self._connection.execute(_placeholders(sql), list(params)).fetchall()

    def frame(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        cursor = self._connection.execute(_placeholders(sql), list(params))
        columns = [column.name for column in cursor.description]
        return pd.DataFrame(cursor.fetchall(), columns=columns)

    def insert(self, table: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        columns = ", ".join(frame.columns)
        values = frame.astype(object).where(frame.notna(), None)
        with self._connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in values.itertuples(index=False, name=None):
                copy.write_row([_python(value) for value in row])

    def script(self, sql: str) -> None:
        # DuckDB's DOUBLE is PostgreSQL's DOUBLE PRECISION; nothing else in our schema differs.
        self._connection.execute(re.sub(r"\bDOUBLE\b", "DOUBLE PRECISION", sql))

    def begin(self) -> None:
        """Nothing to do: psycopg opens a transaction at the first statement."""

    def commit(self) -> None:
        self._connection.commit()

    def rollback(self) -> None:
        self._connection.rollback()

    def lock_partnership(self, partnership_id: int) -> None:
        self._connection.execute("SELECT id FROM partnerships WHERE id = %s FOR UPDATE", [partnership_id])

    def lock_schema(self) -> None:
        self._connection.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEMA_LOCK])


def _placeholders(sql: str) -> str:
    """Our SQL binds with ``?``; psycopg with ``%s`` (no literal ``%`` or ``?`` appear in our SQL)."""
    return sql.replace("?", "%s")


def _python(value: object) -> object:
    """A pandas/numpy value as the Python value psycopg sends."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes, date, datetime)):
        return value.item()  # numpy scalars
    return value


_POOLS: dict[str, psycopg_pool.ConnectionPool] = {}
_POOLS_LOCK = threading.Lock()


def _pool(address: str) -> psycopg_pool.ConnectionPool:
    with _POOLS_LOCK:
        pool = _POOLS.get(address)
        if pool is None:
            pool = psycopg_pool.ConnectionPool(
                address, min_size=1, max_size=_POOL_SIZE, timeout=_WAIT_SECONDS, open=True, name="keystone"
            )
            _POOLS[address] = pool
        return pool


@atexit.register
def _close_pools() -> None:
    for pool in list(_POOLS.values()):
        pool.close()


class PostgresBackend:
    """A PostgreSQL database at a ``postgresql://`` address."""

    on_server = True

    def __init__(self, address: str) -> None:
        self.location = address

    @property
    def shown(self) -> str:
        """The address without a password, for messages."""
        return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", self.location)

    @contextmanager
    def connect(self) -> Iterator[_Connection]:
        with _pool(self.location).connection() as connection:
            yield _Connection(connection)

    def release(self) -> None:
        """Close this process's connections to the server (they reopen on the next use)."""
        with _POOLS_LOCK:
            pool = _POOLS.pop(self.location, None)
        if pool is not None:
            pool.close()

    def retryable(self, error: BaseException) -> bool:
        return isinstance(error, (pg_errors.SerializationFailure, pg_errors.DeadlockDetected))

    def translate(self, error: BaseException) -> Exception | None:
        if isinstance(error, psycopg_pool.PoolTimeout):
            return StoreBusyError(
                f"The Keystone database server {self.shown} is busy: no connection was free within "
                f"{_WAIT_SECONDS:.0f} s. Try again."
            )
        if isinstance(error, psycopg.OperationalError):
            return StoreError(f"Keystone cannot reach its database server {self.shown}: {_first_line(error)}")
        if isinstance(error, (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)):
            return StoreBusyError("Others were saving to this partnership at the same moment. Try again.")
        if isinstance(error, psycopg.Error):
            return StoreError(f"The Keystone database server {self.shown} could not do that: {_first_line(error)}")
        return None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
