"""The Grid & salience tab: the power-interest grid, how to engage each quadrant, salience classes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.partners.grid import ADVICE
from core.partners.salience import THRESHOLD, SalienceClass
from ui import chart, state
from ui.partners.charts import grid_figure, salience_figure
from ui.partners.data import PartnersData
from ui.table import show_table

__all__ = ["show"]


def show(data: PartnersData) -> None:
    large = state.presenting()
    chart.show(grid_figure(data.scored, large), name="power_interest_grid", key="partner_grid", width="stretch")
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


def _who_is_in_each_class(scored: pd.DataFrame) -> pd.DataFrame:
    return (
        scored.groupby("salience", sort=False)["name"]
        .apply(lambda names: ", ".join(map(str, names)))
        .reindex([member.value for member in SalienceClass])
        .dropna()
        .reset_index()
        .rename(columns={"salience": "class", "name": "who"})
    )
