"""Action plan: commitments, internal owners and impact stories of a partnership."""

from functools import partial

import pandas as pd
import streamlit as st

from core.across.action_plan import action_plan, plan_summary
from core.store import Table
from ui import state
from ui.across import action_plan as plan_tabs
from ui.page import lazy_tabs

store = state.store()
partnership_id = state.partnership_id()
frames = state.records(
    store, partnership_id, [Table.COMMITMENTS, Table.OWNERS, Table.STORIES, Table.INDICATORS, Table.OBSERVATIONS]
)
plan = action_plan(frames[Table.COMMITMENTS], pd.Timestamp.today().normalize())
counts = plan_summary(plan)

st.html('<div class="ks-step">Across partnerships</div>')
st.title("Action plan")
st.markdown(
    f"**{len(plan)} commitments: {counts['overdue']} overdue, {counts['open']} open, "
    f"{counts['in progress']} in progress, {counts['done']} done.**"
)
lazy_tabs(
    "action_plan_tab",
    {
        "Commitments": partial(plan_tabs.commitments, store, partnership_id, plan),
        "Owners and sponsors": partial(plan_tabs.owners, store, partnership_id, frames),
        "Impact stories": partial(plan_tabs.stories, store, partnership_id, frames),
    },
)
