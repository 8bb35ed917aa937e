"""The Funding tab: the funding-model recommender with its reasons, the choice, and who pays.

The questionnaire is a what-if: its answers re-rank the models without saving,
so that part reruns alone (a fragment) until "Save funding answers".
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import escape_markdown
from core.metrics import funding
from core.metrics.shares import funding_shares, share_verdict
from core.model import AnswerKey, Stage, Topic
from core.store import Store, Table
from ui import chart, state
from ui.editor import record_table
from ui.metrics.charts import contribution_figure, shares_figure
from ui.metrics.data import MetricsData
from ui.table import show_table

__all__ = ["show"]

_RANKING_COLUMNS = {
    "rank": "Rank",
    "label": "Model",
    "total": "Score",
    "typical_use": "Typical use",
    "pros": "Pros",
    "cons": "Cons",
    "stages": "Fits stage",
}


def show(store: Store, partnership_id: int, data: MetricsData) -> None:
    _recommender(store, partnership_id, data.funding_answers, data.stage)
    st.divider()
    _who_pays(store, partnership_id, data.frames[Table.FUNDING_SHARES])


def _questionnaire(partnership_id: int, stored: dict[str, object], default_stage: str | None) -> dict[str, object]:
    answers: dict[str, object] = {}
    columns = st.columns(2)
    for position, question in enumerate(funding.QUESTIONS):
        options = [str(option) for option in question.options]
        current = stored.get(question.key) or (default_stage if question.key == "stage" else None)
        answers[question.key] = columns[position % 2].segmented_control(
            question.text,
            options,
            default=current if current in options else None,
            key=f"step5_funding_{question.key}_{partnership_id}",
            persist_state="page",
        )
    return answers


@st.fragment
def _recommender(store: Store, partnership_id: int, stored: dict[str, object], stage: object) -> None:
    presenting = state.presenting()
    saved, unread = funding.read_answers(stored)  # "Pilot" reads as "pilot"; an answer naming no option is said
    for warning in unread:
        st.warning(escape_markdown(warning))
    if presenting:
        answers = saved
        given = funding.described(answers)
        st.markdown(escape_markdown(" · ".join(given)) if given else "No funding answers saved yet.")
    else:
        answers = _questionnaire(partnership_id, saved, str(stage) if Stage.parse(stage) else None)
    ranked = funding.rank_models(answers)
    top = ranked[ranked["rank"] == 1]
    answered = sum(1 for value in answers.values() if value)
    if answered == 0:
        st.subheader("Answer the questions to rank the four funding models.")
    else:
        names = " and ".join(top["label"])
        st.subheader(f"Best fit: {names} ({int(top['total'].iloc[0]):+d} points, from {answered} of 7 answers)")
    figure = contribution_figure(ranked, presenting)
    chart.show(figure, name="funding_models", key="step5_funding_scores", width="stretch")
    show_table(ranked[list(_RANKING_COLUMNS)], _RANKING_COLUMNS)
    chosen = funding.FundingModel.parse(stored.get(AnswerKey.CHOSEN_MODEL))
    if chosen:
        st.markdown(f"**Chosen model:** {escape_markdown(chosen.label)}")
    if not presenting:
        preselected = chosen or funding.FundingModel(top["model"].iloc[0])
        _choose_and_save(store, partnership_id, answers, ranked, preselected, stored)


def _choose_and_save(
    store: Store,
    partnership_id: int,
    answers: dict[str, object],
    ranked: pd.DataFrame,
    preselected: funding.FundingModel,
    stored: dict[str, object],
) -> None:
    models = list(funding.FundingModel)
    pick = st.selectbox(
        "The model the partnership chooses",
        models,
        index=models.index(preselected),
        format_func=lambda model: model.label,
        key=f"step5_chosen_model_{partnership_id}",
        persist_state="page",
    )
    if st.button("Save funding answers", key="step5_save_funding", type="primary", disabled=not answers["stage"]):
        payload = {key: value for key, value in answers.items() if value}
        payload.update(
            chosen_model=pick.value,
            recommended=list(ranked.loc[ranked["rank"] == 1, "model"]),
            scores=dict(zip(ranked["model"], ranked["total"].astype(int), strict=True)),
        )
        with state.saving():
            store.save_answers(partnership_id, Topic.FUNDING, payload, based_on=stored)
            state.flash(f"Saved the funding answers: {pick.label}")
            st.rerun()  # the whole page: the headline and readiness read these answers
    if not answers["stage"]:
        st.caption("Choose the stage to save.")


def _who_pays(store: Store, partnership_id: int, shares: pd.DataFrame) -> None:
    table = funding_shares(shares)
    verdict = share_verdict(shares)
    total = verdict.total
    st.subheader(f"Who pays: {len(table)} funders, {total:,.0f} in total")
    {"warning": st.warning, "note": st.info}.get(verdict.level, st.success)(escape_markdown(verdict.message))
    if total:
        chart.show(shares_figure(table, state.presenting()), name="who_pays", key="step5_shares", width="stretch")
    st.caption(
        "Funding shapes power: who pays tends to steer. A warning shows when one funder pays more than half; "
        "a note when one pays a third or more."
    )
    if not state.presenting():
        record_table(store, partnership_id, Table.FUNDING_SHARES, shares)
