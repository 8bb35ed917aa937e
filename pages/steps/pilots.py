"""Step 6: pilots in the field, drift alerts first, and where to scale."""

import streamlit as st

from ui import state, step6
from ui.page import step_header

store = state.store()
partnership_id = state.partnership_id()
step_header("pilots")
view = step6.load(store, partnership_id)
step6.draw_alerts(view)

pilots_tab, tracking_tab, scaling_tab = st.tabs(["Pilots", "Tracking", "Scaling pathways"])
with pilots_tab:
    step6.pilots_tab(store, partnership_id, view)
with tracking_tab:
    step6.tracking_tab(store, partnership_id, view)
with scaling_tab:
    step6.scaling_tab(store, partnership_id, view)
