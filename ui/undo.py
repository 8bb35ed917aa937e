"""Undo my last change: one button, on the Backups page and beside quick capture on the wall."""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.store import ConflictError, Store
from ui import state

__all__ = ["undo_button"]


def undo_button(store: Store, partnership_id: int, key: str, *, target: object = st) -> None:
    """Take back this person's own latest change; refused, in words, when someone has changed those rows since."""
    if not target.button("Undo my last change", icon=":material/undo:", key=key):
        return
    try:
        reason = store.undo_last(partnership_id)
    except ConflictError as error:
        target.error(escape_markdown(str(error)))
        return
    if reason is None:
        target.info("Nothing of yours to undo here.")
        return
    state.flash(f"Undone: {reason}", icon="↩️")
    st.rerun()
