"""The Actor map tab: the network view with its filters, what it says in words, and the editors."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.model import PartnerType
from core.store import Store, Table
from core.system_map import network
from core.system_map.direction import Reading
from ui import chart, images, state
from ui.editor import record_table
from ui.page import lazy_expander
from ui.system_map import charts, drag, map_files_panel, network_view, paths_panel, print_map, views_panel
from ui.system_map.data import MapKind, actor_analysis, actor_view, kept_positions, rearrange
from ui.system_map.imports import import_panel
from ui.table import show_table

__all__ = ["show", "type_legend"]


def show(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    relations, actors = frames[Table.RELATIONS], frames[Table.ACTORS]
    presenting = state.presenting()
    if relations.empty:
        st.info(
            "No relations yet."
            + ("" if presenting else " Add actors and relations below, or load the demo partnership.")
        )
    else:
        graph, metrics = actor_analysis(relations, actors)
        _network_panel(store, partnership_id, frames, graph, metrics)
        reading = _reading(metrics)
        for line in network.summarise(metrics, graph, reading=reading):
            st.markdown(f"- {escape_markdown(line)}")
        influence = network.Centrality.DEPENDED_ON if reading is Reading.DIRECTED else network.Centrality.PAGERANK
        # Side by side at a desk; one above the other on the wall, where names in wall type fill half the width.
        left, right = (st.container(), st.container()) if presenting else st.columns(2)
        for column, centrality in ((left, network.Centrality.BETWEENNESS), (right, influence)):
            figure = charts.centrality_bars(metrics.table, centrality, large=presenting)
            chart.show(
                figure, name=centrality.value, key=f"centrality_{centrality.value}", target=column, width="stretch"
            )
        lazy_expander("All metrics per actor", "actor_metrics", partial(_all_metrics, metrics))
        lazy_expander("Paths between two actors", "actor_paths", partial(paths_panel.actor_paths, graph, reading))
    if not presenting:
        import_panel(store, partnership_id, "actors")
        map_files_panel.import_panel(store, partnership_id, MapKind.ACTORS)
        st.subheader("Actors")
        record_table(store, partnership_id, Table.ACTORS, actors)
        st.subheader("Relations")
        st.caption("Kinds: " + ", ".join(kind.value for kind in network.RelationKind) + ".")
        record_table(store, partnership_id, Table.RELATIONS, relations)


def _all_metrics(metrics: network.NetworkMetrics) -> None:
    show_table(metrics.table.reset_index())
    st.caption(_MEASURES)
    st.caption(f"Worked out with {metrics.method}; communities by {metrics.partition.method}.")


_DIRECTION = (
    "With direction, a relation runs from the one who acts to the one acted on: a fund funds, a ministry "
    "regulates, a cooperative supplies. *Depended on* weighs how much others rely on an actor, counting who "
    "relies on those in turn; *out-reach* counts the actors what it decides can reach along the arrows, "
    "*in-reach* those that can in the end move it. Brokers, cut points and communities read ties both ways: "
    "information and trust flow either way."
)
_MEASURES = (
    "Effective size: an actor's contacts, less how much they know each other (Burt); efficiency: effective size "
    "per contact (1 = no overlap); constraint: how much its ties lead back to the same people (low = spans "
    "structural holes). Depended on, out-reach and in-reach follow the direction of relations."
)


def _reading(metrics: network.NetworkMetrics) -> Reading:
    """Read relations with direction or as ties both ways (asked only when some relation runs one way)."""
    if not metrics.one_way:
        st.caption("Every relation runs both ways here, so direction changes nothing.")
        return Reading.UNDIRECTED
    reading = st.radio(
        "Read relations",
        list(Reading),
        format_func=lambda r: r.label,
        horizontal=True,
        key="actor_reading",
        persist_state="page",
    )
    st.caption(_DIRECTION)
    return reading


@st.fragment
def _network_panel(
    store: Store,
    partnership_id: int,
    frames: dict[Table, pd.DataFrame],
    graph: network.ActorNetwork,
    metrics: network.NetworkMetrics,
) -> None:
    """The filters change only the drawing, so they rerun only this part of the page."""
    table = metrics.table
    types = [kind.value for kind in PartnerType if kind.value in set(table["type"].dropna())]
    named = {group.number: group.name for group in metrics.partition.communities}
    payload, views = views_panel.stored(frames[Table.ANSWERS])
    views_panel.picker(views, {"types": types, "communities": list(named), "centre": ["", *table.index]})
    # On the wall the filters fold away under the map's title: the map, not its controls, fills the screen.
    controls = st.expander("Filter the map") if state.presenting() else st.container()
    by_hand = {"persist_state": "page", "on_change": views_panel.leave_view}  # a filter set by hand ends a view
    # Defaults set here, not on the widgets: a view sets the widgets' state, and a widget given both warns.
    keys = views_panel.FILTER_KEYS  # the widgets' keys, named once for the map and its views
    st.session_state.setdefault(keys["size_by"], network.Centrality.BETWEENNESS)
    st.session_state.setdefault(keys["barriers"], True)
    with controls:
        a, b, c, d = st.columns([2, 2, 3, 2])
        size_by = a.selectbox(
            "Size by", list(network.Centrality), format_func=lambda c: c.label, key=keys["size_by"], **by_hand
        )
        chosen_types = b.multiselect(
            "Partner types", types, format_func=lambda v: PartnerType(v).label, key=keys["types"], **by_hand
        )
        chosen_communities = b.multiselect(
            "Communities", list(named), format_func=named.get, key=keys["communities"], **by_hand
        )
        centre = c.selectbox("Neighbourhood of", ["", *sorted(table.index)], key=keys["centre"],
                             format_func=lambda name: name or "everyone", **by_hand)  # fmt: skip
        steps = c.slider("Steps out", 1, 4, key=keys["steps"], disabled=not centre, **by_hand)
        cap = d.number_input(
            "Display cap", 20, 5000, network_view.DISPLAY_CAP, step=20, key="actor_cap", persist_state="page"
        )
        show_barriers = d.toggle("Show barriers", key=keys["barriers"], **by_hand)
    names = network.select_nodes(metrics, graph, chosen_types, chosen_communities, centre or None, steps)
    barriers = frames[Table.BARRIERS] if show_barriers else None
    drag.keep_dragged(store, partnership_id, MapKind.ACTORS, list(graph.ties.nodes))  # before reading positions
    positions = kept_positions(store, partnership_id, MapKind.ACTORS, graph.ties)
    view = actor_view(
        frames[Table.RELATIONS], frames[Table.ACTORS], barriers, size_by, tuple(names), int(cap), positions,
        large=state.presenting(),
    )  # fmt: skip
    if view.capped:
        st.warning(f"Showing the {view.shown} most central of {view.total} actors (by {size_by.label.lower()}).")
    st.iframe(view.html, height=740)
    type_legend()
    st.caption(
        "Colour = partner type; diamond = cut point; thick black ring = named in a barrier; dashed tie = conflict. "
        f"Up to the {network_view.WALL_LABELLED if state.presenting() else network_view.LABELLED} most central "
        "are named, where their names have room; hover over any actor for its name. "
        "Each actor keeps its place from visit to visit, whatever the filter; drag one to move it for good. "
        "A new actor joins beside its ties."
    )
    if not state.presenting():
        printed = tuple(names), int(cap)
        image, file, _ = st.columns([1, 1, 3])
        images.save_buttons(
            lambda: print_map.actor_map_figure(
                graph, metrics, positions, f"Actor map: {store.partnership(partnership_id)['name']}", size_by, *printed
            ),
            "actor_map",
            "actor_map",
            target=image,
        )
        map_files_panel.save_buttons(
            MapKind.ACTORS, frames[Table.ACTORS], frames[Table.RELATIONS], positions, "actor_map", target=file
        )
        st.button(
            "Re-arrange the map", key="actor_rearrange", icon=":material/shuffle:", on_click=rearrange,
            args=(store, partnership_id, MapKind.ACTORS, graph.ties),
        )  # fmt: skip
        views_panel.save_form(store, partnership_id, payload, views)


def type_legend() -> None:
    """Which colour is which partner type, under the map where the room can see it."""
    keys = [
        f'<span style="color:{colour};font-size:1.4em">●</span> {PartnerType(kind).label}'
        for kind, colour in network_view.TYPE_COLOURS.items()
    ]
    keys.append(f'<span style="color:{network_view.OTHER_COLOUR};font-size:1.4em">●</span> Type not set')
    st.html(f'<div class="ks-legend">{" &nbsp; ".join(keys)}</div>')  # our own labels, no user text
