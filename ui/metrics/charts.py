"""Step 5's plotly figures: progress, target alignment, funding scores and who pays."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.metrics import funding
from ui.chart import legible, mark, safe_labels, shared_figure

__all__ = ["alignment_figure", "contribution_figure", "progress_figure", "shares_figure"]

_PROGRESS_COLOURS = {"overdue": "#D55E00", "no report yet": "#999999", "due within 30 days": "#E69F00"}
_PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]


@shared_figure
def progress_figure(board: pd.DataFrame, large: bool) -> go.Figure:
    """Each indicator's way from baseline to target, coloured by report status."""
    shown = board.dropna(subset=["progress"]).iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=(shown["progress"].astype(float) * 100).round(0),
            y=safe_labels(shown["indicator"]),
            orientation="h",
            marker_color=[_PROGRESS_COLOURS.get(status, "#009E73") for status in shown["status"]],
            text=[
                f"{latest:,.4g} of {target:,.4g} {unit}"
                for latest, target, unit in zip(
                    shown["latest"], shown["target"], safe_labels(shown["unit"]), strict=True
                )
            ],
            textposition="auto",
            hovertemplate="%{y}: %{x:.0f}% of the planned change<extra></extra>",
        )
    )
    mark(figure, 100, "target", line_dash="dash", line_color="#333333")
    return legible(
        figure,
        large,
        height=max(300, 60 * len(shown) + 100),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        xaxis={"title": "% of the way from baseline to target (orange: report overdue)"},
    )


@shared_figure
def alignment_figure(compared: pd.DataFrame, large: bool) -> go.Figure:
    """Each partner's target as a share of the shared planned change, by indicator."""
    shown = compared.dropna(subset=["reach"]).sort_values(["indicator", "partner"], ascending=False, kind="stable")
    figure = go.Figure()
    for aligned, colour, name in ((True, "#009E73", "agrees"), (False, "#D55E00", "disagrees")):
        part = shown[shown["aligned"] == aligned]
        figure.add_trace(
            go.Scatter(
                x=(part["reach"].astype(float) * 100).round(0),
                y=[safe_labels(part["indicator"]), safe_labels(part["partner"])],
                mode="markers",
                name=name,
                marker={"size": 18, "color": colour, "line": {"width": 1, "color": "white"}},
                customdata=list(
                    zip(safe_labels(part["partner"]), part["comparable"], safe_labels(part["unit"]), strict=True)
                ),
                hovertemplate="%{customdata[0]}: %{customdata[1]:,.4g} %{customdata[2]}<extra></extra>",
            )
        )
    figure.add_vline(x=100, line_dash="dash", line_color="#333333", annotation_text="shared target")
    figure.add_vline(x=0, line_color="#999999", annotation_text="baseline", annotation_position="top left")
    figure.update_yaxes(
        categoryorder="array", categoryarray=[safe_labels(shown["indicator"]), safe_labels(shown["partner"])]
    )
    return legible(
        figure,
        large,
        height=max(320, 42 * len(shown) + 120),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        xaxis={"title": "partner target, as % of the shared planned change"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.04},
    )


@shared_figure
def contribution_figure(ranked: pd.DataFrame, large: bool) -> go.Figure:
    """Each funding model's score split into the points each answer gave it."""
    figure = go.Figure()
    shown = ranked.iloc[::-1]
    labels = [f"{label} ({total:+d})" for label, total in zip(shown["label"], shown["total"], strict=True)]
    for colour, question in zip(_PALETTE, funding.QUESTIONS, strict=False):
        name = question.key.replace("_", " ").capitalize().replace("Ip ", "IP ")
        figure.add_trace(
            go.Bar(
                x=shown[f"score_{question.key}"],
                y=labels,
                orientation="h",
                name=name,
                marker_color=colour,
                customdata=shown[f"why_{question.key}"],
                hovertemplate=f"{name}: %{{x:+d}} (%{{customdata}})<extra></extra>",
            )
        )
    return legible(
        figure,
        large,
        barmode="relative",
        height=480,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"title": "points: each answer adds or takes away (hover for the reason)", "zeroline": True},
        # plotly's own place, right of the plot, which widens the margin to fit: above the plot the legend
        # covered the top bars, and below it the axis' numbers
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
    )


@shared_figure
def shares_figure(table: pd.DataFrame, large: bool) -> go.Figure:
    """Each funder's share of the budget, against the half and third marks."""
    shown = table.iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=(shown["share"].astype(float) * 100).round(1),
            y=safe_labels(shown["partner"]),
            orientation="h",
            text=[f"{share:.0%}" for share in shown["share"]],
            textposition="auto",
            marker_color="#0072B2",
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    mark(figure, 50, "half", line_dash="dash", line_color="#D55E00")
    mark(figure, 100 / 3, "a third", line_dash="dot", line_color="#E69F00")
    return legible(
        figure,
        large,
        height=max(260, 55 * len(shown) + 110),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        xaxis={"title": "share of the budget (%)", "range": [0, 100]},
    )
