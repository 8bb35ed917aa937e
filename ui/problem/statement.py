"""The Problem statement tab: the current statement, a guided builder, and every saved version compared."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.problem import statement as problem
from core.store import Store, Table
from ui import state
from ui.problem.data import ProblemData
from ui.table import show_table

__all__ = ["show"]


def show(store: Store, partnership_id: int, data: ProblemData) -> None:
    statements = data[Table.STATEMENTS]
    newest = problem.latest(statements)
    if newest is not None:
        st.markdown(f"**Current statement** (version {int(newest['version'])}, saved {_when(newest['saved_at'])})")
        st.info(escape_markdown(newest["text"]))
    else:
        st.info("No statement saved yet. Answer the questions below, compose, edit and save.")
    if not state.presenting():
        _builder(store, partnership_id, data, newest)
    _versions(statements)


def _when(value: object) -> str:
    return "–" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def _builder(store: Store, partnership_id: int, data: ProblemData, newest: pd.Series | None) -> None:
    """Who, what, where, root causes and why now; compose a draft, edit it, save it as a new version."""
    parts = problem.parts_from_json(None if newest is None else newest["parts"])
    options = problem.causes_for_builder(data.factor_names, data.spread)
    options += [cause for cause in parts.root_causes if cause not in options]
    st.markdown("#### Build the statement")
    with st.container(border=True):
        left, right = st.columns(2)
        affected = left.text_input("Who is affected?", parts.affected, key="sb_affected", persist_state="page")
        where = right.text_input("Where?", parts.where, key="sb_where", persist_state="page")
        what = st.text_input("What happens to them?", parts.what, key="sb_what", persist_state="page")
        causes = st.multiselect(
            "Root causes (from the map and the ratings, most disputed first)",
            options,
            default=parts.root_causes,
            key="sb_causes",
            persist_state="page",
        )
        why_now = st.text_input("Why now?", parts.why_now, key="sb_why", persist_state="page")
        new_parts = problem.StatementParts(affected, what, where, causes, why_now)
        draft_key = f"statement_draft_{partnership_id}"
        if st.button("Compose statement from the answers", key="sb_compose"):
            st.session_state[draft_key] = problem.compose(new_parts)
        st.session_state.setdefault(draft_key, "" if newest is None else str(newest["text"]))
        text = st.text_area("Problem statement (edit freely)", key=draft_key, height=150, persist_state="page")
        if st.button("Save as a new version", key="sb_save", type="primary"):
            row, problems = problem.add_version(data[Table.STATEMENTS], text, new_parts, pd.Timestamp.now())
            if problems:
                st.error("Not saved: " + "; ".join(found.message for found in problems) + ".")
                return
            store.upsert(partnership_id, Table.STATEMENTS, row)
            state.flash(f"Saved version {int(row['version'].iloc[0])} of the problem statement")
            st.rerun()


def _versions(statements: pd.DataFrame) -> None:
    """Every saved version, newest first, and a word-by-word comparison of any two."""
    if statements.empty:
        return
    st.markdown("#### Versions")
    ordered = statements.sort_values("version", ascending=False, kind="stable")
    show_table(
        ordered[["version", "saved_at", "text"]],
        {
            "version": st.column_config.NumberColumn("Version"),
            "saved_at": st.column_config.DatetimeColumn("Saved", format="YYYY-MM-DD HH:mm"),
            "text": st.column_config.TextColumn("Statement", width="large"),
        },
    )
    numbers = [int(v) for v in ordered["version"]]
    if len(numbers) < 2:
        return
    left, right = st.columns(2)
    old = left.selectbox("Compare version", numbers, index=1, key=f"diff_old_{numbers[0]}")
    new = right.selectbox("with version", numbers, index=0, key=f"diff_new_{numbers[0]}")
    text_of = dict(zip(numbers, ordered["text"].astype(str), strict=True))
    st.markdown(_diff_markdown(problem.diff_words(text_of[old], text_of[new])))
    st.caption("Red, struck through: removed. Green, bold: added.")


def _diff_markdown(runs: list[tuple[problem.DiffOp, str]]) -> str:
    pieces = []
    for op, text in runs:
        safe = escape_markdown(text)
        if op is problem.DiffOp.DELETE:
            pieces.append(f":red[~~{safe}~~]")
        elif op is problem.DiffOp.INSERT:
            pieces.append(f":green[**{safe}**]")
        else:
            pieces.append(safe)
    return " ".join(pieces) if pieces else "The two versions are the same."
