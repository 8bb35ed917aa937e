"""The Coalition builder tab: a proposed short list that explains each pick, and saving it.

The builder is a what-if: its sliders and pins redraw this tab alone (a
fragment), and the proposal is cached on its inputs.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.model import Lever
from core.partners.cautions import cautions
from core.partners.coalition import DIVERSITY, Proposal, build
from core.partners.scoring import Weights
from core.room.activities import Activity
from core.store import Store, Table
from ui import state
from ui.partners.data import PartnersData
from ui.partners.summary import name_list
from ui.room import heard
from ui.table import show_table

__all__ = ["show"]


@st.fragment
def show(store: Store, partnership_id: int, data: PartnersData) -> None:
    actors = data.actors
    names = actors["name"].dropna().astype(str).tolist()
    if not names:
        st.info("Add candidates first.")
        return
    top = st.columns([1, 1, 1])
    size = top[0].slider("Short list size", 2, max(2, min(20, len(names))), min(8, len(names)), key="coal_size")
    industry = top[1].toggle("Aim: industry adoption", value=True, key="coal_industry")
    diversity = top[2].slider("Diversity bonus per partner type", 0.0, 1.0, DIVERSITY, 0.05, key="coal_div")
    pins_col, excl_col = st.columns(2)
    pins = pins_col.multiselect("Pin (must be in)", names, key="coal_pins")
    exclusions = excl_col.multiselect("Exclude", [n for n in names if n not in pins], key="coal_excl")
    weights = (data.weights.interest, data.weights.influence, data.weights.assets)
    proposal = _proposal(actors, size, tuple(pins), tuple(exclusions), weights, diversity, industry)
    _show_proposal(proposal)
    heard.vote_panel(store, partnership_id, Activity.DOT_VOTE, large=state.presenting())
    if not state.presenting() and st.button("Make this the short list", type="primary", key="coal_save"):
        updated = actors.copy()
        chosen = {name.casefold() for name in proposal.names}
        updated["shortlisted"] = updated["name"].astype("string").str.casefold().isin(chosen)
        with state.saving():
            store.replace(partnership_id, Table.ACTORS, updated, reason="choosing the short list", based_on=actors)
            state.flash(f"Short list saved: {len(chosen)} partners")
            st.rerun(scope="app")  # the whole page ranks against the new short list
    current = actors[actors["shortlisted"].astype("boolean").fillna(False).to_numpy(dtype=bool)]
    with st.expander(f"Cautions for the stored short list ({len(current)})"):
        found = cautions(current, industry_adoption=industry, candidates=actors)
        for caution in found:
            st.warning(caution.message)
        if not found and not current.empty:
            st.success("None.")


@state.cached(max_entries=32, show_spinner=False)
def _proposal(
    actors: pd.DataFrame,
    size: int,
    pins: tuple[str, ...],
    exclusions: tuple[str, ...],
    weights: tuple[float, float, float],
    diversity: float,
    industry: bool,
) -> Proposal:
    # The greedy search with swaps grows with the list; reruns elsewhere on the page reuse it.
    return build(actors, size, pins, exclusions, Weights(*weights), diversity, industry_adoption=industry)


def _show_proposal(proposal: Proposal) -> None:
    st.markdown(f"**Proposed short list ({len(proposal.picks)}):** {name_list(proposal.names, 20)}")
    picks = [
        {"#": i + 1, "partner": p.name, "type": p.partner_type, "what it adds": p.reason}
        for i, p in enumerate(proposal.picks)
    ]
    show_table(pd.DataFrame(picks))
    left, right = st.columns(2)
    left.metric("Levers covered", f"{len(proposal.covered_levers)} of {len(Lever)}")
    positions = len(proposal.covered_positions) + len(proposal.missing_positions)
    right.metric("Value-chain positions covered", f"{len(proposal.covered_positions)} of {positions}")
    for caution in proposal.cautions:
        st.warning(caution.message, icon=":material/warning:")
    if not proposal.cautions:
        st.success("No cautions: community voice, market leaders, sector mix and levers are all in place.")
