"""The What-if tab: push factors up or down and see where the causal map settles (fuzzy cognitive map)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.store import Store, Table
from core.system_map import fcm, fcm_scan
from ui import chart, state
from ui.system_map import charts, room_map, sensitivity
from ui.system_map.data import LOOP_BOUND, end_states_run, feedback_loops, what_if_run
from ui.table import show_table

__all__ = ["show"]


def _ending(label: str, run: fcm.Simulation) -> None:
    """Say when a run did not settle: it cycles, or it is still changing."""
    if run.outcome is fcm.Outcome.CYCLE:
        st.warning(
            f"{label} never settles: it oscillates, coming back to the same {run.period} states in turn. "
            "Its values are the average over one round of the cycle."
        )
    elif run.outcome is fcm.Outcome.UNSETTLED:
        st.warning(f"{label} is still changing after {fcm.MAX_STEPS} steps: read its changes as a trend.")


def _end_states(found: fcm_scan.EndStates) -> None:
    """One stable end state, or several: then where the system starts decides where it ends."""
    apart = []
    if found.cycling:
        apart.append(f"{found.cycling} oscillate")
    if found.unsettled:
        apart.append(f"{found.unsettled} are still changing after {fcm.MAX_STEPS} steps")
    others = f" ({' and '.join(apart)})" if apart else ""
    if found.several:
        st.warning(
            f"This map may have more than one stable end state: started from {found.starts} different points, "
            f"the scenario settles in {len(found.states)} different states{others}. Where the system starts "
            "decides where it ends; the bars show the run that starts with every factor at 0.5."
        )
        with st.expander("The end states"):
            show_table(found.states.round(3).reset_index())
    elif len(found.states):
        st.caption(
            f"One end state: started from {found.starts} different points, every run that settles ends in the "
            f"same state (within {fcm_scan.DISTINCT:.2f} of an activation on every factor){others}."
        )
    else:
        st.caption(f"None of {found.starts} runs from different starting points settles{others}.")


@st.fragment
def show(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    """A push changes only this simulation, so its widgets rerun only this tab."""
    links, factors = frames[Table.CAUSAL_LINKS], frames[Table.FACTORS]
    if links.empty:
        st.info("Add causal links first: the simulation runs on the causal loop diagram.")
        return
    links, _ = room_map.chosen_links(store, partnership_id, links)
    diagram, _, ranking = feedback_loops(links, factors, LOOP_BOUND)
    names = sorted(diagram.nodes)
    default_up = [name for name in ranking.index[:1] if name in names]
    a, b = st.columns(2)
    up = a.multiselect("Push up", names, default=default_up, key="whatif_up", persist_state="page")
    down = b.multiselect("Push down", [n for n in names if n not in up], key="whatif_down", persist_state="page")
    # The method is a setting, not what the room reads: it waits in an expander, not on the face of the chart.
    how = st.expander("How this is worked out")
    left, right = how.columns([1, 2])
    rule = left.radio("Rule", list(fcm.FcmRule), format_func=lambda r: r.label, key="whatif_rule", persist_state="page")
    rescaled = rule is fcm.FcmRule.RESCALED
    squash = left.radio(
        "Squashing",
        list(fcm.Squash),
        index=1,
        key="whatif_squash",
        persist_state="page",
        disabled=rescaled,
        format_func=lambda s: "tanh (−1…1)" if s is fcm.Squash.TANH else "sigmoid, λ = 1 (0…1)",
    )
    if rescaled:
        squash = fcm.Squash.SIGMOID  # the rescaled rule is defined on 0…1
        left.caption("The rescaled rule always uses the sigmoid.")
    right.caption(
        "A fuzzy cognitive map: each factor's level is worked out again and again from the factors that move it, "
        "through the links' signs and strengths, until the levels settle. The pushed factors are held fully up or "
        "down. Links without a strength count as 0.5."
    )
    if not up and not down:
        st.info("Choose at least one factor to push up or down.")
    else:
        pushes = {**dict.fromkeys(up, "up"), **dict.fromkeys(down, "down")}
        table, baseline, scenario = what_if_run(links, factors, tuple(pushes.items()), rule, squash)
        st.markdown(f"### {escape_markdown(fcm.what_if_headline(table, pushes))}")
        for label, run in (("The baseline", baseline), ("The scenario", scenario)):
            _ending(label, run)
        chart.show(charts.what_if_bars(table, large=state.presenting()), name="what_if", key="what_if", width="stretch")
        st.caption("On a 0-100 scale: 0 is a factor fully down, 100 fully up.")
        steps = f"{baseline.steps} steps without the push, {scenario.steps} with"
        right.caption(f"This run: {rule.label.lower()}, {steps}.")
        _end_states(end_states_run(links, factors, tuple(pushes.items()), rule, squash))
        with st.expander("Values per factor"):
            show_table(table.reset_index().round(4))
    sensitivity.show(links, factors, ranking, rule, squash)
