"""Step 1: who shapes the problem, how they are tied, the loops and the barriers."""

import streamlit as st

from core.conventions import escape_markdown
from ui import state
from ui.page import step_header
from ui.system_map import actor_map, causal_loops, data, issue_map, systemic_test, what_if
from ui.system_map.export import export_button

store = state.store()
pid = state.partnership_id()
frames = data.load(store, pid)

step_header("system_map")
st.markdown(f"#### {escape_markdown(data.takeaway(frames))}")

test, actors, loops, scenario, issues = st.tabs(["Systemic test", "Actor map", "Causal loops", "What-if", "Issue map"])
with test:
    systemic_test.show(store, pid, frames)
with actors:
    actor_map.show(store, pid, frames)
with loops:
    causal_loops.show(store, pid, frames)
with scenario:
    what_if.show(frames)
with issues:
    issue_map.show(store, pid, frames)
export_button(frames)
