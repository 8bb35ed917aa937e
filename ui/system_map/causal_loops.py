"""The Causal loops tab: every feedback loop labelled R or B, leverage points, the diagram and editors."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.store import Store, Table
from core.system_map import causal
from ui import chart, images, state
from ui.editor import record_table
from ui.page import lazy_expander
from ui.system_map import charts, drag, map_files_panel, paths_panel, print_map, room_map
from ui.system_map.data import LOOP_BOUND, MapKind, diagram_view, feedback_loops, kept_positions, rearrange
from ui.system_map.imports import import_panel
from ui.table import show_table

__all__ = ["show"]


def _loop_label(report: causal.LoopReport, index: int) -> str:
    if index < 0:
        return "none"
    loop = report.loops[index]
    return f"{loop.kind.value}{index + 1}: {loop.describe()}"


def show(store: Store, partnership_id: int, frames: dict[Table, pd.DataFrame]) -> None:
    links, factors = frames[Table.CAUSAL_LINKS], frames[Table.FACTORS]
    if links.empty:
        st.info("No causal links yet." + ("" if state.presenting() else " Add factors and links below."))
    else:
        drawn, room_said = room_map.chosen_links(store, partnership_id, links)
        _loops_panel(store, partnership_id, drawn, factors, room_said, recorded=links)
        lazy_expander(
            "Paths between factors, and what lies up- or downstream",
            "factor_paths",
            lambda: paths_panel.factor_paths(feedback_loops(drawn, factors, LOOP_BOUND)[0]),
        )
    if not state.presenting():
        import_panel(store, partnership_id, "causal")
        map_files_panel.import_panel(store, partnership_id, MapKind.FACTORS)
        st.subheader("Factors")
        record_table(store, partnership_id, Table.FACTORS, factors)
        st.subheader("Causal links")
        record_table(store, partnership_id, Table.CAUSAL_LINKS, links)


@st.fragment
def _loops_panel(
    store: Store,
    partnership_id: int,
    links: pd.DataFrame,
    factors: pd.DataFrame,
    room_said: pd.DataFrame | None,
    recorded: pd.DataFrame,
) -> None:
    """The highlight and the search bound change only this panel, so they rerun only it.

    ``links`` are drawn (the room's mean strengths when chosen); ``recorded`` go into a saved map file.
    """
    bound = st.session_state.get("loop_bound", LOOP_BOUND)
    _, report, ranking = feedback_loops(links, factors, bound)
    st.markdown(f"### {report.headline()}")
    for note in report.notes():
        (st.info if report.complete else st.warning)(note)
    top = ranking[ranking["loops"] > 0].index[:3].tolist()
    if top:
        scope = "" if report.complete else f" of up to {report.complete_up_to} links"
        st.markdown(f"**Leverage points:** {escape_markdown(', '.join(top))} (most loops{scope} pass through them).")
    if not report.complete:
        st.caption(report.leverage_scope())
    loop_rows = pd.DataFrame(
        {
            "type": [loop.kind.value for loop in report.loops],
            "length": [loop.length for loop in report.loops],
            "loop": [loop.describe() for loop in report.loops],
        }
    )
    # Side by side at a desk; one above the other on the wall, where the diagram needs the width for wall type.
    left, right = (st.container(), st.container()) if state.presenting() else st.columns([3, 2])
    with left:
        choice = st.selectbox(
            "Highlight a loop",
            [-1, *range(len(report.loops))],
            format_func=lambda i: _loop_label(report, i),
            key="loop_highlight",
            persist_state="page",
        )
        diagram = feedback_loops(links, factors, bound)[0]
        drag.keep_dragged(store, partnership_id, MapKind.FACTORS, list(diagram.nodes))  # before reading positions
        positions = kept_positions(store, partnership_id, MapKind.FACTORS, diagram.to_undirected())
        view = diagram_view(links, factors, bound, choice, room_said, positions, state.presenting())
        st.iframe(view.html, height=660)
        room_words = " ≠ : the room disagrees (its ratings a step or more apart)." if room_said is not None else ""
        st.caption(
            "Blue + : more leads to more. Red − : more leads to less. Grey ? : polarity not known yet. "
            f"Dashed ‖ : with delay. Thicker: stronger.{room_words} Each factor keeps its place from visit to visit; "
            "drag one to move it for good."
        )
        if not state.presenting():
            image, file, _ = st.columns([1, 1, 2])
            images.save_buttons(
                lambda: print_map.diagram_figure(
                    diagram, positions, f"Causal loop diagram: {store.partnership(partnership_id)['name']}"
                ),
                "causal_loop_diagram",
                "loops_diagram",
                target=image,
            )
            map_files_panel.save_buttons(
                MapKind.FACTORS, factors, recorded, positions, "causal_loop_diagram", target=file
            )  # fmt: skip
            st.button(
                "Re-arrange the diagram", key="loops_rearrange", icon=":material/shuffle:", on_click=rearrange,
                args=(store, partnership_id, MapKind.FACTORS, diagram.to_undirected()),
            )  # fmt: skip
    with right:
        chart.show(
            charts.leverage_bars(ranking, large=state.presenting()), name="leverage", key="leverage", width="stretch"
        )
    show_table(loop_rows)
    st.slider("Longest loop searched (links)", 2, 12, LOOP_BOUND, key="loop_bound", persist_state="page")
