"""The Outcomes tab: the few measurable outcomes and the checks each must pass."""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.problem import statement as problem
from core.store import Store, Table
from ui.editor import record_table
from ui.problem.data import ProblemData

__all__ = ["show"]


def show(store: Store, partnership_id: int, data: ProblemData) -> None:
    outcomes = data[Table.OUTCOMES]
    warnings = problem.check_outcomes(outcomes)
    st.subheader(f"{len(outcomes)} outcomes, {len(warnings)} check{'s' if len(warnings) != 1 else ''} to resolve")
    for warning in warnings:
        st.warning(escape_markdown(warning.message), icon="⚠️")
    if not warnings and len(outcomes):
        st.success(
            "Every outcome has a baseline, a target, a date and an owner, and measures a change, not an activity."
        )
    record_table(store, partnership_id, Table.OUTCOMES, outcomes)
    st.caption(
        f"Checks: no baseline, target, date or owner; a metric that counts activities (workshops held, people "
        f"trained, reports published) instead of a change; more than {problem.MAX_OUTCOMES} outcomes."
    )
