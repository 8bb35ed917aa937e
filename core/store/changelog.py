"""The change log: who changed which rows, before and after, and taking a change back (undo, redo).

Every write records each row it touched as JSON text before and after, in
``changes`` (one per write) and ``change_rows``. Taking a change back puts
its rows back as they were before it, as a new change, and refuses when any
of them changed since: an undo never loses someone else's work.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from core.store import table_rows
from core.store.backend import Connection
from core.store.errors import ConflictError
from core.store.rows import Conflict, Row, label
from core.tables import Table

__all__ = [
    "Logged",
    "authored",
    "conflict_message",
    "from_json",
    "logged",
    "put_back",
    "record",
    "redo_target",
    "take_back",
]

Logged = tuple[Table, Sequence[int], Sequence[str | None], Sequence[str | None]]
"""Rows of one table for the change log: their ids, and each before and after as JSON text (None: no row)."""


def logged(table: Table, rows: Sequence[tuple[int, Row | None, Row | None]]) -> Logged:
    """Rows given as dicts (``row_id, before, after``), for the change log."""
    return (
        table,
        [row_id for row_id, _, _ in rows],
        [_to_json(before) for _, before, _ in rows],
        [_to_json(after) for _, _, after in rows],
    )


def record(
    connection: Connection,
    partnership_id: int,
    user: str,
    reason: str,
    parts: Sequence[Logged],
    undoes: int | None = None,
) -> int | None:
    """Record who changed which rows, before and after; return the change id (None: nothing changed)."""
    parts = [part for part in parts if len(part[1])]
    if not parts:
        return None
    change_id = connection.rows(
        "INSERT INTO changes (partnership_id, made_by, reason, undoes) VALUES (?, ?, ?, ?) RETURNING id",
        [partnership_id, user, reason, undoes],
    )[0][0]
    rows = pd.DataFrame(
        {
            "table_name": np.concatenate([np.full(len(ids), table.value, dtype=object) for table, ids, _, _ in parts]),
            "row_id": np.concatenate([np.asarray(ids, dtype=np.int64) for _, ids, _, _ in parts]),
            "before": np.concatenate([np.asarray(before, dtype=object) for _, _, before, _ in parts]),
            "after": np.concatenate([np.asarray(after, dtype=object) for _, _, _, after in parts]),
        }
    )
    rows.insert(0, "change_id", np.int64(change_id))
    connection.insert("change_rows", rows)
    return int(change_id)


def authored(connection: Connection, conflicts: list[Conflict]) -> list[str]:
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


def conflict_message(lines: list[str]) -> str:
    """A refused save in words, from :func:`authored`'s lines."""
    return "Not saved: since you loaded this, " + "; ".join(lines) + "."


def take_back(
    connection: Connection, partnership_id: int, user: str, change_id: int, reason: str, undoes: int | None
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
    parts: list[Logged] = []
    conflicts = []
    for table, rows in by_table.items():
        now = table_rows.stored_texts(connection, partnership_id, table, {row_id for row_id, _, _ in rows})
        for row_id, _, after in rows:
            if now.get(row_id) != after and from_json(now.get(row_id)) != from_json(after):  # same text, same row
                conflicts.append(_changed_since(table, row_id, from_json(now.get(row_id)), from_json(after)))
        ids = [row_id for row_id, _, _ in rows]
        parts.append((table, ids, [now.get(row_id) for row_id in ids], [before for _, before, _ in rows]))
    if conflicts:
        verb, what = reason.split(" ", 1)  # "undo saving actors" -> Undoing … Nothing was undone.
        raise ConflictError(
            f"{verb.capitalize()}ing “{what}” would lose what others did since: "
            + "; ".join(authored(connection, conflicts))
            + f". Nothing was {verb}ne.",
            conflicts,
        )
    for table, rows in by_table.items():
        put_back(connection, partnership_id, table, {row_id: before for row_id, before, _ in rows})
    return record(connection, partnership_id, user, reason, parts, undoes=undoes)


def put_back(connection: Connection, partnership_id: int, table: Table, texts: Mapping[int, str | None]) -> None:
    """Make each row as its logged text says: every id's row deleted, and written again where it has a text."""
    table_rows.delete(connection, partnership_id, table, list(texts))
    back = [(row_id, text) for row_id, text in texts.items() if text is not None]
    columns = table_rows.as_columns([json.loads(text) for _, text in back], table)
    table_rows.insert(connection, partnership_id, table, columns, [row_id for row_id, _ in back])


def redo_target(connection: Connection, partnership_id: int, user: str) -> tuple[int, str] | None:
    """The user's undo that a redo would take back (its id, and what it had undone), if any."""
    mine = connection.rows(
        "SELECT id, reason, undoes, undone_by FROM changes WHERE partnership_id = ? AND made_by = ? ORDER BY id DESC",
        [partnership_id, user],
    )
    redos = {undone_by for _, _, undoes, undone_by in mine if undoes is not None and undone_by is not None}
    for change_id, reason, undoes, undone_by in mine:
        if undoes is None and change_id not in redos:
            return None  # a change of their own since the undo: nothing to redo
        if undoes is not None and undone_by is None:
            return int(change_id), str(reason or "").removeprefix("undo ")
    return None


def from_json(text: str | None) -> Row | None:
    """A logged row (JSON text) as a dict; None stays None (no row)."""
    return None if text is None else json.loads(text)


def _to_json(row: Row | None) -> str | None:
    return None if row is None else json.dumps(row)


def _changed_since(table: Table, row_id: int, now: Row | None, after: Row | None) -> Conflict:
    """The conflict of a row that someone changed (or deleted) after the change being taken back."""
    shown = now or after or {}
    column = next((name for name in shown if (now or {}).get(name) != (after or {}).get(name)), None)
    what = "deleted" if now is None else "changed"
    return Conflict(table, row_id, label(shown, table), column, None, (now or {}).get(column), what)
