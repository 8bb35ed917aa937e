"""Plotly figures for the system map (step 1), sized to be read on a wall screen."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from core.model import PartnerType
from core.system_map.causal import LoopKind
from core.system_map.network import Centrality
from ui.system_map.network_view import OTHER_COLOUR, TYPE_COLOURS

__all__ = ["centrality_bars", "heatmap_figure", "leverage_bars", "what_if_bars"]

FONT = {"size": 18}
_TICKS = {"tickfont": {"size": 17}, "title": {"font": {"size": 17}}}


def _legible(figure: go.Figure) -> go.Figure:
    """Large tick labels and title for a wall screen (Streamlit's theme otherwise shrinks them)."""
    figure.update_xaxes(**_TICKS)
    figure.update_yaxes(**_TICKS)
    figure.update_layout(title_font={"size": 22}, legend_font={"size": 17})
    return figure


def _label(text: object) -> str:
    """Plotly interprets a little HTML in text: escape user text."""
    return html.escape(str(text), quote=False)


def _type_label(value: object) -> str:
    member = PartnerType.parse(value)
    return member.label if member else "Type not set"


def centrality_bars(table: pd.DataFrame, by: Centrality = Centrality.BETWEENNESS, top: int = 12) -> go.Figure:
    """The ``top`` actors by a centrality, coloured by partner type, highest on top."""
    ascending = by is Centrality.CONSTRAINT
    data = table.sort_values(by.value, ascending=ascending, kind="stable").head(top).iloc[::-1]
    figure = go.Figure()
    for kind, part in data.groupby(data["type"].fillna("other"), sort=False):
        figure.add_bar(
            x=part[by.value],
            y=[_label(name) for name in part.index],
            orientation="h",
            name=_type_label(kind),
            marker_color=TYPE_COLOURS.get(str(kind), OTHER_COLOUR),
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        )
    figure.update_layout(
        title=by.label,
        font=FONT,
        height=max(360, 42 * len(data) + 120),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        yaxis={"categoryorder": "array", "categoryarray": [_label(name) for name in data.index]},
        legend={"orientation": "h", "y": -0.12},
        barmode="overlay",
    )
    return _legible(figure)


def heatmap_figure(counts: pd.DataFrame, names: pd.DataFrame) -> go.Figure:
    """Barriers per category (rows) and severity (columns); hover lists them."""
    hover = names.map(lambda text: "<br>".join(_label(item) for item in text.split("; ")) if text else "none")
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
    figure.update_layout(
        title="Barriers by category and severity",
        font=FONT,
        height=460,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        yaxis={"autorange": "reversed"},
    )
    return _legible(figure)


def leverage_bars(table: pd.DataFrame, top: int = 10) -> go.Figure:
    """Factors by the loops through them, split into reinforcing and balancing."""
    data = table.head(top).iloc[::-1]
    figure = go.Figure()
    for column, kind, colour in (
        ("reinforcing", LoopKind.REINFORCING, "#1f5fbf"),
        ("balancing", LoopKind.BALANCING, "#c0392b"),
    ):
        figure.add_bar(
            x=data[column],
            y=[_label(name) for name in data.index],
            orientation="h",
            name=f"{kind.label} ({kind.value})",
            marker_color=colour,
        )
    figure.update_layout(
        title="Where to push: loops through each factor",
        barmode="stack",
        font=FONT,
        height=max(360, 42 * len(data) + 120),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "y": -0.12},
    )
    return _legible(figure)


def what_if_bars(table: pd.DataFrame, top: int = 15) -> go.Figure:
    """Change of each factor against the baseline, in percentage points."""
    data = table[~table["clamped"]].head(top).iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=data["change_pp"].round(4).tolist(),
            y=[_label(name) for name in data.index],
            orientation="h",
            marker_color=["#1f5fbf" if value >= 0 else "#c0392b" for value in data["change_pp"]],
            text=[f"{value:+.1f} pp" for value in data["change_pp"]],
            textposition="outside",
            textfont={"size": 18},
            cliponaxis=False,
            hovertemplate="%{y}: %{x:+.2f} percentage points<extra></extra>",
        )
    )
    # room beside the longest bars for their "+62.5 pp" labels
    low, high = min(0.0, float(data["change_pp"].min())), max(0.0, float(data["change_pp"].max()))
    pad = 0.3 * max(high - low, 1.0)
    figure.update_layout(
        title="Change against the baseline (percentage points)",
        font=FONT,
        height=max(360, 40 * len(data) + 120),
        margin={"l": 10, "r": 60, "t": 60, "b": 10},
        xaxis={
            "zeroline": True,
            "zerolinewidth": 2,
            "zerolinecolor": "#444",
            "range": [low - pad if low < 0 else 0, high + pad if high > 0 else pad],
        },
    )
    return _legible(figure)
