"""The way back when the database cannot be opened: say what is wrong, and offer the newest backups."""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.store import Store, StoreDamagedError, StoreError, default_location
from core.store.backups import list_backups, recover
from ui import state

__all__ = ["offer"]


def offer(error: StoreError) -> None:
    """Show ``error``; when the database file itself cannot be opened, offer to start again from a backup.

    Nothing else (a busy file, a refused sign-in, a failed query) offers a restore.
    """
    st.error(escape_markdown(str(error)), icon=":material/error:")
    store = Store(default_location())  # not opened: the damaged file is never touched
    if not isinstance(error, StoreDamagedError) or store.on_server:
        return
    if state.team_mode():  # the file holds everyone's partnerships: the operator puts a backup back
        st.info("Ask the server's operator to put a backup back: the file holds everyone's partnerships.")
        return
    backups = list_backups(store)
    st.subheader("Start again from a backup")
    if not backups:
        st.info(f"There is no backup in {escape_markdown(str(store.path.parent / 'backups'))} to start again from.")
        return
    st.caption(
        "Keystone keeps the damaged file aside, unchanged, and puts the backup you choose in its place. "
        "Changes made after that backup are not in it."
    )
    chosen = st.selectbox(
        "Backup",
        range(len(backups)),
        format_func=lambda i: f"{backups[i].taken_at:%d %b %Y %H:%M:%S} · {backups[i].path.name}",
        key="recovery_backup",
    )
    if st.button("Restore this backup", type="primary", icon=":material/restore:", key="recovery_restore"):
        try:
            aside = recover(store.path, backups[chosen].path)
        except StoreError as refused:
            st.error(escape_markdown(str(refused)))
            return
        st.cache_resource.clear()  # the store is prepared again on the restored file
        taken = f"{backups[chosen].taken_at:%d %b %Y %H:%M}"
        state.flash(f"Restored the backup of {taken}; the damaged file is kept as {aside.name}")
        st.rerun()
