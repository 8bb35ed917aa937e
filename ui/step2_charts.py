"""Plotly figures of step 2, sized for a wall screen. Drawing only: the numbers come from core."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from core.model import EvidenceKind

__all__ = ["coverage_by_factor_figure", "coverage_by_kind_figure", "heatmap_figure"]

FONT = 16
KIND_COLOURS = {
    EvidenceKind.INTERNAL.value: "#1f5f8b",
    EvidenceKind.EXTERNAL.value: "#6aa84f",
    EvidenceKind.QUALITATIVE.value: "#e69138",
}


def _label(text: object, width: int = 22) -> str:
    """User text made safe for plotly's HTML-like labels, wrapped onto short lines."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(str(text), width) or [""])


def heatmap_figure(matrix: pd.DataFrame, presenting: bool = False) -> go.Figure:
    """Participants by causes, coloured by rating 1-5; columns in the order given (most disputed first)."""
    font = FONT + (6 if presenting else 0)
    values = matrix.to_numpy(dtype=float)
    text = [["" if pd.isna(value) else f"{value:g}" for value in row] for row in values]
    hover = [
        [
            f"{html.escape(str(person))}<br>{html.escape(str(cause))}: "
            + ("not rated" if pd.isna(value) else f"{value:g}")
            for cause, value in zip(matrix.columns, row, strict=True)
        ]
        for person, row in zip(matrix.index, values, strict=True)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=[_label(cause, 13) for cause in matrix.columns],
            y=[_label(person, 34) for person in matrix.index],
            text=text,
            texttemplate="%{text}",
            textfont={"size": font + 2},
            hovertext=hover,
            hoverinfo="text",
            zmin=1,
            zmax=5,
            colorscale=[[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
            colorbar={"title": {"text": "Rating"}, "tickvals": [1, 2, 3, 4, 5], "tickfont": {"size": font}},
            xgap=3,
            ygap=3,
        )
    )
    figure.update_layout(
        height=160 + 62 * max(len(matrix.index), 1),
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        font={"size": font},
        xaxis={"side": "top", "tickangle": 0, "tickfont": {"size": font - 1}},
        yaxis={"autorange": "reversed", "tickfont": {"size": font - 1}},
    )
    return figure


def coverage_by_kind_figure(by_kind: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=by_kind["items"],
            y=by_kind["label"],
            orientation="h",
            marker_color=[KIND_COLOURS[kind] for kind in by_kind["kind"]],
            text=by_kind["items"],
            textposition="auto",
        )
    )
    figure.update_layout(
        height=220,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": FONT},
        yaxis={"autorange": "reversed", "tickfont": {"size": FONT}},
    )
    figure.update_xaxes(title="Evidence items", dtick=1 if by_kind["items"].max() <= 10 else None)
    return figure


def coverage_by_factor_figure(by_factor: pd.DataFrame) -> go.Figure:
    """Stacked bars of evidence per factor; central factors are starred."""
    names = [
        ("★ " if central else "") + html.escape(str(name)) for name, central in by_factor[["factor", "central"]].values
    ]
    figure = go.Figure(
        [
            go.Bar(
                x=by_factor[kind.value],
                y=names,
                orientation="h",
                name=kind.label,
                marker_color=KIND_COLOURS[kind.value],
            )
            for kind in EvidenceKind
        ]
    )
    figure.update_layout(
        barmode="stack",
        height=120 + 30 * max(len(by_factor), 1),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"size": FONT - 2},
        yaxis={"autorange": "reversed", "tickfont": {"size": FONT - 2}},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
    )
    figure.update_xaxes(title="Evidence items")
    return figure
