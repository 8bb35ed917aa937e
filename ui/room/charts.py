"""The wall's charts: the room's ratings as counts per cause, and a vote's whole spread."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from core.room.activities import RATING_SCALE, SCORE_CRITERIA
from ui.chart import INK, font_size, legible, safe_labels

__all__ = ["link_figure", "partner_scores_figure", "rating_counts_figure", "vote_figure"]

RATING_WORDS = {1: "barely", 2: "a little", 3: "somewhat", 4: "strongly", 5: "main driver"}


def _wrapped(label: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(label, width)) or label


def rating_counts_figure(counts: pd.DataFrame, large: bool) -> go.Figure:
    """Causes by ratings 1-5, each cell the number of people who gave it; most disputed cause on top."""
    size = font_size(large)
    values = counts.to_numpy(dtype=float)
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=[f"{rating}<br>{RATING_WORDS[rating]}" for rating in RATING_SCALE],
            y=[_wrapped(label, 28) for label in safe_labels(counts.index)],
            text=[[str(int(value)) if value else "" for value in row] for row in values],
            texttemplate="%{text}",
            textfont={"size": size + 4},
            hovertemplate="%{y}<br>%{x}: %{z} people<extra></extra>",
            zmin=0,
            colorscale=[[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
            showscale=False,
            xgap=3,
            ygap=3,
        )
    )
    return legible(
        figure, large, height=90 + (54 if large else 46) * max(len(counts), 1),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"side": "top", "tickangle": 0},
        yaxis={"autorange": "reversed"},
    )  # fmt: skip


def vote_figure(spread: pd.DataFrame, large: bool) -> go.Figure:
    """Every option's votes as bars, the share written on each: the whole spread, not only the winner."""
    figure = go.Figure(
        go.Bar(
            x=spread["votes"],
            y=[_wrapped(label, 24) for label in safe_labels(spread["label"])],
            orientation="h",
            text=[f"{votes} ({share:.0%})" for votes, share in zip(spread["votes"], spread["share"], strict=True)],
            textposition="outside",
            textfont={"size": font_size(large) + 2},
            marker_color="#0b5cad",
            cliponaxis=False,
        )
    )
    most = int(spread["votes"].max()) if len(spread) else 0
    return legible(
        figure, large, height=100 + (80 if large else 60) * len(spread), margin={"l": 10, "r": 90, "t": 10, "b": 10},
        yaxis={"autorange": "reversed"},
        xaxis={
            "title": {"text": "Votes"},
            "dtick": 1 if most < 12 else None, "range": [0, max(most, 1) * 1.15],
        },
    )  # fmt: skip


def link_figure(strengths: pd.DataFrame, large: bool) -> go.Figure:
    """Each link's mean strength as a bar with the room's spread as a whisker, most disputed first."""
    labels = [
        _wrapped(f"{cause} → {effect}", 34)
        for cause, effect in zip(safe_labels(strengths["cause"]), safe_labels(strengths["effect"]), strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=strengths["mean"],
            y=labels,
            orientation="h",
            error_x={"type": "data", "array": strengths["std"].fillna(0), "color": INK, "thickness": 2},
            text=[f"{mean:.2f} ({n})" for mean, n in zip(strengths["mean"], strengths["n"], strict=True)],
            textposition="inside",
            insidetextanchor="start",
            marker_color="#6baed6",
        )
    )
    return legible(
        figure, large, height=100 + (70 if large else 50) * max(len(strengths), 1),
        margin={"l": 10, "r": 30, "t": 10, "b": 10},
        yaxis={"autorange": "reversed"},
        xaxis={
            "title": {"text": "Mean strength, 0 none to 1 very strong (whisker: spread)"},
            "range": [0, 1.15],
        },
    )  # fmt: skip


_CRITERION_COLOURS = {"interest": "#0b5cad", "influence": "#e07b00", "assets": "#2a9d4b"}


def partner_scores_figure(scores: pd.DataFrame, large: bool) -> go.Figure:
    """Each candidate's mean interest, influence and assets (1-5) side by side, best total first."""
    labels = [_wrapped(label, 26) for label in safe_labels(scores["partner"])]
    figure = go.Figure(
        [
            go.Bar(
                x=scores[criterion], y=labels, orientation="h", name=SCORE_CRITERIA[criterion].split()[0],
                marker_color=_CRITERION_COLOURS[criterion],
                text=[f"{value:.1f}" if pd.notna(value) else "" for value in scores[criterion]], textposition="inside",
            )
            for criterion in SCORE_CRITERIA
        ]
    )  # fmt: skip
    return legible(
        figure, large, barmode="group", height=120 + (110 if large else 80) * max(len(scores), 1),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
        yaxis={"autorange": "reversed"},
        xaxis={"range": [0, 5.2], "dtick": 1, "title": {"text": "Room's mean, 1-5"}},
    )  # fmt: skip
