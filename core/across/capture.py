"""Quick capture during a workshop: add one record without leaving the flow.

Only new records are added (a name already in use is refused rather than
overwritten), every rule of :mod:`core.records` applies, names that must
refer to existing records are checked, and the addition is logged under the
person's name so they can undo it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from core.conventions import row_keys
from core.records import Problem, validate
from core.store import Store, Table, spec

__all__ = ["CAPTURE_TABLES", "capture"]

CAPTURE_TABLES: tuple[Table, ...] = (Table.ACTORS, Table.RATINGS, Table.BARRIERS)
"""The record kinds a facilitator can add from the workshop flow."""


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
    table = Table(table)
    if table not in CAPTURE_TABLES:
        raise ValueError(f"quick capture does not add {table.value}")
    row = pd.DataFrame([{name: values.get(name) for name in spec(table).names}])
    problems = validate(row, table)
    if problems:
        return problems
    key = list(spec(table).key)
    existing = store.read(partnership_id, table)
    if row_keys(row, key).iloc[0] in set(row_keys(existing, key)):
        label = " / ".join(str(values.get(name)).strip() for name in key)
        return [Problem(None, key[0], label, f"'{label}' is already recorded")]
    if table is Table.RATINGS:
        factors = set(store.read(partnership_id, Table.FACTORS)["name"].astype("string").str.casefold())
        if factors and str(values.get("cause")).strip().casefold() not in factors:
            return [Problem(None, "cause", values.get("cause"), f"'{values.get('cause')}' is not a factor of the map")]
    store.upsert(partnership_id, table, row)
    return []
