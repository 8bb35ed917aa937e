"""Funding: a transparent recommender over the four funding models, and who pays.

The recommender scores each model on each answered question with a small
published table (:data:`SCORES`): +2 a strong fit, +1 a fit, 0 neutral,
-1 a poor fit, -2 a blocker, each with its reason. A model's total is the
plain sum, so anyone can check which answers moved it. Unanswered
questions score 0 for every model.

The stage scores reproduce the funding table of the framework: a model
whose stage column names the stage scores +2, a model one stage away +1,
otherwise 0. Given the stage alone, the top models are exactly the table's
fit-for-stage rows.

Funding shares say who pays what; they are read in :mod:`core.metrics.shares`
(a funder paying more than half, or a third or more, is flagged).

The module runs past 300 lines on purpose: the scoring table
(:data:`SCORES`) sits beside the models, profiles and questions it is keyed
by, and the reading of stored answers beside the questions it reads, so the
whole recommender can be checked in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from core.model import Stage

__all__ = [
    "QUESTIONS",
    "SCORES",
    "Capital",
    "FundingModel",
    "Job",
    "Level",
    "Profile",
    "Question",
    "described",
    "fit_for_stage",
    "profile",
    "rank_models",
    "read_answers",
]


class FundingModel(StrEnum):
    """The four funding models; values are the keys stored under answers topic "funding"."""

    GRANT = "grant"
    CORPORATE_BALANCE_SHEET = "corporate_balance_sheet"
    POOLED_FUND = "pooled_fund"
    BLENDED = "blended"

    @property
    def label(self) -> str:
        return {
            "grant": "Philanthropic / grant",
            "corporate_balance_sheet": "Corporate balance sheet",
            "pooled_fund": "Pooled / innovation fund",
            "blended": "Blended / market-based",
        }[self.value]

    @classmethod
    def parse(cls, text: object) -> FundingModel | None:
        """The model named by a value, label or common wording, else None."""
        if text is None or pd.isna(text):
            return None
        key = " ".join(str(text).strip().casefold().replace("_", " ").replace("-", " ").split())
        for member in cls:
            if key in (member.value.replace("_", " "), member.label.casefold()):
                return member
        aliases = {
            "philanthropic": cls.GRANT,
            "philanthropy": cls.GRANT,
            "grants": cls.GRANT,
            "corporate": cls.CORPORATE_BALANCE_SHEET,
            "balance sheet": cls.CORPORATE_BALANCE_SHEET,
            "pooled": cls.POOLED_FUND,
            "innovation fund": cls.POOLED_FUND,
            "pooled fund": cls.POOLED_FUND,
            "market based": cls.BLENDED,
            "blended finance": cls.BLENDED,
        }
        return aliases.get(key)


@dataclass(frozen=True)
class Profile:
    """What the framework's table says about a model, in our words."""

    model: FundingModel
    typical_use: str
    pros: str
    cons: str
    stages: tuple[Stage, ...]


PROFILES: tuple[Profile, ...] = (
    Profile(
        FundingModel.GRANT,
        "early innovation and co-design with communities",
        "tolerates high risk; builds trust",
        "hard to sustain; limited in scale",
        (Stage.PILOT,),
    ),
    Profile(
        FundingModel.CORPORATE_BALANCE_SHEET,
        "direct R&D and supply-chain improvement",
        "tied to business KPIs; stable",
        "exposed to budget cycles",
        (Stage.PILOT, Stage.GROWTH),
    ),
    Profile(
        FundingModel.POOLED_FUND,
        "joint R&D in sectors that are hard to abate",
        "spreads risk; mobilises large capital",
        "needs high trust and IP protection",
        (Stage.GROWTH, Stage.SCALE),
    ),
    Profile(
        FundingModel.BLENDED,
        "scaling proven solutions on commercial terms",
        "scalable; pays for itself",
        "complex to set up; needs regulatory alignment",
        (Stage.SCALE,),
    ),
)


def profile(model: FundingModel) -> Profile:
    return next(item for item in PROFILES if item.model is model)


def fit_for_stage(stage: Stage | str) -> set[FundingModel]:
    """The models whose stage column names ``stage``."""
    stage = Stage(stage)
    return {item.model for item in PROFILES if stage in item.stages}


class Job(StrEnum):
    TRY_IDEA = "try an idea"
    DRIVE_ADOPTION = "drive adoption"
    SCALE_PROVEN = "scale a proven model"


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Capital(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@dataclass(frozen=True)
class Question:
    key: str  # the key stored under answers topic "funding"
    text: str
    options: tuple[str, ...]
    short: str  # the answer's name where a room reads it ("Money for: drive adoption")


QUESTIONS: tuple[Question, ...] = (
    Question("stage", "Which stage is the partnership at?", tuple(Stage), "Stage"),
    Question("job", "What is the money for?", tuple(Job), "Money for"),
    Question(
        "risk_tolerance", "How much risk of failure must the funders accept?", tuple(Level), "Risk funders accept"
    ),
    Question("trust", "How much do the partners trust each other today?", tuple(Level), "Trust between partners"),
    Question(
        "ip_sensitivity",
        "How sensitive is the intellectual property involved?",
        tuple(Level),
        "How sensitive the IP is",
    ),
    Question(
        "regulatory_alignment",
        "How well does regulation support a commercial model?",
        tuple(Level),
        "Regulation's support for a business",
    ),
    Question("capital_needed", "How much capital is needed?", tuple(Capital), "Capital needed"),
)


def described(answers: Mapping[str, object]) -> list[str]:
    """The given answers in plain words, in the questions' order: ``["Stage: pilot", "Money for: drive adoption"]``."""
    return [f"{question.short}: {answers[question.key]}" for question in QUESTIONS if answers.get(question.key)]


G, C, P, B = (
    FundingModel.GRANT,
    FundingModel.CORPORATE_BALANCE_SHEET,
    FundingModel.POOLED_FUND,
    FundingModel.BLENDED,
)


def _stage_scores() -> dict[str, dict[FundingModel, tuple[int, str]]]:
    order = list(Stage)
    table: dict[str, dict[FundingModel, tuple[int, str]]] = {}
    for stage in order:
        row = {}
        for item in PROFILES:
            distance = min(abs(order.index(stage) - order.index(s)) for s in item.stages)
            stages = " and ".join(s.value for s in item.stages)
            score = {0: 2, 1: 1}.get(distance, 0)
            reason = {2: f"made for the {stage.value} stage", 1: f"made for {stages}, one stage away"}.get(
                score, f"made for {stages}"
            )
            row[item.model] = (score, reason)
        table[stage.value] = row
    return table


# SCORES[question][answer][model] = (score, reason). Missing cells score 0.
SCORES: dict[str, dict[str, dict[FundingModel, tuple[int, str]]]] = {
    "stage": _stage_scores(),
    "job": {
        Job.TRY_IDEA: {
            G: (2, "suits early innovation and co-design"),
            C: (1, "can fund direct R&D"),
            P: (1, "can fund joint R&D"),
            B: (-1, "needs a proven, commercial model"),
        },
        Job.DRIVE_ADOPTION: {
            C: (2, "suits supply-chain improvement tied to the business"),
            P: (1, "shares the cost of adoption among members"),
            B: (1, "can pay for adoption where it earns a return"),
        },
        Job.SCALE_PROVEN: {
            G: (-1, "hard to sustain and limited in scale"),
            P: (1, "mobilises capital for scale"),
            B: (2, "made for scaling proven solutions commercially"),
        },
    },
    "risk_tolerance": {
        Level.HIGH: {
            G: (2, "tolerates high risk"),
            C: (-1, "answers to business KPIs"),
            P: (1, "spreads the risk across members"),
            B: (-1, "investors expect a return"),
        },
        Level.MEDIUM: {P: (1, "spreads the risk across members")},
        Level.LOW: {C: (1, "stable and tied to KPIs"), B: (1, "commercial discipline"), G: (-1, "wasted on safe bets")},
    },
    "trust": {
        Level.LOW: {
            G: (1, "builds trust"),
            C: (1, "one funder, no pooled money to fight over"),
            P: (-2, "needs high trust among members"),
            B: (-1, "complex deals need trust to close"),
        },
        Level.HIGH: {P: (2, "high trust makes pooling work"), B: (1, "trust eases a complex set-up")},
    },
    "ip_sensitivity": {
        Level.HIGH: {
            C: (1, "keeps the IP inside one company"),
            P: (-2, "needs strong IP protection between members"),
        },
        Level.MEDIUM: {P: (-1, "IP terms must be agreed first")},
        Level.LOW: {P: (1, "little IP to fight over"), G: (1, "open results suit grants")},
    },
    "regulatory_alignment": {
        Level.LOW: {B: (-2, "needs regulatory alignment to pay")},
        Level.MEDIUM: {B: (-1, "needs regulatory alignment to pay")},
        Level.HIGH: {B: (2, "regulation makes the market case")},
    },
    "capital_needed": {
        Capital.SMALL: {G: (1, "grants fit small sums"), C: (1, "fits a business budget line")},
        Capital.MEDIUM: {C: (1, "fits a business budget"), P: (1, "members share the bill")},
        Capital.LARGE: {
            G: (-2, "limited in scale"),
            C: (-1, "large sums are exposed to budget cycles"),
            P: (2, "mobilises large capital"),
            B: (2, "scalable and self-sustaining"),
        },
    },
}


def _key(text: object) -> str:
    return " ".join(str(text).casefold().replace("_", " ").replace("-", " ").split())


def read_answers(answers: Mapping[str, object]) -> tuple[dict[str, str | None], list[str]]:
    """Each question's answer in its option's own spelling, and a warning per answer that names no option.

    Case, spaces, ``_`` and ``-`` are ignored ("Pilot", "HIGH", "try_an_idea"
    match). A blank answer is unanswered; an answer that matches no option
    counts as unanswered too, and gets a warning instead of silently
    scoring 0.
    """
    read: dict[str, str | None] = {}
    warnings = []
    for question in QUESTIONS:
        value = answers.get(question.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            read[question.key] = None
            continue
        matches = [str(option) for option in question.options if _key(option) == _key(value)]
        read[question.key] = matches[0] if len(matches) == 1 else None
        if len(matches) != 1:
            options = ", ".join(str(option) for option in question.options)
            warnings.append(
                f"The answer '{value}' to \"{question.text}\" is not one of {options}: it counts as unanswered."
            )
    return read, warnings


def rank_models(answers: Mapping[str, object]) -> pd.DataFrame:
    """Score and rank the four models for a set of answers.

    Parameters
    ----------
    answers : dict
        Keys of :data:`QUESTIONS` (``stage``, ``job``, ...) to option values,
        read by :func:`read_answers` (case and spacing ignored); missing,
        None or unrecognised answers score 0 for every model.

    Returns
    -------
    DataFrame
        One row per model, best first (ties keep the table's order):
        model, label, total, rank (1 = best, ties share a rank), one
        ``score_<question>`` and ``why_<question>`` column per question,
        typical_use, pros, cons, stages.
    """
    answers = read_answers(answers)[0]
    rows = []
    for item in PROFILES:
        row: dict[str, object] = {"model": item.model.value, "label": item.model.label}
        total = 0
        for question in QUESTIONS:
            answer = answers.get(question.key)
            cell = SCORES[question.key].get(str(answer), {}).get(item.model, (0, "")) if answer else (0, "")
            row[f"score_{question.key}"] = cell[0]
            row[f"why_{question.key}"] = cell[1]
            total += cell[0]
        row["total"] = total
        row.update(
            typical_use=item.typical_use,
            pros=item.pros,
            cons=item.cons,
            stages=", ".join(stage.value for stage in item.stages),
        )
        rows.append(row)
    frame = pd.DataFrame(rows).sort_values("total", ascending=False, kind="stable").reset_index(drop=True)
    frame.insert(2, "rank", frame["total"].rank(method="min", ascending=False).astype(int))
    return frame
