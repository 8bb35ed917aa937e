"""Step 5: theory of change, shared indicators, dashboard, partner targets and funding."""

from datetime import date

import streamlit as st

from core.store import Table
from ui import state, step5
from ui.page import step_header

store = state.store()
pid = state.partnership_id()
step_header("metrics")
frames = store.read_many(
    pid,
    [
        Table.TOC_ITEMS,
        Table.TOC_LINKS,
        Table.INDICATORS,
        Table.OBSERVATIONS,
        Table.OUTCOMES,
        Table.PARTNER_TARGETS,
        Table.FUNDING_SHARES,
    ],
)
toc_tab, indicators_tab, dashboard_tab, targets_tab, funding_tab = st.tabs(
    ["Theory of change", "Indicators", "Dashboard", "Partner targets", "Funding"]
)
with toc_tab:
    step5.theory_of_change_tab(store, pid, frames)
with indicators_tab:
    step5.indicators_tab(store, pid, frames)
with dashboard_tab:
    step5.dashboard_tab(frames, date.today())
with targets_tab:
    step5.targets_tab(store, pid, frames)
with funding_tab:
    step5.funding_tab(store, pid, frames)
