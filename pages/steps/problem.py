"""Step 2: a shared fact base, the room's disagreements, one problem statement and its outcomes."""

import streamlit as st

from ui import state, step2
from ui.page import step_header

store = state.store()
pid = state.partnership_id()
step_header("problem")
data = step2.load(store, pid)

fact_base, views, statement, outcomes, export = st.tabs(
    ["Fact base", "Perspectives", "Problem statement", "Outcomes", "Export"]
)
with fact_base:
    step2.fact_base_tab(store, pid, data)
with views:
    step2.perspectives_tab(store, pid, data)
with statement:
    step2.statement_tab(store, pid, data)
with outcomes:
    step2.outcomes_tab(store, pid, data)
with export:
    step2.export_tab(store, pid, data)
