"""Backups: undo and redo my own changes, see every change, back up the file, move a partnership as a workbook."""

import re

import streamlit as st

from core.across.workbook import WorkbookRefused, export_workbook, read_workbook, store_workbook
from core.conventions import escape_markdown
from core.io_excel import ImportRefused
from core.store import ConflictError, StoreError
from core.store.backups import backup, list_backups, restore_backup
from ui import state, undo

_IMPORTED_DATES = "workbook_import_dates"  # (new partnership id, how its dates were read)

store = state.store()
partnership_id = state.partnership_id()
name = str(store.partnership(partnership_id)["name"])
presenting = state.presenting()

st.html('<div class="ks-step">Across partnerships</div>')
st.title("Backups")
mine = store.changes(partnership_id, user=store.user)
undoable = mine[mine["undoes"].isna() & mine["undone_by"].isna()]
backups = [] if store.on_server or store.member_only else list_backups(store)
summary = f"**{len(undoable)} of your changes to {escape_markdown(name)} can be undone here"
if store.on_server:
    st.markdown(summary + ".**")
else:
    newest = f"the newest from {backups[0].taken_at:%d %b %Y %H:%M}" if backups else "none yet"
    st.markdown(summary + f"; {len(backups)} backups of the whole file ({newest}).**")

st.subheader("Undo my last change")
if undoable.empty:
    st.caption(
        f"Nothing of yours to undo in {escape_markdown(name)}. Undo takes back your own changes, one at a time, "
        "and never someone else's."
    )
else:
    last = undoable.iloc[0]
    st.caption(escape_markdown(f"Your last change: {last['reason']}") + f" at {last['made_at']:%d %b %Y %H:%M:%S}.")
    undo.undo_button(store, partnership_id, key="undo_last")  # on the wall too: a room's slip is taken back there
redo = store.redoable(partnership_id)
if redo and not presenting and st.button(f"Redo: {redo}", icon=":material/redo:", key="redo_last"):
    try:
        store.redo_last(partnership_id)
    except ConflictError as error:
        st.error(escape_markdown(str(error)))
    else:
        state.flash(f"Redone: {redo}", icon="↪️")
        st.rerun()

everyone = store.changes(partnership_id)
if not everyone.empty:
    with st.expander(f"Every change to {escape_markdown(name)} ({len(everyone)})"):
        st.dataframe(
            everyone.assign(undone=everyone["undone_by"].notna()),
            hide_index=True,
            width="stretch",
            column_order=["made_at", "made_by", "reason", "undone"],
            column_config={
                "made_at": st.column_config.DatetimeColumn("When", format="D MMM YYYY, HH:mm:ss"),
                "made_by": st.column_config.TextColumn("Who"),
                "reason": st.column_config.TextColumn("What"),
                "undone": st.column_config.CheckboxColumn("Undone"),
            },
            placeholder="",
        )

st.subheader("Backups of the whole database")
if store.on_server:
    st.info(
        "Keystone is working on a shared PostgreSQL server. Backing up and restoring the whole database is the "
        "server's business: your IT team backs it up with `pg_dump` (or the server's own backup tool) and restores "
        "it with `pg_restore`. A single partnership can still be moved as a workbook, below.",
        icon=":material/dns:",
    )
elif store.member_only:
    st.info(
        "Keystone is shared here, and the database holds other people's partnerships: backing it up and restoring "
        "it is the server operator's work (`python -m core` on the server, or a copy of the file). A single "
        "partnership can still be moved as a workbook, below.",
        icon=":material/lock:",
    )
else:
    if not presenting and st.button("Back up now", icon=":material/backup:", key="backup_now"):
        path = backup(store)
        state.flash(f"Backed up to {path.name}")
        st.rerun()
    if backups:
        st.dataframe(
            [
                {"file": item.path.name, "taken": item.taken_at, "size (KB)": round(item.size / 1024)}
                for item in backups
            ],
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
    on_click="ignore",
)
if not presenting:
    with st.form("import_workbook", clear_on_submit=True, border=True):
        upload = st.file_uploader("Import a Keystone workbook as a new partnership", type=["xlsx"])
        new_name = st.text_input("Name of the new partnership (leave empty to use the workbook's)")
        if st.form_submit_button("Import", type="primary") and upload is not None:
            try:
                book = read_workbook(upload.getvalue(), upload.name)
                new_id = store_workbook(store, book, new_name.strip() or None)
            except WorkbookRefused as refused:
                st.error(
                    "Not imported; nothing was stored. Fix these in the workbook first:\n\n"
                    + "\n".join(f"- {escape_markdown(problem)}" for problem in refused.problems[:20])
                )
            except (ImportRefused, StoreError) as error:
                st.error(escape_markdown(str(error)))
            else:
                st.session_state[state.PARTNERSHIP] = new_id
                st.session_state[_IMPORTED_DATES] = (new_id, book.dates)  # said under the form after the rerun
                state.flash(f"Imported as a new partnership from {upload.name}")
                st.rerun()
    imported_id, dates_read = st.session_state.get(_IMPORTED_DATES, (None, ()))
    if imported_id == partnership_id:  # only beside the partnership that workbook made
        for line in dates_read:
            st.caption(escape_markdown(line) + ".")
