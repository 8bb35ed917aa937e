"""Charts and maps as print-quality files: PNG (3,000 px wide), SVG and PDF, made offline.

Plotly draws; kaleido renders through the Chromium installed with Keystone
(``./keystone setup``), so nothing is fetched from the network. Files are made
when asked for, never on a rerun. The first render starts one kaleido browser
for the process (about 2 s); later ones take about 0.25 s. Kaleido's shared
browser answers one caller at a time and hands results back in the order they
come, so renders from several sessions take turns (``_RENDERING``).
"""

from __future__ import annotations

import os
import shutil
import threading
import warnings
from collections.abc import Callable
from enum import StrEnum

import kaleido
import plotly.graph_objects as go
import streamlit as st

from core.conventions import file_stem
from ui import state

__all__ = [
    "OFFLINE_PAGE",
    "PNG_SCALE",
    "PRINT_HEIGHT",
    "PRINT_WIDTH",
    "ImageFormat",
    "ImagesUnavailable",
    "available",
    "render",
    "save_buttons",
]

PRINT_WIDTH = 1500
"""A printed figure's width in CSS pixels: type sized for a screen reads well at A4 and on a slide."""

PRINT_HEIGHT = 900
"""The height used when a figure sets none (plotly's default of 450 is a sliver at print width)."""

PNG_SCALE = 2
"""PNG pixels per CSS pixel: 1,500 x 2 = 3,000 px wide, sharp on a poster or a 4K projector."""

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
_RENDERING = threading.Lock()

OFFLINE_PAGE = kaleido.PageGenerator(mathjax=False)
"""The page kaleido draws in: plotly.js from the installed plotly package, and no MathJax, which kaleido
would otherwise load from a CDN (we write no TeX in charts)."""


class ImageFormat(StrEnum):
    """The file kinds a chart or map can be saved as."""

    PNG = "png"
    SVG = "svg"
    PDF = "pdf"

    @property
    def mime(self) -> str:
        return {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}[self.value]

    @property
    def label(self) -> str:
        return {"png": "PNG (3,000 px)", "svg": "SVG (vector)", "pdf": "PDF (vector)"}[self.value]


class ImagesUnavailable(RuntimeError):
    """No Chromium to render with; the message says how to install it."""


def available() -> bool:
    """Whether a Chromium that kaleido can use is installed (kaleido honours ``BROWSER_PATH`` too)."""
    return bool(os.environ.get("BROWSER_PATH")) or any(shutil.which(name) for name in _BROWSERS)


def render(figure: go.Figure, image_format: ImageFormat, width: int = PRINT_WIDTH, height: int | None = None) -> bytes:
    """The figure as a file, on a white page with black type, ``width`` CSS pixels wide.

    The figure is copied, never changed: figures are shared between reruns
    (:data:`ui.chart.shared_figure`). A figure without a height gets
    :data:`PRINT_HEIGHT`; a PNG is :data:`PNG_SCALE` times larger.

    Raises
    ------
    ImagesUnavailable
        When no Chromium is installed.
    """
    if not available():
        raise ImagesUnavailable("Images are drawn by Chromium, which is not installed here: run ./keystone setup.")
    printed = go.Figure(figure)
    printed.update_layout(template="plotly_white", paper_bgcolor="white")
    height = height or printed.layout.height or PRINT_HEIGHT
    scale = PNG_SCALE if image_format is ImageFormat.PNG else 1
    with _RENDERING, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "kopts ignored with a server": we pass none of our own
        kaleido.start_sync_server(page_generator=OFFLINE_PAGE, silence_warnings=True)  # once per process
        try:
            return printed.to_image(format=image_format.value, width=width, height=height, scale=scale)
        except Exception:
            kaleido.stop_sync_server(silence_warnings=True)  # a browser that failed once starts afresh next time
            raise


def save_buttons(build: Callable[[], go.Figure], name: str, key: str, target: object = st) -> None:
    """At a desk, "Save image" with a PNG, an SVG and a PDF of a chart, each made only when clicked.

    ``build`` gives the figure (a cached figure, or one built for print);
    ``name`` is the file name without its suffix. Hidden on the wall.
    """
    if state.presenting():
        return
    menu = target.popover("Save image", icon=":material/image:", key=f"images_{key}")
    if not available():
        menu.caption("Images are drawn by Chromium, which is not installed here: `./keystone setup` installs it.")
        return
    for image_format in ImageFormat:
        menu.download_button(
            image_format.label,
            lambda image_format=image_format: render(build(), image_format),
            file_name=f"{file_stem(name)}.{image_format.value}",  # names can hold an indicator's text
            mime=image_format.mime,
            key=f"image_{key}_{image_format.value}",
            on_click="ignore",
        )
