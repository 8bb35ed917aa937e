"""Interactive network views as self-contained HTML: the actor map and the causal loop diagram.

Offline and safe with any name: see :mod:`ui.system_map.vis`, which draws both.

Small maps use physics for a lively layout; above ``PHYSICS_LIMIT`` actors
positions are computed once in Python and physics is off; above the display
cap only the most central actors are drawn and the result says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from core.conventions import counted, name_key
from core.model import PartnerType
from core.room.results import disputed
from core.system_map.causal import Loop
from core.system_map.layout import MapKind, fresh
from core.system_map.network import ActorNetwork, Centrality, NetworkMetrics, RelationKind
from ui.system_map.map_names import legible_names
from ui.system_map.vis import new_network, plain_text, render

__all__ = [
    "DISPLAY_CAP",
    "KIND_COLOURS",
    "LABELLED",
    "OTHER_COLOUR",
    "PHYSICS_LIMIT",
    "POLARITY_LOOK",
    "TYPE_COLOURS",
    "WALL_LABELLED",
    "DrawnActors",
    "NetworkView",
    "actor_view",
    "diagram_view",
    "drawn_actors",
]

DISPLAY_CAP = 400
LABELLED = 30
"""At most this many actors carry their name on the map (the most central whose names have room); the rest
show it on hover."""
WALL_LABELLED = 15
"""The same on the wall, where the type is larger."""
NAME_FONT, WALL_NAME_FONT = 30, 48
"""The names' type size in the map's own units (it grows and shrinks with the zoom), at a desk and on the wall.
Fitted to a 1280-pixel wall, 48 units of the demo's maps are 18.6-19 px (``tests/browser/test_system_map.py``)."""
PHYSICS_LIMIT = 150
TYPE_COLOURS = {
    PartnerType.COMPANY.value: "#1f77b4",
    PartnerType.NGO.value: "#2ca02c",
    PartnerType.GOVERNMENT.value: "#9467bd",
    PartnerType.INVESTOR.value: "#ff7f0e",
    PartnerType.UNIVERSITY.value: "#17becf",
    PartnerType.COMMUNITY.value: "#d62728",
}
OTHER_COLOUR = "#7f7f7f"
KIND_COLOURS = {
    RelationKind.FUNDS.value: "#ff7f0e",
    RelationKind.REGULATES.value: "#9467bd",
    RelationKind.SUPPLIES.value: "#1f77b4",
    RelationKind.INFLUENCES.value: "#8c8c8c",
    RelationKind.PARTNERS.value: "#2ca02c",
    RelationKind.CONFLICTS.value: "#d62728",
}


@dataclass
class NetworkView:
    """The HTML and what it shows: ``shown`` of ``total`` actors (``capped`` if fewer)."""

    html: str
    shown: int
    total: int
    physics: bool

    @property
    def capped(self) -> bool:
        return self.shown < self.total


@dataclass(frozen=True)
class DrawnActors:
    """The actors a map draws: ``shown`` (most central first, at most the cap) of ``total`` chosen."""

    shown: pd.Index
    total: int
    sizes: pd.Series
    """Marker size per shown actor, 14 to 50, by the chosen centrality."""


def drawn_actors(
    metrics: NetworkMetrics, size_by: Centrality, nodes: Iterable[str] | None = None, cap: int = DISPLAY_CAP
) -> DrawnActors:
    """Which actors a map draws and how large: the ``cap`` most central of ``nodes`` (all when None) by ``size_by``.

    The interactive map and its printed image draw the same actors at the same relative sizes.
    """
    table = metrics.table
    chosen = table.index if nodes is None else pd.Index([name for name in nodes if name in table.index])
    ascending = size_by is Centrality.CONSTRAINT  # low constraint = more brokerage
    ranked = table.loc[chosen, size_by.value].sort_values(ascending=ascending, kind="stable")
    shown = ranked.index[:cap]
    values = table.loc[shown, size_by.value].astype(float).fillna(0.0)
    if ascending:
        values = values.max() - values
    low, high = float(values.min()) if len(values) else 0.0, float(values.max()) if len(values) else 1.0
    sizes = 14 + 36 * (values - low) / (high - low if high > low else 1.0)
    return DrawnActors(shown, len(chosen), sizes)


def actor_view(
    network: ActorNetwork,
    metrics: NetworkMetrics,
    size_by: Centrality = Centrality.BETWEENNESS,
    nodes: Iterable[str] | None = None,
    cap: int = DISPLAY_CAP,
    barriers: pd.DataFrame | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
    height: int = 720,
    large: bool = False,
) -> NetworkView:
    """The actor map: colour by partner type, size by ``size_by``, cut points ringed.

    Parameters
    ----------
    nodes : names to draw (after filters); all actors when None.
    cap : at most this many actors are drawn, the most central by ``size_by``.
    barriers : from :func:`core.system_map.issue_map.actor_burden`; actors named in
        barriers get a thick orange border and the barriers in their tooltip.
    large : labels for the wall (larger type).
    positions : where each actor sits (:mod:`core.system_map.layout`, kept with the partnership); without
        them, small maps lay themselves out with physics and large ones get a fresh layout.
    """
    table = metrics.table
    drawn = drawn_actors(metrics, size_by, nodes, cap)
    shown, sizes = drawn.shown, drawn.sizes
    kept = MapKind.ACTORS if positions is not None else None  # a drag keeps its place only in a kept layout
    physics = positions is None and len(shown) <= PHYSICS_LIMIT
    if positions is None and not physics:
        positions = fresh(network.ties.subgraph(shown))

    # A crowded map names its most central actors, where their names have room; every name shows on hover.
    size = WALL_NAME_FONT if large else NAME_FONT
    labelled = legible_names(shown, positions, sizes, size, WALL_LABELLED if large else LABELLED)
    font = {"size": size, "color": "#000000", "strokeWidth": 4, "strokeColor": "#ffffff"}
    burden = barriers if barriers is not None else pd.DataFrame(columns=["barriers", "names", "worst"])
    net = new_network(f"{height}px", directed=True, physics=physics)
    node_list = []
    for name in shown:
        row = table.loc[name]
        attrs = network.ties.nodes[name]
        lines = [
            name,
            f"Type: {row['type'] if pd.notna(row['type']) else 'not set'}",
            f"Sector: {attrs.get('sector') or '–'}",
            f"Ties: {row['degree']}  ·  betweenness {row['betweenness']:.2f}  ·  PageRank {row['pagerank']:.3f}",
            f"Community: {row['community_name']}" + ("  ·  CUT POINT" if row["cut_point"] else ""),
        ]
        node = {
            "id": plain_text(name),
            "label": plain_text(name) if name in labelled else " ",
            "title": "",
            "shape": "dot",
            "font": font,
            "size": round(float(sizes[name]), 1),
            "color": TYPE_COLOURS.get(str(row["type"]), OTHER_COLOUR),
            "borderWidth": 2,
        }
        if row["cut_point"]:
            node.update(shape="diamond", borderWidth=5, color={"background": node["color"], "border": "#000000"})
        if name in burden.index:
            lines.append(f"Barriers ({burden.at[name, 'barriers']}): {burden.at[name, 'names']}")
            colour = node["color"] if isinstance(node["color"], str) else node["color"]["background"]
            node.update(borderWidth=5, color={"background": colour, "border": "#111111"}, shapeProperties={})
        node["title"] = plain_text("\n".join(lines))
        if positions is not None and name in positions:
            node["x"], node["y"] = positions[name]
        node_list.append(node)
    edges = []
    keep = set(shown)
    for a, b, data in network.ties.edges(data=True):
        if a in keep and b in keep:
            kinds = data.get("kinds") or []
            arrow = network.arcs.has_edge(a, b), network.arcs.has_edge(b, a)
            source, target = (b, a) if arrow == (False, True) else (a, b)
            tooltip = f"{source} – {target}: {', '.join(kinds) or 'tie'} (weight {data['weight']:g})"
            edges.append(
                {
                    "from": plain_text(source),
                    "to": plain_text(target),
                    "title": plain_text(tooltip),
                    "width": 1 + min(float(data["weight"]), 6),
                    "color": KIND_COLOURS.get(kinds[0], "#999999") if len(kinds) == 1 else "#999999",
                    "dashes": "conflicts" in kinds,
                    "arrows": "to" if arrow in ((True, False), (False, True)) else "",
                }
            )
    net.nodes, net.edges = node_list, edges
    return NetworkView(render(net, kept), len(shown), drawn.total, physics)


POLARITY_LOOK = {  # polarity: label, meaning, colour
    1: ("+", "more leads to more", "#1f5fbf"),
    -1: ("−", "more leads to less", "#c0392b"),
    0: ("?", "polarity not known yet", "#6f6f6f"),
}


def diagram_view(
    diagram: nx.DiGraph,
    highlight: Loop | None = None,
    height: int = 640,
    room: pd.DataFrame | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
    large: bool = False,
) -> NetworkView:
    """The causal loop diagram: + links blue, - links red, links of unknown polarity grey, dashed when delayed.

    A link is as thick as it is strong. ``highlight`` draws one loop thick and
    the rest faded. ``room`` (:func:`core.room.results.link_strengths`) adds
    what a live room said of each link it rated, and marks ``≠`` on the links
    it disagrees on.
    """
    in_loop = set(highlight.factors) if highlight else set()
    loop_edges = (
        set(zip(highlight.factors, highlight.factors[1:] + highlight.factors[:1], strict=True)) if highlight else set()
    )
    room = room if room is not None else pd.DataFrame(columns=["cause", "effect", "n", "mean", "std"])
    said = {(name_key(row.cause), name_key(row.effect)): row for row in room.itertuples()}
    split = {(name_key(row.cause), name_key(row.effect)) for row in disputed(room).itertuples()}
    physics = positions is None  # kept positions stay put; without them the diagram settles itself
    net = new_network(f"{height}px", directed=True, physics=physics)
    positions = positions if positions is not None else fresh(diagram.to_undirected(), seed=3)
    net.nodes = [
        {
            "id": plain_text(name),
            "label": plain_text(name),
            "title": plain_text(name),
            "shape": "box",
            "x": positions[name][0],
            "y": positions[name][1],
            "margin": 10,
            "color": "#fff3c4" if name in in_loop else "#e8eef7",
            "borderWidth": 3 if name in in_loop else 1,
            "font": {
                "size": WALL_NAME_FONT if large else 22,
                "color": "#9a9a9a" if highlight and name not in in_loop else "#000",
            },
        }
        for name in diagram.nodes
    ]
    edges = []
    for cause, effect, data in diagram.edges(data=True):
        sign, meaning, colour = POLARITY_LOOK.get(data["polarity"], POLARITY_LOOK[0])
        focus = (cause, effect) in loop_edges
        faded = bool(highlight) and not focus
        key = (name_key(cause), name_key(effect))
        heard = said.get(key)
        room_words = (
            f"; the room: mean {heard.mean:.2f}, spread {heard.std:.2f}, from {counted(heard.n, 'person', 'people')}"
            if heard is not None
            else ""
        )
        edges.append(
            {
                "from": plain_text(cause),
                "to": plain_text(effect),
                "label": sign + (" ‖" if data.get("delay") else "") + (" ≠" if key in split else ""),
                "title": plain_text(
                    f"{cause} → {effect}: {meaning}, strength {data['weight']:+.2f}"
                    + (", with delay" if data.get("delay") else "")
                    + room_words
                ),
                "arrows": "to",
                "width": (4 if focus else 0) + 1.5 + 4 * min(abs(data["weight"]), 1.0),
                "dashes": bool(data.get("delay")),
                "color": "#c8c8c8" if faded else colour,
                "font": {
                    "size": WALL_NAME_FONT if large else 24,
                    "color": "#c8c8c8" if faded else "#000000",
                    "strokeWidth": 3,
                },
            }
        )
    net.edges = edges
    kept = None if physics else MapKind.FACTORS
    return NetworkView(render(net, kept), diagram.number_of_nodes(), diagram.number_of_nodes(), physics)
