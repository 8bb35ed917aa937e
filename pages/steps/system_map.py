"""Step 1: who shapes the problem, how they are tied, the loops and the barriers."""

import streamlit as st

from core.conventions import escape_markdown
from ui import state, step1
from ui.page import step_header

store = state.store()
pid = state.partnership_id()
frames = step1.load(store, pid)

step_header("system_map")
st.markdown(f"#### {escape_markdown(step1.takeaway(frames))}")

test, actors, loops, what_if, issues = st.tabs(["Systemic test", "Actor map", "Causal loops", "What-if", "Issue map"])
with test:
    step1.systemic_test(store, pid, frames)
with actors:
    step1.actor_map(store, pid, frames)
with loops:
    step1.causal_loops(store, pid, frames)
with what_if:
    step1.what_if(frames)
with issues:
    step1.issue_map(store, pid, frames)
step1.export_button(frames)
