"""Step 2 drawing: fact base, perspectives, problem statement, outcomes, export.

Every number shown comes from :mod:`core.problem.factbase`, :mod:`core.problem.perspectives`,
:mod:`core.problem.statement` and :mod:`core.problem.brief`; this module reads the store,
calls them and draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core import io_excel
from core.conventions import escape_markdown
from core.model import EvidenceKind, split_list
from core.problem import brief, factbase, perspectives
from core.problem import statement as problem
from core.records import validate
from core.store import Store, Table
from ui import state
from ui.editor import record_table
from ui.step2_charts import coverage_by_factor_figure, coverage_by_kind_figure, heatmap_figure
from ui.step2_import import evidence_import, ratings_import

__all__ = [
    "Step2Data",
    "export_tab",
    "fact_base_tab",
    "headline",
    "load",
    "outcomes_tab",
    "perspectives_tab",
    "statement_tab",
]

TABLES = [
    Table.EVIDENCE,
    Table.RATINGS,
    Table.STATEMENTS,
    Table.OUTCOMES,
    Table.FACTORS,
    Table.CAUSAL_LINKS,
    Table.ACTORS,
]


@dataclass
class Step2Data:
    """The step's records, read once per run over one connection."""

    frames: dict[Table, pd.DataFrame]

    def __getitem__(self, table: Table) -> pd.DataFrame:
        return self.frames[table]

    @property
    def centrality(self) -> pd.DataFrame:
        return factbase.factor_centrality(self[Table.CAUSAL_LINKS], self[Table.FACTORS]["name"].dropna())

    @property
    def spread(self) -> pd.DataFrame:
        return perspectives.divergence(self[Table.RATINGS])


def load(store: Store, partnership_id: int) -> Step2Data:
    return Step2Data(store.read_many(partnership_id, TABLES))


# -- headline -------------------------------------------------------------


def headline(store: Store, partnership_id: int) -> None:
    """The step's most telling view: who rates which root cause how, most disputed first."""
    data = load(store, partnership_id)
    _heatmap(data, presenting=True, key=f"step2_headline_{partnership_id}")


def _heatmap(data: Step2Data, presenting: bool, key: str) -> None:
    spread = data.spread
    st.subheader(escape_markdown(perspectives.takeaway(spread)))
    if spread.empty:
        return
    matrix = perspectives.ratings_matrix(data[Table.RATINGS], spread["cause"])
    st.plotly_chart(heatmap_figure(matrix, presenting), key=key, config={"displaylogo": False})


# -- fact base ------------------------------------------------------------


def fact_base_tab(store: Store, partnership_id: int, data: Step2Data) -> None:
    evidence = data[Table.EVIDENCE]
    centrality = data.centrality
    by_kind = factbase.coverage_by_kind(evidence)
    gaps = factbase.gaps(evidence, centrality, data[Table.ACTORS]["name"].dropna())
    counts = ", ".join(f"{row['items']} {row['kind']}" for _, row in by_kind.iterrows())
    st.subheader(f"{len(evidence)} evidence items: {counts}")
    for gap in gaps:
        st.warning(escape_markdown(gap.message), icon="⚠️")
    if not gaps:
        st.success("All three kinds of evidence are present and every central factor of the causal map has evidence.")
    left, right = st.columns([2, 3])
    with left:
        st.markdown("**By kind**")
        st.plotly_chart(coverage_by_kind_figure(by_kind), key="coverage_kind", config={"displaylogo": False})
    with right:
        st.markdown("**By factor** (★ central in the causal map)")
        by_factor = factbase.coverage_by_factor(evidence, centrality)
        if by_factor.empty:
            st.info("The causal map of step 1 has no factors yet.")
        else:
            st.plotly_chart(coverage_by_factor_figure(by_factor), key="coverage_factor", config={"displaylogo": False})

    st.markdown("#### Evidence")
    factor_names = sorted({*centrality["factor"], *(n for cell in evidence["factors"] for n in split_list(cell))})
    actor_names = sorted(
        {*data[Table.ACTORS]["name"].dropna(), *(n for cell in evidence["actors"] for n in split_list(cell))}
    )
    columns = st.columns([2, 3, 3, 3])
    kinds = columns[0].multiselect(
        "Kind", [kind.value for kind in EvidenceKind], format_func=lambda v: EvidenceKind(v).label, key="ev_kinds"
    )
    factors = columns[1].multiselect("Factor", factor_names, key="ev_factors")
    actors = columns[2].multiselect("Actor", actor_names, key="ev_actors")
    text = columns[3].text_input("Search statement or source", key="ev_text")
    if kinds or factors or actors or text.strip():
        shown = factbase.filter_evidence(evidence, kinds, factors, actors, text)
        st.caption(f"{len(shown)} of {len(evidence)} items match. Clear the filters to edit.")
        st.dataframe(shown, hide_index=True, width="stretch", placeholder="")
    else:
        record_table(store, partnership_id, Table.EVIDENCE, evidence)
    if not state.presenting():
        evidence_import(store, partnership_id)


# -- perspectives -----------------------------------------------------------


def perspectives_tab(store: Store, partnership_id: int, data: Step2Data) -> None:
    presenting = state.presenting()
    _heatmap(data, presenting, key="step2_heatmap")
    spread = data.spread
    if not spread.empty:
        st.markdown("**Agreement per root cause**, most disputed first (spread = standard deviation of the room)")
        st.dataframe(
            spread,
            hide_index=True,
            width="stretch",
            column_config={
                "cause": st.column_config.TextColumn("Root cause"),
                "n": st.column_config.NumberColumn("Raters"),
                "mean": st.column_config.NumberColumn("Mean", format="%.2f"),
                "std": st.column_config.ProgressColumn("Spread (std)", min_value=0, max_value=2, format="%.2f"),
                "low": st.column_config.NumberColumn("Lowest"),
                "high": st.column_config.NumberColumn("Highest"),
                "range": st.column_config.NumberColumn("Range"),
                "agreement": st.column_config.TextColumn("Agreement"),
            },
            placeholder="",
        )
    if presenting:
        return
    st.markdown("#### Type ratings during the workshop")
    _participant_entry(store, partnership_id, data, spread)
    with st.expander("All ratings as a table"):
        record_table(store, partnership_id, Table.RATINGS, data[Table.RATINGS])
    ratings = data[Table.RATINGS]
    known_causes = problem.causes_for_builder(data[Table.FACTORS]["name"].dropna(), spread)
    ratings_import(store, partnership_id, known_causes, list(ratings["participant"].dropna().unique()))


def _participant_entry(store: Store, partnership_id: int, data: Step2Data, spread: pd.DataFrame) -> None:
    ratings = data[Table.RATINGS]
    known = list(dict.fromkeys(ratings["participant"].dropna()))
    new_label = "New participant…"
    left, right = st.columns([3, 3])
    choice = left.selectbox("Participant", [*known, new_label], key="rate_participant")
    name = right.text_input("Name of the new participant", key="rate_new_name") if choice == new_label else choice
    causes = problem.causes_for_builder(data[Table.FACTORS]["name"].dropna(), spread)
    mine = ratings[ratings["participant"] == name].set_index("cause")["rating"] if name else pd.Series(dtype=float)
    sheet = pd.DataFrame({"cause": pd.Series(causes, dtype="string"), "rating": [mine.get(c) for c in causes]})
    sheet["rating"] = pd.to_numeric(sheet["rating"], errors="coerce").astype("Float64")
    edited = st.data_editor(
        sheet,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"rate_sheet_{partnership_id}_{name}",
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
            st.error(
                "Not saved. Fix these first:\n\n"
                + "\n".join(f"- {escape_markdown(p.describe())}" for p in problems[:12])
            )
            return
        store.replace(partnership_id, Table.RATINGS, merged)
        state.flash(f"Saved the ratings of {name}")
        st.rerun()


# -- problem statement --------------------------------------------------------


def statement_tab(store: Store, partnership_id: int, data: Step2Data) -> None:
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


def _builder(store: Store, partnership_id: int, data: Step2Data, newest: pd.Series | None) -> None:
    parts = problem.parts_from_json(None if newest is None else newest["parts"])
    options = problem.causes_for_builder(data[Table.FACTORS]["name"].dropna(), data.spread)
    options += [cause for cause in parts.root_causes if cause not in options]
    st.markdown("#### Build the statement")
    with st.container(border=True):
        left, right = st.columns(2)
        affected = left.text_input("Who is affected?", parts.affected, key="sb_affected")
        where = right.text_input("Where?", parts.where, key="sb_where")
        what = st.text_input("What happens to them?", parts.what, key="sb_what")
        causes = st.multiselect(
            "Root causes (from the map and the ratings, most disputed first)",
            options,
            default=parts.root_causes,
            key="sb_causes",
        )
        why_now = st.text_input("Why now?", parts.why_now, key="sb_why")
        new_parts = problem.StatementParts(affected, what, where, causes, why_now)
        draft_key = f"statement_draft_{partnership_id}"
        if st.button("Compose statement from the answers", key="sb_compose"):
            st.session_state[draft_key] = problem.compose(new_parts)
        st.session_state.setdefault(draft_key, "" if newest is None else str(newest["text"]))
        text = st.text_area("Problem statement (edit freely)", key=draft_key, height=150)
        if st.button("Save as a new version", key="sb_save", type="primary"):
            row, problems = problem.add_version(data[Table.STATEMENTS], text, new_parts, pd.Timestamp.now())
            if problems:
                st.error("Not saved: " + "; ".join(p.message for p in problems) + ".")
                return
            store.upsert(partnership_id, Table.STATEMENTS, row)
            state.flash(f"Saved version {int(row['version'].iloc[0])} of the problem statement")
            st.rerun()


def _versions(statements: pd.DataFrame) -> None:
    if statements.empty:
        return
    st.markdown("#### Versions")
    ordered = statements.sort_values("version", ascending=False, kind="stable")
    st.dataframe(
        ordered[["version", "saved_at", "text"]],
        hide_index=True,
        width="stretch",
        column_config={
            "version": st.column_config.NumberColumn("Version"),
            "saved_at": st.column_config.DatetimeColumn("Saved", format="YYYY-MM-DD HH:mm"),
            "text": st.column_config.TextColumn("Statement", width="large"),
        },
        placeholder="",
    )
    numbers = [int(v) for v in ordered["version"]]
    if len(numbers) < 2:
        return
    left, right = st.columns(2)
    old = left.selectbox("Compare version", numbers, index=1, key=f"diff_old_{numbers[0]}")
    new = right.selectbox("with version", numbers, index=0, key=f"diff_new_{numbers[0]}")
    text_of = dict(zip(numbers, ordered["text"].astype(str), strict=True))
    runs = problem.diff_words(text_of[old], text_of[new])
    st.markdown(_diff_markdown(runs))
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


# -- outcomes -------------------------------------------------------------------


def outcomes_tab(store: Store, partnership_id: int, data: Step2Data) -> None:
    outcomes = data[Table.OUTCOMES]
    warnings = problem.check_outcomes(outcomes)
    st.subheader(f"{len(outcomes)} outcomes, {len(warnings)} check{'s' if len(warnings) != 1 else ''} to resolve")
    for warning in warnings:
        st.warning(escape_markdown(warning.message), icon="⚠️")
    if not warnings and len(outcomes):
        st.success(
            "Every outcome has a baseline, a target, a date and an owner, and measures a change, not an activity."
        )
    record_table(store, partnership_id, Table.OUTCOMES, outcomes)
    st.caption(
        f"Checks: no baseline, target, date or owner; a metric that counts activities (workshops held, people "
        f"trained, reports published) instead of a change; more than {problem.MAX_OUTCOMES} outcomes."
    )


# -- export ---------------------------------------------------------------------


def export_tab(store: Store, partnership_id: int, data: Step2Data) -> None:
    facts = brief.ProblemFacts(
        name=str(store.partnership(partnership_id)["name"]),
        evidence=data[Table.EVIDENCE],
        ratings=data[Table.RATINGS],
        statements=data[Table.STATEMENTS],
        outcomes=data[Table.OUTCOMES],
        gaps=factbase.gaps(data[Table.EVIDENCE], data.centrality, data[Table.ACTORS]["name"].dropna()),
    )
    text = brief.markdown_brief(facts)
    left, right = st.columns(2)
    left.download_button(
        "Download fact base, statement and outcomes (.xlsx)",
        io_excel.write_workbook(brief.export_sheets(facts)),
        file_name="problem-fact-base.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_xlsx",
        icon=":material/table_view:",
    )
    right.download_button(
        "Download the one-page brief (.md)",
        text.encode("utf-8"),
        file_name="problem-brief.md",
        mime="text/markdown",
        key="dl_brief",
        icon=":material/description:",
    )
    with st.container(border=True):
        st.markdown(text)  # user text inside is escaped by core.problem.brief
