"""The Tracking tab: each indicator of the chosen pilot against its planned line, and the CUSUM settings.

The tab is a fragment: choosing another pilot redraws this tab only. The k and
h settings sit in a form, so nudging them writes nothing until "Save settings".
"""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.model import Topic, split_list
from core.store import Store, Table
from ui import chart, state
from ui.pilots import observations
from ui.pilots.charts import cusum_figure, tracking_figure
from ui.pilots.data import PilotsData, units

__all__ = ["show"]

_HOW_IT_WORKS = (
    "Each observation's **shortfall** is how far it sits behind the planned straight line, as a share of the "
    "whole planned change from baseline to target. A one-sided CUSUM (Page, 1954) adds up the shortfall "
    "beyond a slack **k** per observation and never drops below zero; the alarm sounds when the sum passes "
    "**h**. The drift is dated from the last observation where the sum was still zero."
)


@st.fragment
def show(store: Store, partnership_id: int, view: PilotsData) -> None:
    """Per pilot: one chart per indicator, drift settings, and ways to add observations."""
    register = view.frames[Table.PILOTS]
    if register.empty:
        st.info("Add a pilot first; its indicators are tracked here.")
        return
    names = register["name"].tolist()
    drifting = [alert.pilot for alert in view.alerts if alert.active]
    default = names.index(drifting[0]) if drifting and drifting[0] in names else 0
    pilot = st.selectbox("Pilot", names, index=default, key=f"step6_pilot_{partnership_id}", persist_state="page")
    rows = view.tracked[view.tracked["pilot"] == pilot]
    unit_of = units(view)
    presenting = state.presenting()
    if rows.empty:
        st.info(
            "No observations to draw yet for this pilot. Its indicators need a baseline and a target in the data "
            "dictionary (step 5), and observations on or after the pilot's start."
        )
    for indicator, part in rows.groupby("indicator", sort=False):
        figure = tracking_figure(part, str(indicator), str(unit_of.get(indicator, "")), large=presenting)
        chart.show(figure, name=f"tracking_{indicator}", key=f"step6_track_{pilot}_{indicator}")
    with st.expander("How drift is detected (CUSUM settings)"):
        st.markdown(_HOW_IT_WORKS)
        if presenting:
            st.caption(f"k = {view.k:g}, h = {view.h:g}")
        else:
            _settings_form(store, partnership_id, view)
        for indicator, part in rows.groupby("indicator", sort=False):
            st.caption(escape_markdown(str(indicator)))
            figure = cusum_figure(part, view.h, large=presenting)
            chart.show(figure, name=f"drift_{indicator}", key=f"step6_cusum_{pilot}_{indicator}")
    if presenting:
        return
    st.subheader("Observations")
    tracked_names = split_list(register.loc[register["name"] == pilot, "indicators"].iloc[0])
    observations.add_form(store, partnership_id, pilot, tracked_names)
    observations.import_file(store, partnership_id, pilot, view.frames[Table.OBSERVATIONS])
    observations.editor(store, partnership_id, pilot, view.frames[Table.OBSERVATIONS])


def _settings_form(store: Store, partnership_id: int, view: PilotsData) -> None:
    with st.form(f"step6_settings_{partnership_id}", border=False):
        left, right = st.columns(2)
        k = left.number_input(
            "k, slack per observation (share of the planned change)", 0.0, 0.5, view.k, 0.005, format="%.3f",
            key=f"step6_k_{partnership_id}",
            help="Shortfalls smaller than this are treated as noise. Larger k: fewer, later alarms.",
        )  # fmt: skip
        h = right.number_input(
            "h, alarm threshold", 0.01, 2.0, view.h, 0.01, format="%.2f",
            key=f"step6_h_{partnership_id}",
            help="The accumulated excess shortfall that raises the alarm. Smaller h: earlier alarms, more false ones.",
        )  # fmt: skip
        if st.form_submit_button("Save settings", key=f"step6_settings_save_{partnership_id}"):
            with state.saving():
                store.save_answers(partnership_id, Topic.TRACKING, {"k": float(k), "h": float(h)})
                state.flash(f"Drift settings saved: k = {k:g}, h = {h:g}")
                st.rerun()  # the whole page: the alerts above the tabs follow k and h
