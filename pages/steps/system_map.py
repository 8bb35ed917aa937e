"""Step 1: who shapes the problem, how they are tied, the loops and the barriers."""

from functools import partial

import streamlit as st

from core.conventions import escape_markdown
from ui import state
from ui.page import lazy_tabs, step_header
from ui.system_map import actor_map, causal_loops, data, issue_map, systemic_test, what_if
from ui.system_map.export import export_button

store = state.store()
pid = state.partnership_id()
frames = data.load(store, pid)

step_header("system_map")
st.markdown(f"#### {escape_markdown(data.takeaway(frames))}")

lazy_tabs(
    "system_map_tab",
    {
        "Systemic test": partial(systemic_test.show, store, pid, frames),
        "Actor map": partial(actor_map.show, store, pid, frames),
        "Causal loops": partial(causal_loops.show, store, pid, frames),
        "What-if": partial(what_if.show, store, pid, frames),
        "Issue map": partial(issue_map.show, store, pid, frames),
    },
)
export_button(frames)
