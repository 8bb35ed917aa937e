"""Imports a column at a time: which stored rows a file updates, what it adds, and the change log's text.

No SQL here. A 50,000-row stakeholder list is met with the stored rows as
whole columns of plain values (:func:`core.store.rows.plain_columns`), not a
dict per row: rows are paired by key once, and the cells that change are
found by comparing whole columns. The result is the same as pairing the rows
one by one (the first stored row with a key is the one updated, and the first
row of the file with a key wins), so an import and a form's save agree.

The change log keeps each row before and after as JSON text, exactly as
``json.dumps`` writes a row, so undo reads back the values that were stored.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii

import numpy as np
import pandas as pd

from core.store.rows import Blanks, Columns, keys, label, plain_columns
from core.tables import ColumnKind, Table, spec

__all__ = ["Upsert", "blanked", "json_texts", "upserts"]


@dataclass(frozen=True)
class Upsert:
    """What an upsert writes to one table.

    Attributes
    ----------
    table : Table
    ids : list of int
        The stored rows it updates.
    before, after : Columns
        Those rows as stored and as they will be, aligned with ``ids``.
    added : Columns
        The rows it adds, in the file's order.
    """

    table: Table
    ids: list[int]
    before: Columns
    after: Columns
    added: Columns

    @property
    def updated_count(self) -> int:
        return len(self.ids)

    @property
    def added_count(self) -> int:
        return len(next(iter(self.added.values()))) if self.added else 0


def _pairs(stored: Columns, count: int, incoming: Columns, table: Table) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Pair the file's rows with stored rows by key: (file positions, stored positions, unpaired file positions).

    Only the first row of the file with a key counts; it meets the first stored row with that key.
    """
    first: dict[str, int] = {}
    for position, key in enumerate(keys(stored, table, count)):
        first.setdefault(key, position)
    incoming_count = len(next(iter(incoming.values())))
    mine, theirs, new, seen = [], [], [], set()
    for position, key in enumerate(keys(incoming, table, incoming_count)):
        if key in seen:
            continue
        seen.add(key)
        at = first.get(key)
        if at is None:
            new.append(position)
        else:
            mine.append(position)
            theirs.append(at)
    return np.asarray(mine, dtype=np.intp), np.asarray(theirs, dtype=np.intp), new


def _supplied(incoming: pd.DataFrame, table: Table) -> list[str]:
    """The columns a file updates: those it has, but not the key (a key is how the row is found)."""
    return [name for name in spec(table).names if name in incoming.columns and name not in spec(table).key]


def _blank(values: np.ndarray) -> np.ndarray:
    return np.fromiter((value is None for value in values), dtype=bool, count=len(values))


def upserts(
    stored_ids: Sequence[int], stored: Columns, incoming: pd.DataFrame, table: Table, blanks: Blanks = Blanks.CLEAR
) -> Upsert:
    """Rows of ``incoming`` whose key is stored update the columns it has; the rest are added.

    Parameters
    ----------
    stored_ids : sequence of int
        The stored rows' ids, in stored order.
    stored : Columns
        The stored rows as plain values (:func:`core.store.rows.plain_columns`).
    incoming : DataFrame
        The rows to write; keys compare ignoring case and spaces.
    table : Table
    blanks : Blanks
        With ``Blanks.KEEP`` a blank cell leaves the stored value as it is.

    Returns
    -------
    Upsert
        Only the stored rows whose values really change are updated.
    """
    table = Table(table)
    names = spec(table).names
    given = plain_columns(incoming, table)
    mine, theirs, new = _pairs(stored, len(stored_ids), given, table)
    before = {name: stored[name][theirs] for name in names}
    after = dict(before)
    changed = np.zeros(len(mine), dtype=bool)
    for name in _supplied(incoming, table):
        values = given[name][mine]
        if blanks is Blanks.KEEP:
            values = np.where(_blank(values), before[name], values)
        after[name] = values
        changed |= np.not_equal(before[name], values).astype(bool)
    ids = np.asarray(stored_ids, dtype=np.int64)[theirs][changed]
    return Upsert(
        table,
        ids=[int(row_id) for row_id in ids],
        before={name: values[changed] for name, values in before.items()},
        after={name: values[changed] for name, values in after.items()},
        added={name: given[name][new] for name in names},
    )


def blanked(stored: Columns, incoming: pd.DataFrame, table: Table) -> list[tuple[str, str]]:
    """The stored values that blank cells of ``incoming`` would clear: (row label, column) pairs.

    What an import preview shows before the user picks :class:`~core.store.rows.Blanks`;
    row by row in the file's order, columns in the table's order.
    """
    table = Table(table)
    count = len(next(iter(stored.values()))) if stored else 0
    given = plain_columns(incoming, table)
    mine, theirs, _ = _pairs(stored, count, given, table)
    supplied = _supplied(incoming, table)
    if not supplied or not len(mine):
        return []
    cleared = np.column_stack(
        [_blank(given[name][mine]) & ~_blank(stored[name][theirs]) for name in supplied]
    )  # one row per paired row, one column per supplied column
    rows, columns = np.nonzero(cleared)  # row by row, as the file reads
    key = spec(table).key
    return [
        (label({name: stored[name][theirs[row]] for name in key}, table), supplied[column])
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True)
    ]


def json_texts(columns: Columns, table: Table) -> np.ndarray:
    """Each row of ``columns`` as the JSON text ``json.dumps`` writes for its dict, built a column at a time.

    Columns in the table's order; values are plain (text, float, int, bool, None).
    """
    specs = spec(Table(table)).columns
    template = "{" + ", ".join(json.dumps(column.name).replace("%", "%%") + ": %s" for column in specs) + "}"
    encoded = [_ENCODE.get(column.kind, _encode_any)(columns[column.name]) for column in specs]
    out = np.empty(len(encoded[0]), dtype=object)
    out[:] = [template % values for values in zip(*encoded, strict=True)]
    return out


def _encode_text(values: np.ndarray) -> list[str]:
    return [
        "null" if value is None else encode_basestring_ascii(value) if type(value) is str else json.dumps(value)
        for value in values
    ]


def _encode_number(values: np.ndarray) -> list[str]:
    return [
        "null"
        if value is None
        else float.__repr__(value)
        if type(value) is float and math.isfinite(value)
        else json.dumps(value)
        for value in values
    ]


def _encode_integer(values: np.ndarray) -> list[str]:
    return [
        "null" if value is None else int.__repr__(value) if type(value) is int else json.dumps(value)
        for value in values
    ]


def _encode_bool(values: np.ndarray) -> list[str]:
    return [
        "null" if value is None else "true" if value is True else "false" if value is False else json.dumps(value)
        for value in values
    ]


def _encode_any(values: np.ndarray) -> list[str]:
    return [json.dumps(value) for value in values]


_ENCODE = {
    ColumnKind.TEXT: _encode_text,
    ColumnKind.DATE: _encode_text,
    ColumnKind.TIMESTAMP: _encode_text,
    ColumnKind.JSON: _encode_text,
    ColumnKind.NUMBER: _encode_number,
    ColumnKind.INTEGER: _encode_integer,
    ColumnKind.BOOL: _encode_bool,
}
