"""Paths on step 1: how two actors or two factors connect, and what lies up- or downstream of a factor."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from core.conventions import escape_markdown
from core.system_map import paths
from core.system_map.direction import Reading
from core.system_map.network import ActorNetwork
from ui.table import show_table

__all__ = ["actor_paths", "factor_paths"]


def _path_list(found: paths.Paths, words: str, diagram: nx.DiGraph | None = None) -> None:
    """The shortest paths as a list, with their effect on a causal diagram."""
    start, end = escape_markdown(found.source), escape_markdown(found.target)
    if found.hops is None:
        st.info(f"No path leads from {start} to {end}{words}.")
        return
    plural = "s" if found.count != 1 else ""
    steps = "s" if found.hops != 1 else ""
    st.markdown(f"**{found.count} shortest path{plural} from {start} to {end}, {found.hops} step{steps} each{words}**")
    for path in found.paths:
        line = escape_markdown(" → ".join(path))
        if diagram is not None:
            effect = paths.effect(diagram, path)
            line += f" ({effect.value}: {effect.words})"
        st.markdown(f"- {line}")
    if found.more:
        st.caption(f"{found.more} more shortest paths are counted but not listed.")


def _two_names(names: list[str], prefix: str) -> tuple[str, str]:
    left, right = st.columns(2)
    source = left.selectbox("From", names, key=f"{prefix}_from", persist_state="page")
    target = right.selectbox("To", names, index=min(1, len(names) - 1), key=f"{prefix}_to", persist_state="page")
    return source, target


@st.fragment
def actor_paths(network: ActorNetwork, reading: Reading) -> None:
    """Every shortest path between two actors, along the arrows when the map is read with direction."""
    names = sorted(network.ties.nodes)
    if len(names) < 2:
        return
    source, target = _two_names(names, "actor_path")
    if source == target:
        st.info("Choose two different actors.")
        return
    directed = reading is Reading.DIRECTED
    found = paths.shortest_paths(network.arcs if directed else network.ties, source, target)
    _path_list(found, " along the direction of relations" if directed else "")
    st.caption(
        "A step is one relation. "
        + ("Paths follow the arrows: who can pass a decision on to whom." if directed else "Ties count both ways.")
    )


@st.fragment
def factor_paths(diagram: nx.DiGraph) -> None:
    """Paths between two factors, and the factors up- or downstream of one, with their effect."""
    names = sorted(diagram.nodes)
    if len(names) < 2:
        return
    st.markdown("**Between two factors**")
    source, target = _two_names(names, "factor_path")
    if source == target:
        st.info("Choose two different factors.")
    else:
        _path_list(paths.shortest_paths(diagram, source, target), "", diagram)
    st.markdown("**Up- and downstream of a factor**")
    left, middle, right = st.columns([3, 3, 2])
    factor = left.selectbox("Factor", names, key="factor_near", persist_state="page")
    side = middle.radio(
        "Look", list(paths.Side), format_func=lambda s: s.label, key="factor_side", persist_state="page"
    )
    steps = right.slider("Steps", 1, 6, 2, key="factor_steps", persist_state="page")
    table = paths.nearby(diagram, factor, side, steps)
    if table.empty:
        where = "causes" if side is paths.Side.UPSTREAM else "effects"
        st.info(f"{escape_markdown(factor)} has no {where} on the map.")
        return
    named = escape_markdown(factor)
    reads = f"what more of that factor does to {named}" if side is paths.Side.UPSTREAM else (
        f"what more of {named} does to that factor"
    )  # fmt: skip
    show_table(
        table.assign(effect=[f"{e} {paths.Effect(e).words}" for e in table["effect"]]).reset_index(),
    )
    st.caption(
        f"Steps: links on the shortest way; paths: how many shortest ways; effect: {reads} "
        "(± when the shortest ways disagree, ? when a link on the way has no known polarity)."
    )
