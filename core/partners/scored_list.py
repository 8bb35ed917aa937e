"""The scored long list and the short list, as tables and as files.

Joins the lens scores (:mod:`core.partners.scoring`), the power-interest quadrant
(:mod:`core.partners.grid`) and the salience class (:mod:`core.partners.salience`) into one
table per partnership, and writes it to ``.xlsx`` (formula-safe: text is
stored as text) or ``.csv`` (text a spreadsheet would run is prefixed with
an apostrophe).
"""

from __future__ import annotations

import pandas as pd

from core.across.readable import deck_ready
from core.io_excel import to_csv_bytes, write_workbook
from core.model import Lever, PartnerType, split_list
from core.partners.grid import quadrants
from core.partners.salience import salience
from core.partners.scoring import Weights, score

__all__ = [
    "EXPORT_COLUMNS",
    "FORMATS",
    "HEADERS",
    "TYPE_PROFILES",
    "export_csv",
    "export_workbook",
    "lever_coverage",
    "scored_list",
    "shortlist",
]

# Strengths and challenges of each partner type (domain.md, step 3, in our words).
TYPE_PROFILES: dict[PartnerType, tuple[str, str]] = {
    PartnerType.NGO: ("Implementation, local reach, community trust", "Often under-resourced; bound by its mission"),
    PartnerType.GOVERNMENT: (
        "Policy expertise, legitimacy, convening power",
        "Bureaucratic and slow; desks may pull in different directions",
    ),
    PartnerType.INVESTOR: ("Mobilises capital; fresh thinking; networks", "Narrow investment criteria"),
    PartnerType.UNIVERSITY: ("Thought leadership, research, advice", "Depends on funding; little implementation scale"),
    PartnerType.COMPANY: ("Buyer, supplier and market practice", "Competitive tension with peers"),
    PartnerType.COMMUNITY: (
        "Lived experience of where the system jams",
        "Too often treated as a beneficiary; must sit among the decision-makers",
    ),
}

HEADERS = {"complementarity": "Brings what's missing", "shortlisted": "Short list"}
"""Headers the long list shows other than the column's name in words ("value_chain" -> "Value chain")."""

FORMATS = {"score": "%.1f", "complementarity": "%.2f"}
"""How the long list shows its computed numbers; files round them the same way."""

EXPORT_COLUMNS = [
    "rank",
    "name",
    "type",
    "sector",
    "value_chain",
    "place",
    "levers",
    "interest",
    "influence",
    "complementarity",
    "score",
    "quadrant",
    "salience",
    "power",
    "legitimacy",
    "urgency",
    "market_leader",
    "shortlisted",
    "assets",
    "asset_tags",
    "notes",
]


def scored_list(actors: pd.DataFrame, weights: Weights | None = None) -> pd.DataFrame:
    """Actors with score, rank, quadrant and salience, best first.

    Complementarity is measured against the stored short list.
    """
    scored = score(actors, weights)
    scored["quadrant"] = quadrants(scored)
    classes = salience(scored)
    scored["salience"] = classes["salience"]
    scored["salience_group"] = classes["salience_group"]
    scored["complementarity"] = scored["complementarity"].round(3)
    return scored


def shortlist(scored: pd.DataFrame) -> pd.DataFrame:
    """The shortlisted rows of a scored list, in rank order."""
    if "shortlisted" not in scored:
        return scored.iloc[0:0]
    return scored[scored["shortlisted"].astype("boolean").fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)


def lever_coverage(actors: pd.DataFrame) -> pd.DataFrame:
    """Partners by levers: one row per actor, a True column per lever.

    Rows keep the order given; a last row ``(covered by)`` counts the holders
    of each lever.
    """
    names = actors["name"].astype("string").fillna("") if "name" in actors else pd.Series([], dtype="string")
    cells = actors["levers"] if "levers" in actors else pd.Series([None] * len(actors))
    held = cells.map(lambda cell: {item.casefold() for item in split_list(cell)})
    matrix = pd.DataFrame(
        {lever.label: held.map(lambda found, value=lever.value: value in found).to_numpy() for lever in Lever},
        index=names.to_numpy(),
    )
    matrix.index.name = "partner"
    return matrix


def _for_export(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader needs, as the screen shows them (headers, labels, yes/no, decimals)."""
    return deck_ready(frame[[column for column in EXPORT_COLUMNS if column in frame]], HEADERS, FORMATS)


def export_workbook(scored: pd.DataFrame) -> bytes:
    """An .xlsx with two sheets: the scored long list and the short list."""
    return write_workbook({"Scored long list": _for_export(scored), "Short list": _for_export(shortlist(scored))})


def export_csv(scored: pd.DataFrame, only_shortlist: bool = False) -> bytes:
    """The scored long list (or the short list) as formula-safe CSV."""
    return to_csv_bytes(_for_export(shortlist(scored) if only_shortlist else scored))
