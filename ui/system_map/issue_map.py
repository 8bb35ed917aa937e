"""The Issue map tab: barriers by category and severity, who carries them, and names not on the maps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown, text
from core.model import BarrierCategory
from core.store import Store, Table
from core.system_map import issue_map as issues
from ui import chart, state
from ui.editor import record_table
from ui.system_map import charts
from ui.table import show_table

__all__ = ["show"]


@state.cached(show_spinner=False, max_entries=16)
def _summary(
    barriers: pd.DataFrame, actors: pd.DataFrame, factors: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The heatmap's counts and names, the actors carrying most, and names on neither map."""
    counts, names = issues.heatmap(barriers)
    unknown = pd.concat(
        [
            issues.unknown_names(barriers, actors["name"], "actors"),
            issues.unknown_names(barriers, factors["name"], "factors"),
        ]
    )
    return counts, names, issues.actor_burden(barriers), unknown


def _kind(barrier: pd.Series) -> str:
    """A barrier's category in words ("Economic"), whatever case or alias it was typed in."""
    category = BarrierCategory.parse(barrier["category"])
    return category.label if category else escape_markdown(text(barrier["category"]) or "no category")


def show(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    barriers = frames[Table.BARRIERS]
    presenting = state.presenting()
    if barriers.empty:
        st.info("No barriers yet." + ("" if state.presenting() else " Add them below."))  # no editors on the wall
    else:
        counts, names, burden, unknown = _summary(barriers, frames[Table.ACTORS], frames[Table.FACTORS])
        ranked = barriers.sort_values("severity", ascending=False, kind="stable")
        worst = ranked.iloc[0]
        st.markdown(f"### Most severe: {escape_markdown(worst['name'])} ({_kind(worst)}, {worst['severity']}/5)")
        left, right = st.columns([3, 2])
        figure = charts.heatmap_figure(counts, names, large=presenting)
        chart.show(figure, name="barrier_heatmap", key="barrier_heatmap", target=left, width="stretch")
        right.markdown("**Actors carrying the most barriers**")
        right.dataframe(
            burden.head(8)
            .reset_index()[["name", "barriers", "severity"]]
            .rename(columns={"name": "actor", "severity": "total severity"}),
            hide_index=True,
            width="stretch",
            placeholder="",
        )
        if len(unknown):
            st.warning("Barriers name actors or factors that are not on the maps (check spelling):")
            show_table(unknown)
        if presenting:  # the wall has no editor below: the barriers themselves, by name, most severe first
            st.markdown("**The barriers, most severe first**")
            st.markdown(
                "\n".join(
                    f"- {escape_markdown(row['name'])} ({_kind(row)}, {row['severity']}/5)"
                    for _, row in ranked.head(10).iterrows()
                )
            )
        st.caption("The actor map rings every actor named in a barrier in thick black (Actor map tab).")
    if not presenting:
        st.subheader("Barriers")
        record_table(store, partnership_id, Table.BARRIERS, barriers)
