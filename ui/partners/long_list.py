"""The Long list tab: every candidate scored, best first, and the editor of candidates."""

from __future__ import annotations

import streamlit as st

from core.across.readable import header
from core.partners.scored_list import FORMATS, HEADERS
from core.store import Store, Table
from ui import state
from ui.editor import record_table
from ui.partners.data import PartnersData
from ui.table import show_table

__all__ = ["show"]

_COLUMNS = ["rank", "name", "type", "score", "interest", "influence", "complementarity", "levers",
            "value_chain", "quadrant", "salience", "shortlisted"]  # fmt: skip


def show(store: Store, partnership_id: int, data: PartnersData) -> None:
    scored = data.scored
    show_table(
        scored[[column for column in _COLUMNS if column in scored]],
        {
            **{column: header(column, HEADERS) for column in _COLUMNS},  # as the exported files say them
            "score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100, format=FORMATS["score"]),
            "complementarity": st.column_config.NumberColumn(
                HEADERS["complementarity"], format=FORMATS["complementarity"]
            ),
            "shortlisted": st.column_config.CheckboxColumn(HEADERS["shortlisted"]),
        },
        wall=["rank", "name", "type", "score", "interest", "influence", "shortlisted"],
    )
    st.caption(
        "Score = weighted mean of interest, influence and assets (0-100). Assets counts what the candidate "
        "brings that the short list lacks: missing levers, a new value-chain position, new asset tags."
    )
    if not state.presenting():
        with st.expander("Edit candidates", icon=":material/edit:"):
            record_table(store, partnership_id, Table.ACTORS, data.actors)
