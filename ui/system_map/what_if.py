"""The What-if tab: push factors up or down and see where the causal map settles (fuzzy cognitive map)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.store import Table
from core.system_map import fcm
from ui import state
from ui.system_map import charts
from ui.system_map.data import LOOP_BOUND, feedback_loops, what_if_run

__all__ = ["show"]


@st.fragment
def show(frames: dict[Table, pd.DataFrame]) -> None:
    """A push changes only this simulation, so its widgets rerun only this tab."""
    links, factors = frames[Table.CAUSAL_LINKS], frames[Table.FACTORS]
    if links.empty:
        st.info("Add causal links first: the simulation runs on the causal loop diagram.")
        return
    diagram, _, ranking = feedback_loops(links, factors, LOOP_BOUND)
    names = sorted(diagram.nodes)
    default_up = [name for name in ranking.index[:1] if name in names]
    a, b, c = st.columns([3, 3, 2])
    up = a.multiselect("Push up", names, default=default_up, key="whatif_up")
    down = b.multiselect("Push down", [n for n in names if n not in up], key="whatif_down")
    rule = c.radio("Rule", list(fcm.FcmRule), format_func=lambda r: r.label, key="whatif_rule")
    squash = c.radio(
        "Squashing",
        list(fcm.Squash),
        index=1,
        key="whatif_squash",
        format_func=lambda s: "tanh (−1…1)" if s is fcm.Squash.TANH else "sigmoid, λ = 1 (0…1)",
    )
    if not up and not down:
        st.info("Choose at least one factor to push up or down.")
        return
    pushes = {**dict.fromkeys(up, "up"), **dict.fromkeys(down, "down")}
    table, baseline, scenario = what_if_run(links, factors, tuple(pushes.items()), rule, squash)
    moved = table[~table["clamped"]]
    if len(moved):
        best, worst = moved["change_pp"].idxmax(), moved["change_pp"].idxmin()
        st.markdown(
            f"### Pushing {escape_markdown(', '.join(pushes))}: {escape_markdown(best)} rises most "
            f"({moved.at[best, 'change_pp']:+.1f} pp); {escape_markdown(worst)} falls most "
            f"({moved.at[worst, 'change_pp']:+.1f} pp)"
        )
    for label, run in (("Baseline", baseline), ("Scenario", scenario)):
        if not run.converged:
            st.warning(f"{label} did not settle within {fcm.MAX_STEPS} steps (it oscillates): read changes as a trend.")
    st.plotly_chart(charts.what_if_bars(table, large=state.presenting()), width="stretch")
    st.caption(
        f"Fuzzy cognitive map, {rule.label.lower()}; settled after {baseline.steps} (baseline) and {scenario.steps} "
        "(scenario) steps. A pp is one hundredth of the activation range. Links without a strength count as 0.5."
    )
    with st.expander("Values per factor"):
        st.dataframe(table.reset_index().round(4), hide_index=True, width="stretch", placeholder="")
