"""The Theory of change tab: the chain as a flow, its gaps, and the items and links to edit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.metrics import theory_of_change as toc
from core.store import Store, Table
from ui import chart, state
from ui.chart import font_size, shared_figure
from ui.editor import record_table
from ui.metrics.data import MetricsData
from ui.problems import bullets

__all__ = ["draw_sankey", "gaps", "show", "takeaway"]

_sankey_figure = shared_figure(toc.sankey_figure)

_LIMIT = 15  # gaps and missing outcomes listed before "… and N more"


@state.cached(max_entries=16, show_spinner=False)
def gaps(items: pd.DataFrame, links: pd.DataFrame, indicators: pd.DataFrame) -> list[toc.Gap]:
    """Where the chain breaks (a graph walk: cached on the records it reads)."""
    return toc.completeness(items, links, indicators)


def takeaway(items: pd.DataFrame, links: pd.DataFrame, found: list[toc.Gap]) -> str:
    if items.empty:
        return "No theory of change yet"
    if not found:
        return f"Theory of change complete: {len(items)} items, {len(links)} links"
    return f"Theory of change: {len(found)} gap{'s' if len(found) != 1 else ''} to close before it holds."


def draw_sankey(items: pd.DataFrame, links: pd.DataFrame, key: str) -> None:
    if links.empty:
        st.info("Link the items (source -> target) to draw the flow.")
        return
    figure = _sankey_figure(items, links, font_size=font_size(state.presenting()))
    chart.show(figure, name="theory_of_change", key=key, width="stretch")


def show(store: Store, partnership_id: int, data: MetricsData) -> None:
    frames = data.frames
    items, links = frames[Table.TOC_ITEMS], frames[Table.TOC_LINKS]
    found = gaps(items, links, frames[Table.INDICATORS])
    st.subheader(takeaway(items, links, found))
    if found:
        st.warning(bullets([gap.message for gap in found], limit=_LIMIT))
    elif len(items):
        st.caption(
            "Every activity leads to an outcome, every outcome to a system shift, and every system shift has an "
            "indicator. Alliance research: a full theory of change makes reaching scale about 4x more likely."
        )
    draw_sankey(items, links, key="step5_sankey")
    if state.presenting():
        return
    counts = toc.level_counts(items)
    for column, (level, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(level.label, count)
    missing = toc.missing_outcomes(items, frames[Table.OUTCOMES])
    if missing:
        st.info("Outcomes from step 2 not yet in the chain:\n\n" + bullets(missing, limit=_LIMIT))
        if st.button("Add them as outcomes", key="step5_add_outcomes"):
            new = pd.DataFrame({"name": missing, "level": "outcome", "description": "From step 2"})
            store.upsert(partnership_id, Table.TOC_ITEMS, new)
            state.flash(f"Added {len(missing)} outcomes from step 2")
            st.rerun()
    st.markdown("**Items**: inputs, activities, outputs, outcomes and system shifts, one a row")
    record_table(store, partnership_id, Table.TOC_ITEMS, items)
    st.markdown("**Links** (each source leads to its target)")
    record_table(store, partnership_id, Table.TOC_LINKS, links)
