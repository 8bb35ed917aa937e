"""The Import tab: a forgiving stakeholder-list import with a row-by-row report.

Nothing is written until the user chooses to import, all rows or the valid ones.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import counted, escape_markdown
from core.io_excel import (
    Cleaning,
    ImportRefused,
    ParsedSheet,
    RawSheet,
    best_sheet,
    find_header_row,
    header_mapping,
    parse_sheet,
    read_sheet,
    sheet_names,
    uncomputed_formulas_note,
)
from core.partners.import_list import RowsRefused, blank_cells_over_stored, import_actors, template_workbook
from core.store import Blanks, Store, Table
from core.tables import spec
from ui import state
from ui.partners import cleaning

__all__ = ["show"]

_IGNORE = "(leave out)"
_NOTES = "(keep in notes)"
_RESULT = "imp_result"


@state.cached(show_spinner="Reading the file…", max_entries=8)
def _raw(data: bytes, filename: str, sheet: str | None) -> RawSheet:
    return read_sheet(data, filename, sheet)


@state.cached(show_spinner=False, max_entries=8)
def _formulas_note(data: bytes, sheet: str) -> str | None:
    return uncomputed_formulas_note(data, sheet)


@state.cached(show_spinner=False, max_entries=8)
def _best_sheet(data: bytes, filename: str) -> str:
    return best_sheet(data, filename, Table.ACTORS)


def show(store: Store, partnership_id: int) -> None:
    st.download_button(
        "Download the template (.xlsx)",
        template_workbook,  # built on click, not on every rerun
        file_name="keystone-stakeholders-template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
    )
    if st.session_state.get(_RESULT):  # stays while the next file is chosen and previewed
        st.success(escape_markdown(st.session_state[_RESULT]), icon=":material/task_alt:")
    upload = st.file_uploader(
        "Stakeholder list (.xlsx, .xls, .ods or .csv)", type=["xlsx", "xlsm", "xls", "ods", "csv"], key="imp_file"
    )
    if upload is None:
        st.caption("Headers are matched forgivingly (Organisation, Stakeholder, Category, Power, …); title rows "
                   "above the headers are skipped. Nothing is written until you choose to import.")  # fmt: skip
        return
    data, filename = upload.getvalue(), upload.name
    try:
        sheets = sheet_names(data, filename)
        if len(sheets) > 1:
            guess = sheets.index(_best_sheet(data, filename))  # skips a cover or "Read me" sheet
            sheet = st.selectbox("Sheet", sheets, index=guess, key=f"imp_sheet_{filename}")
        else:
            sheet = sheets[0]
        raw = _raw(data, filename, sheet)
    except ImportRefused as error:
        st.error(escape_markdown(str(error)))
        return
    sheet_name = raw.name
    header = st.number_input(
        "Header row (as the spreadsheet numbers it)",
        1,
        min(len(raw.cells), 50),
        find_header_row(raw.cells, Table.ACTORS) + 1,
        key=f"imp_header_{filename}_{sheet_name}",
    )
    parsed = _mapped(raw, int(header) - 1, data, filename)
    note = _formulas_note(data, sheet_name)
    if note:
        st.warning(escape_markdown(note), icon=":material/functions:")
    _preview(parsed, sheet_name)
    cleaning.show(parsed, f"imp_{filename}_{sheet_name}")
    blanks = _blanks_choice(store, partnership_id, parsed)
    _import_buttons(store, partnership_id, parsed, blanks, filename)


def _mapped(raw: RawSheet, header_row: int, data: bytes, filename: str) -> ParsedSheet:
    """The sheet parsed and cleaned, with any header Keystone did not recognise mapped by the user."""
    prefix = f"imp_{filename}_{raw.name}"
    found = header_mapping(raw.cells, Table.ACTORS, header_row)
    unmatched = [h for h, c in found.items() if c is None]
    matched = {h: c for h, c in found.items() if c is not None}
    if matched:
        st.caption("Matched: " + escape_markdown("; ".join(f"{h} → {c}" for h, c in matched.items())))
    mapping, ignored = dict(found), set()
    if unmatched:
        st.markdown("**Columns not recognised.** Choose what each holds; by default each is kept in the notes:")
        options = [_NOTES, _IGNORE, *[name for name in spec(Table.ACTORS).names if name not in matched.values()]]
        grid = st.columns(min(3, len(unmatched)))
        for i, header_text in enumerate(unmatched):
            choice = grid[i % len(grid)].selectbox(
                f"Column '{escape_markdown(header_text)}'", options, key=f"{prefix}_map_{header_text}"
            )
            mapping[header_text] = None if choice in (_NOTES, _IGNORE) else choice
            if choice == _IGNORE:
                ignored.add(header_text)
    chosen = cleaning.choices(prefix, frozenset(ignored))
    return _parsed(data, filename, raw.name, header_row, mapping, chosen)


@state.cached(show_spinner="Checking every row…", max_entries=4)
def _parsed(
    data: bytes, filename: str, sheet: str, header_row: int, mapping: dict[str, str | None], chosen: Cleaning
) -> ParsedSheet:
    raw = _raw(data, filename, sheet)
    return parse_sheet(raw.cells, Table.ACTORS, raw.name, header_row, mapping, chosen, raw.merged)


def _preview(parsed: ParsedSheet, sheet_name: str) -> None:
    rows, bad = len(parsed.frame), len(parsed.bad_rows)
    st.markdown(f"**Preview:** {rows:,} rows read from sheet '{escape_markdown(sheet_name)}', {bad:,} with problems.")
    st.dataframe(parsed.frame.head(20), hide_index=True, width="stretch", placeholder="")
    if not rows:
        st.error(f"Nothing to import: the headers are in row {parsed.header_row + 1} and no rows follow them.")
    elif parsed.refused:
        st.error(
            "A required column was not found. Tell Keystone which of the file's columns holds it "
            "(the choices above), or check the header row."
        )
        st.dataframe(parsed.report(), hide_index=True, width="stretch", placeholder="")
    elif parsed.problems:
        count = len(parsed.problems)
        st.error(f"{count} problem{'s' if count != 1 else ''} found. Fix them in the file and upload it again, "
                 "or import only the valid rows.")  # fmt: skip
        st.dataframe(parsed.report(), hide_index=True, width="stretch", placeholder="")


@state.cached(show_spinner="Comparing with the stored actors…", max_entries=4)
def _cleared(
    _store: Store, partnership_id: int, revision: int, rows: pd.DataFrame, _parsed: ParsedSheet
) -> list[tuple[str, str]]:
    """:func:`blank_cells_over_stored`, once per file and stored revision (``rows`` keys the parsed file)."""
    del revision, rows  # part of the key only
    return blank_cells_over_stored(_store, partnership_id, _parsed)


def _blanks_choice(store: Store, partnership_id: int, parsed: ParsedSheet) -> Blanks:
    """Ask what blank cells do only when they would clear something stored, and say how much."""
    revision = int(store.partnership(partnership_id)["revision"])
    cleared = _cleared(store, partnership_id, revision, parsed.frame, parsed)
    if not cleared:
        return Blanks.KEEP
    actors = len({actor for actor, _ in cleared})
    examples = "; ".join(f"{actor}'s {column.replace('_', ' ')}" for actor, column in cleared[:3])
    more = f" and {len(cleared) - 3} more" if len(cleared) > 3 else ""
    choice = st.radio(
        f"{len(cleared)} blank cell{'s' if len(cleared) != 1 else ''} in rows that update {actors} stored "
        f"actor{'s' if actors != 1 else ''} ({escape_markdown(examples)}{more})",
        list(Blanks),
        format_func=lambda blanks: blanks.label,
        horizontal=True,
        key="imp_blanks",
    )
    if choice is Blanks.CLEAR:
        st.warning(f"Importing will empty {len(cleared)} stored value{'s' if len(cleared) != 1 else ''}.")
    return choice


def _import_buttons(store: Store, partnership_id: int, parsed: ParsedSheet, blanks: Blanks, filename: str) -> None:
    """The two import buttons; a refusal is said under them."""
    rows, bad = len(parsed.frame), len(parsed.bad_rows)
    left, right = st.columns(2)
    all_rows = left.button("Import", type="primary", disabled=bool(parsed.problems) or not rows, key="imp_all")
    valid_only = right.button(
        f"Import the {counted(rows - bad, 'valid row')} only",
        disabled=not parsed.problems or parsed.refused or rows == bad,
        key="imp_valid",
    )
    if not (all_rows or valid_only):
        return
    bar = st.progress(0.0, text="Importing…")
    try:
        outcome = import_actors(
            store,
            partnership_id,
            parsed,
            valid_only=valid_only,
            blanks=blanks,
            progress=lambda fraction, words: bar.progress(fraction, text=f"Importing: {words}"),
        )
    except (RowsRefused, ImportRefused) as error:
        bar.empty()
        st.error(escape_markdown(str(error)))
        return
    st.session_state[_RESULT] = f"Imported: {outcome.summary}. (from {filename}, sheet {parsed.sheet})"
    state.flash(f"Imported: {outcome.summary}")
    st.rerun()
