"""A partnership's rows of one table, read and written over a connection the caller holds.

The store's writes (:mod:`.store`, :mod:`.changelog`, :mod:`.history`) are
built from these; they do not check access or log anything themselves.
Rows travel as columns of plain values (:data:`.rows.Columns`), so a
50,000-row write is a few array operations, not 50,000 dicts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.records import coerce
from core.store.backend import Connection
from core.store.bulk import json_texts
from core.store.rows import Columns, Row, plain_columns, rows_of
from core.store.rows import keys as row_keys
from core.tables import ColumnKind, Table, spec

__all__ = ["as_columns", "delete", "insert", "read", "stored", "stored_columns", "stored_texts"]


def read(connection: Connection, partnership_id: int, table: Table) -> pd.DataFrame:
    """All rows of ``table`` for a partnership, typed, in stored order."""
    columns = ", ".join(spec(table).names)
    frame = connection.frame(
        f"SELECT {columns} FROM {table.value} WHERE partnership_id = ? ORDER BY row_id", [partnership_id]
    )
    return coerce(frame, table)


def stored(
    connection: Connection, partnership_id: int, table: Table, keys: set[str] | None = None
) -> list[tuple[int, Row]]:
    """The partnership's rows of ``table`` with their ids, as plain values; with ``keys``, only those rows."""
    only = None if keys is None else _ids_with_keys(connection, partnership_id, table, keys)
    row_ids, columns = stored_columns(connection, partnership_id, table, only)
    return list(zip(row_ids, rows_of(columns), strict=True))


def stored_columns(
    connection: Connection, partnership_id: int, table: Table, only: list[int] | None = None
) -> tuple[list[int], Columns]:
    """The partnership's rows of ``table`` (all, or ``only`` those ids): ids, and plain values by column."""
    columns = ", ".join(["row_id", *spec(table).names])
    where, parameters = "partnership_id = ?", [partnership_id]
    if only is not None:
        where, parameters = where + " AND row_id = ANY(?)", [partnership_id, only]
    frame = connection.frame(f"SELECT {columns} FROM {table.value} WHERE {where} ORDER BY row_id", parameters)
    return frame["row_id"].astype(int).tolist(), plain_columns(frame, table)


def stored_texts(connection: Connection, partnership_id: int, table: Table, row_ids: set[int]) -> dict[int, str]:
    """The stored rows among ``row_ids`` as change-log JSON text, by id (a row gone since is missing)."""
    stored_ids, columns = stored_columns(connection, partnership_id, table)
    positions = [position for position, row_id in enumerate(stored_ids) if row_id in row_ids]
    texts = json_texts({name: values[positions] for name, values in columns.items()}, table)
    return dict(zip([stored_ids[position] for position in positions], texts.tolist(), strict=True))


def delete(connection: Connection, partnership_id: int, table: Table, row_ids: list[int]) -> None:
    """Delete the partnership's rows of ``table`` with these ids."""
    if row_ids:
        connection.execute(
            f"DELETE FROM {table.value} WHERE partnership_id = ? AND row_id = ANY(?)", [partnership_id, row_ids]
        )


def insert(
    connection: Connection,
    partnership_id: int,
    table: Table,
    columns: Columns,
    row_ids: Sequence[int] | None = None,
) -> list[int]:
    """Insert rows given as columns of plain values (with their ids, or new ones); return the ids."""
    count = len(next(iter(columns.values()))) if columns else 0
    if not count:
        return []
    if row_ids is None:
        found = connection.rows("SELECT nextval('row_ids') FROM generate_series(1, ?)", [count])
        row_ids = sorted(int(row[0]) for row in found)
    frame = coerce(
        pd.DataFrame({column.name: _typed(columns[column.name], column.kind) for column in spec(table).columns}),
        table,
    )
    frame.insert(0, "row_id", list(row_ids))
    frame.insert(0, "partnership_id", partnership_id)
    connection.insert(table.value, frame)
    return list(row_ids)


def as_columns(rows: Sequence[Row], table: Table) -> Columns:
    """Rows given as dicts, as columns of the table (a column a row lacks is None)."""
    return {name: np.asarray([row.get(name) for row in rows], dtype=object) for name in spec(table).names}


def _ids_with_keys(connection: Connection, partnership_id: int, table: Table, keys: set[str]) -> list[int]:
    """The ids of the rows whose key is among ``keys`` (keys compared as :func:`.rows.keys` makes them)."""
    names = spec(table).key
    frame = connection.frame(
        f"SELECT row_id, {', '.join(names)} FROM {table.value} WHERE partnership_id = ?", [partnership_id]
    )
    found = row_keys(plain_columns(frame, table, names), table, len(frame))  # typed as keys are: dates as text
    return [int(row_id) for row_id, key in zip(frame["row_id"], found, strict=True) if key in keys]


def _typed(values: np.ndarray, kind: ColumnKind) -> object:
    """A column of plain values that :func:`core.records.coerce` takes as it is (yes/no read as words is slow)."""
    if kind is ColumnKind.BOOL:
        return pd.array(values, dtype="boolean")
    return values
