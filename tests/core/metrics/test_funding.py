"""The funding recommender reproduces the framework's funding table; shares warn on a dominant funder."""

from __future__ import annotations

import pandas as pd
import pytest

from core.metrics import funding
from core.metrics.funding import QUESTIONS, SCORES, FundingModel, fit_for_stage, profile, rank_models, read_answers
from core.metrics.shares import share_verdict

# The funding table of domain.md (step 5): model -> stage column, as written there.
DOMAIN_TABLE = {
    FundingModel.GRANT: "pilot",
    FundingModel.CORPORATE_BALANCE_SHEET: "pilot and growth",
    FundingModel.POOLED_FUND: "growth and scale",
    FundingModel.BLENDED: "scale",
}


def _fit_from_table(stage: str) -> set[str]:
    return {model.value for model, stages in DOMAIN_TABLE.items() if stage in stages.split(" and ")}


@pytest.mark.parametrize("stage", ["pilot", "growth", "scale"])
def test_given_the_stage_alone_the_top_models_are_the_tables_fit_for_stage_rows(stage):
    ranked = rank_models({"stage": stage})
    top = set(ranked.loc[ranked["rank"] == 1, "model"])
    assert top == _fit_from_table(stage)
    assert {model.value for model in fit_for_stage(stage)} == top


def test_no_answers_ties_every_model_at_zero():
    ranked = rank_models({})
    assert set(ranked["total"]) == {0} and set(ranked["rank"]) == {1}


def test_totals_are_the_sum_of_the_shown_criterion_scores():
    answers = {
        "stage": "scale",
        "job": "scale a proven model",
        "risk_tolerance": "low",
        "trust": "high",
        "ip_sensitivity": "low",
        "regulatory_alignment": "high",
        "capital_needed": "large",
    }
    ranked = rank_models(answers).set_index("model")
    scores = ranked[[f"score_{q.key}" for q in QUESTIONS]]
    assert (scores.sum(axis=1) == ranked["total"]).all()
    # Hand count for blended: stage 2, job 2, risk 1, trust 1, ip 0, regulation 2, capital 2.
    assert ranked.loc["blended", "total"] == 10
    assert ranked.index[0] == "blended"
    assert ranked.loc["blended", "why_regulatory_alignment"] == "regulation makes the market case"


def test_the_table_cons_bite_low_trust_and_sensitive_ip_sink_the_pooled_fund():
    base = {"stage": "growth"}
    wary = {**base, "trust": "low", "ip_sensitivity": "high"}
    assert rank_models(base).set_index("model").loc["pooled_fund", "rank"] == 1
    ranked = rank_models(wary).set_index("model")
    assert ranked.loc["pooled_fund", "total"] == 2 - 2 - 2
    assert ranked.loc["pooled_fund", "rank"] == 4
    assert ranked.index[0] == "corporate_balance_sheet"


def test_poor_regulatory_alignment_drops_blended_at_scale():
    ranked = rank_models({"stage": "scale", "regulatory_alignment": "low"})
    assert ranked["model"].iloc[0] == "pooled_fund"
    assert ranked.set_index("model").loc["blended", "total"] == 0


def test_every_answer_option_is_scored_with_reasons():
    for question in QUESTIONS:
        for option in question.options:
            for score, reason in SCORES[question.key].get(str(option), {}).values():
                assert -2 <= score <= 2 and reason


def test_profiles_carry_the_tables_pros_and_cons():
    assert "risk" in profile(FundingModel.GRANT).pros
    assert "trust" in profile(FundingModel.POOLED_FUND).cons and "IP" in profile(FundingModel.POOLED_FUND).cons
    assert "regulatory" in profile(FundingModel.BLENDED).cons
    assert FundingModel.parse("Pooled / innovation fund") is FundingModel.POOLED_FUND
    assert FundingModel.parse("corporate balance sheet") is FundingModel.CORPORATE_BALANCE_SHEET


def _shares(*amounts: float) -> pd.DataFrame:
    return pd.DataFrame({"partner": [f"P{i}" for i in range(len(amounts))], "amount": amounts, "model": None})


def test_share_verdict_thresholds():
    assert share_verdict(_shares(51, 49)).level == "warning"
    assert share_verdict(_shares(50, 50)).level == "note"  # exactly half is not "most"
    assert share_verdict(_shares(34, 33, 33)).level == "note"
    assert share_verdict(_shares(30, 30, 40)).partner == "P2"
    assert share_verdict(_shares(25, 25, 25, 25)).level == "ok"
    assert share_verdict(_shares()).level == "ok"


def test_demo_shares_give_meridian_a_note_not_a_warning():
    from core.across.demo import load_demo
    from core.records import coerce
    from core.store import Table

    _, frames = load_demo()
    verdict = share_verdict(coerce(frames[Table.FUNDING_SHARES], Table.FUNDING_SHARES))
    assert (verdict.level, verdict.partner) == ("note", "Meridian Devices")
    assert verdict.share == pytest.approx(1_800_000 / 4_000_000)


def test_answers_in_another_case_or_spelling_score_as_their_option():
    plain = rank_models({"stage": "pilot", "risk_tolerance": "high", "job": "try an idea"})
    spelled = rank_models({"stage": "Pilot", "risk_tolerance": "HIGH", "job": "Try_an-idea "})
    # grant 2 + 2 + 2, pooled 1 + 1 + 1, corporate 2 + 1 - 1, blended 0 - 1 - 1 (stage, job, risk)
    assert spelled["total"].tolist() == plain["total"].tolist() == [6, 3, 2, -2]
    assert spelled["model"].tolist() == ["grant", "pooled_fund", "corporate_balance_sheet", "blended"]


def test_an_answer_naming_no_option_is_warned_not_scored_silently():
    read, warnings = read_answers({"stage": "Pilot", "trust": "hgh", "capital_needed": float("nan"), "job": ""})
    assert read["stage"] == "pilot" and read["trust"] is None and read["job"] is None
    assert warnings == [
        "The answer 'hgh' to \"How much do the partners trust each other today?\" is not one of low, medium, high: "
        "it counts as unanswered.",
        "The answer 'nan' to \"How much capital is needed?\" is not one of small, medium, large: "
        "it counts as unanswered.",
    ]


def test_the_answers_are_described_in_plain_words_in_the_questions_order():
    answers = {"ip_sensitivity": "high", "stage": "pilot", "job": None, "trust": "low"}
    assert funding.described(answers) == [
        "Stage: pilot",
        "Trust between partners: low",
        "How sensitive the IP is: high",
    ]
