"""Step 6's plotly figures: tracking against the plan, the CUSUM, and the pathway scores."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.pilots.scaling import Criterion
from ui.chart import font_size, legible, safe_labels, shared_figure

__all__ = ["cusum_figure", "scaling_figure", "tracking_figure"]

_BLUE, _GREY, _RED = "#0b5cad", "#6b6b6b", "#c0392b"
_CRITERION_COLOURS = {
    Criterion.SYSTEMS_CHANGE: "#0b5cad",
    Criterion.DEPENDENCIES: "#5fa8d3",
    Criterion.TIME_FIT: "#c9d7e8",
}


@shared_figure
def tracking_figure(rows: pd.DataFrame, indicator: str, unit: str, large: bool = False) -> go.Figure:
    """Observed values against the planned line, with where drift began and the alarm (marked in ``rows``)."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=rows["date"],
            y=rows["planned"],
            name="Planned",
            mode="lines",
            line={"color": _GREY, "dash": "dash", "width": 3},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=rows["date"],
            y=rows["observed"],
            name="Observed",
            mode="lines+markers",
            line={"color": _BLUE, "width": 4},
            marker={"size": 9},
        )
    )
    began = rows[rows["drift_began"]]
    alarm = rows[rows["alarm"]]
    if len(alarm):
        start = began["date"].iloc[0] if len(began) else rows["date"].iloc[0]
        fig.add_vrect(x0=start, x1=rows["date"].iloc[-1], fillcolor=_RED, opacity=0.08, line_width=0)
        fig.add_trace(
            go.Scatter(
                x=alarm["date"],
                y=alarm["observed"],
                name="Drift alarm",
                mode="markers+text",
                marker={"color": _RED, "size": 20, "symbol": "x"},
                text=[f"alarm {pd.Timestamp(alarm['date'].iloc[0]):%b %Y}"],
                textposition="bottom right",
                textfont={"color": _RED, "size": font_size(large)},
            )
        )
        fig.add_annotation(
            x=start, y=1, yref="paper", text=f"drift began {pd.Timestamp(start):%d %b %Y}", showarrow=False,
            xanchor="left", font={"color": _RED, "size": font_size(large)},
        )  # fmt: skip
    name, unit_text = safe_labels([indicator, unit])
    title = name + (f" ({unit_text})" if unit else "")
    return legible(
        fig,
        large,
        title={"text": title, "font": {"size": 24 if large else 20}},
        height=520 if large else 420,
        margin={"l": 20, "r": 20, "t": 60, "b": 20},
        legend={"orientation": "h", "y": -0.15},
        hovermode="x unified",
    )


@shared_figure
def cusum_figure(rows: pd.DataFrame, h: float, large: bool = False) -> go.Figure:
    """The CUSUM of one indicator against the alarm threshold h."""
    fig = go.Figure(
        go.Bar(
            x=rows["date"],
            y=rows["cusum"],
            marker_color=[_RED if value > h else _BLUE for value in rows["cusum"]],
            name="CUSUM",
        )
    )
    fig.add_hline(y=h, line={"color": _RED, "dash": "dot"}, annotation_text=f"threshold h = {h:g}")
    return legible(fig, large, height=260, margin={"l": 20, "r": 20, "t": 30, "b": 20}, yaxis_title="CUSUM")


@shared_figure
def scaling_figure(ranking: pd.DataFrame, weights: dict[Criterion, float], large: bool = False) -> go.Figure:
    """Stacked bars: each pathway's score split into its weighted criteria, best on top."""
    total = sum(weights.values()) or 1.0
    ordered = ranking.iloc[::-1]
    fig = go.Figure()
    for criterion in (Criterion.SYSTEMS_CHANGE, Criterion.DEPENDENCIES, Criterion.TIME_FIT):
        fig.add_trace(
            go.Bar(
                y=ordered["label"],
                x=ordered[criterion.value] * weights[criterion] / total,
                name=criterion.label,
                orientation="h",
                marker_color=_CRITERION_COLOURS[criterion],
            )
        )
    fig.add_trace(
        go.Scatter(
            y=ordered["label"], x=ordered["score"], mode="text", text=[f"  {s:.2f}" for s in ordered["score"]],
            textposition="middle right", textfont={"size": 20}, showlegend=False, hoverinfo="skip",
        )
    )  # fmt: skip
    return legible(
        fig,
        large,
        barmode="stack",
        height=480 if large else 400,
        xaxis={"range": [0, 1.12], "title": "score (weighted mean, 0-1)"},
        margin={"l": 20, "r": 20, "t": 20, "b": 20},
        legend={"orientation": "h", "y": -0.2},
    )
