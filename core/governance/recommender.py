"""The governance-model recommender: every rule in one readable place.

The four models and their rows come from the governance table of the
framework (``domain.md``, step 4). Each question turns its answer into a
*level* between -1 and +1 (0 = neutral or not answered), and each model
has a *fit* to that question read off its table row. A model's score on a
criterion is ``weight * level * fit``; its total is the sum. Nothing else
is hidden: :data:`MODELS`, :data:`FIT` and :data:`WEIGHTS` are the whole
recommender, and :func:`score_table` shows every product.

Given the purpose alone (every other answer neutral), the model whose
"best for" row names that purpose ranks first.

Examples
--------
>>> from core.governance.recommender import Answers, Purpose, recommend
>>> recommend(Answers(purpose=Purpose.COMMUNITY)).ranking[0].value
'ngo_led'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

import pandas as pd

from core.steps import EVIDENCE_FIGURES

__all__ = [
    "FIT",
    "MODELS",
    "QUESTIONS",
    "TOPIC",
    "WEIGHTS",
    "Answers",
    "Criterion",
    "Driver",
    "GovernanceModel",
    "ModelRow",
    "Purpose",
    "Question",
    "Recommendation",
    "levels",
    "points",
    "recommend",
    "score_table",
    "secretariat_advice",
]

TOPIC = "governance"  # the answers topic other steps read


class GovernanceModel(StrEnum):
    """The four governance models (values are the agreed stored keys)."""

    CORPORATE_LED = "corporate_led"
    NGO_LED = "ngo_led"
    NEUTRAL_BACKBONE = "neutral_backbone"
    EQUITABLE = "equitable_multi_stakeholder"

    @property
    def label(self) -> str:
        return MODELS[self].label


class Purpose(StrEnum):
    """What the partnership is for, as the "best for" column words it."""

    STANDARDS_RD = "standards_rd"
    COMMUNITY = "community"
    SYSTEMS_CHANGE = "systems_change"
    GLOBAL_STANDARD = "global_standard"

    @property
    def label(self) -> str:
        return _PURPOSE_LABELS[self]


_PURPOSE_LABELS = {
    Purpose.STANDARDS_RD: "An industry standard or joint R&D",
    Purpose.COMMUNITY: "Implementation at community level",
    Purpose.SYSTEMS_CHANGE: "Complex systems change over many years",
    Purpose.GLOBAL_STANDARD: "A global standard that needs broad buy-in",
}


class Criterion(StrEnum):
    """One question of the recommender = one scored criterion."""

    PURPOSE = "purpose"
    POWER = "power_balance"
    NEUTRALITY = "neutrality"
    SPEED = "speed"
    HORIZON = "horizon_years"
    STAFFING = "secretariat_funded"

    @property
    def label(self) -> str:
        return QUESTIONS[self].short


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


@dataclass(frozen=True)
class Question:
    """A question in plain words; ``options`` maps answers to their labels."""

    text: str
    short: str
    options: dict[object, str] = field(default_factory=dict)


_SCALE = (1, 2, 3, 4, 5)

QUESTIONS: dict[Criterion, Question] = {
    Criterion.PURPOSE: Question("What is the partnership mainly for?", "Purpose", {p: p.label for p in Purpose}),
    Criterion.POWER: Question(
        "How is power spread among the partners?",
        "Spread of power",
        dict(
            zip(
                _SCALE,
                [
                    "One company dominates",
                    "A few companies lead",
                    "Mixed",
                    "Several strong partners of different kinds",
                    "Evenly balanced",
                ],
                strict=True,
            )
        ),
    ),
    Criterion.NEUTRALITY: Question(
        "How much do neutrality and public scrutiny matter?",
        "Need for neutrality",
        dict(
            zip(
                _SCALE,
                [
                    "Hardly: few people watch",
                    "A little",
                    "Somewhat",
                    "A lot: critics and regulators watch",
                    "Critical: every claim is challenged in public",
                ],
                strict=True,
            )
        ),
    ),
    Criterion.SPEED: Question(
        "How fast must decisions be made?",
        "Speed of decisions",
        dict(
            zip(
                _SCALE,
                ["Slow is fine (months)", "Unhurried", "Normal", "Fast", "Very fast (days)"],
                strict=True,
            )
        ),
    ),
    Criterion.HORIZON: Question("For how many years should the partnership run?", "Horizon"),
    Criterion.STAFFING: Question(
        "Can the partners fund dedicated staff (a secretariat)?",
        "Funded secretariat",
        {True: "Yes", False: "No"},
    ),
}


@dataclass(frozen=True)
class Answers:
    """The questionnaire; ``None`` means not answered (counts as neutral)."""

    purpose: Purpose | None = None
    power_balance: int | None = None  # 1 one company dominates .. 5 evenly balanced
    neutrality: int | None = None  # 1 hardly matters .. 5 critical
    speed: int | None = None  # 1 slow is fine .. 5 very fast
    horizon_years: int | None = None
    secretariat_funded: bool | None = None

    @classmethod
    def from_dict(cls, payload: dict[str, object]) -> Answers:
        """Read stored answers, ignoring keys that are not questions."""

        def scale(key: str) -> int | None:
            value = payload.get(key)
            return int(min(5, max(1, int(value)))) if isinstance(value, int | float) else None

        purpose = payload.get("purpose")
        horizon = payload.get("horizon_years")
        funded = payload.get("secretariat_funded")
        return cls(
            purpose=Purpose(purpose) if purpose in {p.value for p in Purpose} else None,
            power_balance=scale("power_balance"),
            neutrality=scale("neutrality"),
            speed=scale("speed"),
            horizon_years=max(0, int(horizon)) if isinstance(horizon, int | float) else None,
            secretariat_funded=funded if isinstance(funded, bool) else None,
        )

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["purpose"] = self.purpose.value if self.purpose else None
        return out

    def answer(self, criterion: Criterion) -> object:
        return getattr(self, criterion.value)

    def describe(self, criterion: Criterion) -> str:
        """The answer in the words of the question's options."""
        value = self.answer(criterion)
        if value is None:
            return "not answered"
        if criterion is Criterion.HORIZON:
            return f"{value} years"
        return QUESTIONS[criterion].options.get(value, str(value))


def levels(answers: Answers) -> dict[Criterion, float]:
    """Each answer as a level in [-1, 1]; 0 for neutral or unanswered.

    The purpose has no level: it scores by matching the "best for" row.
    """

    def centred(value: int | None) -> float:
        return 0.0 if value is None else (value - 3) / 2

    horizon = answers.horizon_years
    return {
        Criterion.POWER: centred(answers.power_balance),
        Criterion.NEUTRALITY: centred(answers.neutrality),
        Criterion.SPEED: centred(answers.speed),
        Criterion.HORIZON: 0.0
        if horizon is None
        else max(-1.0, min(1.0, (horizon - HORIZON_NEUTRAL_YEARS) / HORIZON_FULL_SWING_YEARS)),
        Criterion.STAFFING: {True: 1.0, False: -1.0, None: 0.0}[answers.secretariat_funded],
    }


def points(answers: Answers) -> dict[GovernanceModel, dict[Criterion, float]]:
    """Points each model earns on each criterion: ``weight * level * fit``.

    Plain floats, cheap to compute; :func:`score_table` shows them as a table.
    """
    level = levels(answers)
    out: dict[GovernanceModel, dict[Criterion, float]] = {}
    for model, row in MODELS.items():
        mine = {Criterion.PURPOSE: WEIGHTS[Criterion.PURPOSE] * float(row.best_for == answers.purpose)}
        for criterion, fit in FIT.items():
            mine[criterion] = WEIGHTS[criterion] * level[criterion] * fit[model] + 0.0  # + 0.0: no -0.0
        out[model] = mine
    return out


def score_table(answers: Answers) -> pd.DataFrame:
    """Points each model earns on each criterion, plus ``total``.

    Returns
    -------
    DataFrame
        Index: the models (:class:`GovernanceModel` values), in table order;
        columns: the :class:`Criterion` values and ``total``.
    """
    rows = {
        model.value: {criterion.value: value for criterion, value in mine.items()}
        for model, mine in points(answers).items()
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["total"] = table.sum(axis=1)
    return table


@dataclass(frozen=True)
class Driver:
    """How much one answer pushed the models apart."""

    criterion: Criterion
    answer: str
    spread: float  # best minus worst points this answer gave
    favours: tuple[GovernanceModel, ...]  # the models it gave the most points
    against: tuple[GovernanceModel, ...]  # the models it gave the fewest
    decisive: bool  # without this answer the top model would not lead alone

    @property
    def sentence(self) -> str:
        def names(models: tuple[GovernanceModel, ...]) -> str:
            return " and ".join(model.label for model in models)

        against = "the others" if len(self.against) > 1 and len(self.favours) == 1 else names(self.against)
        lead = " It decided the top place." if self.decisive else ""
        return (
            f"{self.criterion.label} ({self.answer}) favoured {names(self.favours)} over {against} "
            f"(a swing of {self.spread:.1f} points).{lead}"
        )


@dataclass(frozen=True)
class Recommendation:
    """The ranking, the points behind it and the answers that mattered."""

    answers: Answers
    ranking: list[GovernanceModel]
    drivers: list[Driver]
    advice: list[str]

    @property
    def scores(self) -> pd.DataFrame:
        """The points table (see :func:`score_table`)."""
        return score_table(self.answers)

    @property
    def top(self) -> GovernanceModel:
        return self.ranking[0]


def _rank(totals: dict[GovernanceModel, float]) -> list[GovernanceModel]:
    # Ties keep table order (sorted is stable), so the result never depends on chance.
    return sorted(totals, key=lambda model: -totals[model])


def recommend(answers: Answers) -> Recommendation:
    """Rank the four models for ``answers`` and explain the ranking.

    Drivers are the answered questions sorted by how far they pushed the
    models apart; a driver is *decisive* when, with that answer reset to
    neutral (its points removed), the top model would no longer lead on
    its own.
    """
    earned = points(answers)
    totals = {model: sum(mine.values()) for model, mine in earned.items()}
    ranking = _rank(totals)
    top = ranking[0]
    drivers = []
    for criterion in Criterion:
        if answers.answer(criterion) is None:
            continue
        given = {model: earned[model][criterion] for model in earned}
        high, low = max(given.values()), min(given.values())
        if high == low:
            continue
        without = {model: totals[model] - given[model] for model in totals}
        alone_on_top = all(without[top] > without[model] for model in without if model is not top)
        drivers.append(
            Driver(
                criterion,
                answers.describe(criterion),
                high - low,
                tuple(model for model, value in given.items() if value == high),
                tuple(model for model, value in given.items() if value == low),
                not alone_on_top,
            )
        )
    drivers.sort(key=lambda d: (not d.decisive, -d.spread))
    return Recommendation(answers, ranking, drivers, secretariat_advice(answers))


def secretariat_advice(answers: Answers) -> list[str]:
    """Advice to fund a professional secretariat for complex, multi-year work.

    Given when the purpose is complex systems change, or the horizon is at
    least :data:`HORIZON_NEUTRAL_YEARS` years.
    """
    complex_work = answers.purpose is Purpose.SYSTEMS_CHANGE
    long_work = answers.horizon_years is not None and answers.horizon_years >= HORIZON_NEUTRAL_YEARS
    if not (complex_work or long_work):
        return []
    advice = (
        "Fund a professional secretariat to run the partnership day to day. "
        f"Alliance research: {EVIDENCE_FIGURES['secretariat']}"
    )
    if answers.secretariat_funded is False:
        advice += " You said dedicated staff cannot be funded yet: make that the first funding ask."
    return [advice]
