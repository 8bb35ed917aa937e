"""Reading the change log by what a change was for: the rows a kind of change added, with who and when."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from core.store.store import Store
from core.tables import Table

__all__ = ["added"]


def added(store: Store, partnership_id: int, reasons: Sequence[str], since: datetime) -> pd.DataFrame:
    """Rows added by changes logged with one of ``reasons`` since ``since`` and not undone, oldest first.

    Columns: ``made_at, made_by, table`` (a :class:`Table`) and ``row`` (the added row, a dict).
    """
    if not reasons:
        return pd.DataFrame(columns=["made_at", "made_by", "table", "row"])
    marks = ", ".join("?" * len(reasons))  # one placeholder per reason; the reasons themselves are bound
    with store.connect() as connection:
        rows = connection.rows(
            "SELECT c.made_at, c.made_by, r.table_name, r.after FROM changes c "
            "JOIN change_rows r ON r.change_id = c.id "
            f"WHERE c.partnership_id = ? AND c.reason IN ({marks}) AND c.made_at >= ? AND c.undone_by IS NULL "
            "AND r.before IS NULL AND r.after IS NOT NULL ORDER BY c.id, r.row_id",
            [partnership_id, *reasons, since],
        )
    return pd.DataFrame(
        [(made_at, made_by, Table(table), json.loads(after)) for made_at, made_by, table, after in rows],
        columns=["made_at", "made_by", "table", "row"],
    )
