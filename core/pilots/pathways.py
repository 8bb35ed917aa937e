"""The five scaling pathways of domain.md: the table the comparison reads.

Each row (:class:`PathwayProfile`) gives a pathway's typical time horizon,
its degree of systems change (and the score it stands for: very high 1.0 >
high 0.8 > moderate to high 0.65 > moderate 0.5 > low 0.1), the
dependencies it needs in place and its risks, word for word.
:mod:`core.pilots.scaling` scores the rows on a partnership's situation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "PATHWAYS",
    "Dependency",
    "Pathway",
    "PathwayProfile",
    "profile",
]


class Pathway(StrEnum):
    """The five scaling pathways (values are the stored ``chosen_pathway``)."""

    PUBLIC_POLICY = "public_policy"
    INDUSTRY_STANDARDS = "industry_standards"
    COLLABORATIVE_RD = "collaborative_rd"
    DATA_TRANSPARENCY = "data_transparency"
    INTERNAL_ROLLOUT = "internal_rollout"


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


def profile(pathway: Pathway | str) -> PathwayProfile:
    """The table row of ``pathway``."""
    return _PROFILES[Pathway(pathway)]
