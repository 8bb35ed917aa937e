"""Step 5: theory of change, shared indicators, dashboard, partner targets and funding."""

from datetime import date

import streamlit as st

from ui import state
from ui.metrics import dashboard, data, funding, indicators, targets, theory_of_change
from ui.page import step_header

store = state.store()
pid = state.partnership_id()
step_header("metrics")
metrics = data.load(store, pid)
toc_tab, indicators_tab, dashboard_tab, targets_tab, funding_tab = st.tabs(
    ["Theory of change", "Indicators", "Dashboard", "Partner targets", "Funding"]
)
with toc_tab:
    theory_of_change.show(store, pid, metrics)
with indicators_tab:
    indicators.show(store, pid, metrics)
with dashboard_tab:
    dashboard.show(metrics, date.today())
with targets_tab:
    targets.show(store, pid, metrics)
with funding_tab:
    funding.show(store, pid, metrics)
