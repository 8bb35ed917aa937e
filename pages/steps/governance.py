"""Step 4: governance model, roles, decision rights, chambers and the charter."""

import streamlit as st

from ui import state, step4
from ui.page import step_header

store = state.store()
pid = state.partnership_id()
step_header("governance")
data = step4.load(store, pid)
model, roles, rights, chambers, charter = st.tabs(
    ["Model", "Roles (RACI)", "Decision rights", "Chambers & breadth", "Charter"]
)
with model:
    step4.model_tab(store, pid, data)
with roles:
    step4.roles_tab(store, pid, data)
with rights:
    step4.rights_tab(store, pid, data)
with chambers:
    step4.chambers_tab(store, pid, data)
with charter:
    step4.charter_tab(store, pid, data)
