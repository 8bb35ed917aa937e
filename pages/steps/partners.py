"""Step 3: Partners. Score the long list, see the grid, build a complementary short list."""

import streamlit as st

from core.partners.scored_list import scored_list, shortlist
from core.store import Table
from ui import state, step3
from ui.editor import record_table
from ui.page import step_header

store = state.store()
pid = state.partnership_id()
step_header("partners")

actors = store.read(pid, Table.ACTORS)
weights = step3.weights_control()
scored = scored_list(actors, weights)
chosen = shortlist(scored)
if scored.empty:
    st.info("No candidates yet. Import a stakeholder list or add rows in the Long list tab.")
else:
    st.markdown(
        f"**Top candidates:** {step3.name_list(scored['name'], 5)}. **Short list:** {len(chosen)} of {len(scored)}."
    )

names = ["Long list", "Grid & salience", "Types & levers", "Coalition builder", "Export"]
if not state.presenting():
    names.insert(4, "Import")
tabs = dict(zip(names, st.tabs(names), strict=True))
with tabs["Long list"]:
    step3.long_list(scored)
    if not state.presenting():
        with st.expander("Edit candidates", icon=":material/edit:"):
            record_table(store, pid, Table.ACTORS, actors)
with tabs["Grid & salience"]:
    st.plotly_chart(step3.grid_figure(scored), width="stretch")
    st.dataframe(step3.advice_table(), hide_index=True, width="stretch", placeholder="")
    step3.salience_panel(scored)
with tabs["Types & levers"]:
    step3.types_and_levers(scored)
with tabs["Coalition builder"]:
    step3.coalition_builder(store, pid, actors, weights)
if "Import" in tabs:
    with tabs["Import"]:
        step3.import_panel(store, pid)
with tabs["Export"]:
    step3.export_panel(scored)
