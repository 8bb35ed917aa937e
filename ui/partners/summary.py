"""The answer first: who ranks highest and how long the short list is."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from ui.partners.data import PartnersData

__all__ = ["name_list", "top_line"]


def name_list(names: pd.Series | list[str], limit: int = 6) -> str:
    """Up to ``limit`` names, escaped for Markdown, then 'and N more'."""
    names = list(names)
    items = [escape_markdown(str(name)) for name in names[:limit]]
    more = len(names) - limit
    return ", ".join(items) + (f" and {more:,} more" if more > 0 else "") if items else "nobody yet"


def top_line(data: PartnersData) -> None:
    """The top candidates and the short list size, above the tabs."""
    if data.scored.empty:
        st.info("No candidates yet. Import a stakeholder list or add rows in the Long list tab.")
        return
    st.markdown(
        f"**Top candidates:** {name_list(data.scored['name'], 5)}. "
        f"**Short list:** {len(data.chosen):,} of {len(data.scored):,}."
    )
