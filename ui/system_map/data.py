"""Step 1's records and the analysis drawn from them, cached so a widget rerun is instant.

Records come through :func:`ui.state.records`; layouts, loops and HTML views
are cached on their input frames (:func:`ui.state.cached`). The actor map's
analysis is kept, not copied, per frames, and each of its three parts is
cached on a digest of what it reads (:mod:`core.system_map.measures`).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd
import streamlit as st

from core.conventions import digest, escape_markdown, name_key
from core.steps import step
from core.store import Store, StoreError, Table, layouts
from core.system_map import causal, fcm, fcm_scan, layout, measures, network
from core.system_map import issue_map as issues
from core.system_map.layout import MapKind, Position
from core.system_map.measures import Part
from ui import state, worker
from ui.system_map import network_view

__all__ = [
    "LOOP_BOUND",
    "MAP_TABLES",
    "MapKind",
    "actor_analysis",
    "actor_view",
    "analysis_jobs",
    "diagram_view",
    "end_states_run",
    "feedback_loops",
    "kept_positions",
    "load",
    "rearrange",
    "sensitivity_run",
    "takeaway",
    "what_if_run",
]

MAP_TABLES = step("system_map").tables
"""The step's own record kinds (what the export writes)."""


def _graph_key(graph: nx.Graph) -> bytes:
    """A map's identity for the layout cache: a digest of its nodes and ties, in order.

    A digest, not the tuples: Streamlit would walk 40,000 tuples one by one (0.9 s at 10,000 actors).
    """
    return digest(list(graph.nodes), list(graph.edges))


LOOP_BOUND = 8
"""Longest loop searched unless the user picks another bound."""


def load(store: Store, partnership_id: int) -> dict[Table, pd.DataFrame]:
    """The step's records plus the questionnaire answers (for the systemic test), read once per change."""
    return state.records(store, partnership_id, [*MAP_TABLES, Table.ANSWERS])


IN_WORKERS_FROM = 4_000
"""Actors from which the analysis runs in worker processes (:mod:`ui.worker`): about 2 s of work, and
no slower there (bench maps: 2.1 s against 2.3 s in place at 4,000 actors, 1.9 against 1.4 at 3,000)."""


PROGRESS_FROM = 1_000
"""Actors from which the analysis draws a progress bar (in place, with a browser suite running beside it,
it took 1.1 s at 1,000 actors and 1.8 s at 2,000)."""


@dataclass
class _Analysis:
    """A map, the jobs that measure it, and their combined metrics once they are done."""

    graph: network.ActorNetwork
    jobs: tuple[worker.Job, ...]
    in_place: bool
    metrics: network.NetworkMetrics | None = None
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    """This analysis's own name, to key the views drawn from it: hashing its frames again costs 0.1 s at
    10,000 actors. One analysis's graph and metrics never change."""


def actor_analysis(
    relations: pd.DataFrame, actors: pd.DataFrame
) -> tuple[network.ActorNetwork, network.NetworkMetrics]:
    """The actor map and its metrics, each part of them worked out again only when what it reads changed.

    A note or a score finds the map as it was (:data:`MAP_COLUMNS`), a
    partner type reruns only the naming, a relation turned one-way the
    directed part, a tie's strength the weighted and directed parts
    (:mod:`core.system_map.measures`). On a big map the
    parts run side by side in worker processes, and leaving the page while
    they run takes effect within a tenth of a second; they go on, and what
    they find is kept.
    """
    analysis = _analysed(relations, actors)
    return analysis.graph, analysis.metrics


MAP_COLUMNS = {
    Table.ACTORS: ("name", "type", "sector"),
    Table.RELATIONS: ("source", "target", "weight", "kind", "directed"),
}
"""What the map reads of each actor (the type names communities and colours dots; the sector is in the
tooltip) and each relation. The rest (scores, notes, levers) is no part of the map: an edit there finds it
as it was."""


def _analysed(relations: pd.DataFrame, actors: pd.DataFrame) -> _Analysis:
    analysis = _analysis(_read(relations, MAP_COLUMNS[Table.RELATIONS]), _read(actors, MAP_COLUMNS[Table.ACTORS]))
    if analysis.metrics is None:  # waited for here, outside any cache, which would replay the progress bar
        # In the workers it always shows: its redraws are where leaving the page takes effect.
        big = not analysis.in_place or analysis.graph.ties.number_of_nodes() >= PROGRESS_FROM
        parts = worker.results(analysis.jobs, "Analysing the actor map:" if big else None, analysis.in_place)
        metrics = network.combine(analysis.graph, *parts)
        # pandas builds an index's lookup table on first use: built here, before sessions share it, not in a race.
        _ = metrics.table.index.is_unique
        analysis.metrics = metrics  # sessions that found it empty together each write the same metrics
    return analysis


def _read(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return frame[[column for column in columns if column in frame.columns]]


# Kept, not copied (cache_resource): a copy of a 10,000-actor map and its metrics took 0.2-0.5 s to
# unpickle, two or three times a rerun. A few maps only: each is about 50 MB at 10,000 actors, and
# each edit of the ties or the partner types makes another.
@st.cache_resource(show_spinner=False, max_entries=4, hash_funcs=state.FRAME_KEYS)
def _analysis(relations: pd.DataFrame, actors: pd.DataFrame) -> _Analysis:
    if len(actors) >= IN_WORKERS_FROM:  # the rows, as the nodes are not counted yet
        worker.start()  # while the map is built
    graph = network.build_network(relations, actors)
    return _Analysis(graph, analysis_jobs(graph), in_place=graph.ties.number_of_nodes() < IN_WORKERS_FROM)


def analysis_jobs(graph: network.ActorNetwork) -> tuple[worker.Job, ...]:
    """The three parts of a map's analysis as jobs, each keyed on the digest of what it reads."""
    inputs = measures.inputs(graph.ties, graph.arcs)
    return (
        worker.Job((Part.HOPS, inputs[Part.HOPS]), measures.hops, (graph.ties,)),
        worker.Job((Part.WEIGHTS, inputs[Part.WEIGHTS]), measures.weights, (graph.ties,)),
        worker.Job((Part.DIRECTIONS, inputs[Part.DIRECTIONS]), measures.directions, (graph.arcs,)),
    )


def kept_positions(store: Store, partnership_id: int, kind: MapKind, graph: nx.Graph) -> dict[str, Position]:
    """Where each node of the whole map sits: as kept with the partnership, new nodes placed and kept at once.

    The first visit lays the whole map out and keeps it; a filter, a tab
    change or the next workshop draws the same positions.
    """
    stored = layouts.kept(store, partnership_id, kind.value)
    kept = {node: stored[key] for node in graph.nodes if (key := name_key(node)) in stored}
    positions = _placed(graph, tuple(kept.items())) if len(kept) < len(graph) else kept
    new = {node: spot for node, spot in positions.items() if node not in kept}
    if new:
        try:
            layouts.keep(store, partnership_id, kind.value, new)
        except StoreError as error:  # drawn all the same; the next visit tries to keep it again
            st.caption(f":material/info: This layout could not be kept just now ({escape_markdown(str(error))}).")
    return positions


def rearrange(store: Store, partnership_id: int, kind: MapKind, graph: nx.Graph) -> None:
    """Lay the whole map out afresh and keep that (a new seed, so it looks different)."""
    seed = int(time.time()) % 10_000
    layouts.rearrange(store, partnership_id, kind.value, layout.fresh(graph, seed=seed))


@st.cache_data(show_spinner="Laying out the map…", max_entries=16, hash_funcs={nx.Graph: _graph_key})
def _placed(graph: nx.Graph, kept: tuple[tuple[str, Position], ...]) -> dict[str, Position]:
    return layout.place(graph, dict(kept))


_VIEW_KEYS = {**state.FRAME_KEYS, dict: lambda positions: digest(list(positions.items()))}
"""The views' cache keys: a map's positions by a digest, which Streamlit would walk entry by entry
(0.2 s a rerun at 10,000 actors)."""


def actor_view(
    relations: pd.DataFrame,
    actors: pd.DataFrame,
    barriers: pd.DataFrame | None,
    size_by: network.Centrality,
    names: tuple[str, ...] | None = None,
    cap: int = network_view.DISPLAY_CAP,
    positions: dict[str, Position] | None = None,
    height: int = 720,
    large: bool = False,
) -> network_view.NetworkView:
    """The actor map's HTML (about 0.1-0.3 s to build), kept per filter setting."""
    # The analysis is waited for out here: inside the view's cache its progress bar would be kept and replayed.
    analysis = _analysed(relations, actors)
    return _actor_view(
        analysis.key, analysis.graph, analysis.metrics, barriers, size_by, names, cap, positions, height, large
    )


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=_VIEW_KEYS)
def _actor_view(
    analysis: str,  # the key of the analysis that _graph and _metrics (not hashed) come from
    _graph: network.ActorNetwork,
    _metrics: network.NetworkMetrics,
    barriers: pd.DataFrame | None,
    size_by: network.Centrality,
    names: tuple[str, ...] | None,
    cap: int,
    positions: dict[str, Position] | None,
    height: int,
    large: bool,
) -> network_view.NetworkView:
    burden = issues.actor_burden(barriers) if barriers is not None else None
    return network_view.actor_view(_graph, _metrics, size_by, names, cap, burden, positions, height, large)


@state.cached(show_spinner="Finding feedback loops…", max_entries=16)
def feedback_loops(
    links: pd.DataFrame, factors: pd.DataFrame, bound: int
) -> tuple[nx.DiGraph, causal.LoopReport, pd.DataFrame]:
    """The causal loop diagram, its loops up to ``bound`` links, and the leverage ranking."""
    diagram = causal.build_diagram(links, factors)
    report = causal.find_loops(diagram, length_bound=bound)
    return diagram, report, causal.leverage(diagram, report)


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=_VIEW_KEYS)
def diagram_view(
    links: pd.DataFrame,
    factors: pd.DataFrame,
    bound: int,
    loop: int,
    room: pd.DataFrame | None = None,
    positions: dict[str, Position] | None = None,
    large: bool = False,
) -> network_view.NetworkView:
    """The causal loop diagram's HTML with loop number ``loop`` highlighted (-1: none), and what a room said of it."""
    diagram, report, _ = feedback_loops(links, factors, bound)
    highlight = report.loops[loop] if loop >= 0 else None
    return network_view.diagram_view(diagram, highlight, room=room, positions=positions, large=large)


@state.cached(show_spinner=False, max_entries=32)
def what_if_run(
    links: pd.DataFrame,
    factors: pd.DataFrame,
    pushes: tuple[tuple[str, str], ...],
    rule: fcm.FcmRule,
    squash: fcm.Squash,
) -> tuple[pd.DataFrame, fcm.Simulation, fcm.Simulation]:
    """The what-if simulation for ``pushes`` ((factor, "up" or "down"), ...), kept per setting."""
    diagram, _, _ = feedback_loops(links, factors, LOOP_BOUND)
    return fcm.what_if(diagram, fcm.clamp_values(dict(pushes), squash), rule, squash)


@state.cached(show_spinner="Running the map from many starting points…", max_entries=32)
def end_states_run(
    links: pd.DataFrame,
    factors: pd.DataFrame,
    pushes: tuple[tuple[str, str], ...],
    rule: fcm.FcmRule,
    squash: fcm.Squash,
) -> fcm_scan.EndStates:
    """Where the scenario ends from many starting states (one or several stable end states), kept per setting."""
    diagram = causal.build_diagram(links, factors)
    return fcm_scan.end_states(diagram, fcm.clamp_values(dict(pushes), squash), rule, squash)


@state.cached(show_spinner="Pushing each factor in turn…", max_entries=32)
def sensitivity_run(
    links: pd.DataFrame, factors: pd.DataFrame, outcome: str, rule: fcm.FcmRule, squash: fcm.Squash
) -> pd.DataFrame:
    """How far ``outcome`` moves when each other factor alone is pushed up or down, kept per setting."""
    diagram = causal.build_diagram(links, factors)
    return fcm_scan.sensitivity(diagram, outcome, rule, squash)


def takeaway(frames: dict[Table, pd.DataFrame]) -> str:
    """One line with the answer first: brokers, bottlenecks, loops."""
    if frames[Table.RELATIONS].empty:
        return "No relations yet: add actors and their ties to see who holds the system together."
    _, metrics = actor_analysis(frames[Table.RELATIONS], frames[Table.ACTORS])
    parts = [f"Key brokers: {', '.join(metrics.brokers[:2]) or 'none'}"]
    if metrics.bottlenecks:
        parts.append(f"bottleneck: {', '.join(metrics.bottlenecks[:2])}")
    if not frames[Table.CAUSAL_LINKS].empty:
        _, report, _ = feedback_loops(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS], LOOP_BOUND)
        counts = report.counts()
        least = "" if report.complete else "at least "
        unknown = counts[causal.LoopKind.UNKNOWN]
        kinds = f"{counts[causal.LoopKind.REINFORCING]} reinforcing and {counts[causal.LoopKind.BALANCING]} balancing"
        parts.append(f"{least}{kinds} loops" + (f" and {unknown} of unknown polarity" if unknown else ""))
    return " · ".join(parts)
