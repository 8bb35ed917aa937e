"""Step 1's maps as static figures for print: the actor map and the causal loop diagram, in their kept layout.

The interactive maps are vis.js canvases in a frame, which no file can carry.
These draw the same nodes in the same places (the positions kept with the
partnership, :mod:`core.system_map.layout`) with plotly, so
:func:`ui.images.render` makes a PNG, SVG or PDF of them: names placed where
they cover no other name (:func:`ui.labels.place_labels`), a legend, and the
title and what was left out written on the figure itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import plotly.graph_objects as go

from core.model import PartnerType
from core.system_map.layout import Position
from core.system_map.network import ActorNetwork, Centrality, NetworkMetrics
from ui.chart import INK, safe_labels
from ui.labels import Box, place_labels, spread_boxes, text_box
from ui.system_map.network_view import (
    DISPLAY_CAP,
    KIND_COLOURS,
    LABELLED,
    OTHER_COLOUR,
    POLARITY_LOOK,
    TYPE_COLOURS,
    drawn_actors,
)

__all__ = ["FONT", "WIDTH", "actor_map_figure", "diagram_figure"]

WIDTH = 1500
"""The printed map's width in CSS pixels (3,000 px in the PNG); its height follows the map's shape."""

FONT = 16
"""Names' type in CSS pixels: 32 px in the PNG, about 9 pt on A4."""

_MARGIN = {"l": 20, "r": 20, "t": 80, "b": 120}  # the legend sits under the map, in the bottom margin
_HEIGHTS = (500, 1100)
"""The plot's least and greatest height: a flat map still has room for its legend, a tall one fits a page."""


class _Frame:
    """Layout units onto the plot's pixels: the map centred, one scale both ways, y down as vis.js draws it."""

    def __init__(self, positions: Mapping[str, Position], pad: tuple[float, float]) -> None:
        xs = [x for x, _ in positions.values()] or [0.0]
        ys = [y for _, y in positions.values()] or [0.0]
        span_x, span_y = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
        self.width = WIDTH - _MARGIN["l"] - _MARGIN["r"]
        drawable = self.width - 2 * pad[0]
        wanted = span_y * drawable / span_x + 2 * pad[1]
        self.height = min(max(wanted, _HEIGHTS[0]), _HEIGHTS[1])
        self.scale = min(drawable / span_x, (self.height - 2 * pad[1]) / span_y)
        self.centre = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
        self.middle = (self.width / 2, self.height / 2)

    def pixel(self, position: Position) -> Position:
        x, y = position
        return self.middle[0] + (x - self.centre[0]) * self.scale, self.middle[1] - (y - self.centre[1]) * self.scale

    def canvas(self, title: str, subtitle: str) -> go.Figure:
        """An empty figure whose axes count pixels of this frame, with the title and a legend on the right."""
        figure = go.Figure()
        figure.update_layout(
            width=WIDTH,
            height=round(self.height) + _MARGIN["t"] + _MARGIN["b"],
            margin=_MARGIN,
            template="plotly_white",
            font={"size": FONT, "color": INK},
            title={"text": f"<b>{safe_labels([title])[0]}</b><br><sup>{safe_labels([subtitle])[0]}</sup>", "x": 0.01},
            legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "top", "entrywidth": 240},
            showlegend=True,
        )
        figure.update_xaxes(visible=False, range=[0, self.width], fixedrange=True)
        figure.update_yaxes(visible=False, range=[0, self.height], fixedrange=True)
        return figure


def actor_map_figure(
    network: ActorNetwork,
    metrics: NetworkMetrics,
    positions: Mapping[str, Position],
    title: str,
    size_by: Centrality = Centrality.BETWEENNESS,
    nodes: Iterable[str] | None = None,
    cap: int = DISPLAY_CAP,
) -> go.Figure:
    """The actor map as the page draws it (same actors, places, colours and sizes), named and with a legend.

    Parameters
    ----------
    network, metrics : the analysed map (:func:`core.system_map.network.analyse`).
    positions : where each actor sits, in layout units (every drawn actor must have one).
    title : the figure's heading (user text: shown as typed, never read as markup).
    size_by, nodes, cap : as on the page: which actors are drawn and what their size shows.
    """
    drawn = drawn_actors(metrics, size_by, nodes, cap)
    shown = [name for name in drawn.shown if name in positions]
    table = metrics.table
    left_out = f"; the {len(shown)} most central of {drawn.total} drawn" if len(shown) < drawn.total else ""
    subtitle = f"{len(shown)} actors, sized by {size_by.label.lower()}{left_out}; colour = partner type"
    frame = _Frame({name: positions[name] for name in shown}, pad=(40, 40))
    figure = frame.canvas(title, subtitle)
    at = {name: frame.pixel(positions[name]) for name in shown}
    keep = set(shown)

    by_kind: dict[str, list[tuple[Position, Position]]] = {}
    for a, b, data in network.ties.edges(data=True):
        if a in keep and b in keep:
            kinds = data.get("kinds") or []
            kind = kinds[0] if len(kinds) == 1 else ""
            by_kind.setdefault(kind, []).append((at[a], at[b]))
            if network.arcs.has_edge(a, b) != network.arcs.has_edge(b, a):  # one way: an arrow says which
                source, target = (a, b) if network.arcs.has_edge(a, b) else (b, a)
                colour = KIND_COLOURS.get(kind, "#999999")
                _arrow(figure, at[source], at[target], standoff=float(drawn.sizes[target]) / 2 + 2, colour=colour)
    for kind, segments in sorted(by_kind.items(), key=lambda item: (not item[0], item[0])):
        figure.add_trace(_segments(segments, KIND_COLOURS.get(kind, "#999999"), kind or "several kinds", dash="dash"
                                   if kind == "conflicts" else "solid"))  # fmt: skip

    types = table.loc[shown, "type"].astype(object).where(table.loc[shown, "type"].notna(), "")
    for kind in [*TYPE_COLOURS, ""]:
        members = [name for name in shown if types[name] == kind]
        if not members:
            continue
        figure.add_trace(
            go.Scatter(
                x=[at[name][0] for name in members],
                y=[at[name][1] for name in members],
                mode="markers",
                name=PartnerType(kind).label if kind else "Type not set",
                marker={
                    "size": [float(drawn.sizes[name]) for name in members],
                    "color": TYPE_COLOURS.get(kind, OTHER_COLOUR),
                    "line": {"width": 1, "color": INK},
                },
                hovertext=safe_labels(members),
                hoverinfo="text",
            )
        )
    cut = [name for name in shown if bool(table.at[name, "cut_point"])]
    figure.add_trace(  # a ring over each cut point: its own legend entry, whatever the actor's type
        go.Scatter(
            x=[at[name][0] for name in cut] or [None],
            y=[at[name][1] for name in cut] or [None],
            mode="markers",
            name="Cut point",
            marker={"symbol": "diamond-open", "size": [float(drawn.sizes[name]) + 12 for name in cut] or 14,
                    "color": INK, "line": {"width": 3}},
            hoverinfo="skip",
        )
    )  # fmt: skip
    named = shown[:LABELLED]
    _name(figure, frame, [at[name] for name in shown], [name if name in named else "" for name in shown], marker=30)
    return figure


def diagram_figure(diagram: nx.DiGraph, positions: Mapping[str, Position], title: str) -> go.Figure:
    """The causal loop diagram: each factor in a box where it is kept, links as arrows coloured by polarity.

    Blue + more leads to more, red − more leads to less, grey ? not known; a
    delayed link is dashed and marked ‖; a link is as thick as it is strong.
    """
    nodes = [name for name in diagram.nodes if name in positions]
    subtitle = f"{len(nodes)} factors, {diagram.number_of_edges()} links"
    sizes = {name: _box_size(name) for name in nodes}
    widest, tallest = (max((size[i] for size in sizes.values()), default=0.0) / 2 for i in (0, 1))
    frame = _Frame({name: positions[name] for name in nodes}, pad=(widest, tallest + 10))
    figure = frame.canvas(title, subtitle)
    at = spread_boxes({name: frame.pixel(positions[name]) for name in nodes}, sizes)
    for cause, effect, data in diagram.edges(data=True):
        if cause not in at or effect not in at:
            continue
        sign, _, colour = POLARITY_LOOK.get(data["polarity"], POLARITY_LOOK[0])
        start, end = _apart(at[cause], at[effect], both_ways=diagram.has_edge(effect, cause))
        width = 1.5 + 3 * min(abs(float(data.get("weight", 0.5))), 1.0)
        _arrow(
            figure, start, end, standoff=_border(end, start, sizes[effect]), start_standoff=_border(start, end,
            sizes[cause]), colour=colour, width=width, dash="dash" if data.get("delay") else "solid",
        )  # fmt: skip
        middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        figure.add_annotation(
            x=middle[0], y=middle[1], text=f"<b>{sign}{' ‖' if data.get('delay') else ''}</b>", showarrow=False,
            font={"size": FONT + 4, "color": colour}, bgcolor="white",
        )  # fmt: skip
    for name in nodes:
        figure.add_annotation(
            x=at[name][0], y=at[name][1], text=safe_labels([name])[0], showarrow=False, bgcolor="#e8eef7",
            bordercolor="#4a5a73", borderwidth=1, borderpad=6, font={"size": FONT, "color": INK},
        )  # fmt: skip
    for polarity in (1, -1, 0):
        sign, meaning, colour = POLARITY_LOOK[polarity]
        figure.add_trace(_segments([], colour, f"{sign} {meaning}"))
    figure.add_trace(_segments([], "#555", "‖ with delay", dash="dash"))
    return figure


def _segments(segments: list[tuple[Position, Position]], colour: str, name: str, dash: str = "solid") -> go.Scatter:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for (x0, y0), (x1, y1) in segments:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return go.Scatter(
        x=xs or [None], y=ys or [None], mode="lines", name=name, hoverinfo="skip",
        line={"color": colour, "width": 2, "dash": dash},
    )  # fmt: skip


def _arrow(
    figure: go.Figure, start: Position, end: Position, *, standoff: float, colour: str, width: float = 1.5,
    start_standoff: float = 0.0, dash: str = "solid",
) -> None:  # fmt: skip
    """An arrow from ``start`` to ``end`` (pixels), stopping ``standoff`` pixels short of its target."""
    if dash == "dash":  # plotly's arrows cannot be dashed: a dashed line, then a short solid head
        figure.add_trace(_segments([(start, end)], colour, "", dash="dash").update(showlegend=False, line_width=width))
        x, y = end
        dx, dy = end[0] - start[0], end[1] - start[1]
        length = math.hypot(dx, dy) or 1.0
        start = (x - dx / length * (standoff + 12), y - dy / length * (standoff + 12))
        start_standoff = 0.0
    figure.add_annotation(
        x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y", text="",
        showarrow=True, arrowhead=2, arrowsize=0.7 + 2 / width, arrowwidth=width, arrowcolor=colour, standoff=standoff,
        startstandoff=start_standoff,
    )  # fmt: skip


def _box_size(name: str) -> tuple[float, float]:
    width, height = text_box(name, FONT)
    return width + 14, height + 14  # the box's padding and border


def _border(centre: Position, towards: Position, size: tuple[float, float]) -> float:
    """How far from a box's centre its border is, in the direction of ``towards`` (pixels), plus a gap."""
    dx, dy = abs(towards[0] - centre[0]), abs(towards[1] - centre[1])
    half_width, half_height = size[0] / 2, size[1] / 2
    if dx == 0 and dy == 0:
        return 0.0
    along = min(half_width / dx if dx else math.inf, half_height / dy if dy else math.inf)
    return along * math.hypot(dx, dy) + 3


def _apart(start: Position, end: Position, both_ways: bool, gap: float = 8.0) -> tuple[Position, Position]:
    """Two links between the same factors, one each way, drawn side by side instead of on top of each other."""
    if not both_ways:
        return start, end
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    shift = (-dy / length * gap, dx / length * gap)  # to the left of the direction of travel
    return (start[0] + shift[0], start[1] + shift[1]), (end[0] + shift[0], end[1] + shift[1])


def _name(figure: go.Figure, frame: _Frame, points: list[Position], labels: list[str], marker: float) -> None:
    """Names where they cover no other name and no point; a name with no free place is left out."""
    placements = place_labels(points, labels, Box(0, 0, frame.width, frame.height), font=FONT, marker=marker)
    for (x, y), label, placement in zip(points, labels, placements, strict=True):
        if placement is None:
            continue
        figure.add_annotation(
            x=x, y=y, text=safe_labels([label])[0], xanchor=placement.xanchor, yanchor=placement.yanchor,
            xshift=placement.xshift, yshift=placement.yshift, showarrow=False, font={"size": FONT, "color": INK},
            bgcolor="rgba(255,255,255,.75)",
        )  # fmt: skip
        if placement.far:
            box = placement.box(x, y, text_box(label, FONT))
            figure.add_shape(type="line", x0=x, y0=y, x1=(box.left + box.right) / 2, y1=(box.bottom + box.top) / 2,
                             line={"color": "#777", "width": 1}, layer="below")  # fmt: skip
