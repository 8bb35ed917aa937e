"""The pilot register: what each pilot is missing.

Register checks follow domain.md, step 6: an industry-adoption pilot needs
at least two market leaders (alliance research: alliances started by market
leaders are about 1.7x more likely to scale); a pilot should target a
factor of the causal map; third-party validators (researchers, certifiers)
add legitimacy, so a pilot without an independent one is flagged.

Observation checks guard the tracking data: every row must name a known
pilot and one of its indicators, fall on or after the pilot's start, carry
a number, and not repeat a date. They live in :mod:`core.pilots.observations`
with the functions that store observations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from core.conventions import counted
from core.model import split_list

__all__ = [
    "MARKET_LEADERS_NEEDED",
    "CheckKind",
    "PilotAim",
    "PilotFinding",
    "check_register",
]

MARKET_LEADERS_NEEDED = 2


class PilotAim(StrEnum):
    """What a pilot sets out to show."""

    INDUSTRY_ADOPTION = "industry adoption"
    POLICY = "policy"
    COMMUNITY = "community"
    INTERNAL = "internal"

    @classmethod
    def parse(cls, text: object) -> PilotAim | None:
        key = " ".join(str(text or "").strip().lower().replace("_", " ").replace("-", " ").split())
        aliases = {
            "industry": cls.INDUSTRY_ADOPTION,
            "adoption": cls.INDUSTRY_ADOPTION,
            "market": cls.INDUSTRY_ADOPTION,
        }
        for member in cls:
            if key == member.value:
                return member
        return aliases.get(key)


class CheckKind(StrEnum):
    FEW_MARKET_LEADERS = "few market leaders"
    NO_FACTOR = "not tied to the map"
    NO_VALIDATOR = "no independent validator"


@dataclass(frozen=True)
class PilotFinding:
    """One thing a pilot is missing, in words for the room."""

    pilot: str
    kind: CheckKind
    message: str


def _market_leaders(cell: object, actors: pd.DataFrame) -> list[str]:
    """Names in a pilot's market-leader cell, minus actors marked as not leading."""
    names = split_list(cell)
    if actors.empty or "market_leader" not in actors:
        return names
    flagged = dict(zip(actors["name"].str.casefold(), actors["market_leader"], strict=True))
    return [name for name in names if _not_denied(flagged.get(name.casefold()))]


def _not_denied(flag: object) -> bool:
    """True unless the actor list says plainly that this is not a market leader."""
    return flag is None or bool(pd.isna(flag)) or bool(flag)


def check_register(pilots: pd.DataFrame, factors: pd.DataFrame, actors: pd.DataFrame) -> list[PilotFinding]:
    """Every register finding, pilot by pilot in register order.

    Parameters
    ----------
    pilots, factors, actors : DataFrame
        The partnership's tables (as :meth:`Store.read` returns them).

    Returns
    -------
    list of PilotFinding
        Empty when every pilot passes the three checks.
    """
    known_factors = {str(name).casefold() for name in factors["name"].dropna()}
    findings = []
    for pilot in pilots.itertuples(index=False):
        name = str(pilot.name)
        found = (
            _leaders_finding(pilot, actors) if PilotAim.parse(pilot.aim) is PilotAim.INDUSTRY_ADOPTION else None,
            _factor_finding(pilot, known_factors),
            _validator_finding(pilot),
        )
        findings += [PilotFinding(name, kind, message) for kind, message in filter(None, found)]
    return findings


def _leaders_finding(pilot: tuple, actors: pd.DataFrame) -> tuple[CheckKind, str] | None:
    """An industry-adoption pilot with fewer than two market leaders."""
    leaders = _market_leaders(pilot.market_leaders, actors)
    if len(leaders) >= MARKET_LEADERS_NEEDED:
        return None
    who = ", ".join(leaders) if leaders else "none"
    return (
        CheckKind.FEW_MARKET_LEADERS,
        f"An industry-adoption pilot with {counted(len(leaders), 'market leader')} ({who}). "
        "Bring in at least two: alliances started by market leaders are about 1.7x "
        "more likely to scale (alliance research).",
    )


def _factor_finding(pilot: tuple, known_factors: set[str]) -> tuple[CheckKind, str] | None:
    """A pilot that targets no factor, or one the causal map does not have."""
    factor = "" if pd.isna(pilot.factor) else str(pilot.factor).strip()
    if not factor:
        return CheckKind.NO_FACTOR, "Not tied to any factor of the causal map: name the root cause it targets."
    if factor.casefold() not in known_factors:
        return (
            CheckKind.NO_FACTOR,
            f"Targets '{factor}', which is not a factor of the causal map: add it to the map or pick a mapped factor.",
        )
    return None


def _validator_finding(pilot: tuple) -> tuple[CheckKind, str] | None:
    """A pilot without a validator, or whose validator is also one of its partners."""
    validator = "" if pd.isna(pilot.validator) else str(pilot.validator).strip()
    partners = {item.casefold() for item in split_list(pilot.partners)}
    if not validator:
        return (
            CheckKind.NO_VALIDATOR,
            "No independent validator: a researcher or certifier checking the results adds legitimacy.",
        )
    if validator.casefold() in partners:
        return (
            CheckKind.NO_VALIDATOR,
            f"The validator '{validator}' is also a partner in the pilot, so it is not independent.",
        )
    return None
