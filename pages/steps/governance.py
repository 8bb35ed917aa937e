"""Step 4: governance model, roles, decision rights, chambers and the charter."""

import streamlit as st

from ui import state
from ui.governance import chambers, charter, data, model, rights, roles
from ui.page import step_header

store = state.store()
pid = state.partnership_id()
step_header("governance")
governance = data.load(store, pid)
model_tab, roles_tab, rights_tab, chambers_tab, charter_tab = st.tabs(
    ["Model", "Roles (RACI)", "Decision rights", "Chambers & breadth", "Charter"]
)
with model_tab:
    model.show(store, pid, governance)
with roles_tab:
    roles.show(store, pid, governance)
with rights_tab:
    rights.show(store, pid, governance)
with chambers_tab:
    chambers.show(store, pid, governance)
with charter_tab:
    charter.show(store, pid, governance)
