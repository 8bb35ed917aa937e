"""The editable table: a stored record kind in ``st.data_editor``, saved only when valid.

Read-only in presentation mode. A save is validated first; problems are listed
with their row and column and the stored data stays as it was. A table of more
than :data:`ASK_ABOVE` rows opens for editing when asked: sending 10,000 rows
to the browser takes seconds the page would otherwise spend on every visit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.records import validate
from core.store import SPECS, ConflictError, Store, Table
from core.tables import Column, ColumnKind
from ui import state
from ui.problems import show_problems
from ui.table import show_table

__all__ = [
    "ASK_ABOVE",
    "column_config",
    "editor_key",
    "fresh_editor",
    "has_edits",
    "pinned",
    "record_table",
    "save_bar",
    "unsaved_editors",
]


ASK_ABOVE = 2_000
"""Rows above which a table's editor opens only when asked."""


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

    Only the rows the person changed are saved, checked against what others
    saved meanwhile (:meth:`core.store.Store.replace` with ``based_on``), so
    several people can edit one table at once; problems are listed with their
    row and column and the stored data stays as it was.
    """
    frame = state.records(store, partnership_id, [table])[table] if frame is None else frame
    if state.presenting():
        show_table(frame, column_config(table))
        return frame
    if not state.may_change(store, partnership_id):
        show_table(frame, column_config(table))
        st.caption("You can see these records; changing them needs an editor's role (ask an owner).")
        return frame
    slot = f"editor_{table.value}_{partnership_id}"
    key = editor_key(slot)
    if len(frame) > ASK_ABOVE and not _asked(slot, table, len(frame), holding=has_edits(key)):
        return frame
    base = pinned(slot, frame)
    edited = st.data_editor(
        base,
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config(table),
        key=key,
        width="stretch",
        placeholder="",
    )

    def save(overwrite: bool) -> None:
        store.replace(partnership_id, table, edited, based_on=base, overwrite=overwrite, same_labels=True)
        state.flash(f"Saved your changes to {SPECS[table].title.lower()}")

    save_bar(edited, table, has_edits(key), save, slot=slot, problems=unread_dates(key, table, edited))
    return frame


def _asked(slot: str, table: Table, rows: int, holding: bool) -> bool:
    """Whether this big table's editor is shown: asked for (kept for the session), or holding unsaved edits.

    An editor left out of a run loses its edits, so one that holds some stays
    until they are saved, whatever the toggle or the table's size (another
    person's import can push a table past :data:`ASK_ABOVE` mid-edit).
    """
    title = SPECS[table].title.lower()
    asked = st.toggle(
        f"Edit the {rows:,} {title} here",
        key=f"{slot}_asked",
        persist_state="session",
        disabled=holding,  # kept open while it holds changes
        help="It stays open until your changes are saved." if holding else None,
    )
    if not (asked or holding):
        st.caption(f"{rows:,} rows take a few seconds to send, so the table opens when asked.")
    return asked or holding


def editor_key(slot: str) -> str:
    """The widget key of an editor: a new one after each save, so the editor starts from fresh rows."""
    return f"{slot}_{st.session_state.setdefault(f'{slot}_generation', 0)}"


def has_edits(key: str) -> bool:
    """Whether the editor with widget ``key`` holds edits not saved yet."""
    edits = st.session_state.get(key)
    return isinstance(edits, dict) and bool(
        edits.get("edited_rows") or edits.get("added_rows") or edits.get("deleted_rows")
    )


def unread_dates(key: str, table: Table, edited: pd.DataFrame) -> list[str]:
    """Dates typed into the editor ``key`` that came back blank, as problems naming their cells.

    The grid's calendar box turns some typing into dates no parser reads (typing
    "2027-01-15" into it sends "70115-02-02"); Streamlit then hands back a blank
    cell, and saving would silently clear the stored date.
    """
    raw = st.session_state.get(key)
    if not isinstance(raw, dict):
        return []
    dates = {column.name for column in SPECS[table].columns if column.kind is ColumnKind.DATE}
    added = list(raw.get("added_rows") or [])
    typed = [(int(row), cells) for row, cells in (raw.get("edited_rows") or {}).items()]
    typed += [(len(edited) - len(added) + position, cells) for position, cells in enumerate(added)]
    return [
        f"row {row + 1}, column '{column}': '{value}' is not a date Keystone can read; "
        "type it as 2027-01-15 or pick it in the calendar"
        for row, cells in typed
        for column, value in cells.items()
        if column in dates and str(value or "").strip() and row < len(edited) and pd.isna(edited.iloc[row][column])
    ]


def unsaved_editors() -> list[str]:
    """The slots of this session's editors that hold edits not saved yet."""
    slots = [key.removesuffix("_generation") for key in list(st.session_state) if key.endswith("_generation")]
    return [slot for slot in slots if has_edits(editor_key(slot))]


def pinned(slot: str, fresh: pd.DataFrame) -> pd.DataFrame:
    """The rows an editor shows: ``fresh``, unless the person has edits pending on an older version.

    An editor's identity includes its rows, so showing newer rows (someone
    else saved) would silently drop what this person typed. Their version
    stays until they save or discard; the save then merges with the newer rows.
    """
    base = st.session_state.get(f"{slot}_base")
    if base is None or not has_edits(editor_key(slot)):
        st.session_state[f"{slot}_base"] = fresh
        st.session_state.pop(f"{slot}_conflict", None)  # nothing pending: no old conflict to settle
        return fresh
    if not base.equals(fresh) and not st.session_state.get(f"{slot}_conflict"):  # a conflict says more, below
        st.caption(
            ":material/group: Someone else saved changes here since you started editing. "
            "Saving merges your edits with theirs, cell by cell."
        )
    return base


def fresh_editor(slot: str) -> None:
    """Start the editor ``slot`` again from the stored rows (after a save, or to discard edits)."""
    st.session_state[f"{slot}_generation"] = st.session_state.setdefault(f"{slot}_generation", 0) + 1
    st.session_state.pop(f"{slot}_base", None)
    st.session_state.pop(f"{slot}_conflict", None)


def save_bar(
    rows: pd.DataFrame,
    table: Table,
    changed: bool,
    save: Callable[[bool], bool | None],
    *,
    slot: str,
    label: str = "Save changes",
    unsaved: str = "Unsaved changes",
    problems: Sequence[str] = (),
) -> None:
    """The save button under an editor: ``save(overwrite)`` runs only when ``rows`` are valid, then the page reruns.

    ``save`` may return False when its own checks refused the rows (it shows why); the edits then stay.
    ``problems`` are found by the caller (for example a grid's own checks) and
    listed before the table's validation problems; nothing is saved while any
    remain. When someone else changed the same cells since, the person is told
    who and what, keeps their edits, and chooses: keep theirs or keep mine.
    """
    conflict = st.session_state.get(f"{slot}_conflict")
    if conflict:
        _conflict_choice(conflict, save, slot)
        return
    left, right = st.columns([1, 4], vertical_alignment="center")
    if left.button(label, key=f"{slot}_save", disabled=not changed, type="primary"):
        found = [*problems, *(problem.describe() for problem in validate(rows, table))]
        if found:
            show_problems(found, where=right)
            return
        try:
            saved = save(False)
        except ConflictError as error:
            st.session_state[f"{slot}_conflict"] = str(error)
            st.rerun()
        if saved is False:  # the caller said why (its own checks); the edits stay
            return
        fresh_editor(slot)
        st.rerun()
    elif changed:
        right.caption(unsaved)


def _conflict_choice(message: str, save: Callable[[bool], bool | None], slot: str) -> None:
    st.warning(
        escape_markdown(message) + "\n\nYour edits are still in the table above.",
        icon=":material/merge_type:",
    )
    mine, theirs, _ = st.columns([1, 1, 2])
    if mine.button("Save mine over theirs", key=f"{slot}_overwrite", type="primary") and save(True) is not False:
        fresh_editor(slot)
        st.rerun()
    if theirs.button("Discard mine, show theirs", key=f"{slot}_discard"):
        fresh_editor(slot)
        state.flash("Your edits were discarded; the table shows what is stored", icon="↩️")
        st.rerun()
