"""The editable table: a stored record kind in ``st.data_editor``, saved only when valid.

Read-only in presentation mode. A save is validated first; problems are listed
with their row and column and the stored data stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from core.records import validate
from core.store import SPECS, Store, Table
from core.tables import Column, ColumnKind
from ui import state
from ui.problems import show_problems

__all__ = ["column_config", "record_table", "save_bar"]


def column_config(table: Table) -> dict[str, object]:
    """Data-editor column settings derived from the table's spec."""
    return {column.name: _config(column) for column in SPECS[table].columns}


def _config(column: Column) -> object:
    label = column.name.replace("_", " ").capitalize()
    if column.choices and not column.many:
        return st.column_config.SelectboxColumn(label, options=list(column.choices), required=column.required)
    if column.kind in (ColumnKind.NUMBER, ColumnKind.INTEGER):
        return st.column_config.NumberColumn(
            label,
            min_value=column.low,
            max_value=column.high,
            step=1 if column.kind is ColumnKind.INTEGER else None,
            required=column.required,
        )
    if column.kind is ColumnKind.BOOL:
        return st.column_config.CheckboxColumn(label)
    if column.kind is ColumnKind.DATE:
        return st.column_config.DateColumn(label, format="YYYY-MM-DD")
    if column.kind is ColumnKind.TIMESTAMP:
        return st.column_config.DatetimeColumn(label, disabled=True)
    help_text = column.help or ("';'-separated: " + ", ".join(column.choices) if column.many else None)
    return st.column_config.TextColumn(label, required=column.required, help=help_text)


def record_table(store: Store, partnership_id: int, table: Table, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Show a table of records; editable with validation unless presenting.

    Edits are saved only when valid, in one transaction; problems are listed
    with their row and column and the stored data stays as it was.
    """
    frame = state.records(store, partnership_id, [table])[table] if frame is None else frame
    if state.presenting():
        st.dataframe(frame, hide_index=True, column_config=column_config(table), width="stretch", placeholder="")
        return frame
    generation_key = f"editor_generation_{table.value}"
    generation = st.session_state.setdefault(generation_key, 0)
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config(table),
        key=f"editor_{table.value}_{partnership_id}_{generation}",
        width="stretch",
        placeholder="",
    )
    changed = not edited.reset_index(drop=True).equals(frame.reset_index(drop=True))

    def save() -> None:
        store.replace(partnership_id, table, edited)
        st.session_state[generation_key] = generation + 1
        state.flash(f"Saved {len(edited)} rows of {SPECS[table].title.lower()}")

    save_bar(edited, table, changed, save, key=f"save_{table.value}")
    return frame


def save_bar(
    rows: pd.DataFrame,
    table: Table,
    changed: bool,
    save: Callable[[], None],
    *,
    key: str,
    label: str = "Save changes",
    unsaved: str = "Unsaved changes",
    problems: Sequence[str] = (),
) -> None:
    """The save button under an editor: ``save()`` runs only when ``rows`` are valid, then the page reruns.

    ``problems`` are found by the caller (for example a grid's own checks) and
    listed before the table's validation problems; nothing is saved while any remain.
    """
    left, right = st.columns([1, 4], vertical_alignment="center")
    if left.button(label, key=key, disabled=not changed, type="primary"):
        found = [*problems, *(problem.describe() for problem in validate(rows, table))]
        if found:
            show_problems(found, where=right)
        else:
            save()
            st.rerun()
    elif changed:
        right.caption(unsaved)
