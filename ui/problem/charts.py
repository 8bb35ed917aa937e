"""Plotly figures of step 2 in the one chart style of :mod:`ui.chart`. Drawing only: the numbers come from core."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from core.model import EvidenceKind
from ui.chart import font_size, legible, safe_labels, shared_figure

__all__ = ["coverage_by_factor_figure", "coverage_by_kind_figure", "heatmap_figure"]

KIND_COLOURS = {
    EvidenceKind.INTERNAL.value: "#1f5f8b",
    EvidenceKind.EXTERNAL.value: "#6aa84f",
    EvidenceKind.QUALITATIVE.value: "#e69138",
}


def _wrapped(text: object, width: int) -> str:
    """User text made safe for plotly's labels, wrapped onto short lines (long causes crowd the top axis)."""
    return "<br>".join(safe_labels(textwrap.wrap(str(text), width) or [""]))


def _short_name(person: object) -> str:
    """A participant as a column heads them: the words before the first comma ("Asha R., secretary" -> "Asha R.")."""
    return str(person).split(",")[0].strip() or str(person)


@shared_figure
def heatmap_figure(matrix: pd.DataFrame, large: bool = False) -> go.Figure:
    """Causes by participants, coloured by rating 1-5; causes in the order given (most disputed on top).

    ``matrix`` holds a row per participant and a column per cause. Causes are drawn as rows: their
    names have the width of the chart to wrap in, where eight cause names side by side collided.
    Participants head the columns by their short name; hover gives the full one.
    """
    size = font_size(large)
    values = matrix.to_numpy(dtype=float).T
    text = [["" if pd.isna(value) else f"{value:g}" for value in row] for row in values]
    hover = [
        [
            f"{safe_labels([person])[0]}<br>{safe_labels([cause])[0]}: "
            + ("not rated" if pd.isna(value) else f"{value:g}")
            for person, value in zip(matrix.index, row, strict=True)
        ]
        for cause, row in zip(matrix.columns, values, strict=True)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=[_wrapped(_short_name(person), 10) for person in matrix.index],
            y=[_wrapped(cause, 26) for cause in matrix.columns],
            text=text,
            texttemplate="%{text}",
            textfont={"size": size + 2},
            hovertext=hover,
            hoverinfo="text",
            zmin=1,
            zmax=5,
            colorscale=[[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
            colorbar={
                "title": {"text": "Rating", "side": "right"},
                "tickvals": [1, 2, 3, 4, 5],
                "tickfont": {"size": size},
            },
            xgap=3,
            ygap=3,
        )
    )
    return legible(
        figure,
        large,
        height=160 + 62 * max(len(matrix.columns), 1),
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        xaxis={"side": "top", "tickangle": 0},
        yaxis={"autorange": "reversed"},
    )


@shared_figure
def coverage_by_kind_figure(by_kind: pd.DataFrame, large: bool = False) -> go.Figure:
    """Evidence items per kind (internal, external, qualitative)."""
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
    figure.update_xaxes(title="Evidence items", dtick=1 if by_kind["items"].max() <= 10 else None)
    return legible(
        figure, large, height=220, margin={"l": 10, "r": 10, "t": 10, "b": 10}, yaxis={"autorange": "reversed"}
    )


@shared_figure
def coverage_by_factor_figure(by_factor: pd.DataFrame, large: bool = False) -> go.Figure:
    """Stacked bars of evidence per factor; central factors are starred."""
    names = [
        ("★ " if central else "") + label
        for label, central in zip(safe_labels(by_factor["factor"]), by_factor["central"], strict=True)
    ]
    figure = go.Figure()
    for kind in EvidenceKind:
        figure.add_bar(
            x=by_factor[kind.value], y=names, orientation="h", name=kind.label, marker_color=KIND_COLOURS[kind.value]
        )
    figure.update_xaxes(title="Evidence items")
    return legible(
        figure,
        large,
        barmode="stack",
        height=120 + 30 * max(len(by_factor), 1),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
    )
