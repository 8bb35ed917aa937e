"""Step 3: Partners. Score the long list, see the grid, build a complementary short list."""

import streamlit as st

from ui import state
from ui.page import step_header
from ui.partners import coalition, data, export, grid, imports, long_list, summary, types_levers, weights

store = state.store()
pid = state.partnership_id()
step_header("partners")

partners = data.load(store, pid, weights.weights_control())
summary.top_line(partners)

names = ["Long list", "Grid & salience", "Types & levers", "Coalition builder", "Export"]
if not state.presenting():
    names.insert(4, "Import")
tabs = dict(zip(names, st.tabs(names), strict=True))
with tabs["Long list"]:
    long_list.show(store, pid, partners)
with tabs["Grid & salience"]:
    grid.show(partners)
with tabs["Types & levers"]:
    types_levers.show(partners)
with tabs["Coalition builder"]:
    coalition.show(store, pid, partners)
if "Import" in tabs:
    with tabs["Import"]:
        imports.show(store, pid)
with tabs["Export"]:
    export.show(partners)
