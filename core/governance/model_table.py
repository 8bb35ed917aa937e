"""The four governance models: the framework's table and the fits read off it.

The models and their rows come from the governance table of the framework
(``domain.md``, step 4), word for word (:data:`MODELS`). Each model has a
*fit* to each question, read off its row's words (:data:`FIT`), and each
question a weight: the points it can add or take away at full strength
(:data:`WEIGHTS`). With :mod:`core.governance.questionnaire` these are the
whole rule set of the recommender (:mod:`core.governance.recommender`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.governance.questionnaire import Criterion, Purpose

__all__ = [
    "FIT",
    "HORIZON_FULL_SWING_YEARS",
    "HORIZON_NEUTRAL_YEARS",
    "MODELS",
    "WEIGHTS",
    "GovernanceModel",
    "ModelRow",
]


class GovernanceModel(StrEnum):
    """The four governance models (values are the agreed stored keys)."""

    CORPORATE_LED = "corporate_led"
    NGO_LED = "ngo_led"
    NEUTRAL_BACKBONE = "neutral_backbone"
    EQUITABLE = "equitable_multi_stakeholder"

    @property
    def label(self) -> str:
        return MODELS[self].label


@dataclass(frozen=True)
class ModelRow:
    """One row of the framework's governance table, word for word."""

    label: str
    decision_making: str
    neutrality: str
    resourcing: str
    best_for: Purpose


# The table the rules come from (domain.md, step 4).
MODELS: dict[GovernanceModel, ModelRow] = {
    GovernanceModel.CORPORATE_LED: ModelRow(
        "Corporate-led", "business priorities", "low", "high (internal)", Purpose.STANDARDS_RD
    ),
    GovernanceModel.NGO_LED: ModelRow("NGO-led", "mission-driven", "high", "moderate", Purpose.COMMUNITY),
    GovernanceModel.NEUTRAL_BACKBONE: ModelRow(
        "Neutral backbone", "dedicated secretariat", "very high", "high (dedicated staff)", Purpose.SYSTEMS_CHANGE
    ),
    GovernanceModel.EQUITABLE: ModelRow(
        "Equitable multi-stakeholder",
        "equal votes for all sectors",
        "very high",
        "moderate to high",
        Purpose.GLOBAL_STANDARD,
    ),
}

# How well each model fits a HIGH level of each answer (-1 bad .. +1 good),
# read off the row's words. A low answer (negative level) flips the sign.
_NEUTRALITY_WORDS = {"low": -1.0, "high": 0.5, "very high": 1.0}
_SPEED_OF_DECIDING = {  # fast to decide <-> slow to decide
    "business priorities": 1.0,
    "mission-driven": 0.5,
    "dedicated secretariat": -0.25,
    "equal votes for all sectors": -1.0,
}
_SUITS_BALANCED_POWER = {  # one dominant company <-> evenly balanced partners
    "business priorities": -1.0,
    "mission-driven": 0.0,
    "dedicated secretariat": 0.5,
    "equal votes for all sectors": 1.0,
}
_NEEDS_DEDICATED_STAFF = {
    "high (internal)": 0.0,  # the lead company staffs it from its own budget
    "moderate": 0.0,
    "moderate to high": 0.5,
    "high (dedicated staff)": 1.0,
}
_SUITS_LONG_HORIZON = {  # budget cycles <-> multi-year systems change
    GovernanceModel.CORPORATE_LED: -0.5,  # alliance research: only ~30% of corporate-led reach root causes
    GovernanceModel.NGO_LED: 0.0,
    GovernanceModel.NEUTRAL_BACKBONE: 1.0,  # best for complex, multi-year change
    GovernanceModel.EQUITABLE: 0.5,
}

FIT: dict[Criterion, dict[GovernanceModel, float]] = {
    Criterion.POWER: {m: _SUITS_BALANCED_POWER[row.decision_making] for m, row in MODELS.items()},
    Criterion.NEUTRALITY: {m: _NEUTRALITY_WORDS[row.neutrality] for m, row in MODELS.items()},
    Criterion.SPEED: {m: _SPEED_OF_DECIDING[row.decision_making] for m, row in MODELS.items()},
    Criterion.HORIZON: dict(_SUITS_LONG_HORIZON),
    Criterion.STAFFING: {m: _NEEDS_DEDICATED_STAFF[row.resourcing] for m, row in MODELS.items()},
}

# Points a criterion can add or take away at full strength.
WEIGHTS: dict[Criterion, float] = {
    Criterion.PURPOSE: 3.0,  # the model whose "best for" matches gets 3 points
    Criterion.POWER: 2.0,
    Criterion.NEUTRALITY: 2.0,
    Criterion.SPEED: 1.0,
    Criterion.HORIZON: 1.0,
    Criterion.STAFFING: 1.5,
}

HORIZON_NEUTRAL_YEARS = 5  # below counts as short, above as long
HORIZON_FULL_SWING_YEARS = 5  # 0 years = -1, 10+ years = +1
