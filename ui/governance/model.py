"""The Model tab: the questions in plain words, the ranking with its reasons, and the choice.

The questions are a what-if that redraws only this tab (a fragment); nothing
is written until "Save answers and choice".
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.conventions import counted, escape_markdown
from core.governance import charter
from core.governance.model_table import GovernanceModel
from core.governance.questionnaire import QUESTIONS, TOPIC, Answers, Criterion, Purpose
from core.governance.recommender import Recommendation, recommend
from core.model import AnswerKey
from core.room import results
from core.room.activities import Activity
from core.store import Store
from ui import state
from ui.governance.data import GovernanceData
from ui.governance.recommendation import rules_expander, show_recommendation
from ui.room import heard

__all__ = ["show"]


@st.fragment
def show(store: Store, partnership_id: int, data: GovernanceData) -> None:
    stored = Answers.from_dict(data.answers)
    chosen = data.answers.get(AnswerKey.CHOSEN_MODEL)
    chosen = chosen if isinstance(chosen, str) else None
    if state.presenting():
        if stored.purpose is None:
            st.info("The governance questions have not been answered yet.")
        else:
            show_recommendation(recommend(stored), chosen, large=True)
        heard.vote_panel(store, partnership_id, Activity.VOTE_GOVERNANCE, large=True)
        return
    answer_first = st.container()  # the result is drawn above the questions that make it
    with st.expander("The questions", expanded=True):
        votes = heard.vote_panel(store, partnership_id, Activity.VOTE_GOVERNANCE, large=False)
        if votes is not None:
            st.button(
                "Answer with the room's most chosen", key="gov_take_room", on_click=_take_room_answers,
                args=(partnership_id, votes), help="Fills the questions below; nothing is saved until you save.",
            )  # fmt: skip
        answers = _questions(partnership_id, stored)
    recommendation = recommend(answers)
    with answer_first:
        if answers.purpose is None:
            st.info("Choose what the partnership is mainly for: it weighs most.")
        show_recommendation(recommendation, chosen)
    rules_expander()
    _choice(store, partnership_id, data, answers, recommendation)


def _key(criterion: Criterion, partnership_id: int) -> str:
    return f"gov_{criterion.value}_{partnership_id}"


def _take_room_answers(partnership_id: int, votes: pd.DataFrame) -> None:
    """Fill the questions with the room's most chosen answers; a tie or an unanswered question is left as it is."""
    room_answers, tied = results.governance_answers(votes)
    taken = [criterion for criterion in Criterion if getattr(room_answers, criterion.value) is not None]
    for criterion in taken:
        st.session_state[_key(criterion, partnership_id)] = getattr(room_answers, criterion.value)
    said = f"Filled {counted(len(taken), 'question')} with the room's most chosen answer. Save to keep them."
    if tied:
        said += f" The room tied on {', '.join(criterion.label for criterion in tied)}: settle it yourselves."
    st.toast(escape_markdown(said), icon="🗳️")  # the tab is a fragment: a flash would wait for the next page run


def _questions(partnership_id: int, stored: Answers) -> Answers:
    """The six questions, first filled from the stored answers; keys per partnership."""

    def key(criterion: Criterion) -> str:
        return _key(criterion, partnership_id)

    def start(criterion: Criterion, value: object) -> None:
        st.session_state.setdefault(key(criterion), value)

    left, right = st.columns(2)
    with left:
        start(Criterion.PURPOSE, stored.purpose)
        purpose = st.radio(
            QUESTIONS[Criterion.PURPOSE].text,
            list(Purpose),
            format_func=lambda p: p.label,
            key=key(Criterion.PURPOSE),
            persist_state="page",
        )
        start(Criterion.HORIZON, min(50, max(1, stored.horizon_years or 5)))
        horizon = st.number_input(
            QUESTIONS[Criterion.HORIZON].text,
            min_value=1,
            max_value=50,
            step=1,
            key=key(Criterion.HORIZON),
            persist_state="page",
        )
        start(Criterion.STAFFING, stored.secretariat_funded)
        funded = st.radio(
            QUESTIONS[Criterion.STAFFING].text,
            [True, False, None],
            format_func={True: "Yes", False: "No", None: "Not sure"}.__getitem__,
            horizontal=True,
            key=key(Criterion.STAFFING),
            persist_state="page",
        )
    scales = {}
    with right:
        for criterion, default in ((Criterion.POWER, 3), (Criterion.NEUTRALITY, 3), (Criterion.SPEED, 3)):
            question = QUESTIONS[criterion]
            start(criterion, getattr(stored, criterion.value) or default)
            scales[criterion] = st.select_slider(
                question.text,
                list(question.options),
                format_func=question.options.__getitem__,
                key=key(criterion),
                persist_state="page",
            )
    return Answers(
        purpose=purpose,
        power_balance=scales[Criterion.POWER],
        neutrality=scales[Criterion.NEUTRALITY],
        speed=scales[Criterion.SPEED],
        horizon_years=int(horizon),
        secretariat_funded=funded,
    )


def _choice(
    store: Store, partnership_id: int, data: GovernanceData, answers: Answers, recommendation: Recommendation
) -> None:
    """The model the partners choose, the review cadence and the pledge currency; saved with the answers.

    The choice starts at the saved one, else at the recommended model; on a tie nothing is
    pre-selected, since the partners choose between the tied models.
    """
    st.markdown("**Your choice**")
    models = list(GovernanceModel)
    recommended = recommendation.top
    chosen = data.answers.get(AnswerKey.CHOSEN_MODEL)
    default = chosen if chosen in {m.value for m in models} else None if recommendation.tied else recommended.value
    left, middle, right = st.columns(3)
    pick = left.selectbox(
        "Governance model the partners choose",
        models,
        index=None if default is None else [m.value for m in models].index(default),
        format_func=lambda m: m.label,
        placeholder="Choose between the tied models",
        key=f"gov_choice_{partnership_id}",
        persist_state="page",
    )
    cadences = list(charter.CADENCES)
    cadence = data.answers.get("review_cadence")
    review = middle.selectbox(
        "Review cadence",
        cadences,
        index=cadences.index(cadence) if cadence in cadences else 1,
        key=f"gov_review_{partnership_id}",
        persist_state="page",
    )
    currency = right.text_input(
        "Currency of funding pledges",
        value=str(data.answers.get("currency") or "USD"),
        max_chars=8,
        key=f"gov_currency_{partnership_id}",
        persist_state="page",
    )
    if st.button("Save answers and choice", type="primary", key="gov_save_answers"):
        payload = {
            **data.answers,
            **answers.to_dict(),
            "recommended_model": recommended.value,
            "review_cadence": review,
            "currency": currency.strip() or "USD",
        }
        if pick is not None:  # on a tie the answers may be saved before the partners have chosen
            payload[AnswerKey.CHOSEN_MODEL] = pick.value
        with state.saving():
            store.save_answers(partnership_id, TOPIC, payload, based_on=data.answers)
            state.flash(f"Saved: governed as {pick.label}" if pick is not None else "Saved: no model chosen yet")
            st.rerun(scope="app")  # the charter and the headline read the saved choice
