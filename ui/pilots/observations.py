"""Observations of the chosen pilot: add one, import a file, or edit them all.

Every way in goes through :mod:`core.pilots.observations`, which refuses the whole
batch with row-by-row reasons when any row is wrong.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import io_excel
from core.conventions import escape_markdown
from core.pilots.observations import (
    ObservationsRefused,
    import_observations,
    record_observations,
    replace_pilot_observations,
)
from core.store import Store, Table
from ui import state
from ui.editor import editor_key, has_edits, pinned, save_bar, unread_dates
from ui.problems import show_problems

__all__ = ["add_form", "editor", "import_file"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def add_form(store: Store, partnership_id: int, pilot: str, indicators: list[str]) -> None:
    with st.form(f"step6_add_{partnership_id}", clear_on_submit=False, border=True):
        st.markdown("**Add one observation**")
        left, middle, right = st.columns(3)
        indicator = left.selectbox("Indicator", indicators or ["(the pilot tracks no indicator)"])
        when = middle.date_input("Date", value=None, format="YYYY-MM-DD")
        value = right.text_input("Value", placeholder="a number")
        note = st.text_input("Note (optional)")
        if st.form_submit_button("Add observation", type="primary"):
            incoming = pd.DataFrame(
                [{"pilot": pilot, "indicator": indicator, "date": when, "value": value, "note": note}]
            )
            try:
                added, replaced = record_observations(store, partnership_id, incoming, 1)
            except ObservationsRefused as refused:
                _refused(refused.lines())
                return
            state.flash(f"Saved {added} new observation(s)" + (f", replaced {replaced}" if replaced else ""))
            st.rerun()


def import_file(store: Store, partnership_id: int, pilot: str, observations: pd.DataFrame) -> None:
    with st.expander("Import observations from Excel or CSV"):
        st.caption(
            "Columns: indicator, date, value, and optionally note and pilot (rows without a pilot column "
            "belong to the pilot chosen above). A row with the same pilot, indicator and date as a stored "
            "one replaces its value. If any row has a problem, nothing is imported."
        )
        upload = st.file_uploader(
            "Observations file", type=["xlsx", "xlsm", "xls", "csv"], key=f"step6_upload_{partnership_id}"
        )
        dates_key = f"step6_dates_{partnership_id}"
        last_file, dates_read = st.session_state.get(dates_key, ("", ""))
        if dates_read:
            st.caption(f"{escape_markdown(last_file)}: {escape_markdown(dates_read)}.")
        mine = observations[observations["pilot"] == pilot]
        st.download_button(
            "Download this pilot's observations (Excel)",
            data=lambda: io_excel.write_workbook({"Observations": mine}),  # built on click only
            file_name="observations.xlsx",
            mime=_XLSX,
            key=f"step6_download_{partnership_id}",
            on_click="ignore",
        )
        if upload is None:
            return
        data = upload.getvalue()
        try:
            names = io_excel.sheet_names(data, upload.name)
        except io_excel.ImportRefused as refused:
            st.error(escape_markdown(str(refused)))
            return
        sheet = st.selectbox("Sheet", names, key=f"step6_sheet_{partnership_id}") if len(names) > 1 else names[0]
        if st.button("Import", type="primary", key=f"step6_import_{partnership_id}"):
            try:
                imported = import_observations(store, partnership_id, data, upload.name, pilot, sheet)
            except io_excel.ImportRefused as refused:
                st.error(escape_markdown(str(refused)))
                return
            except ObservationsRefused as refused:
                _refused(refused.lines(), f" from {escape_markdown(upload.name)}")
                return
            state.flash(imported.summary())
            # Kept past the rerun, beside the file: the toast fades, and a date read the wrong way must be seen.
            st.session_state[dates_key] = (upload.name, imported.dates.describe())
            st.rerun()


def editor(store: Store, partnership_id: int, pilot: str, observations: pd.DataFrame) -> None:
    mine = observations[observations["pilot"] == pilot].drop(columns="pilot").reset_index(drop=True)
    slot = f"step6_obs_{partnership_id}_{pilot}"
    key = editor_key(slot)
    base = pinned(slot, mine)  # someone else's save must not wipe edits in progress
    with st.expander(f"All {len(base)} observations of this pilot (edit or delete)"):
        edited = st.data_editor(
            base,
            num_rows="dynamic",
            hide_index=True,
            key=key,
            width="stretch",
            column_config={
                "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
                "value": st.column_config.NumberColumn("Value"),
            },
            placeholder="",
        )

        def save(overwrite: bool) -> bool:
            try:
                replace_pilot_observations(store, partnership_id, pilot, edited, shown=base, overwrite=overwrite)
            except ObservationsRefused as refused:
                _refused(refused.lines())
                return False
            state.flash(f"Saved {len(edited)} observations of {pilot}")
            return True

        save_bar(
            edited.assign(pilot=pilot),
            Table.OBSERVATIONS,
            has_edits(key),
            save,
            slot=slot,
            label="Save observations",
            problems=unread_dates(key, Table.OBSERVATIONS, edited),
        )


def _refused(lines: list[str], where: str = "") -> None:
    """The rows that stopped a save; ``where`` (Markdown, escaped) names the file."""
    show_problems(lines, lead=f"Nothing was saved{where}. Fix these first:")
