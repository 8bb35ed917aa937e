"""The Scaling pathways tab: weights and a few questions, the ranked pathways with their risks, the choice.

The tab is a fragment: weights and answers are a what-if that re-ranks the
pathways here only; nothing is saved until "Save choice".
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.model import AnswerKey, Topic
from core.pilots import scaling
from core.pilots.dependencies import EvidenceSource
from core.pilots.pathways import PATHWAYS, Dependency, Pathway
from core.pilots.scaling import Criterion
from core.room.activities import Activity
from core.store import Store
from ui import chart, state
from ui.pilots.charts import scaling_figure
from ui.pilots.data import PilotsData, dependencies
from ui.room import heard

__all__ = ["DEFAULT_HORIZON", "saved_ranking", "show"]

DEFAULT_HORIZON = 10
_ASKED = {
    Dependency.DIPLOMACY: (
        "Can the company engage government (public affairs, business diplomacy)?",
        ["yes", "partly", "no"],
    ),
    Dependency.TRUST: ("How much do members trust each other with their data?", ["high", "medium", "low"]),
    Dependency.IP: ("How sensitive is the intellectual property involved?", ["low", "medium", "high"]),
    Dependency.CAPITAL: ("Is capital committed for joint work?", ["yes", "partly", "no"]),
}


def _horizon_default(view: PilotsData) -> tuple[float, str]:
    saved = view.answers[Topic.SCALING]
    if saved.get(AnswerKey.HORIZON_YEARS):
        return float(saved[AnswerKey.HORIZON_YEARS]), "saved with this comparison"
    governance = view.answers[Topic.GOVERNANCE]
    if governance.get(AnswerKey.HORIZON_YEARS):
        return float(governance[AnswerKey.HORIZON_YEARS]), "from the governance answers (step 4)"
    return float(DEFAULT_HORIZON), "a default: set it to the years the partners plan to work together"


def _saved_priorities(view: PilotsData) -> tuple[float, dict[Criterion, float], dict[str, object]]:
    """The years, weights and asked dependencies as saved with the comparison (the wall and the deck use these)."""
    saved = view.answers[Topic.SCALING]
    weights = {c: float(saved.get("weights", {}).get(c.value, 1.0)) for c in Criterion}
    return _horizon_default(view)[0], weights, dict(saved.get("asked", {}))


def saved_ranking(view: PilotsData) -> tuple[pd.DataFrame, dict[Criterion, float]] | None:
    """The pathways ranked as saved, and the weights behind them; None when every weight is zero."""
    horizon, weights, asked = _saved_priorities(view)
    if sum(weights.values()) <= 0:
        return None
    return scaling.compare(dependencies(view, view.answers[Topic.FUNDING], asked), horizon, weights), weights


def _priorities(view: PilotsData, prefix: str) -> tuple[float, dict[Criterion, float]]:
    """The years available and a weight per criterion, started from what was saved."""
    horizon, horizon_source = _horizon_default(view)
    saved_weights = view.answers[Topic.SCALING].get("weights", {})
    with st.container(border=True):
        st.markdown("**What matters most to this partnership?** Equal weights are neutral.")
        columns = st.columns(4)
        horizon = columns[0].number_input(
            "Years available",
            1,
            30,
            int(horizon),
            key=f"{prefix}_horizon",
            persist_state="page",
            help=f"Starting value {horizon_source}.",
        )
        weights = {
            criterion: float(
                column.slider(
                    criterion.label,
                    0.0,
                    3.0,
                    float(saved_weights.get(criterion.value, 1.0)),
                    0.5,
                    key=f"{prefix}_{criterion.value}",
                    persist_state="page",
                )
            )
            for column, criterion in zip(columns[1:], Criterion, strict=True)
        }
    return float(horizon), weights


def _questions(view: PilotsData, saved_asked: dict[str, object], prefix: str) -> dict[str, object]:
    """Ask only what the records and step 5 cannot tell."""
    statuses = dependencies(view, view.answers[Topic.FUNDING], saved_asked)
    to_ask = [d for d in _ASKED if statuses[d].source in (EvidenceSource.ASKED, EvidenceSource.UNKNOWN)]
    asked: dict[str, object] = {}
    if not to_ask:
        return asked
    with st.container(border=True):
        st.markdown("**A few things the records cannot tell**")
        for column, dependency in zip(st.columns(len(to_ask)), to_ask, strict=True):
            question, options = _ASKED[dependency]
            previous = saved_asked.get(dependency.value)
            choice = column.radio(
                question, options, index=options.index(previous) if previous in options else None,
                key=f"{prefix}_ask_{dependency.value}", persist_state="page",
            )  # fmt: skip
            if choice is not None:
                asked[dependency.value] = choice
    return asked


@st.fragment
def show(store: Store, partnership_id: int, view: PilotsData) -> None:
    """Weights, asked dependencies, the ranked recommendation, risks and the choice."""
    saved = view.answers[Topic.SCALING]
    saved_asked = dict(saved.get("asked", {}))
    presenting = state.presenting()
    prefix = f"step6_scaling_{partnership_id}"
    if presenting:
        horizon, weights, asked = _saved_priorities(view)
    else:
        horizon, weights = _priorities(view, prefix)
        asked = _questions(view, saved_asked, prefix)
    if sum(weights.values()) <= 0:
        st.warning("All weights are zero: give at least one criterion some weight.")
        return
    ranking = scaling.compare(dependencies(view, view.answers[Topic.FUNDING], asked), horizon, weights)
    best = ranking.iloc[0]
    st.subheader(scaling.verdict(ranking))
    st.markdown(escape_markdown(str(best["explanation"])))
    chart.show(scaling_figure(ranking, weights, large=presenting), name="scaling_pathways", key=f"{prefix}_chart")
    st.caption(
        "Systems change and time horizon follow the pathway table of the framework; dependencies are read from "
        "this partnership's records where they can be, otherwise from the answers above (unknown counts as half met)."
    )
    for row in ranking.itertuples(index=False):
        with st.expander(f"{row.rank}. {row.label}: score {row.score:.2f}"):
            st.markdown(escape_markdown(str(row.explanation)))
            st.markdown("**Main risks**")
            st.markdown("\n".join(f"- {escape_markdown(risk)}" for risk in row.risks))
    heard.vote_panel(store, partnership_id, Activity.VOTE_PATHWAY, large=presenting)
    chosen = saved.get(AnswerKey.CHOSEN_PATHWAY)
    labels = {p.pathway.value: p.label for p in PATHWAYS}
    if chosen in labels:
        st.success(f"Chosen pathway: **{labels[chosen]}**")
    if presenting:
        return
    options = [p.value for p in Pathway]
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    pick = left.selectbox(
        "The partnership's chosen pathway", options, format_func=labels.__getitem__,
        index=options.index(chosen) if chosen in options else options.index(str(best["pathway"])),
        key=f"{prefix}_choice", persist_state="page",
    )  # fmt: skip
    if right.button("Save choice", type="primary", key=f"{prefix}_save"):
        with state.saving():
            store.save_answers(
                partnership_id,
                Topic.SCALING,
                {
                    AnswerKey.CHOSEN_PATHWAY: pick,
                    "recommended": str(best["pathway"]),
                    "weights": {c.value: w for c, w in weights.items()},
                    AnswerKey.HORIZON_YEARS: int(horizon),
                    "asked": asked,
                },
                based_on=saved,
            )
            state.flash(f"Chosen scaling pathway saved: {labels[pick]}")
            st.rerun()  # the whole page: the workshop headline shows the chosen pathway
