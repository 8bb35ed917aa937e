"""The score weights: three sliders that rerank the whole page.

They are kept for the session and never saved, so they sit outside a form
and every nudge reranks at once.
"""

from __future__ import annotations

import streamlit as st

from core.partners.scoring import Weights
from ui import state

__all__ = ["weights_control"]

_WEIGHTS_KEY = "step3_weights"


def weights_control() -> Weights:
    """Three sliders for the lens weights (kept for the session)."""
    saved = st.session_state.get(_WEIGHTS_KEY, (1.0, 1.0, 1.0))
    if state.presenting():  # the room sees what the ranking weighs, not the sliders
        total = sum(saved) or 1.0
        interest, influence, assets = (round(100 * weight / total) for weight in saved)
        st.caption(f"Ranked by interest {interest}%, influence {influence}%, assets the group lacks {assets}%.")
        return Weights(*saved)
    with st.expander("Score weights", icon=":material/tune:"):
        st.caption("Only the ratios matter: the weights are divided by their sum.")
        left, middle, right = st.columns(3)
        interest = left.slider("Interest", 0.0, 3.0, saved[0], 0.25, key="w_interest")
        influence = middle.slider("Influence", 0.0, 3.0, saved[1], 0.25, key="w_influence")
        assets = right.slider("Assets (what the group lacks)", 0.0, 3.0, saved[2], 0.25, key="w_assets")
    if interest + influence + assets <= 0:
        st.warning("All weights are zero; using equal weights.")
        interest = influence = assets = 1.0
    st.session_state[_WEIGHTS_KEY] = (interest, influence, assets)
    return Weights(interest, influence, assets)
