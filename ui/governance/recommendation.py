"""The recommended governance model with every score, what moved it, and the table the rules come from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.governance.model_table import FIT, MODELS, WEIGHTS, GovernanceModel
from core.governance.questionnaire import Criterion
from core.governance.recommender import Recommendation
from ui import chart
from ui.governance.charts import score_chart
from ui.table import show_table

__all__ = ["rules_expander", "show_recommendation"]


def show_recommendation(recommendation: Recommendation, chosen: str | None, large: bool = False) -> None:
    top = recommendation.top
    if (recommendation.scores["total"] == 0).all():
        st.subheader("No recommendation yet")
        st.info("Every model scores 0 so far: answer the questions to rank them.")
        return
    st.subheader(recommendation.verdict())
    if recommendation.tied:
        st.caption("A tie: the answers do not separate these models. The partners choose between them.")
    if (
        chosen
        and chosen not in {m.value for m in recommendation.leaders}
        and chosen in {m.value for m in GovernanceModel}
    ):
        st.caption(f"The partners chose {GovernanceModel(chosen).label}.")
    for model in recommendation.leaders or (top,):
        row = MODELS[model]
        lead = f"{row.label}: d" if recommendation.tied else "D"
        st.markdown(
            f"{lead}ecisions by **{row.decision_making}**, perceived neutrality **{row.neutrality}**, "
            f"resourcing needs **{row.resourcing}**; best for: {row.best_for.label.lower()}."
        )
    for advice in recommendation.advice:
        st.info(advice, icon=":material/groups:")
    # Side by side at a desk; one above the other on the wall, where the names and legend in wall type
    # left the bars a sliver of a narrow column.
    left, right = (st.container(), st.container()) if large else st.columns([3, 2])
    with left:
        chart.show(score_chart(recommendation, large), name="governance_scores", key="governance_scores")
    with right:
        st.markdown("**Answers that moved the ranking most**")
        if recommendation.drivers:
            st.markdown("\n".join(f"{n}. {d.sentence}" for n, d in enumerate(recommendation.drivers[:3], 1)))
        else:
            st.caption("Answer the questions to see what drives the ranking.")
    show_table(_score_frame(recommendation), index=True)


def _score_frame(recommendation: Recommendation) -> pd.DataFrame:
    frame = recommendation.scores.loc[[model.value for model in recommendation.ranking]].copy()
    frame.index = [model.label for model in recommendation.ranking]
    frame.columns = [Criterion(c).label if c != "total" else "Total" for c in frame.columns]
    frame.index.name = "Model"
    return frame.round(2)


def rules_expander() -> None:
    with st.expander("How the scores are made (the table the rules come from)"):
        st.markdown(
            "Each answer becomes a level from -1 to +1 (the middle answer is 0). Each model's fit to a "
            "high answer is read off its row below. Points = weight x level x fit; the purpose gives its "
            f"weight ({WEIGHTS[Criterion.PURPOSE]:g} points) to the model whose 'best for' matches."
        )
        table = pd.DataFrame(
            [
                {
                    "Model": row.label,
                    "Decision-making": row.decision_making,
                    "Perceived neutrality": row.neutrality,
                    "Resourcing needs": row.resourcing,
                    "Best for": row.best_for.label,
                }
                for row in MODELS.values()
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch", placeholder="")
        fits = pd.DataFrame({c.label: {m.label: v for m, v in fit.items()} for c, fit in FIT.items()})
        fits.loc["Weight"] = [WEIGHTS[c] for c in FIT]
        st.dataframe(fits, width="stretch", placeholder="")
