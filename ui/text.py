"""User text made safe to show in Streamlit elements that render markdown."""

from __future__ import annotations

__all__ = ["escape_markdown"]

_MARKDOWN_SPECIALS = str.maketrans({char: "\\" + char for char in "\\`*_{}[]()#+-.!|<>~$:"})


def escape_markdown(text: str) -> str:
    """User text made inert for ``st.markdown`` (no links, images or HTML)."""
    return str(text).translate(_MARKDOWN_SPECIALS)
