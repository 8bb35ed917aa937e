"""Which single push moves an outcome most: each factor pushed alone, up and down, on the what-if tab."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.system_map import fcm, fcm_scan
from ui import chart, state
from ui.system_map import charts
from ui.system_map.data import LOOP_BOUND, feedback_loops, sensitivity_run

__all__ = ["show"]


def show(
    links: pd.DataFrame, factors: pd.DataFrame, ranking: pd.DataFrame, rule: fcm.FcmRule, squash: fcm.Squash
) -> None:
    """Pick an outcome; every other factor is pushed alone, fully up and fully down, against no push."""
    st.subheader("Which single push moves an outcome most?")
    names = sorted(ranking.index)
    if len(names) < 2:
        st.info("Add at least two linked factors.")
        return
    # the factor most pushed on by others is a natural first outcome to look at
    default = names.index(ranking["influenced"].idxmax()) if "influenced" in ranking else 0
    outcome = st.selectbox("Outcome", names, index=default, key="whatif_outcome", persist_state="page")
    reaching = len(fcm_scan.upstream(feedback_loops(links, factors, LOOP_BOUND)[0], outcome))
    if not reaching:
        st.markdown(f"No single push moves {escape_markdown(outcome)}: nothing on the map leads to it.")
        return
    if reaching > fcm_scan.MAX_PUSHED and not st.session_state.get(f"whatif_sensitivity_anyway_{outcome}"):
        st.info(
            f"{reaching} factors lead to {escape_markdown(outcome)}: pushing each in turn may take a while "
            f"(over {fcm_scan.MAX_PUSHED} factors it can take many seconds)."
        )
        if st.button("Push each factor anyway", key=f"whatif_sensitivity_run_{outcome}"):
            st.session_state[f"whatif_sensitivity_anyway_{outcome}"] = True
            st.rerun()
        return
    table = sensitivity_run(links, factors, outcome, rule, squash)
    if table.empty:
        return
    lead = table.index[0]
    row = table.loc[lead]
    if abs(row["largest_points"]) < 0.05:
        st.markdown(f"No single push moves {escape_markdown(outcome)}: nothing on the map leads to it.")
        return
    st.markdown(
        f"**{escape_markdown(lead)}** moves {escape_markdown(outcome)} most: pushed up "
        f"{row['up_points']:+.0f} points, pushed down {row['down_points']:+.0f} points (on a 0-100 scale)."
    )
    figure = charts.sensitivity_bars(table, outcome, large=state.presenting())
    chart.show(figure, name="sensitivity", key="sensitivity", width="stretch")
    unsettled = table.index[~table["settled"]].tolist()
    note = (
        f" Pushing {escape_markdown(', '.join(unsettled))} leaves the map oscillating or still changing: read those "
        "as a trend."
        if unsettled
        else ""
    )
    unreached = int((~table["upstream"]).sum())
    if unreached:
        note += (
            f" Factors with no path of links to {escape_markdown(outcome)} ({unreached}) cannot move it: "
            "they are not pushed and show 0."
        )
    st.caption(
        f"Each factor that leads to {escape_markdown(outcome)} is held fully up (1) or fully down "
        f"({squash.low:.0f}) alone, with {rule.label.lower()}; the bar is how far {escape_markdown(outcome)} ends "
        f"from where it ends with no push.{note}"
    )
