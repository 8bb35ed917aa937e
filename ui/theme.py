"""Look and feel, including presentation mode for wall screens."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_ASSETS = Path(__file__).resolve().parents[1] / "assets"


def apply(presenting: bool) -> None:
    """Inject the base style, and the projector style when presenting."""
    css = (_ASSETS / "base.css").read_text(encoding="utf-8")
    if presenting:
        css += (_ASSETS / "presentation.css").read_text(encoding="utf-8")
    st.html(f"<style>{css}</style>")


def apply_phone() -> None:
    """The participant's view of a live room: one column, big touch targets, no app chrome."""
    css = (_ASSETS / "base.css").read_text(encoding="utf-8") + (_ASSETS / "phone.css").read_text(encoding="utf-8")
    st.html(f"<style>{css}</style>")
