"""History: what changed, by whom and when; two points side by side; restore as at a point."""

import streamlit as st

from core.conventions import escape_markdown
from ui import state
from ui.across import restore, since, timeline

store = state.store()
partnership_id = state.partnership_id()
name = str(store.partnership(partnership_id)["name"])

if not state.presenting():
    st.html('<div class="ks-step">Across partnerships</div>')
st.title("History")
st.markdown(f"**How {escape_markdown(name)} moved: every change in plain words, and what changed since a milestone.**")
tabs = st.tabs(["Since a milestone", "Timeline", "Restore"])
with tabs[0]:
    since.show(store, partnership_id)
with tabs[1]:
    timeline.show(store, partnership_id)
    st.subheader("Milestones")
    timeline.milestones_panel(store, partnership_id)
with tabs[2]:
    restore.show(store, partnership_id)
