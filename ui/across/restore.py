"""History, third tab: put a record, a table or the whole partnership back as it was at a point.

A restore is a new change: it shows in the timeline, and Undo takes it back.
"""

from __future__ import annotations

import streamlit as st

from core.across.history import THING
from core.conventions import counted, escape_markdown, is_blank
from core.store import Store, Table
from core.store import history as log
from core.tables import spec
from ui import state
from ui.across.since import choose_point, compared, points

__all__ = ["show"]

_EVERYTHING = "The whole partnership"


def show(store: Store, partnership_id: int) -> None:
    if state.presenting():
        st.info("Restoring is done at a desk, not on the wall.")
        return
    if not state.may_change(store, partnership_id):
        st.info("Restoring changes records: it needs an editor's role (ask an owner).")
        return
    choices = points(store, partnership_id)
    point = choose_point(store, partnership_id, "Back to", choices, 1, "restore_point")
    now = choices[0]
    result = compared(store.location, state.member(), partnership_id, point.change_id, now.change_id)
    if result.unchanged:
        st.info("Nothing differs from that point: there is nothing to restore.")
        return
    tables = list(result.records)
    scope = st.radio(
        "What to restore",
        [_EVERYTHING, *(spec(table).title for table in tables)],
        horizontal=True,
        key="restore_scope",
        persist_state="page",
    )
    chosen = tables if scope == _EVERYTHING else [next(table for table in tables if spec(table).title == scope)]
    count = sum(result.records[table].count for table in chosen)
    st.markdown(
        escape_markdown(
            f"This puts back {counted(count, 'difference')} as they were at {point.label}. "
            "It is recorded as a new change, so it can be undone and nothing leaves the history."
        )
    )
    row_ids = _one_record(store, partnership_id, chosen[0], point.change_id) if len(chosen) == 1 else []
    what = f"{THING[chosen[0]]} {row_ids[1]}" if row_ids else (scope.lower() if len(chosen) == 1 else "everything")
    if st.button("Restore", type="primary", icon=":material/restore:", key="restore_go"):
        state.act(
            lambda: log.restore(
                store, partnership_id, point.change_id, f"{what} as at {point.label}", chosen, row_ids[:1]
            ),
            f"Restored {what} as at {point.label}",
        )


def _one_record(store: Store, partnership_id: int, table: Table, change_id: int) -> list:
    """Optionally one record of the table: its row id and name, or nothing (the whole table)."""
    then = log.records_at(store, partnership_id, change_id, [table])[table]
    now = log.records_at(store, partnership_id, log.latest_change(store, partnership_id), [table])[table]
    differing = [row_id for row_id in then.index.union(now.index) if _differs(then, now, row_id)]
    names = {row_id: _name(table, then, now, row_id) for row_id in differing}
    picked = st.selectbox(
        "Only one record (optional)", differing, index=None, format_func=names.get, placeholder="the whole table",
        key="restore_record", persist_state="page",
    )  # fmt: skip
    return [] if picked is None else [picked, names[picked]]


def _differs(then, now, row_id: int) -> bool:
    if (row_id in then.index) != (row_id in now.index):
        return True
    return not then.loc[row_id].equals(now.loc[row_id])


def _name(table: Table, then, now, row_id: int) -> str:
    row = (now if row_id in now.index else then).loc[row_id]
    return " → ".join(str(row[name]) for name in spec(table).key if not is_blank(row[name]))
