"""History: what changed, by whom and when; two points side by side; restore as at a point."""

from functools import partial

import streamlit as st

from core.conventions import escape_markdown
from ui import state
from ui.across import restore, since, timeline
from ui.page import lazy_tabs

store = state.store()
partnership_id = state.partnership_id()
name = str(store.partnership(partnership_id)["name"])

if not state.presenting():
    st.html('<div class="ks-step">Across partnerships</div>')
st.title("History")
st.markdown(f"**How {escape_markdown(name)} moved: every change in plain words, and what changed since a milestone.**")
lazy_tabs(
    "history_tab",
    {
        "Since a milestone": partial(since.show, store, partnership_id),
        "Timeline": partial(timeline.show, store, partnership_id),
        "Restore": partial(restore.show, store, partnership_id),
    },
)
