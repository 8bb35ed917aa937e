"""History, first tab: two points side by side, "since the last workshop" first.

The map is drawn over its kept layout: actors and ties that came since in
green, those gone in red, the rest grey. Below it, what moved: loops,
brokers and bottlenecks, partner scores and the short list, indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.across.comparison import Comparison, Status, compare, moved, sheets
from core.across.history import THING
from core.conventions import counted, escape_markdown, name_key
from core.io_excel import write_workbook
from core.store import Store, layouts
from core.store import history as log
from core.system_map import layout
from ui import chart, state
from ui.table import show_table

__all__ = ["Point", "choose_point", "compared", "points", "show"]

_COLOURS = {Status.ADDED: "#1a7f37", Status.REMOVED: "#c62828", Status.KEPT: "#9e9e9e"}
_WORDS = {Status.ADDED: "came since", Status.REMOVED: "gone since", Status.KEPT: "in both"}
_A_DATE = "A date…"


@dataclass(frozen=True)
class Point:
    label: str
    change_id: int


def points(store: Store, partnership_id: int) -> list[Point]:
    """Now, the milestones (newest first), and the start (before the first change logged)."""
    marked = log.milestones(store, partnership_id).iloc[::-1]
    return [
        Point("now", log.latest_change(store, partnership_id)),
        *(
            Point(f"{name} ({pd.Timestamp(at):%d %b %Y})", int(change))
            for name, at, change in zip(marked["name"], marked["made_at"], marked["change_id"], strict=True)
        ),
        Point("the start", 0),
    ]


def choose_point(store: Store, partnership_id: int, label: str, choices: list[Point], index: int, key: str) -> Point:
    """A select box of the points, or a date (the last change made that day)."""
    options = [point.label for point in choices] + [_A_DATE]
    # Keyed on the milestones too: a milestone marked just now becomes the default "From".
    picked = st.selectbox(
        label, options, index=min(index, len(options) - 1), key=f"{key}_{len(choices)}", persist_state="page"
    )
    if picked != _A_DATE:
        return next(point for point in choices if point.label == picked)
    day = st.date_input(
        f"{label}: the end of", value=date.today(), key=f"{key}_day", format="DD/MM/YYYY", persist_state="page"
    )
    end = datetime.combine(day + timedelta(days=1), time.min)
    return Point(f"the end of {day:%d %b %Y}", log.change_at(store, partnership_id, end))


def show(store: Store, partnership_id: int) -> None:
    choices = points(store, partnership_id)
    if state.presenting():  # the wall shows "since the last milestone", chosen at a desk
        then, later = choices[1], choices[0]
    else:
        columns = st.columns(2)
        with columns[0]:
            then = choose_point(store, partnership_id, "From", choices, 1, "since_from")
        with columns[1]:
            later = choose_point(store, partnership_id, "To", choices, 0, "since_to")
    if len(choices) == 2:
        st.caption("No milestone yet: this compares with the start. Mark one in the Timeline tab.")
    result = compared(store.location, state.member(), partnership_id, then.change_id, later.change_id)
    st.subheader(escape_markdown(f"From {then.label} to {later.label}"))
    if result.unchanged:
        st.info("Nothing changed between these two points.")
        return
    _headline(result)
    _map(store, partnership_id, result)
    _moved(result)
    _records(result)
    if not state.presenting():
        st.download_button(
            "Download this comparison (.xlsx)",
            lambda: write_workbook(sheets(result, then.label, later.label)),
            file_name="keystone-comparison.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            icon=":material/download:",
        )


@st.cache_data(max_entries=8, show_spinner="Comparing…")
def compared(location: str, member: str | None, partnership_id: int, then: int, later: int) -> Comparison:
    """Points are change ids: what a pair compares to never changes, so it is computed once."""
    store = state.reopened(location, member)
    return compare(
        log.records_at(store, partnership_id, then), log.records_at(store, partnership_id, later), date.today()
    )


def _headline(result: Comparison) -> None:
    actors = pd.Series(list(result.actors.values())).value_counts()
    ties = pd.Series(list(result.ties.values())).value_counts()
    cells = st.columns(4)
    cells[0].metric("Actors", f"+{actors.get(Status.ADDED, 0)} / −{actors.get(Status.REMOVED, 0)}")
    cells[1].metric("Ties", f"+{ties.get(Status.ADDED, 0)} / −{ties.get(Status.REMOVED, 0)}")
    cells[2].metric("Loops", f"+{len(result.loops.joined)} / −{len(result.loops.left)}")
    cells[3].metric("Short list", f"+{len(result.short_list.joined)} / −{len(result.short_list.left)}")


def _map(store: Store, partnership_id: int, result: Comparison) -> None:
    changed = [name for name, status in result.actors.items() if status is not Status.KEPT]
    changed_ties = [pair for pair, status in result.ties.items() if status is not Status.KEPT]
    if not changed and not changed_ties:
        return
    graph = nx.Graph()
    graph.add_nodes_from(result.actors)
    graph.add_edges_from(pair for pair in result.ties if pair[0] in graph and pair[1] in graph)
    stored = layouts.kept(store, partnership_id, layout.MapKind.ACTORS.value)
    positions = layout.place(graph, {node: stored[key] for node in graph if (key := name_key(node)) in stored})
    st.plotly_chart(_map_figure(graph, positions, result), key="since_map", config={"displaylogo": False})


def _map_figure(graph: nx.Graph, positions: dict, result: Comparison) -> go.Figure:
    large = state.presenting()
    figure = go.Figure()
    for status in (Status.KEPT, Status.REMOVED, Status.ADDED):  # changes drawn last, on top
        xs, ys = [], []
        for pair, tie in result.ties.items():
            if tie is status and all(node in positions for node in pair):
                xs += [positions[pair[0]][0], positions[pair[1]][0], None]
                ys += [positions[pair[0]][1], positions[pair[1]][1], None]
        width = 1 if status is Status.KEPT else 3
        figure.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": _COLOURS[status], "width": width},
            hoverinfo="skip",
            showlegend=False,
        )
    for status in (Status.KEPT, Status.REMOVED, Status.ADDED):
        nodes = [node for node in graph if result.actors[node] is status]
        named = status is not Status.KEPT and not large  # the wall reads the names in the list under the map
        figure.add_scatter(
            x=[positions[node][0] for node in nodes],
            y=[positions[node][1] for node in nodes],
            mode="markers+text" if named else "markers",
            text=chart.safe_labels(nodes) if named else None,
            textposition="top center",
            hovertext=chart.safe_labels(nodes),
            hoverinfo="text",
            marker={"color": _COLOURS[status], "size": 14 if named else 8},
            name=f"{_WORDS[status]} ({len(nodes)})",
        )
    hidden = {"visible": False}
    return chart.legible(
        figure,
        large,
        height=560 if large else 480,
        xaxis=hidden,
        yaxis=hidden,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.05},
    )


def _moved(result: Comparison) -> None:
    lines = [f"- **{what}:** {escape_markdown('; '.join(names))}" for what, names in moved(result) if names]
    if lines:
        st.markdown("\n".join(lines))
    if len(result.scores):
        st.markdown(f"**Partner scores that moved** ({counted(len(result.scores), 'partner')})")
        show_table(result.scores.rename(columns=str.capitalize), wall=["Partner", "Then", "Now"])
    if len(result.indicators):
        st.markdown("**Indicator values that moved** (latest reported)")
        show_table(result.indicators.rename(columns=str.capitalize))


def _records(result: Comparison) -> None:
    if state.presenting():
        return
    st.markdown("**Every record that changed**")
    for table, changes in result.records.items():
        thing = THING[table]
        parts = [
            f"{len(changes.added)} added",
            f"{len(changes.removed)} removed",
            f"{len(changes.changed)} fields changed",
        ]
        with st.expander(f"{thing.capitalize()}s: " + ", ".join(parts)):
            if changes.added:
                st.markdown("Added: " + escape_markdown(", ".join(changes.added)))
            if changes.removed:
                st.markdown("Removed: " + escape_markdown(", ".join(changes.removed)))
            if len(changes.changed):
                show_table(changes.changed.rename(columns=str.capitalize))
