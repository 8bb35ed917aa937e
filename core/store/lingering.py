"""One DuckDB file kept open while it is busy, and closed soon after it goes quiet.

Opening a DuckDB file costs 50-90 ms on this kind of machine (the catalogue is
read, and closing checkpoints), against under 1 ms for a query on an open
file; a page that reads three times paid for three opens. Yet DuckDB lets only
one process hold a file, and analysts run ``python -m core`` beside the app.
So a file stays open in this process while any thread uses it and for
:data:`LINGER_SECONDS` after the last use, then closes, and another program's
lock retry gets in. A process that has held the file for :data:`TURN_SECONDS`
closes it at once when its current work ends, so a long run of writes takes
turns with other programs instead of holding them out. Each use gets its own
cursor, so threads never share a transaction.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

__all__ = ["LINGER_SECONDS", "TURN_SECONDS", "Alone", "alone", "cursor", "release"]

LINGER_SECONDS = 0.5
"""How long an idle file stays open: longer than a page's gap between reads, well under the lock retry."""

TURN_SECONDS = 1.0
"""How long a process keeps the file through back-to-back work before it lets other programs have a turn."""


class _File:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.turn = threading.Condition(self.lock)  # signalled when the last user leaves or a sole holder is done
        self.alone = False
        self.database: duckdb.DuckDBPyConnection | None = None
        self.users = 0
        self.opened_at = 0.0
        self.timer: threading.Timer | None = None

    def close_if_idle(self) -> None:
        with self.lock:
            if self.users == 0 and self.database is not None and not self.alone:
                self.database.close()
                self.database = None


_FILES: dict[Path, _File] = {}
_FILES_LOCK = threading.Lock()


def _file(path: Path) -> _File:
    with _FILES_LOCK:
        return _FILES.setdefault(path.resolve(), _File())


@contextmanager
def cursor(path: Path, open_file: Callable[[], duckdb.DuckDBPyConnection]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on ``path``, opening it with ``open_file`` unless this process has it open."""
    held = _file(path)
    with held.lock:
        while held.alone:  # the file is being copied or replaced
            held.turn.wait()
        if held.timer is not None:
            held.timer.cancel()
            held.timer = None
        if held.database is None:
            held.database = open_file()
            held.opened_at = time.monotonic()
        held.users += 1
        connection = held.database.cursor()
    try:
        yield connection
    finally:
        connection.close()
        with held.lock:
            held.users -= 1
            if held.users == 0:
                held.turn.notify_all()
            if held.users == 0 and time.monotonic() - held.opened_at > TURN_SECONDS:
                held.database.close()  # another program may be waiting: its turn
                held.database = None
            elif held.users == 0:
                held.timer = threading.Timer(LINGER_SECONDS, held.close_if_idle)
                held.timer.daemon = True
                held.timer.start()


class Alone:
    """The file held by one block alone: ``database`` is its open connection, ``close()`` closes it."""

    def __init__(self, held: _File) -> None:
        self._held = held

    @property
    def database(self) -> duckdb.DuckDBPyConnection:
        return self._held.database

    def close(self) -> None:
        self._held.database.close()
        self._held.database = None


@contextmanager
def alone(path: Path, open_file: Callable[[], duckdb.DuckDBPyConnection] | None) -> Iterator[Alone]:
    """The file used by no other thread of this process until the block ends (to copy or replace it).

    Waits for the threads using it to finish; threads that come meanwhile wait
    for the block. With ``open_file`` the file is open in the block, and other
    programs are kept out by its own lock; with None (a damaged file) it is closed.
    """
    held = _file(path)
    with held.lock:
        while held.alone:
            held.turn.wait()
        held.alone = True
        while held.users:
            held.turn.wait()
        if held.timer is not None:
            held.timer.cancel()
            held.timer = None
        try:
            if open_file is None and held.database is not None:
                held.database.close()
                held.database = None
            elif open_file is not None and held.database is None:
                held.database = open_file()
                held.opened_at = time.monotonic()
        except BaseException:
            held.alone = False
            held.turn.notify_all()
            raise
    try:
        yield Alone(held)
    finally:
        with held.lock:
            held.alone = False
            held.turn.notify_all()
        release(path)


def release(path: Path) -> None:
    """Close ``path`` now if no thread is using it (before copying or replacing the file)."""
    held = _file(path)
    with held.lock:
        if held.timer is not None:
            held.timer.cancel()
            held.timer = None
    held.close_if_idle()


@atexit.register
def _close_all() -> None:  # a command-line run ends with its file checkpointed, not left to the WAL
    for held in list(_FILES.values()):
        held.close_if_idle()
