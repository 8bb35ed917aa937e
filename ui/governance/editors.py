"""Keys of step 4's editors, and how to give them fresh ones after a change elsewhere."""

from __future__ import annotations

import streamlit as st

__all__ = ["RACI_GENERATION", "fresh_editors"]

RACI_GENERATION = "raci_generation"


def fresh_editors(*generation_keys: str) -> None:
    """Give editors new keys so no half-made edit is laid over changed data."""
    for key in generation_keys:
        st.session_state[key] = st.session_state.get(key, 0) + 1
