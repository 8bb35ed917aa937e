"""Quick capture during a workshop: add one record without leaving the flow.

Only new records are added (a name already in use is refused rather than
overwritten), every rule of :mod:`core.records` applies, names that must
refer to existing records are checked, and the addition is logged under the
person's name, as a quick capture, so they can undo it and the wrap-up can
list what the room added.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

import pandas as pd

from core.conventions import name_key, row_keys
from core.records import Problem, validate
from core.store import SPECS, Store, Table, log, spec
from core.store.rows import label

__all__ = ["CAPTURE_TABLES", "capture", "capture_many", "capture_reason", "captured"]

CAPTURE_TABLES: tuple[Table, ...] = (
    Table.ACTORS, Table.RELATIONS, Table.FACTORS, Table.BARRIERS, Table.RATINGS, Table.EVIDENCE, Table.COMMITMENTS,
)  # fmt: skip
"""The record kinds a facilitator can add from the workshop flow."""


def capture_reason(table: Table) -> str:
    """How a quick capture of ``table`` is logged (the change log's reason): "quick capture of actors"."""
    return f"quick capture of {SPECS[Table(table)].title.lower()}"


_MUST_NAME = {  # columns that must name a record already on the map: (column, table it names, what it is)
    Table.RATINGS: (("cause", Table.FACTORS, "a factor of the map"),),
    Table.RELATIONS: (("source", Table.ACTORS, "an actor"), ("target", Table.ACTORS, "an actor")),
}


def capture(store: Store, partnership_id: int, table: Table, values: Mapping[str, object]) -> list[Problem]:
    """Validate and add one record; return the problems (empty when saved).

    Parameters
    ----------
    store, partnership_id
        Where to add the record.
    table
        One of :data:`CAPTURE_TABLES`.
    values
        Column name to value; missing columns stay empty.

    Returns
    -------
    list of Problem
        Empty when the record was stored; otherwise what is wrong (nothing is stored).
    """
    return [replace(problem, row=None) for problem in capture_many(store, partnership_id, table, [values])]


def capture_many(
    store: Store, partnership_id: int, table: Table, records: Sequence[Mapping[str, object]]
) -> list[Problem]:
    """Validate and add several records at once (the ratings grid): all of them, or none and every problem.

    A problem's ``row`` is the record's position in ``records`` (from 0).
    """
    table = Table(table)
    if table not in CAPTURE_TABLES:
        raise ValueError(f"quick capture does not add {table.value}")
    rows = pd.DataFrame([{name: values.get(name) for name in spec(table).names} for values in records])
    problems = [problem for problem in validate(rows, table) if problem.other_row is None]  # repeats: said below
    if problems:
        return problems
    key = list(spec(table).key)
    keys = row_keys(rows, key)
    taken = set(row_keys(store.read(partnership_id, table), key))
    for number, (found, values) in enumerate(zip(keys, records, strict=True)):
        label = " / ".join(str(values.get(name)).strip() for name in key)
        if found in taken:
            problems.append(Problem(number, key[0], label, f"'{label}' is already recorded"))
        elif found in set(keys.iloc[:number]):
            problems.append(Problem(number, key[0], label, f"'{label}' is given twice"))
    for column, named, what in _MUST_NAME.get(table, ()):
        known = {name_key(name) for name in store.read(partnership_id, named)["name"].dropna()}
        for number, value in enumerate(rows[column]):
            if known and name_key(value) not in known:
                problems.append(Problem(number, column, value, f"'{value}' is not {what}"))
    if problems:
        return problems
    store.upsert(partnership_id, table, rows, reason=capture_reason(table))
    return []


def captured(store: Store, partnership_id: int, since: datetime) -> pd.DataFrame:
    """What quick capture added since ``since`` and is still there: ``kind, item, who, when``, oldest first."""
    rows = log.added(store, partnership_id, [capture_reason(table) for table in CAPTURE_TABLES], since)
    return pd.DataFrame(
        {
            "kind": [SPECS[table].title for table in rows["table"]],
            "item": [label(row, table) for row, table in zip(rows["row"], rows["table"], strict=True)],
            "who": rows["made_by"],
            "when": rows["made_at"],
        }
    )
