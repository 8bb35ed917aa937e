"""The governance questionnaire: what the recommender asks, and the answers.

Each question is one scored criterion (:class:`Criterion`); its options are
worded for the room. :class:`Answers` holds the answers as stored under the
``governance`` answers topic (:data:`TOPIC`); ``None`` means not answered
and counts as neutral. :mod:`core.governance.recommender` scores them.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from core.model import AnswerKey, Topic

__all__ = ["QUESTIONS", "TOPIC", "Answers", "Criterion", "Purpose", "Question"]

TOPIC = Topic.GOVERNANCE


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
    HORIZON = AnswerKey.HORIZON_YEARS.value
    STAFFING = "secretariat_funded"

    @property
    def label(self) -> str:
        return QUESTIONS[self].short


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
        """Read stored answers, ignoring keys that are not questions and values that are not answers."""

        def number(key: str) -> float | None:
            """A finite number; anything else (text, NaN, infinity) counts as not answered."""
            value = payload.get(key)
            return float(value) if isinstance(value, int | float) and math.isfinite(value) else None

        def scale(key: str) -> int | None:
            value = number(key)
            return None if value is None else int(min(5, max(1, int(value))))

        purpose = payload.get("purpose")
        horizon = number(AnswerKey.HORIZON_YEARS)
        funded = payload.get("secretariat_funded")
        return cls(
            purpose=Purpose(purpose) if purpose in {p.value for p in Purpose} else None,
            power_balance=scale("power_balance"),
            neutrality=scale("neutrality"),
            speed=scale("speed"),
            horizon_years=None if horizon is None else max(0, int(horizon)),
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
