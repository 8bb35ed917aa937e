"""Step 3's headline for the workshop flow: the grid and who to manage closely."""

from __future__ import annotations

import streamlit as st

from core.partners.grid import Quadrant
from core.store import Store
from ui.partners.charts import grid_figure
from ui.partners.data import load
from ui.partners.summary import name_list

__all__ = ["headline"]


def headline(store: Store, partnership_id: int) -> None:
    """The step's key view: the power-interest grid and who to manage closely."""
    data = load(store, partnership_id)
    if data.actors.empty:
        st.info("No candidate partners yet: add or import a stakeholder list in step 3.")
        return
    scored = data.scored
    close = scored[scored["quadrant"] == Quadrant.MANAGE_CLOSELY.value]["name"]
    st.markdown(
        f"**Manage closely:** {name_list(close)}. **Short list:** {len(data.chosen)} of {len(scored)} candidates."
    )
    st.plotly_chart(grid_figure(scored, large=True, height=680), width="stretch")
