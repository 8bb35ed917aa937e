"""Step 6 on one workshop screen: the most urgent pilot's tracking chart and a one-line takeaway."""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.model import AnswerKey, Topic
from core.pilots import pathways
from core.pilots.pathways import Pathway
from core.store import Store, Table
from ui.pilots.charts import tracking_figure
from ui.pilots.data import load, units

__all__ = ["headline"]


def headline(store: Store, partnership_id: int) -> None:
    view = load(store, partnership_id)
    tracked = view.tracked
    active = [alert for alert in view.alerts if alert.active]
    if active:
        alert = active[0]
        st.markdown(f"### Off course: {escape_markdown(alert.pilot)}, since {alert.began:%d %b %Y}")
        pilot, indicator = alert.pilot, alert.indicator
    elif not tracked.empty:
        st.markdown(f"### All {view.frames[Table.PILOTS].shape[0]} pilots on track")
        pilot, indicator = tracked["pilot"].iloc[0], tracked["indicator"].iloc[0]
    else:
        st.markdown("### No pilot observations yet")
        return
    rows = tracked[(tracked["pilot"] == pilot) & (tracked["indicator"] == indicator)]
    indicator = str(rows["indicator"].iloc[0])
    figure = tracking_figure(rows, indicator, str(units(view).get(indicator, "")), large=True)
    st.plotly_chart(figure, key="step6_headline")
    chosen = view.answers[Topic.SCALING].get(AnswerKey.CHOSEN_PATHWAY)
    if chosen in {p.value for p in Pathway}:
        st.caption(f"Chosen scaling pathway: {pathways.profile(chosen).label}")
