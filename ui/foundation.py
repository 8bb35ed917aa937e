"""A step page drawn from its stored records, until the step's own tools land."""

from __future__ import annotations

import streamlit as st

from core.steps import STEPS
from core.store import SPECS
from ui import state
from ui.page import record_table, step_header


def records_page(number: int) -> None:
    """Header, record counts and one editable table per record kind of the step."""
    step = STEPS[number - 1]
    store = state.store()
    partnership_id = state.partnership_id()
    step_header(number)
    st.caption(f"This step produces {step.produces}.")
    frames = store.read_many(partnership_id, list(step.tables))
    metrics = st.columns(len(step.tables))
    for column, table in zip(metrics, step.tables, strict=True):
        column.metric(SPECS[table].title, len(frames[table]))
    tabs = st.tabs([SPECS[table].title for table in step.tables])
    for tab, table in zip(tabs, step.tables, strict=True):
        with tab:
            record_table(store, partnership_id, table, frames[table])
