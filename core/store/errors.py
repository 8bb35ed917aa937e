"""Store errors, worded for the person using Keystone."""

from __future__ import annotations

from collections.abc import Sequence

from core.store.rows import Conflict

__all__ = ["AccessError", "ConflictError", "StoreBusyError", "StoreDamagedError", "StoreError"]


class StoreError(Exception):
    """A storage problem, worded for the person using Keystone."""


class AccessError(StoreError):
    """Team mode: the person's role does not allow what they tried (the attempt is logged)."""


class StoreBusyError(StoreError):
    """Another program holds the database, or the server is too busy to answer in time."""


class StoreDamagedError(StoreError):
    """The database file exists but cannot be opened as a database: the way back is a backup."""


class ConflictError(StoreError):
    """Someone else changed what a save or an undo would change; nothing was written.

    ``conflicts`` name each clash; ``message`` is the whole story in plain words,
    with who made the other change and when.
    """

    def __init__(self, message: str, conflicts: Sequence[Conflict]) -> None:
        super().__init__(message)
        self.conflicts = tuple(conflicts)
