"""Step 4's figures: the governance models' scores and the votes each sector controls."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.governance.questionnaire import Criterion
from core.governance.recommender import Recommendation
from ui.chart import legible, mark, safe_labels, shared_figure

__all__ = ["score_chart", "sector_chart"]

_COLOURS = {
    Criterion.PURPOSE: "#1f4e79",
    Criterion.POWER: "#c55a11",
    Criterion.NEUTRALITY: "#2e75b6",
    Criterion.SPEED: "#bf9000",
    Criterion.HORIZON: "#548235",
    Criterion.STAFFING: "#7030a0",
}


@shared_figure
def score_chart(recommendation: Recommendation, large: bool = False) -> go.Figure:
    """Stacked bars of each model's points per criterion, best model on top."""
    order = list(reversed(recommendation.ranking))
    scores = recommendation.scores.loc[[model.value for model in order]]
    # The total is written in the model's name: beside the diamond it ran into the names in a narrow column.
    labels = [f"{model.label} ({total:+.1f})" for model, total in zip(order, scores["total"], strict=True)]
    figure = go.Figure()
    for criterion in Criterion:
        figure.add_bar(
            y=labels,
            x=scores[criterion.value],
            name=criterion.label,
            orientation="h",
            marker_color=_COLOURS[criterion],
            hovertemplate=f"{criterion.label}: %{{x:.2f}} points<extra></extra>",
        )
    figure.add_scatter(
        y=labels,
        x=scores["total"],
        mode="markers",
        hovertemplate="Total: %{x:.2f} points<extra></extra>",
        marker={"symbol": "diamond", "size": 16 if large else 12, "color": "black"},
        name="Total",
    )
    return legible(
        figure,
        large,
        barmode="relative",
        height=460 if large else 360,
        margin={"l": 10, "r": 70, "t": 10, "b": 10},
        legend={"orientation": "v", "x": 1.08, "xanchor": "left", "y": 1, "yanchor": "top"},  # right: never on the axis
        xaxis_title="points",
    )


@shared_figure
def sector_chart(votes: pd.Series, large: bool = False) -> go.Figure:
    """Votes per sector across chambers, a sector holding more than half in red."""
    total = float(votes.sum())
    figure = go.Figure(
        go.Bar(
            x=votes.to_numpy(),
            y=safe_labels(votes.index),
            orientation="h",
            marker_color=["#c00000" if value > total / 2 else "#2e75b6" for value in votes],
            hovertemplate="%{y}: %{x} votes<extra></extra>",
        )
    )
    mark(figure, total / 2, "half of all votes", line_dash="dash")
    return legible(
        figure,
        large,
        height=100 + 45 * len(votes),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        xaxis_title="votes",
        yaxis={"autorange": "reversed"},
    )
