"""Step 3's figures: the power-interest grid and the salience classes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.model import PartnerType
from core.partners.grid import MIDLINE, Quadrant, spread
from core.partners.salience import SalienceClass
from ui.chart import font_size, legible, safe_labels, shared_figure

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


@shared_figure
def grid_figure(scored: pd.DataFrame, large: bool = False, height: int = 620) -> go.Figure:
    """Influence against interest, the four quadrants shaded and named, the short list labelled."""
    figure = go.Figure()
    for quadrant, (x0, x1, y0, y1, colour) in _SHADES.items():
        figure.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=colour, line_width=0, layer="below")
        x, y, xanchor, yanchor = _CORNERS[quadrant]
        figure.add_annotation(
            x=x, y=y, text=f"<b>{quadrant.label}</b>", showarrow=False, xanchor=xanchor, yanchor=yanchor,
            font={"size": font_size(large) + 4, "color": "#222"},
        )  # fmt: skip
    points = spread(scored)
    short = scored["shortlisted"].astype("boolean").fillna(False) if "shortlisted" in scored else None
    for kind in [member.value for member in PartnerType]:
        rows = scored["type"] == kind if "type" in scored else pd.Series(False, index=scored.index)
        rows = rows.fillna(False).to_numpy(dtype=bool)
        if rows.any():
            figure.add_trace(_type_trace(scored[rows], points.loc[rows], kind, short, large))
    return legible(
        figure,
        large,
        height=height,
        margin={"l": 60, "r": 20, "t": 20, "b": 120},
        plot_bgcolor="#fff",
        legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0},
        xaxis={"title": "Interest", "range": [_LOW, _HIGH], "dtick": 1, "showgrid": False, "zeroline": False},
        yaxis={"title": "Influence", "range": [_LOW, _HIGH], "dtick": 1, "showgrid": False, "zeroline": False},
    )


def _type_trace(
    subset: pd.DataFrame, points: pd.DataFrame, kind: str, short: pd.Series | None, large: bool
) -> go.Scatter:
    """One partner type's points; only the short list is named, so the grid stays readable."""
    on_short = [short is not None and bool(short[i]) for i in subset.index]
    names = safe_labels(_shortened(subset["name"]))
    labels = [name if shown else "" for name, shown in zip(names, on_short, strict=True)]
    positions = ["top center" if i % 2 else "bottom center" for i in range(len(subset))]
    label = safe_labels([PartnerType(kind).label])[0]
    hover = [
        f"<b>{name}</b><br>{label}<br>interest {interest}, influence {influence}<br>score {score}<br>levers: {levers}"
        for name, interest, influence, score, levers in zip(
            *(_or_dash(subset, column) for column in ("name", "interest", "influence", "score", "levers")), strict=True
        )
    ]
    return go.Scatter(
        x=points["x"], y=points["y"], mode="markers+text", name=PartnerType(kind).label, text=labels,
        textposition=positions, textfont={"size": font_size(large) - 1, "color": "#111"}, hovertext=hover,
        hoverinfo="text", marker={"size": 16, "color": TYPE_COLOURS[kind], "line": {"width": 1, "color": "#fff"}},
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
