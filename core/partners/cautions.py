"""The framework's cautions for a short list of partners (``domain.md``, step 3).

A community-based organisation belongs among the decision-makers; industry
adoption needs at least two market leaders; one sector should not dominate;
every lever needs someone who controls it. The coalition builder
(:mod:`core.partners.coalition`) attaches these to its proposal, and the
page checks any list the team edits by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from core.conventions import to_bool
from core.model import Lever, PartnerType

__all__ = ["Caution", "CautionKind", "cautions"]


class CautionKind(StrEnum):
    NO_COMMUNITY = "no community organisation"
    FEW_MARKET_LEADERS = "fewer than two market leaders"
    SECTOR_DOMINATES = "one sector dominates"
    LEVER_UNCOVERED = "a lever nobody covers"


@dataclass(frozen=True)
class Caution:
    kind: CautionKind
    message: str


def cautions(
    shortlist: pd.DataFrame, industry_adoption: bool = True, candidates: pd.DataFrame | None = None
) -> list[Caution]:
    """The framework's cautions for a short list.

    Parameters
    ----------
    shortlist : DataFrame
        The chosen actors.
    industry_adoption : bool
        Whether the aim is industry adoption (then two market leaders are needed).
    candidates : DataFrame, optional
        The whole long list, to say whether anybody could fill a gap.
    """
    if shortlist.empty:
        return []
    kinds = shortlist["type"].astype("string").fillna("") if "type" in shortlist else pd.Series([], dtype="string")
    found = [
        _no_community(kinds),
        _few_market_leaders(shortlist, industry_adoption),
        _sector_dominates(kinds, len(shortlist)),
    ]
    return [caution for caution in found if caution is not None] + _uncovered_levers(shortlist, candidates)


def _truthy(values: pd.Series) -> pd.Series:
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        values = values.map(to_bool)
    return values.astype("boolean").fillna(False)


def _no_community(kinds: pd.Series) -> Caution | None:
    if (kinds == PartnerType.COMMUNITY.value).any():
        return None
    return Caution(
        CautionKind.NO_COMMUNITY,
        "No community-based organisation is among the decision-makers. People who live with the problem "
        "know where the system jams; give them a seat, not only a place among the beneficiaries.",
    )


def _few_market_leaders(shortlist: pd.DataFrame, industry_adoption: bool) -> Caution | None:
    leaders = int(_truthy(shortlist["market_leader"]).sum()) if "market_leader" in shortlist else 0
    if not (industry_adoption and leaders < 2):
        return None
    return Caution(
        CautionKind.FEW_MARKET_LEADERS,
        f"Only {leaders} market leader{'s' if leaders != 1 else ''} on the list. Alliance research: "
        "alliances started by market leaders (at least two in the pilot) are 1.7x more likely to scale.",
    )


def _sector_dominates(kinds: pd.Series, size: int) -> Caution | None:
    """One partner type holding more than half of a list of three or more."""
    counts = kinds[kinds != ""].value_counts()
    if not (size >= 3 and len(counts) and counts.iloc[0] > size / 2):
        return None
    label = PartnerType(counts.index[0]).label if counts.index[0] in PartnerType._value2member_map_ else "?"
    return Caution(
        CautionKind.SECTOR_DOMINATES,
        f"One sector dominates: {counts.iloc[0]} of {size} are {label}. "
        "Cross-sector work needs complementary strengths, not a table of look-alikes.",
    )


def _uncovered_levers(shortlist: pd.DataFrame, candidates: pd.DataFrame | None) -> list[Caution]:
    """A caution per lever nobody on the list controls, saying whether the long list has someone who does."""
    levers = shortlist["levers"] if "levers" in shortlist else pd.Series([], dtype="string")
    present = {item.strip().casefold() for cell in levers.dropna() for item in str(cell).split(";")}
    pool = (
        {item.strip().casefold() for cell in candidates["levers"].dropna() for item in str(cell).split(";")}
        if candidates is not None and "levers" in candidates
        else None
    )
    found = []
    for lever in Lever:
        if lever.value not in present:
            hint = ""
            if pool is not None:
                hint = (
                    " Candidates on the long list hold it."
                    if lever.value in pool
                    else " Nobody on the long list holds it: look for a new partner."
                )
            found.append(
                Caution(CautionKind.LEVER_UNCOVERED, f"Nobody on the short list controls {lever.label.lower()}.{hint}")
            )
    return found
