"""The one chart style: type a room can read, the same on every page.

Streamlit's chart theme shrinks axis labels and legends; every plotly figure
goes through :func:`legible` so its text is large, and larger on the wall.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

__all__ = ["SIZE", "WALL_SIZE", "font_size", "legible", "safe_labels"]

SIZE = 16
"""Chart text at a desk."""

WALL_SIZE = 20
"""Chart text in presentation mode."""


def font_size(large: bool) -> int:
    return WALL_SIZE if large else SIZE


def legible(figure: go.Figure, large: bool, **layout: object) -> go.Figure:
    """Large type on the layout, legend, axis ticks and axis titles; ``layout`` applied last."""
    font = {"size": font_size(large)}
    figure.update_layout(font=font, legend={"font": font})
    figure.update_layout(**layout)
    figure.update_xaxes(tickfont=font, title_font=font)
    figure.update_yaxes(tickfont=font, title_font=font, automargin=True)
    return figure


def safe_labels(values: object) -> list[str]:
    """User text for plotly labels, which read a subset of HTML; blanks become ''."""
    return [html.escape(str(value)) if pd.notna(value) else "" for value in values]
