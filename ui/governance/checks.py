"""The checks under each governance table: every problem as a bullet, or a word that all is well."""

from __future__ import annotations

import streamlit as st

from ui.problems import bullets

__all__ = ["warn_all"]


def warn_all(messages: list[str], ok: str, empty: str | None = None) -> None:
    """Each problem as a bullet; ``ok`` when there are none (``empty`` when there is nothing to check)."""
    if empty:
        st.info(empty)
    elif not messages:
        st.success(ok)
    else:
        st.warning(bullets(messages, limit=len(messages)))  # a check hides nothing: every problem is listed
