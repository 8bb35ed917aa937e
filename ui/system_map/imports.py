"""Import actors and relations, or factors and causal links, from Excel or CSV: all rows land or none."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from core import io_excel
from core.conventions import escape_markdown
from core.store import SPECS, Blanks, Store, Table
from ui import state
from ui.problems import show_problems

__all__ = ["IMPORTS", "import_panel"]

ImportKind = Literal["actors", "causal"]

IMPORTS: dict[str, tuple[tuple[Table, str], ...]] = {
    "actors": ((Table.ACTORS, "actor"), (Table.RELATIONS, "relation")),
    "causal": ((Table.FACTORS, "factor"), (Table.CAUSAL_LINKS, "link")),
}
"""Per import panel: the tables it fills, each with the word that marks its sheet."""

_SHOWN_PROBLEMS = 20


def import_panel(store: Store, partnership_id: int, kind: ImportKind) -> None:
    """Upload an Excel workbook (one sheet per table) or a CSV (one table); all rows land or none."""
    if state.presenting():
        return
    pairs = IMPORTS[kind]
    titles = " and ".join(SPECS[table].title.lower() for table, _ in pairs)
    with st.expander(f"Import {titles} from Excel or CSV"):
        upload = st.file_uploader(
            "Workbook (one sheet each) or CSV (one table)", type=["xlsx", "xlsm", "xls", "csv"], key=f"import_{kind}"
        )
        if upload is None:
            st.caption("Headers are matched case-insensitively, with common aliases such as from / to.")
            return
        try:
            parsed = _parse(upload, kind)
        except io_excel.ImportRefused as refusal:
            st.error(f"Not imported: {escape_markdown(str(refusal))}")
            return
        problems = [line for sheet in parsed for line in sheet.describe_all()]
        if problems:
            lead = f"Nothing imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} to fix first."
            show_problems(problems, lead=lead, limit=_SHOWN_PROBLEMS)
            return
        if not parsed:
            st.info("Choose at least one sheet.")
            return
        st.write(", ".join(f"{len(sheet.frame)} {SPECS[sheet.table].title.lower()}" for sheet in parsed) + " ready.")
        unused = [f"'{header}' (sheet {sheet.sheet})" for sheet in parsed for header in sheet.unmapped]
        if unused:
            st.warning(escape_markdown("Columns not recognised, left out: " + ", ".join(unused)))
        _import_buttons(store, partnership_id, kind, {sheet.table: sheet.frame for sheet in parsed})


def _parse(upload: UploadedFile, kind: ImportKind) -> list[io_excel.ParsedSheet]:
    """The chosen sheets (or the CSV) read as record tables; asks which table a CSV fills."""
    pairs = IMPORTS[kind]
    data = upload.getvalue()
    if upload.name.lower().endswith(".csv"):
        fills = st.radio(
            "This CSV holds",
            [table for table, _ in pairs],
            format_func=lambda table: SPECS[table].title,
            horizontal=True,
            key=f"import_{kind}_csv_{upload.file_id}",
        )
        return [io_excel.read_table(data, upload.name, fills)]
    parsed = []
    sheets = io_excel.sheet_names(data, upload.name)
    for table, hint in pairs:
        guess = next((name for name in sheets if hint in name.lower()), None)
        options = ["(none)", *sheets]
        sheet = st.selectbox(
            f"Sheet with {SPECS[table].title.lower()}",
            options,
            index=options.index(guess) if guess else 0,
            key=f"import_{kind}_{table.value}_{upload.file_id}",  # a new file guesses afresh
        )
        if sheet != "(none)":
            parsed.append(io_excel.read_table(data, upload.name, table, sheet=sheet))
    return parsed


def _import_buttons(store: Store, partnership_id: int, kind: ImportKind, frames: dict[Table, pd.DataFrame]) -> None:
    """Add and update by name (keeps everything else), or replace the tables outright."""
    current = state.records(store, partnership_id, list(frames))
    replaced = ", ".join(f"{len(current[table])} {SPECS[table].title.lower()}" for table in frames)
    titles = " and ".join(SPECS[table].title.lower() for table in frames)
    merge, replace = st.columns(2)
    if merge.button("Add and update by name", type="primary", key=f"import_{kind}_merge"):
        counts = store.upsert_many(partnership_id, frames, reason=f"importing {titles}", blanks=Blanks.KEEP)
        added, updated = (sum(count[i] for count in counts.values()) for i in (0, 1))
        state.flash(f"Imported: {added:,} added, {updated:,} updated; everything else kept")
        st.rerun()
    if replace.button(f"Replace all {replaced}", key=f"import_{kind}_replace"):
        store.replace_many(partnership_id, frames, reason=f"replacing {titles} by an import")
        state.flash(f"Replaced with {sum(len(frame) for frame in frames.values())} imported rows (Undo on Backups)")
        st.rerun()
    st.caption(
        "Adding keeps every row not in the file, with its scores and short-list marks, and a blank cell "
        "keeps what is stored; "
        "replacing drops them (Undo on the Backups page brings them back)."
    )
