"""Step 2: a shared fact base, the room's disagreements, one problem statement and its outcomes."""

import streamlit as st

from ui import state
from ui.page import step_header
from ui.problem import data, export, fact_base, outcomes, perspectives, statement

store = state.store()
pid = state.partnership_id()
step_header("problem")
records = data.load(store, pid)

evidence, views, wording, measures, files = st.tabs(
    ["Fact base", "Perspectives", "Problem statement", "Outcomes", "Export"]
)
with evidence:
    fact_base.show(store, pid, records)
with views:
    perspectives.show(store, pid, records)
with wording:
    statement.show(store, pid, records)
with measures:
    outcomes.show(store, pid, records)
with files:
    export.show(store, pid, records)
