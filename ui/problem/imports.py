"""Step 2 imports: evidence from a workbook or CSV, ratings from a sheet with one column per participant.

Both are all-or-nothing: a file with any problem is refused with every
problem listed by sheet, row and column, and nothing stored changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from core import io_excel
from core.conventions import escape_markdown
from core.problem import ratings_sheet
from core.store import Blanks, Store, Table
from ui import state

__all__ = ["evidence_import", "ratings_import"]

_TYPES = ["xlsx", "xlsm", "xls", "ods", "csv"]


def _problem_list(lines: Sequence[str], limit: int = 15) -> str:
    # Not ui.problems.bullets: that escapes each line, and the page tests read these
    # lines verbatim ("row 2, column 'Asha R.': 9 is outside 1-5"). The lines are
    # written by core (sheet, row, column, value) and may quote file content.
    shown = "\n".join(f"- {line}" for line in lines[:limit])
    more = f"\n- … and {len(lines) - limit} more" if len(lines) > limit else ""
    return shown + more


def _read_upload(key: str) -> tuple[str, bytes, str] | None:
    """The uploaded file's name, bytes and chosen sheet, or None (refusals are shown)."""
    upload = st.file_uploader("Workbook or CSV file", type=_TYPES, key=key)
    if upload is None:
        return None
    data = upload.getvalue()
    try:
        names = io_excel.sheet_names(data, upload.name)
    except io_excel.ImportRefused as error:
        st.error(escape_markdown(str(error)))
        return None
    if not names:
        st.error(escape_markdown(f"'{upload.name}' has no sheets."))
        return None
    sheet = st.selectbox("Sheet", names, key=f"{key}_sheet") if len(names) > 1 else names[0]
    return upload.name, data, sheet


def evidence_import(store: Store, partnership_id: int) -> None:
    """Upload evidence rows (columns as in the table above); add new items, update same-statement ones."""
    with st.expander("Import evidence from Excel or CSV"):
        st.caption(
            "One row per evidence item, with a header row: statement, value, unit, kind (internal, external or "
            "qualitative), source, date (YYYY-MM-DD), confidence (low, medium, high), shared, actors, factors. "
            "Items whose statement is already in the fact base are updated."
        )
        upload = _read_upload("ev_upload")
        if upload is None:
            return
        name, data, sheet = upload
        try:
            parsed = io_excel.read_table(data, name, Table.EVIDENCE, sheet=sheet)
        except io_excel.ImportRefused as error:
            st.error(escape_markdown(str(error)))
            return
        if parsed.problems:
            st.error(
                f"Nothing was imported: {len(parsed.problems)} problem(s) to fix in the file first.\n\n"
                + _problem_list(parsed.describe_all())
            )
            return
        if parsed.unmapped:
            st.caption(escape_markdown("Columns left out (not part of the fact base): " + ", ".join(parsed.unmapped)))
        st.dataframe(parsed.frame, hide_index=True, width="stretch", placeholder="")
        if st.button(f"Import {len(parsed.frame)} evidence items", key="ev_import", type="primary"):
            added, updated = store.upsert(
                partnership_id, Table.EVIDENCE, parsed.frame, reason="importing evidence", blanks=Blanks.KEEP
            )
            state.flash(f"Imported evidence: {added:,} added, {updated:,} updated")
            st.rerun()


def ratings_import(store: Store, partnership_id: int, known_causes: list[str], known_participants: list[str]) -> None:
    """Upload a sheet: causes down the first column, one column per participant, ratings 1-5."""
    with st.expander("Import ratings from a sheet (one column per participant)"):
        st.caption(
            "First column: the root causes. Then one column per participant, headed with their name. "
            "Cells hold ratings from 1 to 5; leave a cell blank for 'not rated'. Ratings already stored for "
            "the same participant and cause are replaced."
        )
        left, right = st.columns(2)
        new_people = left.checkbox(
            "The sheet may bring new participants", value=True, key="rt_new_people", persist_state="page"
        )
        new_causes = right.checkbox(
            "The sheet may bring causes not on the causal map", value=False, key="rt_new_causes", persist_state="page"
        )
        upload = _read_upload("rt_upload")
        if upload is None:
            return
        name, data, sheet = upload
        try:
            sheet_name, raw = io_excel.read_raw(data, name, sheet)
        except io_excel.ImportRefused as error:
            st.error(escape_markdown(str(error)))
            return
        wide, header_row = ratings_sheet.wide_sheet(raw)
        long, problems = ratings_sheet.wide_to_long(
            wide,
            known_causes=None if new_causes else known_causes,
            known_participants=None if new_people else known_participants,
            row_offset=header_row + 2,
        )
        if problems:
            lines = [problem.describe(row_offset=header_row + 2, sheet=sheet_name) for problem in problems]
            st.error(
                f"Nothing was imported: {len(problems)} problem(s) to fix in the sheet first.\n\n"
                + _problem_list(lines)
            )
            return
        if long.empty:
            st.warning("The sheet holds no ratings.")
            return
        st.caption(
            f"{len(long)} ratings from {long['participant'].nunique()} participants "
            f"on {long['cause'].nunique()} causes are ready."
        )
        if st.button(f"Import {len(long)} ratings", key="rt_import", type="primary"):
            added, updated = store.upsert(
                partnership_id, Table.RATINGS, long, reason="importing ratings", blanks=Blanks.KEEP
            )
            state.flash(f"Imported ratings: {added:,} added, {updated:,} updated")
            st.rerun()
