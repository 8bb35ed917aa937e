"""Plotly figures for the system map (step 1), in the one chart style of :mod:`ui.chart`."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.model import PartnerType
from core.system_map.causal import LoopKind
from core.system_map.network import Centrality
from ui.chart import font_size, legible, safe_labels, shared_figure
from ui.system_map.network_view import OTHER_COLOUR, TYPE_COLOURS

__all__ = ["centrality_bars", "heatmap_figure", "leverage_bars", "sensitivity_bars", "what_if_bars"]

_MARGIN = {"l": 10, "r": 10, "t": 60, "b": 10}
_LEGEND_BELOW = {"orientation": "h", "y": -0.12}


def _type_label(value: object) -> str:
    member = PartnerType.parse(value)
    return member.label if member else "Type not set"


def _room_for_values(values: pd.Series) -> float:
    """An axis end past the longest bar, so the value written after it stays inside the figure."""
    peak = float(values.max()) if len(values) and pd.notna(values.max()) else 0.0
    return max(peak, 1e-9) * 1.18


def _bar_height(rows: int, per_row: int = 42) -> int:
    return max(360, per_row * rows + 120)


@shared_figure
def centrality_bars(
    table: pd.DataFrame, by: Centrality = Centrality.BETWEENNESS, top: int = 12, large: bool = False
) -> go.Figure:
    """The ``top`` actors by a centrality, coloured by partner type, highest on top."""
    ascending = by is Centrality.CONSTRAINT  # low constraint = more brokerage
    data = table.sort_values(by.value, ascending=ascending, kind="stable").head(top).iloc[::-1]
    figure = go.Figure()
    for kind, part in data.groupby(data["type"].fillna("other"), sort=False):
        figure.add_bar(
            x=part[by.value],
            y=safe_labels(part.index),
            orientation="h",
            name=_type_label(kind),
            marker_color=TYPE_COLOURS.get(str(kind), OTHER_COLOUR),
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
            texttemplate="%{x:.2f}",
            textposition="outside",
            cliponaxis=False,
        )
    return legible(
        figure,
        large,
        title=by.label,
        height=_bar_height(len(data)),
        margin=_MARGIN,
        # Each bar carries its value: tick numbers under narrow bars ran into each other and the legend.
        xaxis={
            "showticklabels": False,
            "showgrid": False,
            "zeroline": True,
            "range": [0, _room_for_values(data[by.value])],
        },
        yaxis={"categoryorder": "array", "categoryarray": safe_labels(data.index)},
        legend=_LEGEND_BELOW,
        barmode="overlay",
    )


@shared_figure
def heatmap_figure(counts: pd.DataFrame, names: pd.DataFrame, large: bool = False) -> go.Figure:
    """Barriers per category (rows) and severity (columns); hover lists them."""
    hover = names.map(lambda text: "<br>".join(safe_labels(text.split("; "))) if text else "none")
    figure = go.Figure(
        go.Heatmap(
            z=counts.to_numpy().tolist(),
            x=[f"Severity {severity}" for severity in counts.columns],
            y=[str(category).capitalize() for category in counts.index],
            text=[[str(value) if value else "" for value in row] for row in counts.to_numpy().tolist()],
            texttemplate="%{text}",
            textfont={"size": 24},
            customdata=hover.to_numpy(),
            hovertemplate="%{y}, %{x}<br>%{customdata}<extra></extra>",
            colorscale=[[0, "#ffffff"], [0.01, "#fde0c5"], [1, "#c0392b"]],
            showscale=False,
            xgap=3,
            ygap=3,
        )
    )
    return legible(
        figure,
        large,
        title="Barriers by category and severity",
        height=460,
        margin=_MARGIN,
        yaxis={"autorange": "reversed"},
    )


@shared_figure
def leverage_bars(table: pd.DataFrame, top: int = 10, large: bool = False) -> go.Figure:
    """Factors by the loops through them, split into reinforcing, balancing and (if any) unknown polarity."""
    data = table.head(top).iloc[::-1]
    figure = go.Figure()
    for kind, colour in (
        (LoopKind.REINFORCING, "#1f5fbf"),
        (LoopKind.BALANCING, "#c0392b"),
        (LoopKind.UNKNOWN, "#8a8a8a"),
    ):
        column = kind.column
        if kind is LoopKind.UNKNOWN and not data.get(column, pd.Series(dtype=int)).any():
            continue  # no loop of unknown polarity: no empty legend entry
        figure.add_bar(
            x=data[column],
            y=safe_labels(data.index),
            orientation="h",
            name=f"{kind.label} ({kind.value})",
            marker_color=colour,
        )
    return legible(
        figure,
        large,
        title="Where to push: loops through each factor",
        barmode="stack",
        height=_bar_height(len(data)),
        margin=_MARGIN,
        legend=_LEGEND_BELOW,
    )


@shared_figure
def what_if_bars(table: pd.DataFrame, top: int = 15, large: bool = False) -> go.Figure:
    """Change of each factor against the baseline, in points on a 0-100 scale."""
    data = table[~table["clamped"]].head(top).iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=data["change_points"].round(4).tolist(),
            y=safe_labels(data.index),
            orientation="h",
            marker_color=["#1f5fbf" if value >= 0 else "#c0392b" for value in data["change_points"]],
            text=[f"{value:+.0f}" for value in data["change_points"]],
            textposition="outside",
            textfont={"size": font_size(large)},
            cliponaxis=False,
            hovertemplate="%{y}: %{x:+.1f} points on a 0-100 scale<extra></extra>",
        )
    )
    # room beside the longest bars for their "+62" labels
    low, high = min(0.0, float(data["change_points"].min())), max(0.0, float(data["change_points"].max()))
    pad = 0.3 * max(high - low, 1.0)
    return legible(
        figure,
        large,
        title="Change against the baseline (points on a 0-100 scale)",
        height=_bar_height(len(data), per_row=40),
        margin={**_MARGIN, "r": 60},
        xaxis={
            "zeroline": True,
            "zerolinewidth": 2,
            "zerolinecolor": "#444",
            "range": [low - pad if low < 0 else 0, high + pad if high > 0 else pad],
        },
    )


@shared_figure
def sensitivity_bars(table: pd.DataFrame, outcome: str, top: int = 12, large: bool = False) -> go.Figure:
    """How far ``outcome`` moves when each factor alone is pushed up (blue) or down (red), largest first."""
    data = table.head(top).iloc[::-1]
    figure = go.Figure()
    for column, name, colour in (("up_points", "Pushed up", "#1f5fbf"), ("down_points", "Pushed down", "#c0392b")):
        figure.add_bar(
            x=data[column].round(4).tolist(),
            y=safe_labels(data.index),
            orientation="h",
            name=name,
            marker_color=colour,
            hovertemplate="%{y}: %{x:+.1f} points on a 0-100 scale<extra></extra>",
        )
    return legible(
        figure,
        large,
        title=f"Change of {safe_labels([outcome])[0]} when one factor is pushed (points, 0-100)",
        barmode="group",
        height=_bar_height(len(data), per_row=48),
        margin=_MARGIN,
        legend=_LEGEND_BELOW,
        xaxis={"zeroline": True, "zerolinewidth": 2, "zerolinecolor": "#444"},
    )
