"""Step 1 on the workshop screen: the actor map sized by brokerage, under its takeaway."""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.store import Store, Table
from core.system_map import network
from ui import state
from ui.system_map.actor_map import type_legend
from ui.system_map.data import MapKind, actor_analysis, actor_view, kept_positions, load, takeaway

__all__ = ["headline"]


def headline(store: Store, partnership_id: int) -> None:
    """The step's single most telling view: the actor map, sized by brokerage, plus the takeaway."""
    frames = load(store, partnership_id)
    st.subheader(escape_markdown(takeaway(frames)))
    if frames[Table.RELATIONS].empty:
        return
    graph, _ = actor_analysis(frames[Table.RELATIONS], frames[Table.ACTORS])
    view = actor_view(
        frames[Table.RELATIONS],
        frames[Table.ACTORS],
        frames[Table.BARRIERS],
        network.Centrality.BETWEENNESS,
        positions=kept_positions(store, partnership_id, MapKind.ACTORS, graph.ties),  # as on step 1
        height=640,
        large=state.presenting(),
    )
    st.iframe(view.html, height=660)
    type_legend()
    st.caption("Size: betweenness (brokers). Diamonds: cut points. Thick black rings: actors named in barriers.")
