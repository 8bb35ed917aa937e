"""Step 6: pilots in the field, drift alerts first, and where to scale."""

import streamlit as st

from ui import state
from ui.page import step_header
from ui.pilots import alerts, data, register, scaling, tracking

store = state.store()
partnership_id = state.partnership_id()
step_header("pilots")
view = data.load(store, partnership_id)
alerts.show(view)

pilots_tab, tracking_tab, scaling_tab = st.tabs(["Pilots", "Tracking", "Scaling pathways"])
with pilots_tab:
    register.show(store, partnership_id, view)
with tracking_tab:
    tracking.show(store, partnership_id, view)
with scaling_tab:
    scaling.show(store, partnership_id, view)
