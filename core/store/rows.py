"""Rows as plain values, what changed between two versions of a table, and how a change meets the stored rows.

No SQL here: the store reads the stored rows, asks :func:`plan` what to write,
and writes it. A row is a dict of plain values (text, float, int, bool, ISO
dates, None), the same for both back-ends, so rows compare exactly and go into
the change log as JSON.

Saves are checked by *value*: an edit carries the row as the person saw it,
and it lands only if the cells it changes still hold what they saw. So two
people editing different rows, or different cells of one row, both land; the
same cell edited twice is a :class:`Conflict`, told to the second person.

It runs a little past 300 lines on purpose: the plain values, the diff and
the plan share one notion of a row's value and key, which must agree
exactly, so they stay side by side.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import pandas as pd

from core.conventions import name_key
from core.records import coerce
from core.tables import ColumnKind, Table, spec

__all__ = [
    "Blanks",
    "Columns",
    "Conflict",
    "Edit",
    "Plan",
    "Row",
    "RowChanges",
    "diff",
    "keys",
    "label",
    "plain_columns",
    "plain_rows",
    "plan",
    "rows_of",
]

Row = dict[str, object]
Columns = dict[str, np.ndarray]  # plain values of one table, a column at a time


def plain_rows(frame: pd.DataFrame, table: Table) -> list[Row]:
    """``frame`` typed by the table's spec, as plain Python values (missing is None, dates ISO text)."""
    return rows_of(plain_columns(frame, table))


def plain_columns(frame: pd.DataFrame, table: Table, names: Sequence[str] | None = None) -> Columns:
    """``frame`` typed by the table's spec, as plain values a column at a time (an object array per column).

    The same values as :func:`plain_rows`, for work on whole columns (a 50,000-row import);
    with ``names``, only those columns.
    """
    typed = coerce(frame, table, names)
    chosen = [column for column in spec(table).columns if column.name in typed]
    return {column.name: _objects(_plain_column(typed[column.name], column.kind)) for column in chosen}


def rows_of(columns: Columns) -> list[Row]:
    """Columns of plain values as one dict per row."""
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _objects(values: Sequence[object]) -> np.ndarray:
    """An object array holding ``values`` as they are (never split into sub-arrays)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _plain_column(values: pd.Series, kind: ColumnKind) -> list[object]:
    """One column as plain values, converted a column at a time (a 50,000-row import has a million cells)."""
    missing = values.isna().to_numpy()  # None, NA, NaN and NaT alike: NaN != NaN would never match
    convert = _PLAIN.get(kind, str)
    return [None if gone else convert(value) for value, gone in zip(values.tolist(), missing, strict=True)]


_PLAIN = {
    ColumnKind.DATE: lambda value: value.date().isoformat(),
    ColumnKind.TIMESTAMP: lambda value: value.isoformat(),
    ColumnKind.INTEGER: int,
    ColumnKind.NUMBER: float,
    ColumnKind.BOOL: bool,
}


def _content(row: Row) -> tuple[object, ...]:
    return tuple(row.values())


def _key(row: Row, table: Table) -> str:
    names = spec(table).key
    if len(names) == 1:  # most tables: one name column
        return _name_key(row.get(names[0]))
    return "\x1f".join(_name_key(row.get(name)) for name in names)


_name_key = functools.lru_cache(maxsize=1 << 16)(name_key)  # a save keys each name several times


def keys(columns: Columns, table: Table, count: int) -> list[str]:
    """Each row's key (as :func:`_key` makes it), from columns of ``count`` plain rows."""
    names = spec(table).key
    if not names:
        return [""] * count
    if len(names) == 1:
        return [_name_key(value) for value in columns[names[0]]]
    parts = [[_name_key(value) for value in columns[name]] for name in names]
    return ["\x1f".join(row) for row in zip(*parts, strict=True)]


@dataclass(frozen=True)
class Edit:
    """One row changed: as the person saw it, and as they want it."""

    before: Row
    after: Row

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(name for name, value in self.after.items() if self.before.get(name) != value)


@dataclass(frozen=True)
class RowChanges:
    """What one save does to one table: rows added, edited and deleted."""

    table: Table
    added: tuple[Row, ...] = ()
    edited: tuple[Edit, ...] = ()
    deleted: tuple[Row, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.edited or self.deleted)

    def named_keys(self) -> set[str] | None:
        """The keys of every row it names, before and after; None for a table without a key.

        A save needs only the stored rows with these keys: :func:`plan` finds
        rows by content (which holds the key) or by key, never otherwise.
        """
        if not spec(self.table).key:
            return None
        rows = [*self.added, *self.deleted, *(edit.before for edit in self.edited), *(e.after for e in self.edited)]
        return {_key(row, self.table) for row in rows}

    def describe(self) -> str:
        """'2 added, 1 edited, 1 deleted' (only the parts that happened)."""
        parts = [(len(self.added), "added"), (len(self.edited), "edited"), (len(self.deleted), "deleted")]
        return ", ".join(f"{count} {word}" for count, word in parts if count) or "no change"


def diff(before: pd.DataFrame, after: pd.DataFrame, table: Table, *, same_labels: bool = False) -> RowChanges:
    """The rows that differ between two versions of a table.

    Rows are paired first by identical content, then by the table's key. With
    ``same_labels`` (``after`` came from an editor, which keeps the index
    labels of the rows it was given), a row left over is paired by its label,
    so a renamed row is an edit, not a deletion and an addition.
    """
    old, new = plain_rows(before, table), plain_rows(after, table)
    old_labels, new_labels = list(before.index), list(after.index)
    unmatched_old = set(range(len(old)))
    by_content: dict[tuple, list[int]] = defaultdict(list)
    for position, row in enumerate(old):
        by_content[_content(row)].append(position)
    unmatched_new = []
    for position, row in enumerate(new):
        twins = by_content.get(_content(row))
        if twins:
            unmatched_old.discard(twins.pop(0))
        else:
            unmatched_new.append(position)

    edits: list[Edit] = []
    pairings = [(lambda i: _key(old[i], table) or None, lambda j: _key(new[j], table) or None)]
    if same_labels:
        pairings.append((lambda i: old_labels[i], lambda j: new_labels[j]))
    for old_mark, new_mark in pairings:
        marks: dict[object, int] = {}
        for position in sorted(unmatched_old):
            mark = old_mark(position)
            if mark is not None:
                marks.setdefault(mark, position)
        still = []
        for position in unmatched_new:
            partner = marks.pop(new_mark(position), None)
            if partner is None or partner not in unmatched_old:
                still.append(position)
                continue
            unmatched_old.discard(partner)
            edits.append(Edit(old[partner], new[position]))
        unmatched_new = still
    return RowChanges(
        Table(table),
        added=tuple(new[position] for position in unmatched_new),
        edited=tuple(edits),
        deleted=tuple(old[position] for position in sorted(unmatched_old)),
    )


class Blanks(Enum):
    """What a blank cell does to a stored value when a row updates a stored one."""

    KEEP = "keep"  # an update file's blank means "no change"
    CLEAR = "clear"  # a form's blank field means "empty this"

    @property
    def label(self) -> str:
        return {Blanks.KEEP: "Keep the stored value", Blanks.CLEAR: "Clear the stored value"}[self]


@dataclass(frozen=True)
class Conflict:
    """A cell or row someone else changed after the person saving had loaded it."""

    table: Table
    row_id: int | None
    label: str
    column: str | None
    yours: object
    theirs: object
    what: str  # "changed", "deleted" or "added"

    def describe(self, by: str | None = None, when: str | None = None) -> str:
        who = by or "someone"
        at = f" at {when}" if when else ""
        if self.what == "deleted":
            return f"{who} deleted “{self.label}”{at}"
        if self.what == "added":
            return f"{who} added “{self.label}” too{at}"
        if not self.column or spec(self.table).column(self.column).kind is ColumnKind.JSON:
            return f"{who} changed “{self.label}”{at}"  # a whole questionnaire: its JSON is no help to read
        cell = f"’s {self.column.replace('_', ' ')}"
        return f"{who} changed “{self.label}”{cell} to {_shown(self.theirs)}{at} (yours: {_shown(self.yours)})"


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "blank" if value is None or value == "" else f"“{value}”"


@dataclass
class Plan:
    """What the store writes for one :class:`RowChanges`: rows by id, and conflicts found."""

    delete: list[int] = field(default_factory=list)
    write: list[tuple[int, Row | None, Row]] = field(default_factory=list)  # id, before, after
    add: list[Row] = field(default_factory=list)
    removed: list[tuple[int, Row]] = field(default_factory=list)  # id, before
    conflicts: list[Conflict] = field(default_factory=list)


def label(row: Row, table: Table) -> str:
    """How a row is named in a message: its key values."""
    parts = [str(row.get(name)) for name in spec(table).key if row.get(name) not in (None, "")]
    return " → ".join(parts) or "a row"


def plan(stored: Iterable[tuple[int, Row]], changes: RowChanges, *, check: bool = True) -> Plan:
    """Meet ``changes`` with the stored rows (``(row_id, row)``).

    Each edited or deleted row is found by its content as the person saw it,
    else by its key. With ``check``, a cell that changed since is a conflict;
    without it (the person chose to keep theirs), their values win, cell by cell.
    """
    table = changes.table
    rows = dict(stored)
    by_content: dict[tuple, list[int]] = defaultdict(list)
    by_key: dict[str, list[int]] = defaultdict(list)
    for row_id, row in rows.items():
        by_content[_content(row)].append(row_id)
        by_key[_key(row, table)].append(row_id)
    taken: set[int] = set()

    def locate(row: Row) -> int | None:
        """The stored row the person saw: same content, else the only untaken row with its key."""
        free = [row_id for row_id in by_content.get(_content(row), []) if row_id not in taken]
        if not free:  # by key only when it names one row: with twins, the wrong one could be changed
            free = [row_id for row_id in by_key.get(_key(row, table), []) if row_id not in taken]
            free = free if len(free) == 1 else []
        if free:
            taken.add(free[0])
            return free[0]
        return None

    result = Plan()
    for edit in changes.edited:
        row_id = locate(edit.before)
        if row_id is None:
            if check:
                result.conflicts.append(Conflict(table, None, label(edit.before, table), None, None, None, "deleted"))
            else:
                result.add.append(edit.after)
            continue
        now = rows[row_id]
        clashes = [name for name in edit.changed if now.get(name) != edit.before.get(name)]
        if check and clashes:
            result.conflicts.extend(
                Conflict(table, row_id, label(now, table), name, edit.after[name], now.get(name), "changed")
                for name in clashes
            )
            continue
        after = {**now, **{name: edit.after[name] for name in edit.changed}}
        renamed_onto = [other for other in by_key.get(_key(after, table), []) if other != row_id and other not in taken]
        if check and _key(after, table) != _key(now, table) and renamed_onto:
            result.conflicts.append(Conflict(table, renamed_onto[0], label(after, table), None, None, None, "added"))
            continue
        if after != now:
            result.write.append((row_id, now, after))
    for row in changes.deleted:
        row_id = locate(row)
        if row_id is None:
            continue  # already gone: nothing is lost
        if check and rows[row_id] != row:
            now = rows[row_id]
            column = next((name for name in now if now[name] != row.get(name)), None)
            result.conflicts.append(
                Conflict(table, row_id, label(now, table), column, row.get(column), now.get(column), "changed")
            )
            continue
        result.removed.append((row_id, rows[row_id]))
    for row in changes.added:
        twin = locate(row) if spec(table).key and _key(row, table) in by_key else None
        if twin is None:
            result.add.append(row)
        elif check and rows[twin] != row:
            result.conflicts.append(Conflict(table, twin, label(row, table), None, None, None, "added"))
        elif rows[twin] != row:
            result.write.append((twin, rows[twin], {**rows[twin], **row}))
    result.delete = [row_id for row_id, _ in result.removed] + [row_id for row_id, _, _ in result.write]
    return result
