"""Backups: undo the last change, back up or restore the whole file, move a partnership as a workbook."""

import re

import streamlit as st

from core.across.workbook import WorkbookRefused, export_workbook, import_workbook
from core.conventions import escape_markdown
from core.io_excel import ImportRefused
from core.store import StoreError
from core.store.backups import backup, list_backups, restore_backup
from core.store.store import KEEP_SNAPSHOTS
from ui import state

store = state.store()
partnership_id = state.partnership_id()
name = str(store.partnership(partnership_id)["name"])
presenting = state.presenting()

st.html('<div class="ks-step">Across partnerships</div>')
st.title("Backups")
snapshots = store.snapshots(partnership_id)
backups = list_backups(store)
newest = f"the newest from {backups[0].taken_at:%d %b %Y %H:%M}" if backups else "none yet"
st.markdown(f"**{len(snapshots)} changes can be undone here; {len(backups)} backups of the whole file ({newest}).**")

st.subheader("Undo")
if snapshots.empty:
    st.caption(f"Nothing to undo yet: Keystone keeps a snapshot before every change (the newest {KEEP_SNAPSHOTS}).")
else:
    last = snapshots.iloc[0]
    change = escape_markdown(f"The last change to {name}: {last['reason']}")
    st.caption(f"{change} at {last['taken_at']:%d %b %Y %H:%M:%S}.")
    if not presenting and st.button("Undo the last change", icon=":material/undo:", key="undo_last"):
        reason = store.undo_last(partnership_id)
        state.flash(f"Undone: back to the state {reason}", icon="↩️")
        st.rerun()
    st.dataframe(
        snapshots,
        hide_index=True,
        width="stretch",
        column_order=["taken_at", "reason"],
        column_config={"taken_at": st.column_config.DatetimeColumn("Taken", format="D MMM YYYY, HH:mm:ss")},
        placeholder="",
    )

st.subheader("Backups of the whole file")
if not presenting and st.button("Back up now", icon=":material/backup:", key="backup_now"):
    path = backup(store)
    state.flash(f"Backed up to {path.name}")
    st.rerun()
if backups:
    st.dataframe(
        [{"file": item.path.name, "taken": item.taken_at, "size (KB)": round(item.size / 1024)} for item in backups],
        hide_index=True,
        width="stretch",
        column_config={"taken": st.column_config.DatetimeColumn("Taken", format="D MMM YYYY, HH:mm:ss")},
        placeholder="",
    )
    if not presenting:
        with st.form("restore", border=True):
            chosen = st.selectbox(
                "Restore a backup",
                range(len(backups)),
                format_func=lambda i: f"{backups[i].taken_at:%d %b %Y %H:%M:%S} · {backups[i].path.name}",
            )
            sure = st.checkbox(
                "Replace every partnership with the content of this backup (the current file is backed up first)"
            )
            if st.form_submit_button("Restore", type="primary"):
                if not sure:
                    st.error("Tick the box to confirm: a restore replaces every partnership.")
                else:
                    try:
                        safety = restore_backup(store, backups[chosen].path)
                    except StoreError as error:
                        st.error(escape_markdown(str(error)))
                    else:
                        state.flash(f"Restored. The previous state is kept as {safety.name}")
                        st.rerun()
else:
    st.caption("No backups yet.")

st.subheader("Workbook")
st.caption("The whole partnership in one Excel file, a sheet per record kind; import it back as a new partnership.")
safe_name = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "partnership"
st.download_button(
    "Export this partnership (.xlsx)",
    data=lambda: export_workbook(store, partnership_id),
    file_name=f"{safe_name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="export_workbook",
)
if not presenting:
    with st.form("import_workbook", clear_on_submit=True, border=True):
        upload = st.file_uploader("Import a Keystone workbook as a new partnership", type=["xlsx"])
        new_name = st.text_input("Name of the new partnership (leave empty to use the workbook's)")
        if st.form_submit_button("Import", type="primary") and upload is not None:
            try:
                new_id = import_workbook(store, upload.getvalue(), upload.name, new_name.strip() or None)
            except WorkbookRefused as refused:
                st.error(
                    "Not imported; nothing was stored. Fix these in the workbook first:\n\n"
                    + "\n".join(f"- {escape_markdown(problem)}" for problem in refused.problems[:20])
                )
            except (ImportRefused, StoreError) as error:
                st.error(escape_markdown(str(error)))
            else:
                st.session_state[state.PARTNERSHIP] = new_id
                state.flash(f"Imported as a new partnership from {upload.name}")
                st.rerun()
