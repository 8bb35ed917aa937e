"""The Fact base tab: evidence by kind and by factor, coverage warnings, a filterable table and import."""

from __future__ import annotations

import streamlit as st

from core.conventions import escape_markdown
from core.model import EvidenceKind, split_list
from core.problem import factbase
from core.store import Store, Table
from ui import chart, state
from ui.editor import record_table
from ui.problem.charts import coverage_by_factor_figure, coverage_by_kind_figure
from ui.problem.data import ProblemData
from ui.problem.imports import evidence_import
from ui.table import show_table

__all__ = ["show"]


def show(store: Store, partnership_id: int, data: ProblemData) -> None:
    evidence = data[Table.EVIDENCE]
    presenting = state.presenting()
    by_kind, gaps = data.by_kind, data.gaps
    counts = ", ".join(f"{row['items']} {row['kind']}" for _, row in by_kind.iterrows())
    st.subheader(f"{len(evidence)} evidence items: {counts}")
    for gap in gaps:
        st.warning(escape_markdown(gap.message), icon="⚠️")
    if not gaps:
        st.success("All three kinds of evidence are present and every central factor of the causal map has evidence.")
    left, right = st.columns([2, 3])
    with left:
        st.markdown("**By kind**")
        chart.show(coverage_by_kind_figure(by_kind, presenting), name="evidence_by_kind", key="coverage_kind")
    with right:
        st.markdown("**By factor** (★ central in the causal map)")
        by_factor = data.by_factor
        if by_factor.empty:
            st.info("The causal map of step 1 has no factors yet.")
        else:
            figure = coverage_by_factor_figure(by_factor, presenting)
            chart.show(figure, name="evidence_by_factor", key="coverage_factor")
    st.markdown("#### Evidence")
    _evidence_table(store, partnership_id, data)
    if not presenting:
        evidence_import(store, partnership_id)


def _evidence_table(store: Store, partnership_id: int, data: ProblemData) -> None:
    """Filters by kind, factor, actor and text; the full table is the editable one."""
    evidence = data[Table.EVIDENCE]
    factor_names = sorted({*data.centrality["factor"], *(n for cell in evidence["factors"] for n in split_list(cell))})
    actor_names = sorted({*data.actor_names, *(n for cell in evidence["actors"] for n in split_list(cell))})
    columns = st.columns([2, 3, 3, 3])
    kinds = columns[0].multiselect(
        "Kind",
        [kind.value for kind in EvidenceKind],
        format_func=lambda v: EvidenceKind(v).label,
        key="ev_kinds",
        persist_state="page",
    )
    factors = columns[1].multiselect("Factor", factor_names, key="ev_factors", persist_state="page")
    actors = columns[2].multiselect("Actor", actor_names, key="ev_actors", persist_state="page")
    text = columns[3].text_input("Search statement or source", key="ev_text", persist_state="page")
    if kinds or factors or actors or text.strip():
        shown = factbase.filter_evidence(evidence, kinds, factors, actors, text)
        st.caption(f"{len(shown)} of {len(evidence)} items match. Clear the filters to edit.")
        show_table(shown)
    else:
        record_table(store, partnership_id, Table.EVIDENCE, evidence)
