"""Compare the five scaling pathways of domain.md on the partnership's situation.

Each pathway is scored on three criteria, each in [0, 1]:

- **time fit**: how well its typical time horizon fits the years the
  partnership has (``min(1, horizon_years / typical_years)``);
- **systems change**: its degree of systems change from the table
  (very high 1.0 > high 0.8 > moderate to high 0.65 > moderate 0.5 > low 0.1);
- **dependencies met**: the mean of its dependency scores, read from the
  partnership where possible (government actors on board and their
  centrality in the relations graph, market leaders and value-chain breadth
  on board, shared indicators and shared evidence, university labs,
  committed capital, IP sensitivity from the funding answers) and asked
  otherwise (business diplomacy, member trust, and IP or capital when step 5
  does not say).

The total is the weighted mean of the three. With neutral weights, a
horizon long enough for every pathway and every dependency met, the ranking
is the table's order of degree of systems change.

The pathway table lives in :mod:`core.pilots.pathways` and the reading of
the dependencies in :mod:`core.pilots.dependencies`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import pandas as pd

from core.pilots.dependencies import DependencyStatus
from core.pilots.pathways import PATHWAYS, Dependency, PathwayProfile

__all__ = [
    "NEUTRAL_WEIGHTS",
    "Criterion",
    "compare",
    "verdict",
]


class Criterion(StrEnum):
    TIME_FIT = "time_fit"
    SYSTEMS_CHANGE = "systems_change"
    DEPENDENCIES = "dependencies"

    @property
    def label(self) -> str:
        return {"time_fit": "Time fit", "systems_change": "Systems change", "dependencies": "Dependencies met"}[
            self.value
        ]


NEUTRAL_WEIGHTS: dict[Criterion, float] = dict.fromkeys(Criterion, 1.0)


def compare(
    statuses: Mapping[Dependency, DependencyStatus],
    horizon_years: float,
    weights: Mapping[Criterion, float] | None = None,
) -> pd.DataFrame:
    """Score and rank the five pathways.

    Parameters
    ----------
    statuses : mapping of Dependency to DependencyStatus
        From :func:`~core.pilots.dependencies.read_dependencies`; unknown dependencies count as half met.
    horizon_years : float
        The years the partnership plans to run.
    weights : mapping of Criterion to float, optional
        Non-negative weights; :data:`NEUTRAL_WEIGHTS` when omitted.

    Returns
    -------
    DataFrame
        One row per pathway, best first: ``pathway, label, horizon, change,
        time_fit, systems_change, dependencies, score, rank, explanation,
        risks`` (``risks`` a list of strings, unmet dependencies first).
        Pathways with equal scores share a rank: a tie stays a tie.
    """
    weights = {criterion: float((weights or NEUTRAL_WEIGHTS).get(criterion, 0.0)) for criterion in Criterion}
    if any(value < 0 for value in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("weights must be non-negative and not all zero")
    total_weight = sum(weights.values())
    rows = []
    for order, row in enumerate(PATHWAYS):
        time_fit = min(1.0, horizon_years / row.typical_years) if horizon_years > 0 else 0.0
        needed = [statuses[dependency] for dependency in row.dependencies]
        scores = [0.5 if status.score is None else status.score for status in needed]
        met = sum(scores) / len(scores) if scores else 1.0
        parts = {
            Criterion.TIME_FIT: time_fit,
            Criterion.SYSTEMS_CHANGE: row.change_score,
            Criterion.DEPENDENCIES: met,
        }
        score = sum(weights[c] * parts[c] for c in Criterion) / total_weight
        unmet = [s for s in needed if s.score is None or s.score < 1]
        risks = [f"{s.dependency.label}: {s.evidence}" for s in unmet] + list(row.risks)
        rows.append(
            {
                "pathway": row.pathway.value,
                "label": row.label,
                "horizon": row.horizon,
                "change": row.change,
                "time_fit": time_fit,
                "systems_change": row.change_score,
                "dependencies": met,
                "score": score,
                "order": order,
                "explanation": _explain(row, time_fit, horizon_years, needed),
                "risks": risks,
            }
        )
    frame = pd.DataFrame(rows).sort_values(["score", "order"], ascending=[False, True], ignore_index=True)
    # Scores are sums of fractions: round off float noise so equal scores share a rank.
    frame["rank"] = frame["score"].round(9).rank(method="min", ascending=False).astype(int)
    return frame.drop(columns="order")


def verdict(ranking: pd.DataFrame) -> str:
    """The result in words: "Recommended: X", or "X and Y tie at 0.83" when several share first place."""
    leaders = ranking.loc[ranking["rank"] == 1, "label"].tolist()
    if len(leaders) == 1:
        return f"Recommended: {leaders[0]}"
    return f"{', '.join(leaders[:-1])} and {leaders[-1]} tie at {ranking['score'].iloc[0]:.2f}"


def _explain(profile: PathwayProfile, time_fit: float, horizon: float, needed: list[DependencyStatus]) -> str:
    timing = (
        f"its {profile.horizon} horizon (about {profile.typical_years:g} years) fits {horizon:g} years"
        if time_fit >= 1
        else f"its {profile.horizon} horizon (about {profile.typical_years:g} years) is longer than {horizon:g} years"
    )
    if not needed:
        deps = "it depends on no one else"
    else:
        deps = "; ".join(f"{s.dependency.label.lower()} {_verdict(s.score)} ({s.evidence})" for s in needed)
    return f"{profile.change.capitalize()} systems change; {timing}; {deps}."


def _verdict(score: float | None) -> str:
    if score is None:
        return "not known yet"
    if score >= 1:
        return "met"
    if score > 0:
        return "partly met"
    return "not met"
