"""The Grid & salience tab: the power-interest grid, how to engage each quadrant, salience classes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.partners.grid import ADVICE, crowd
from core.partners.salience import THRESHOLD, SalienceClass
from ui import chart, state
from ui.partners.charts import grid_figure, salience_figure
from ui.partners.data import PartnersData
from ui.table import show_table

__all__ = ["show"]


def show(data: PartnersData) -> None:
    large = state.presenting()
    chart.show(grid_figure(data.scored, large), name="power_interest_grid", key="partner_grid", width="stretch")
    counted = len(data.scored) - len(crowd(data.scored).drawn)
    if counted:
        st.caption(
            f"{len(data.scored):,} candidates: the short list and the best scores are drawn one by one; "
            f"the other {counted:,} are counted where they sit (the grey circles)."
        )
    advice = pd.DataFrame([{"quadrant": q.label, "how to engage": text} for q, text in ADVICE.items()])
    show_table(advice)
    left, right = st.columns([2, 3])
    with left:
        chart.show(salience_figure(data.scored, large), name="salience", key="partner_salience", width="stretch")
        st.caption(
            f"Salience after Mitchell, Agle and Wood (1997). A party has power, legitimacy or urgency when its "
            f"1-5 score is {THRESHOLD:g} or more (yes counts as 5, no as 1)."
        )
    with right:
        show_table(_who_is_in_each_class(data.scored))


_NAMED_PER_CLASS = 12  # a cell of thousands of names helps nobody; the rest are counted


def _who_is_in_each_class(scored: pd.DataFrame) -> pd.DataFrame:
    return (
        scored.groupby("salience", sort=False)["name"]
        .apply(_some_names)
        .reindex([member.value for member in SalienceClass])
        .dropna()
        .reset_index()
        .rename(columns={"salience": "class", "name": "who"})
    )


def _some_names(names: pd.Series) -> str:
    shown = ", ".join(map(str, names.head(_NAMED_PER_CLASS)))
    more = len(names) - _NAMED_PER_CLASS
    return f"{shown} and {more:,} more" if more > 0 else shown
