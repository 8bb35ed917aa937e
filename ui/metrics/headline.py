"""Step 5 on one workshop screen: the theory of change as a flow, and whether it holds."""

from __future__ import annotations

import streamlit as st

from core.store import Store, Table
from ui.metrics import data, theory_of_change

__all__ = ["headline"]


def headline(store: Store, partnership_id: int) -> None:
    frames = data.load(store, partnership_id).frames
    items, links = frames[Table.TOC_ITEMS], frames[Table.TOC_LINKS]
    found = theory_of_change.gaps(items, links, frames[Table.INDICATORS])
    st.subheader(theory_of_change.takeaway(items, links, found))
    theory_of_change.draw_sankey(items, links, key=f"step5_headline_{partnership_id}")
