"""The Chambers & breadth tab: sector chambers, the breadth of the decision-making body, value propositions."""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.governance.rights import IRMA_CHAMBERS, breadth, check_chambers, check_value_props
from core.store import Store, Table
from ui import chart, state
from ui.editor import record_table
from ui.governance.charts import sector_chart
from ui.governance.checks import warn_all
from ui.governance.data import GovernanceData

__all__ = ["show"]


def show(store: Store, partnership_id: int, data: GovernanceData) -> None:
    _chambers(store, partnership_id, data)
    _breadth(data)
    _value_propositions(store, partnership_id, data)


def _chambers(store: Store, partnership_id: int, data: GovernanceData) -> None:
    frames = data.frames
    st.subheader("Sector chambers")
    st.caption(
        "For an equitable model: each sector votes as a chamber with equal votes, so no single sector can "
        "outvote the rest (IRMA's 2022 board uses six equal chambers)."
    )
    irma = frames[Table.CHAMBERS].empty and not state.presenting()
    if irma and st.button("Start from IRMA's six chambers", key="gov_irma"):
        store.replace(partnership_id, Table.CHAMBERS, IRMA_CHAMBERS, based_on=frames[Table.CHAMBERS])
        state.flash("Added IRMA's six chambers: put your partners in them")
        st.rerun()
    record_table(store, partnership_id, Table.CHAMBERS, frames[Table.CHAMBERS])
    report = check_chambers(frames[Table.CHAMBERS], frames[Table.ACTORS])
    warn_all(
        report.issues,
        "Chambers have equal votes and no single sector can outvote the others.",
        "No chambers yet." if frames[Table.CHAMBERS].empty else None,
    )
    if len(report.by_sector):
        st.markdown("**Votes each sector controls across chambers**")
        chart.show(sector_chart(report.by_sector, state.presenting()), name="votes_by_sector", key="gov_sectors")


def _breadth(data: GovernanceData) -> None:
    frames = data.frames
    st.subheader("Breadth of the decision-making body")
    reach = breadth(frames[Table.ACTORS], data.partners, frames[Table.CHAMBERS], frames[Table.RACI])
    total_positions = len(reach.positions) + len(reach.missing_positions)
    positions, types, community = st.columns(3)
    positions.metric("Value-chain positions", f"{len(reach.positions)} of {total_positions}")
    types.metric("Partner types", f"{len(reach.types)} of 6")
    community.metric("Community organisations deciding", len(reach.community_deciders))
    st.caption(
        "The body is the short list of step 3 plus chamber members: "
        + escape_markdown(", ".join(data.partners) or "nobody yet")
    )
    warn_all(reach.issues, "The body spans the value chain and community organisations decide.")


def _value_propositions(store: Store, partnership_id: int, data: GovernanceData) -> None:
    st.subheader("Value propositions")
    st.caption("What each partner gives and what it gains, in plain words.")
    record_table(store, partnership_id, Table.VALUE_PROPS, data.frames[Table.VALUE_PROPS])
    warn_all(
        check_value_props(data.frames[Table.VALUE_PROPS], data.partners),
        "Every partner has a value proposition.",
        "No partners on the short list yet (step 3)." if not data.partners else None,
    )
