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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import pandas as pd

from core.model import PartnerType, split_list
from core.tables import Table

__all__ = [
    "NEUTRAL_WEIGHTS",
    "PATHWAYS",
    "Criterion",
    "Dependency",
    "DependencyStatus",
    "Pathway",
    "PathwayProfile",
    "actor_centrality",
    "compare",
    "profile",
    "read_dependencies",
]


class Pathway(StrEnum):
    """The five scaling pathways (values are the stored ``chosen_pathway``)."""

    PUBLIC_POLICY = "public_policy"
    INDUSTRY_STANDARDS = "industry_standards"
    COLLABORATIVE_RD = "collaborative_rd"
    DATA_TRANSPARENCY = "data_transparency"
    INTERNAL_ROLLOUT = "internal_rollout"


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


class Dependency(StrEnum):
    """What a pathway needs in place; ``asked`` ones come from the team."""

    GOVERNMENT = "government_alignment"
    DIPLOMACY = "business_diplomacy"
    MARKET_LEADERS = "market_leaders"
    VALUE_CHAIN = "value_chain_participation"
    IP = "low_ip_sensitivity"
    CAPITAL = "capital"
    LABS = "lab_access"
    SHARED_METRICS = "shared_metrics"
    TRUST = "member_trust"

    @property
    def label(self) -> str:
        return _DEPENDENCY_LABELS[self]


_DEPENDENCY_LABELS = {
    Dependency.GOVERNMENT: "Government alignment",
    Dependency.DIPLOMACY: "Business diplomacy",
    Dependency.MARKET_LEADERS: "Market leaders on board",
    Dependency.VALUE_CHAIN: "Value-chain participation",
    Dependency.IP: "Low IP sensitivity",
    Dependency.CAPITAL: "Capital",
    Dependency.LABS: "Lab access",
    Dependency.SHARED_METRICS: "Shared metrics",
    Dependency.TRUST: "Member trust",
}


@dataclass(frozen=True)
class PathwayProfile:
    """One row of the pathway table of domain.md, with the scores derived from it."""

    pathway: Pathway
    label: str
    horizon: str
    typical_years: float
    change: str
    change_score: float
    dependencies: tuple[Dependency, ...]
    risks: tuple[str, ...]


PATHWAYS: tuple[PathwayProfile, ...] = (
    PathwayProfile(
        Pathway.PUBLIC_POLICY,
        "Public policy",
        "long",
        8.0,
        "very high",
        1.0,
        (Dependency.GOVERNMENT, Dependency.DIPLOMACY),
        ("political volatility can undo gains", "needs government alignment and business diplomacy"),
    ),
    PathwayProfile(
        Pathway.INDUSTRY_STANDARDS,
        "Industry standards",
        "medium",
        4.0,
        "moderate to high",
        0.65,
        (Dependency.MARKET_LEADERS, Dependency.VALUE_CHAIN),
        ("stalls without buy-in of market leaders and value-chain participants", "competitive tension among peers"),
    ),
    PathwayProfile(
        Pathway.COLLABORATIVE_RD,
        "Collaborative R&D",
        "variable",
        5.0,
        "high",
        0.8,
        (Dependency.IP, Dependency.CAPITAL, Dependency.LABS),
        ("IP conflicts between partners", "needs patient capital and lab access", "timing is hard to predict"),
    ),
    PathwayProfile(
        Pathway.DATA_TRANSPARENCY,
        "Data transparency",
        "short to medium",
        3.0,
        "moderate",
        0.5,
        (Dependency.SHARED_METRICS, Dependency.TRUST),
        ("needs shared metrics and member trust", "data may be withheld or misread if trust is thin"),
    ),
    PathwayProfile(
        Pathway.INTERNAL_ROLLOUT,
        "Internal rollout",
        "short",
        1.5,
        "low",
        0.1,
        (),
        ("little effect on industry norms",),
    ),
)

_PROFILES = {profile.pathway: profile for profile in PATHWAYS}


@dataclass(frozen=True)
class DependencyStatus:
    """How far one dependency is met (0-1), where that came from, and why."""

    dependency: Dependency
    score: float | None  # None: not known yet, ask the team
    source: str  # "partnership", "step 5", "asked" or "unknown"
    evidence: str


# -- reading the partnership -----------------------------------------------


def actor_centrality(actors: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Degree and betweenness centrality of every actor in the relations graph.

    The graph is undirected (influence runs both ways along a tie);
    betweenness is normalised. Returns ``name, type, degree, betweenness,
    rank`` (rank 1 = highest betweenness) sorted by rank.
    """
    graph = nx.Graph()
    graph.add_nodes_from(actors["name"].dropna())
    graph.add_edges_from(relations[["source", "target"]].dropna().itertuples(index=False, name=None))
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    frame = pd.DataFrame(
        {
            "name": list(graph.nodes),
            "degree": [graph.degree(node) for node in graph.nodes],
            "betweenness": [betweenness[node] for node in graph.nodes],
        }
    )
    types = dict(zip(actors["name"], actors["type"], strict=True))
    frame["type"] = frame["name"].map(types)
    frame = frame.sort_values(["betweenness", "degree"], ascending=False, ignore_index=True)
    frame["rank"] = range(1, len(frame) + 1)
    return frame[["name", "type", "degree", "betweenness", "rank"]]


def _on_board(actors: pd.DataFrame, pilots: pd.DataFrame) -> pd.DataFrame:
    """Actors shortlisted or named as a pilot partner."""
    in_pilots = {
        name.casefold() for cell in pilots.get("partners", pd.Series(dtype="string")) for name in split_list(cell)
    }
    mask = actors["shortlisted"].fillna(False).astype(bool) | actors["name"].str.casefold().isin(in_pilots)
    return actors[mask.to_numpy()]


_LEVEL = {"low": 1.0, "medium": 0.5, "high": 0.0}  # IP sensitivity: lower is better
_TRUST = {"high": 1.0, "medium": 0.5, "low": 0.0}


def _asked(dependency: Dependency, asked: Mapping[str, object], scale: Mapping[str, float]) -> DependencyStatus:
    value = asked.get(dependency.value)
    if value is None or str(value) not in scale:
        return DependencyStatus(dependency, None, "unknown", "not answered yet")
    return DependencyStatus(dependency, scale[str(value)], "asked", f"the team says: {value}")


def read_dependencies(
    frames: Mapping[object, pd.DataFrame],
    funding: Mapping[str, object] | None = None,
    asked: Mapping[str, object] | None = None,
) -> dict[Dependency, DependencyStatus]:
    """Score every dependency from the partnership's records and answers.

    Parameters
    ----------
    frames : mapping of Table to DataFrame
        Needs actors, relations, pilots, indicators, evidence, funding_shares.
    funding : dict, optional
        The ``funding`` answers of step 5 (``ip_sensitivity`` low/medium/high,
        ``capital_committed`` yes/no are read when present).
    asked : dict, optional
        The team's answers to the questions this step asks, by dependency value
        (``business_diplomacy`` yes/no, ``member_trust`` low/medium/high, and
        ``low_ip_sensitivity`` / ``capital`` when step 5 does not say).
    """
    funding = dict(funding or {})
    asked = dict(asked or {})
    actors, relations = frames[Table.ACTORS], frames[Table.RELATIONS]
    board = _on_board(actors, frames[Table.PILOTS])
    out: dict[Dependency, DependencyStatus] = {}

    # Government alignment: government actors on board, and how central they are.
    government = board[board["type"] == PartnerType.GOVERNMENT.value]
    if government.empty:
        out[Dependency.GOVERNMENT] = DependencyStatus(
            Dependency.GOVERNMENT, 0.0, "partnership", "no government actor among the partners"
        )
    else:
        centrality = actor_centrality(actors, relations)
        ranked = centrality[centrality["name"].isin(set(government["name"]))]
        best = ranked.iloc[0]
        top = max(1, round(len(centrality) / 4))
        central = int(best["rank"]) <= top
        out[Dependency.GOVERNMENT] = DependencyStatus(
            Dependency.GOVERNMENT,
            1.0 if central else 0.5,
            "partnership",
            f"{len(government)} government actor(s) on board; the most central, {best['name']}, ranks "
            f"{int(best['rank'])} of {len(centrality)} by betweenness (degree {int(best['degree'])})"
            + ("" if central else ", outside the top quarter"),
        )
    out[Dependency.DIPLOMACY] = _asked(Dependency.DIPLOMACY, asked, {"yes": 1.0, "partly": 0.5, "no": 0.0})

    leaders = board[board["market_leader"].fillna(False).astype(bool)]
    names = ", ".join(leaders["name"]) or "none"
    out[Dependency.MARKET_LEADERS] = DependencyStatus(
        Dependency.MARKET_LEADERS,
        min(len(leaders) / 2, 1.0),
        "partnership",
        f"{len(leaders)} market leader(s) on board ({names}); at least two are needed",
    )
    positions = sorted({str(p) for p in board["value_chain"].dropna()})
    out[Dependency.VALUE_CHAIN] = DependencyStatus(
        Dependency.VALUE_CHAIN,
        min(len(positions) / 4, 1.0),
        "partnership",
        f"partners cover {len(positions)} value-chain position(s)" + (f": {', '.join(positions)}" if positions else ""),
    )

    ip = funding.get("ip_sensitivity")
    if ip is not None and str(ip) in _LEVEL:
        out[Dependency.IP] = DependencyStatus(Dependency.IP, _LEVEL[str(ip)], "step 5", f"IP sensitivity is {ip}")
    else:
        out[Dependency.IP] = _asked(Dependency.IP, asked, _LEVEL)

    committed = funding.get("capital_committed")
    shares = frames[Table.FUNDING_SHARES]
    total = float(shares["amount"].fillna(0).sum()) if len(shares) else 0.0
    if isinstance(committed, bool):
        out[Dependency.CAPITAL] = DependencyStatus(
            Dependency.CAPITAL, float(committed), "step 5", "capital committed" if committed else "no capital committed"
        )
    elif total > 0:
        out[Dependency.CAPITAL] = DependencyStatus(
            Dependency.CAPITAL, 1.0, "partnership", f"{len(shares)} partner(s) have committed {total:,.0f} in funding"
        )
    else:
        out[Dependency.CAPITAL] = _asked(Dependency.CAPITAL, asked, {"yes": 1.0, "partly": 0.5, "no": 0.0})

    labs = board[board["type"] == PartnerType.UNIVERSITY.value]
    out[Dependency.LABS] = DependencyStatus(
        Dependency.LABS,
        1.0 if len(labs) else 0.0,
        "partnership",
        f"{len(labs)} university or lab partner(s)" + (f": {', '.join(labs['name'])}" if len(labs) else ""),
    )

    indicators, evidence = frames[Table.INDICATORS], frames[Table.EVIDENCE]
    shared = int(evidence["shared"].fillna(False).astype(bool).sum()) if len(evidence) else 0
    out[Dependency.SHARED_METRICS] = DependencyStatus(
        Dependency.SHARED_METRICS,
        0.5 * bool(len(indicators)) + 0.5 * bool(shared),
        "partnership",
        f"{len(indicators)} shared indicator(s); {shared} of {len(evidence)} evidence items shared",
    )
    out[Dependency.TRUST] = _asked(Dependency.TRUST, asked, _TRUST)
    return out


# -- comparing -----------------------------------------------------------


def compare(
    statuses: Mapping[Dependency, DependencyStatus],
    horizon_years: float,
    weights: Mapping[Criterion, float] | None = None,
) -> pd.DataFrame:
    """Score and rank the five pathways.

    Parameters
    ----------
    statuses : mapping of Dependency to DependencyStatus
        From :func:`read_dependencies`; unknown dependencies count as half met.
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
    """
    weights = {criterion: float((weights or NEUTRAL_WEIGHTS).get(criterion, 0.0)) for criterion in Criterion}
    if any(value < 0 for value in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("weights must be non-negative and not all zero")
    total_weight = sum(weights.values())
    rows = []
    for order, profile in enumerate(PATHWAYS):
        time_fit = min(1.0, horizon_years / profile.typical_years) if horizon_years > 0 else 0.0
        needed = [statuses[dependency] for dependency in profile.dependencies]
        scores = [0.5 if status.score is None else status.score for status in needed]
        met = sum(scores) / len(scores) if scores else 1.0
        parts = {
            Criterion.TIME_FIT: time_fit,
            Criterion.SYSTEMS_CHANGE: profile.change_score,
            Criterion.DEPENDENCIES: met,
        }
        score = sum(weights[c] * parts[c] for c in Criterion) / total_weight
        unmet = [s for s in needed if s.score is None or s.score < 1]
        risks = [f"{s.dependency.label}: {s.evidence}" for s in unmet] + list(profile.risks)
        rows.append(
            {
                "pathway": profile.pathway.value,
                "label": profile.label,
                "horizon": profile.horizon,
                "change": profile.change,
                "time_fit": time_fit,
                "systems_change": profile.change_score,
                "dependencies": met,
                "score": score,
                "order": order,
                "explanation": _explain(profile, time_fit, horizon_years, needed),
                "risks": risks,
            }
        )
    frame = pd.DataFrame(rows).sort_values(["score", "order"], ascending=[False, True], ignore_index=True)
    frame["rank"] = range(1, len(frame) + 1)
    return frame.drop(columns="order")


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


def profile(pathway: Pathway | str) -> PathwayProfile:
    """The table row of ``pathway``."""
    return _PROFILES[Pathway(pathway)]
