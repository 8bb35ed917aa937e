"""Step 4's headline for the workshop flow: the model ranking with the choice made."""

from __future__ import annotations

import streamlit as st

from core.across.readiness import answers_by_topic
from core.governance.model_table import GovernanceModel
from core.governance.questionnaire import TOPIC, Answers
from core.governance.recommender import recommend
from core.model import AnswerKey
from core.store import Store, Table
from ui import state
from ui.governance.charts import score_chart

__all__ = ["headline"]


def headline(store: Store, partnership_id: int) -> None:
    """The step's most telling view: the model ranking with the choice made."""
    answers = answers_by_topic(state.records(store, partnership_id, [Table.ANSWERS])[Table.ANSWERS]).get(TOPIC, {})
    stored = Answers.from_dict(answers)
    if stored.purpose is None:
        st.info("Governance: the questions have not been answered yet.")
        return
    recommendation = recommend(stored)
    chosen = answers.get(AnswerKey.CHOSEN_MODEL)
    chosen_label = GovernanceModel(chosen).label if chosen in {m.value for m in GovernanceModel} else "not chosen yet"
    if recommendation.tied:
        verdict = recommendation.verdict()
    elif chosen == recommendation.top.value:
        verdict = "as recommended"
    else:
        verdict = f"recommended: {recommendation.top.label}"
    st.subheader(f"Governance: {chosen_label} ({verdict})")
    st.plotly_chart(score_chart(recommendation, large=True), key="governance_headline")
    if recommendation.drivers:
        st.markdown(recommendation.drivers[0].sentence)
