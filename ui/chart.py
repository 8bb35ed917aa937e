"""The one chart style: type a room can read, the same on every page.

Streamlit's chart theme shrinks axis labels and legends; every plotly figure
goes through :func:`legible` so its text is large, and larger on the wall.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import images
from ui.state import FRAME_KEYS

__all__ = ["INK", "SIZE", "WALL_SIZE", "font_size", "legible", "mark", "safe_labels", "shared_figure", "show"]

SIZE = 16
"""Chart text at a desk."""

WALL_SIZE = 20
"""Chart text in presentation mode."""

INK = "#111"
"""Chart text colour: Streamlit's theme draws axis text grey, which does not carry to the back of a room."""


def font_size(large: bool) -> int:
    return WALL_SIZE if large else SIZE


def legible(figure: go.Figure, large: bool, **layout: object) -> go.Figure:
    """Large black type on the layout, legend, axis ticks and axis titles, over ``layout``.

    One layout update, not ``update_xaxes``/``update_yaxes``: plotly validates on
    every call, and the three calls cost 2.5x as much. Figures with more than one
    pair of axes style the others themselves.
    """
    if layout:  # first: an axis title given as a string replaces the axis' whole title, its font too
        figure.update_layout(**layout)
    font = {"size": font_size(large), "color": INK}
    axis = {"tickfont": font, "title": {"font": font}, "automargin": True}
    figure.layout.update({"font": font, "legend": {"font": font}, "xaxis": axis, "yaxis": axis})
    return figure


def mark(figure: go.Figure, x: float, text: str, **line: object) -> None:
    """A vertical line at ``x`` named above the plot, where no bar or bar text can run into its name.

    The figure needs a top margin of about 50 px for the name.
    """
    above = {"y": 1, "yref": "paper", "yanchor": "bottom", "xanchor": "center", "showarrow": False, "text": text}
    figure.add_vline(x=x, annotation=above, **line)


def safe_labels(values: object) -> list[str]:
    """User text for plotly labels, shown exactly as typed; blanks become ''.

    Plotly reads a subset of HTML in labels: tags (``<b>``, ``<a href>``) and
    entities (``&amp;``). Escaping ``&``, ``<`` and ``>`` keeps user text from
    being read as either. Quotes stay as they are: outside a tag they mean
    nothing to plotly, and it does not know ``&quot;`` (it would show literally).

    Parameters
    ----------
    values : iterable
        The texts; missing values (None, NaN, NA) become ''.

    Returns
    -------
    list of str
        One label per value, ready for plotly's ``text``, ``hovertext``, ticks or titles.
    """
    return [html.escape(str(value), quote=False) if pd.notna(value) else "" for value in values]


shared_figure = st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=FRAME_KEYS)
"""Decorator for a figure builder: one figure per distinct input, shared by every rerun.

Plotly validates a figure while it is built (10-30 ms a chart on this kind of
machine), so a page of charts rebuilt on every click cannot answer in a blink.
The figure object itself is kept (``cache_resource``: no copy, no re-validation);
builders return new figures and nothing changes one after it is returned.
"""


def show(figure: go.Figure, *, name: str, key: str, target: object = st, **options: object) -> None:
    """A chart on the page and, at a desk, "Save image" under it: PNG, SVG or PDF, made when clicked.

    ``name`` names the saved file; ``options`` go to ``st.plotly_chart`` (``width="stretch"``).
    """
    target.plotly_chart(figure, key=key, config={"displaylogo": False}, **options)
    images.save_buttons(lambda: figure, name, key, target)
