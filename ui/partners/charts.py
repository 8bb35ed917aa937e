"""Step 3's figures: the power-interest grid and the salience classes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.model import PartnerType
from core.partners.grid import MIDLINE, Quadrant, crowd, spread
from core.partners.salience import SalienceClass
from ui.chart import font_size, legible, safe_labels, shared_figure
from ui.labels import Box, place_labels, text_box

__all__ = ["grid_figure", "salience_figure"]

TYPE_COLOURS = {
    PartnerType.COMPANY.value: "#1f4e9c",
    PartnerType.NGO.value: "#2e8b57",
    PartnerType.GOVERNMENT.value: "#8b1a1a",
    PartnerType.INVESTOR.value: "#b8860b",
    PartnerType.UNIVERSITY.value: "#6a3d9a",
    PartnerType.COMMUNITY.value: "#d2571c",
}
_LOW, _HIGH = 0.3, 5.7  # the axes' range around the 1-5 scores
_MARKER = 16  # a point's diameter in pixels
_BAR_ROOM = 1.15  # the salience count axis runs this far past the longest bar, room for its count
_SHADES = {
    Quadrant.MANAGE_CLOSELY: (MIDLINE, _HIGH, MIDLINE, _HIGH, "#fde2e1"),
    Quadrant.KEEP_SATISFIED: (_LOW, MIDLINE, MIDLINE, _HIGH, "#fff4d6"),
    Quadrant.KEEP_INFORMED: (MIDLINE, _HIGH, _LOW, MIDLINE, "#e3f0ff"),
    Quadrant.MONITOR: (_LOW, MIDLINE, _LOW, MIDLINE, "#f1f1f1"),
}
_CORNERS = {  # quadrant names sit in the outer corners, away from the points
    Quadrant.MANAGE_CLOSELY: (_HIGH - 0.05, _HIGH - 0.05, "right", "top"),
    Quadrant.KEEP_SATISFIED: (_LOW + 0.05, _HIGH - 0.05, "left", "top"),
    Quadrant.KEEP_INFORMED: (_HIGH - 0.05, _LOW + 0.05, "right", "bottom"),
    Quadrant.MONITOR: (_LOW + 0.05, _LOW + 0.05, "left", "bottom"),
}


_MARGIN = {"l": 60, "r": 20, "t": 20, "b": 120}
_PLOT_WIDTH = {False: 760, True: 960}
"""The plot area's width in pixels that names are placed for: a little less than the page gives it at
1280 px (a desk with the sidebar open, the wall without), so names that are apart here are apart there."""


@shared_figure
def grid_figure(scored: pd.DataFrame, large: bool = False, height: int = 620) -> go.Figure:
    """Influence against interest, the four quadrants shaded and named, the short list labelled."""
    figure = go.Figure()
    area = Box(0, 0, _PLOT_WIDTH[large], height - _MARGIN["t"] - _MARGIN["b"])
    title_size = font_size(large) + 4
    titles = []
    for quadrant, (x0, x1, y0, y1, colour) in _SHADES.items():
        figure.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=colour, line_width=0, layer="below")
        x, y, xanchor, yanchor = _CORNERS[quadrant]
        figure.add_annotation(
            x=x, y=y, text=f"<b>{quadrant.label}</b>", showarrow=False, xanchor=xanchor, yanchor=yanchor,
            font={"size": title_size, "color": "#222"},
        )  # fmt: skip
        width, tall = text_box(quadrant.label, title_size)
        left = _pixel(x, area.right) - (width if xanchor == "right" else 0)
        bottom = _pixel(y, area.top) - (tall if yanchor == "top" else 0)
        titles.append(Box(left, bottom, left + width, bottom + tall))
    split = crowd(scored)  # thousands of candidates: the best as points, the rest counted
    if not split.counted.empty:
        figure.add_trace(_counted_trace(split.counted, large))
    scored = split.drawn
    points = spread(scored)
    for kind in [member.value for member in PartnerType]:
        rows = scored["type"] == kind if "type" in scored else pd.Series(False, index=scored.index)
        rows = rows.fillna(False).to_numpy(dtype=bool)
        if rows.any():
            figure.add_trace(_type_trace(scored[rows], points.loc[rows], kind, large))
    _name_the_short_list(figure, scored, points, area, titles, large)
    return legible(
        figure,
        large,
        height=height,
        margin=_MARGIN,
        plot_bgcolor="#fff",
        # at the figure's foot, in the bottom margin: placed below the plot it met the axis title at 1920 px
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        xaxis={"title": "Interest", "range": [_LOW, _HIGH], "dtick": 1, "showgrid": False, "zeroline": False},
        yaxis={"title": "Influence", "range": [_LOW, _HIGH], "dtick": 1, "showgrid": False, "zeroline": False},
    )


def _pixel(value: float, extent: float) -> float:
    return (value - _LOW) / (_HIGH - _LOW) * extent


def _name_the_short_list(
    figure: go.Figure, scored: pd.DataFrame, points: pd.DataFrame, area: Box, titles: list[Box], large: bool
) -> None:
    """Name the short list where each name is free of the others, best score first; the rest are in the hover."""
    short = scored["shortlisted"].astype("boolean").fillna(False) if "shortlisted" in scored else None
    order = scored.sort_values("score", ascending=False, kind="stable").index if "score" in scored else scored.index
    names = dict(zip(scored.index, safe_labels(_shortened(scored["name"])), strict=True))
    labels = [names[i] if short is not None and bool(short[i]) else "" for i in order]
    pixels = [(_pixel(points.at[i, "x"], area.right), _pixel(points.at[i, "y"], area.top)) for i in order]
    size = font_size(large) - 1
    placed = place_labels(pixels, labels, area, font=size, marker=_MARKER, obstacles=titles)
    for i, label, at in zip(order, labels, placed, strict=True):
        if at is None:
            continue
        # A name placed away from its point is joined to it by a thin line (plotly's arrow, y downwards).
        if at.far:
            where = {"showarrow": True, "arrowhead": 0, "arrowwidth": 1.5, "arrowcolor": "#444",
                     "standoff": _MARKER / 2, "ax": at.xshift, "ay": -at.yshift}  # fmt: skip
        else:
            where = {"showarrow": False, "xshift": at.xshift, "yshift": at.yshift}
        figure.add_annotation(
            x=points.at[i, "x"], y=points.at[i, "y"], text=label, xanchor=at.xanchor, yanchor=at.yanchor,
            font={"size": size, "color": "#111"}, **where,
        )  # fmt: skip


def _type_trace(subset: pd.DataFrame, points: pd.DataFrame, kind: str, large: bool) -> go.Scatter:
    """One partner type's points; names are annotations placed apart (see :func:`_name_the_short_list`)."""
    label = safe_labels([PartnerType(kind).label])[0]
    hover = [
        f"<b>{name}</b><br>{label}<br>interest {interest}, influence {influence}<br>score {score}<br>levers: {levers}"
        for name, interest, influence, score, levers in zip(
            *(_or_dash(subset, column) for column in ("name", "interest", "influence", "score", "levers")), strict=True
        )
    ]
    return go.Scatter(
        x=points["x"], y=points["y"], mode="markers", name=PartnerType(kind).label, hovertext=hover,
        hoverinfo="text", marker={"size": _MARKER, "color": TYPE_COLOURS[kind], "line": {"width": 1, "color": "#fff"}},
    )  # fmt: skip


def _counted_trace(counted: pd.DataFrame, large: bool) -> go.Scatter:
    """Grey circles, one per cell, sized by and showing how many candidates sit there."""
    sizes = 18 + 40 * np.sqrt(counted["count"] / counted["count"].max())
    return go.Scatter(
        x=counted["interest"], y=counted["influence"], mode="markers+text", name="Others, counted",
        textposition="bottom center",  # under the circle: the points drawn on top never hide the number
        text=[f"{count:,}" for count in counted["count"]], textfont={"size": font_size(large) - 2, "color": "#222"},
        hovertext=[f"{count:,} more candidates at interest {x:g}, influence {y:g}"
                   for x, y, count in counted[["interest", "influence", "count"]].itertuples(index=False)],
        hoverinfo="text", marker={"size": sizes, "color": "rgba(120, 120, 120, 0.28)", "line": {"width": 0}},
    )  # fmt: skip


def _or_dash(frame: pd.DataFrame, column: str) -> list[str]:
    """A column for a plotly label: escaped, a dash when missing."""
    values = frame[column] if column in frame else [None] * len(frame)
    return [text or "-" for text in safe_labels(values)]


def _shortened(names: pd.Series, limit: int = 24) -> list[str]:
    return [name if len(name) <= limit else name[: limit - 1].rstrip() + "…" for name in names.astype(str)]


@shared_figure
def salience_figure(scored: pd.DataFrame, large: bool = False) -> go.Figure:
    """How many candidates fall in each salience class, most salient first.

    Each count sits just past its bar. Plotly clips text to the plot area and
    does not widen its autorange for it, so in a narrow column the longest
    bar's count lost digits ("19" drawn as "1"). The count is drawn unclipped,
    the axis runs past the longest bar and the right margin fits its digits.
    """
    counts = scored["salience"].value_counts()
    order = [member.value for member in SalienceClass]
    values = [int(counts.get(value, 0)) for value in order]
    size = font_size(large)
    figure = go.Figure(
        go.Bar(
            x=values, y=[SalienceClass(v).label for v in order], orientation="h", marker_color="#1f4e9c",
            text=values, textposition="outside", textfont={"size": size}, cliponaxis=False,
        )
    )  # fmt: skip
    peak = max(values, default=0)
    return legible(
        figure,
        large,
        height=380,
        margin={"l": 10, "r": _count_margin(peak, size), "t": 10, "b": 10},
        xaxis={"range": [0, max(peak, 1) * _BAR_ROOM]},
        yaxis={"autorange": "reversed"},
    )


def _count_margin(peak: int, size: int) -> int:
    """A right margin in pixels that holds ``peak`` at font ``size``, for a plot too narrow to hold it."""
    return 16 + round(len(f"{peak:d}") * size * 0.65)  # a digit is at most ~0.6 em wide
