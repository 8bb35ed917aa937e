"""What the store needs from a database, whichever it is (DuckDB file or PostgreSQL server).

The store writes its SQL once, with ``?`` placeholders, in the SQL both
databases understand. What differs sits behind :class:`Connection`: how
placeholders are spelt, how many rows go in at once, how a frame comes out,
how a partnership is locked against other processes, and which errors mean
"busy, try again".
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol

import pandas as pd

__all__ = ["Backend", "Connection"]


class Connection(Protocol):
    """One database connection, used by one thread for one block of work."""

    dialect: str  # "duckdb" or "postgresql", for the rare statement that must differ (migrations)

    def execute(self, sql: str, params: Sequence[object] = ()) -> None: ...

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]: ...

    def frame(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame: ...

    def insert(self, table: str, frame: pd.DataFrame) -> None:
        """Insert every row of ``frame`` (columns named as in the table), in order."""

    def script(self, sql: str) -> None:
        """Run several schema statements written in DuckDB's SQL."""

    def begin(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def lock_partnership(self, partnership_id: int) -> None:
        """Hold a partnership against writers in other processes until the transaction ends."""

    def lock_schema(self) -> None:
        """Hold the schema against other processes migrating it until the transaction ends."""


class Backend(Protocol):
    """A database the store can reach: a DuckDB file or a PostgreSQL server.

    A file also offers ``alone()``: the file held by one block, to copy or replace it (backups).
    """

    location: str
    on_server: bool

    def connect(self) -> AbstractContextManager[Connection]: ...

    def release(self) -> None:
        """Let go of the database now (close an idle file, or this process's connections to a server)."""

    def retryable(self, error: BaseException) -> bool:
        """Whether ``error`` means another writer was in the way and the work can run again."""

    def translate(self, error: BaseException) -> Exception | None:
        """``error`` as a :class:`~core.store.errors.StoreError` in plain words, or None if it is not the database's."""
