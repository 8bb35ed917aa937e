"""The Types & levers tab: partner types side by side, and which levers the short list holds."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.model import Lever
from core.partners.scored_list import TYPE_PROFILES, lever_coverage
from ui.partners.data import PartnersData
from ui.table import show_table

__all__ = ["show"]


def show(data: PartnersData) -> None:
    scored, chosen = data.scored, data.chosen
    kinds = scored["type"].astype("string").fillna("")
    chosen_kinds = chosen["type"].astype("string").fillna("") if not chosen.empty else pd.Series([], dtype="string")
    profiles = pd.DataFrame(
        [
            {
                "partner type": kind.label,
                "long list": int((kinds == kind.value).sum()),
                "short list": int((chosen_kinds == kind.value).sum()),
                "strengths": strengths,
                "challenges": challenges,
            }
            for kind, (strengths, challenges) in TYPE_PROFILES.items()
        ]
    )
    st.subheader("Partner types side by side")
    show_table(profiles)
    st.subheader("Short list by lever")
    matrix = lever_coverage(chosen if not chosen.empty else scored)
    holders = matrix.sum()
    missing = [name for name, count in holders.items() if count == 0]
    if missing:
        st.warning(f"Nobody controls: {', '.join(missing)}")
    else:
        st.success("Every lever has at least one holder: " + ", ".join(f"{k} {v}" for k, v in holders.items()))
    show_table(
        matrix.reset_index(),
        {lever.label: st.column_config.CheckboxColumn(lever.label) for lever in Lever},
    )
