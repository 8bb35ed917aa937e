"""The Partner targets tab: each partner's own target against the shared one, and against each other."""

from __future__ import annotations

import streamlit as st

from core.metrics import targets
from core.store import Store, Table
from ui import chart, state
from ui.editor import record_table
from ui.metrics.charts import alignment_figure
from ui.metrics.data import MetricsData
from ui.problems import bullets
from ui.table import show_table

__all__ = ["show"]

_LIMIT = 15
_SIDE_BY_SIDE = {
    "partner": "Partner",
    "indicator": "Indicator",
    "partner_target": "Partner target",
    "partner_unit": "Partner unit",
    "shared_target": "Shared target",
    "unit": "Shared unit",
    "partner_date": st.column_config.DateColumn("Partner date", format="YYYY-MM-DD"),
    "shared_date": st.column_config.DateColumn("Shared date", format="YYYY-MM-DD"),
    "issues": "Misalignment",
}


def show(store: Store, partnership_id: int, data: MetricsData) -> None:
    partner_targets = data.frames[Table.PARTNER_TARGETS]
    compared = targets.compare_targets(partner_targets, data.frames[Table.INDICATORS])
    between = targets.between_partners(compared)
    off = compared[~compared["aligned"]]
    apart = between[between["disagree"]] if len(between) else between
    if compared.empty:
        st.subheader("No partner targets yet: each partner names its own target for the shared indicators.")
    else:
        st.subheader(
            f"{len(off)} of {len(compared)} partner targets disagree with the shared target; "
            f"partners disagree with each other on {len(apart)} indicators."
        )
    unit_rows = compared[[targets.Misalignment.UNIT in issues for issues in compared["issues"]]]
    if len(unit_rows):
        lines = [
            f"{partner} on '{indicator}': {partner_unit} instead of {unit}"
            for partner, indicator, partner_unit, unit in unit_rows[
                ["partner", "indicator", "partner_unit", "unit"]
            ].itertuples(index=False)
        ]
        st.warning("Targets in a different unit than the indicator:\n\n" + bullets(lines, limit=_LIMIT))
    if len(compared):
        figure = alignment_figure(compared, state.presenting())
        chart.show(figure, name="target_alignment", key="step5_alignment", width="stretch")
    if len(off):
        st.markdown(
            "**Where partners pull apart from the shared target**\n\n" + bullets(list(off["explanation"]), limit=_LIMIT)
        )
    if len(apart):
        pairs = apart[["indicator", "explanation"]].itertuples(index=False)
        lines = [f"{indicator}: {why}" for indicator, why in pairs]
        st.markdown("**Where partners disagree with each other**\n\n" + bullets(lines, limit=_LIMIT))
    if len(compared):
        side = compared.assign(issues=compared["issues"].map(lambda kinds: ", ".join(kinds) or "agrees"))
        show_table(side[list(_SIDE_BY_SIDE)], _SIDE_BY_SIDE)
    st.caption(
        f"A partner target agrees when it lies within {targets.SIZE_TOLERANCE:.0%} of the planned change "
        f"(target minus baseline) of the shared target and within {targets.DATE_TOLERANCE_DAYS} days of its date."
    )
    if not state.presenting():
        record_table(store, partnership_id, Table.PARTNER_TARGETS, partner_targets)
