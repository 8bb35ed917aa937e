"""The Actor map tab: the network view with its filters, what it says in words, and the editors."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.model import PartnerType
from core.store import Store, Table
from core.system_map import network
from ui import state
from ui.editor import record_table
from ui.system_map import charts, network_view
from ui.system_map.data import actor_analysis, actor_view
from ui.system_map.imports import import_panel

__all__ = ["show", "type_legend"]


def show(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    relations, actors = frames[Table.RELATIONS], frames[Table.ACTORS]
    presenting = state.presenting()
    if relations.empty:
        st.info("No relations yet. Add actors and relations below, or load the demo partnership.")
    else:
        graph, metrics = actor_analysis(relations, actors)
        _network_panel(frames, graph, metrics)
        for line in network.summarise(metrics, graph):
            st.markdown(f"- {escape_markdown(line)}")
        st.caption(f"Method: {metrics.method}.")
        left, right = st.columns(2)
        for column, centrality in ((left, network.Centrality.BETWEENNESS), (right, network.Centrality.PAGERANK)):
            column.plotly_chart(charts.centrality_bars(metrics.table, centrality, large=presenting), width="stretch")
        with st.expander("All metrics per actor", expanded=False):
            st.dataframe(metrics.table.reset_index(), hide_index=True, width="stretch", placeholder="")
    if not presenting:
        import_panel(store, partnership_id, "actors")
        st.subheader("Actors")
        record_table(store, partnership_id, Table.ACTORS, actors)
        st.subheader("Relations")
        st.caption("Kinds: " + ", ".join(kind.value for kind in network.RelationKind) + ".")
        record_table(store, partnership_id, Table.RELATIONS, relations)


@st.fragment
def _network_panel(
    frames: dict[Table, pd.DataFrame], graph: network.ActorNetwork, metrics: network.NetworkMetrics
) -> None:
    """The filters change only the drawing, so they rerun only this part of the page."""
    table = metrics.table
    types = [kind.value for kind in PartnerType if kind.value in set(table["type"].dropna())]
    a, b, c, d = st.columns([2, 2, 3, 2])
    size_by = a.selectbox(
        "Size by", list(network.Centrality), format_func=lambda c: c.label, index=1, key="actor_size_by"
    )
    chosen_types = b.multiselect("Partner types", types, format_func=lambda v: PartnerType(v).label, key="actor_types")
    chosen_communities = b.multiselect(
        "Communities", list(range(1, len(metrics.communities) + 1)), key="actor_communities"
    )
    centre = c.selectbox("Neighbourhood of", ["", *sorted(table.index)], key="actor_centre",
                         format_func=lambda name: name or "everyone")  # fmt: skip
    steps = c.slider("Steps out", 1, 4, 1, key="actor_steps", disabled=not centre)
    cap = d.number_input("Display cap", 20, 5000, network_view.DISPLAY_CAP, step=20, key="actor_cap")
    show_barriers = d.toggle("Show barriers", value=True, key="actor_barriers")
    names = network.select_nodes(metrics, graph, chosen_types, chosen_communities, centre or None, steps)
    barriers = frames[Table.BARRIERS] if show_barriers else None
    view = actor_view(frames[Table.RELATIONS], frames[Table.ACTORS], barriers, size_by, tuple(names), int(cap))
    if view.capped:
        st.warning(f"Showing the {view.shown} most central of {view.total} actors (by {size_by.label.lower()}).")
    st.iframe(view.html, height=740)
    type_legend()
    st.caption(
        "Colour = partner type; diamond = cut point; thick black ring = named in a barrier; dashed tie = conflict. "
        + ("Layout computed once, physics off." if not view.physics else "Drag actors to rearrange.")
    )


def type_legend() -> None:
    """Which colour is which partner type, under the map where the room can see it."""
    keys = [
        f'<span style="color:{colour};font-size:1.4em">●</span> {PartnerType(kind).label}'
        for kind, colour in network_view.TYPE_COLOURS.items()
    ]
    keys.append(f'<span style="color:{network_view.OTHER_COLOUR};font-size:1.4em">●</span> Type not set')
    st.html(f'<div class="ks-legend">{" &nbsp; ".join(keys)}</div>')  # our own labels, no user text
