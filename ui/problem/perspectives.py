"""The Perspectives tab: who rates which root cause how, the most disputed first, and rating entry."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.problem import perspectives
from core.problem.statement import causes_for_builder
from core.records import validate
from core.store import Store, Table
from ui import chart, state
from ui.editor import editor_key, fresh_editor, record_table
from ui.problem.charts import heatmap_figure
from ui.problem.data import ProblemData
from ui.problem.imports import ratings_import
from ui.problems import show_problems
from ui.table import show_table

__all__ = ["show", "show_heatmap"]

NEW_PARTICIPANT = "New participant…"

_SPREAD_COLUMNS = {
    "cause": st.column_config.TextColumn("Root cause"),
    "n": st.column_config.NumberColumn("Raters"),
    "mean": st.column_config.NumberColumn("Mean", format="%.2f"),
    "std": st.column_config.ProgressColumn("Spread (std)", min_value=0, max_value=2, format="%.2f"),
    "low": st.column_config.NumberColumn("Lowest"),
    "high": st.column_config.NumberColumn("Highest"),
    "range": st.column_config.NumberColumn("Range"),
    "agreement": st.column_config.TextColumn("Agreement"),
}


def show_heatmap(data: ProblemData, large: bool, key: str) -> None:
    """The takeaway, then participants by causes coloured by rating, most disputed cause first."""
    st.subheader(escape_markdown(perspectives.takeaway(data.spread)))
    if data.spread.empty:
        return
    matrix = perspectives.ratings_matrix(data[Table.RATINGS], data.spread["cause"])
    chart.show(heatmap_figure(matrix, large), name="root_cause_ratings", key=key)


def show(store: Store, partnership_id: int, data: ProblemData) -> None:
    presenting = state.presenting()
    show_heatmap(data, presenting, key="step2_heatmap")
    spread = data.spread
    if not spread.empty:
        st.markdown("**Agreement per root cause**, most disputed first (spread = standard deviation of the room)")
        show_table(spread, _SPREAD_COLUMNS)
    if presenting:
        return
    st.markdown("#### Type ratings during the workshop")
    causes = causes_for_builder(data.factor_names, spread)
    _participant_entry(store, partnership_id, data[Table.RATINGS], causes)
    with st.expander("All ratings as a table"):
        record_table(store, partnership_id, Table.RATINGS, data[Table.RATINGS])
    participants = list(data[Table.RATINGS]["participant"].dropna().unique())
    ratings_import(store, partnership_id, causes, participants)


def _participant_entry(store: Store, partnership_id: int, ratings: pd.DataFrame, causes: list[str]) -> None:
    """One participant's ratings as a short sheet: pick or name them, rate each cause, save."""
    known = list(dict.fromkeys(ratings["participant"].dropna()))
    left, right = st.columns([3, 3])
    choice = left.selectbox("Participant", [*known, NEW_PARTICIPANT], key="rate_participant", persist_state="page")
    name = (
        right.text_input("Name of the new participant", key="rate_new_name", persist_state="page")
        if choice == NEW_PARTICIPANT
        else choice
    )
    mine = ratings[ratings["participant"] == name].set_index("cause")["rating"] if name else pd.Series(dtype=float)
    sheet = pd.DataFrame({"cause": pd.Series(causes, dtype="string"), "rating": [mine.get(c) for c in causes]})
    sheet["rating"] = pd.to_numeric(sheet["rating"], errors="coerce").astype("Float64")
    slot = f"rate_sheet_{partnership_id}_{name}"  # a slot: the tab keeps running while it holds typed ratings
    edited = st.data_editor(
        sheet,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=editor_key(slot),
        column_config={
            "cause": st.column_config.TextColumn("Root cause (add a row to type one in)"),
            "rating": st.column_config.NumberColumn("Rating 1-5 (blank = not rated)", min_value=1, max_value=5, step=1),
        },
        placeholder="",
    )
    if st.button("Save this participant's ratings", key="rate_save", type="primary"):
        if not name or not str(name).strip():
            st.error("Name the participant first.")
            return
        merged = perspectives.replace_participant(ratings, name, edited)
        problems = validate(merged, Table.RATINGS)
        if problems:
            show_problems([found.describe() for found in problems])
            return
        store.replace(partnership_id, Table.RATINGS, merged, reason=f"saving the ratings of {name}", based_on=ratings)
        fresh_editor(slot)
        state.flash(f"Saved the ratings of {name}")
        st.rerun()
