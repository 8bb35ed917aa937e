"""The governance-model recommender: every rule readable, every point shown.

The four models and their rows come from the governance table of the
framework (``domain.md``, step 4). Each question turns its answer into a
*level* between -1 and +1 (0 = neutral or not answered), and each model
has a *fit* to that question read off its table row. A model's score on a
criterion is ``weight * level * fit``; its total is the sum. Nothing else
is hidden: :data:`~core.governance.model_table.MODELS`,
:data:`~core.governance.model_table.FIT` and
:data:`~core.governance.model_table.WEIGHTS` are the whole recommender, and
:func:`score_table` shows every product.

The rules are in two modules beside this one: :mod:`core.governance.model_table`
(the models, their fits and the weights) and :mod:`core.governance.questionnaire`
(the questions and :class:`~core.governance.questionnaire.Answers`). This
module scores and explains; import each name from the module that defines it.

Given the purpose alone (every other answer neutral), the model whose
"best for" row names that purpose ranks first.

Examples
--------
>>> from core.governance.questionnaire import Answers, Purpose
>>> from core.governance.recommender import recommend
>>> recommend(Answers(purpose=Purpose.COMMUNITY)).ranking[0].value
'ngo_led'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.governance.model_table import (
    FIT,
    HORIZON_FULL_SWING_YEARS,
    HORIZON_NEUTRAL_YEARS,
    MODELS,
    WEIGHTS,
    GovernanceModel,
)
from core.governance.questionnaire import Answers, Criterion, Purpose
from core.steps import EVIDENCE_FIGURES

__all__ = [
    "Driver",
    "Recommendation",
    "levels",
    "points",
    "recommend",
    "score_table",
    "secretariat_advice",
]


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
        lead = " It decided the top place." if self.decisive else ""  # never said of a tie (see recommend)
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
    leaders: tuple[GovernanceModel, ...] = ()  # every model sharing the top total (more than one: a tie)
    best: float = 0.0  # the top total

    @property
    def scores(self) -> pd.DataFrame:
        """The points table (see :func:`score_table`)."""
        return score_table(self.answers)

    @property
    def top(self) -> GovernanceModel:
        """The first model (on a tie, the first of the tied in table order: see :attr:`tied`)."""
        return self.ranking[0]

    @property
    def tied(self) -> bool:
        return len(self.leaders) > 1

    def verdict(self) -> str:
        """The result in words: "Recommended: X", or "X and Y tie at 2.5" when several share first place."""
        if not self.tied:
            return f"Recommended: {self.top.label}"
        names = [model.label for model in self.leaders]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        return f"{listed} tie at {self.best:g}"


_TIE = 1e-9  # totals closer than this are equal (they are sums of a few decimals)


def _rank(totals: dict[GovernanceModel, float]) -> list[GovernanceModel]:
    # Ties keep table order (sorted is stable), so the result never depends on chance.
    return sorted(totals, key=lambda model: -round(totals[model] / _TIE))


def recommend(answers: Answers) -> Recommendation:
    """Rank the four models for ``answers`` and explain the ranking.

    Drivers are the answered questions sorted by how far they pushed the
    models apart; a driver is *decisive* when, with that answer reset to
    neutral (its points removed), the top model would no longer lead on
    its own. When several models share the top total (:attr:`Recommendation.leaders`)
    the result is a tie and no answer is called decisive.
    """
    earned = points(answers)
    totals = {model: sum(mine.values()) for model, mine in earned.items()}
    ranking = _rank(totals)
    top = ranking[0]
    leaders = tuple(model for model in ranking if totals[top] - totals[model] < _TIE)
    drivers = []
    for criterion in Criterion:
        if answers.answer(criterion) is None:
            continue
        given = {model: earned[model][criterion] for model in earned}
        high, low = max(given.values()), min(given.values())
        if high == low:
            continue
        without = {model: totals[model] - given[model] for model in totals}
        alone_on_top = all(without[top] - without[model] >= _TIE for model in without if model is not top)
        drivers.append(
            Driver(
                criterion,
                answers.describe(criterion),
                high - low,
                tuple(model for model, value in given.items() if value == high),
                tuple(model for model, value in given.items() if value == low),
                len(leaders) == 1 and not alone_on_top,  # on a tie no single answer decided anything
            )
        )
    drivers.sort(key=lambda d: (not d.decisive, -d.spread))
    return Recommendation(answers, ranking, drivers, secretariat_advice(answers), leaders, totals[top] + 0.0)


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
