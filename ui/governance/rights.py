"""The Decision rights tab: who decides what, by which rule, and where a disagreement goes next."""

from __future__ import annotations

import streamlit as st

from core.governance.rights import check_decisions
from core.store import Store, Table
from ui.editor import record_table
from ui.governance.checks import warn_all
from ui.governance.data import GovernanceData

__all__ = ["show"]


def show(store: Store, partnership_id: int, data: GovernanceData) -> None:
    decisions = data.frames[Table.DECISIONS]
    st.caption(
        "Who decides what, by which rule (consensus, majority, equal sector chambers, lead partner), "
        "and where a disagreement goes next."
    )
    record_table(store, partnership_id, Table.DECISIONS, decisions)
    warn_all(
        check_decisions(decisions, data.partners, data.frames[Table.CHAMBERS]),
        "Every decision has a decider, a rule and an escalation path.",
        "No decisions recorded yet." if decisions.empty else None,
    )
