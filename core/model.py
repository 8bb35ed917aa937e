"""The shared vocabulary of the domain: enums used across steps.

Values are the canonical strings stored in the database and written to
exports; ``label`` gives the wording shown to people.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import pandas as pd

__all__ = [
    "AnswerKey",
    "BarrierCategory",
    "EvidenceKind",
    "IndicatorLevel",
    "Lever",
    "PartnerType",
    "PilotStatus",
    "RaciRole",
    "Stage",
    "ToCLevel",
    "Topic",
    "join_list",
    "labelled_codes",
    "split_list",
]


class Topic(StrEnum):
    """The questionnaires whose answers are stored (table ``answers``, one JSON payload per topic)."""

    SYSTEMIC_TEST = "systemic_test"  # step 1: the verdict and the answers behind it
    GOVERNANCE = "governance"  # step 4: the recommender's questions and the chosen model
    FUNDING = "funding"  # step 5: the funding questions and the chosen funding model
    TRACKING = "tracking"  # step 6: drift-detection settings (CUSUM k and h)
    SCALING = "scaling"  # step 6: the chosen scaling pathway and its weights
    MAP_VIEWS = "map_views"  # step 1: the actor map's saved views (core.system_map.views)


class AnswerKey(StrEnum):
    """Payload keys that more than one step reads."""

    CHOSEN_MODEL = "chosen_model"  # under GOVERNANCE and FUNDING: the model the team chose
    HORIZON_YEARS = "horizon_years"  # under GOVERNANCE: how many years the partnership plans for
    CHOSEN_PATHWAY = "chosen_pathway"  # under SCALING: the pathway the team chose


class _Labelled(StrEnum):
    """A string enum with a human label and forgiving parsing."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.capitalize())

    @classmethod
    def parse(cls, text: object) -> _Labelled | None:
        """Return the member matching ``text`` (value, label or alias), else None."""
        if text is None:
            return None
        key = " ".join(str(text).strip().lower().replace("_", " ").split())
        if not key:
            return None
        for member in cls:
            if key in (member.value.lower(), member.label.lower()):
                return member
        return _ALIASES.get(cls.__name__, {}).get(key)


class PartnerType(_Labelled):
    """The six partner types of the framework (domain.md, step 3)."""

    NGO = "ngo"
    GOVERNMENT = "government"
    INVESTOR = "investor"
    UNIVERSITY = "university"
    COMPANY = "company"
    COMMUNITY = "community"


class Lever(_Labelled):
    """What a partner can move."""

    POLICY = "policy"
    CAPITAL = "capital"
    IMPLEMENTATION = "implementation"
    LEGITIMACY = "legitimacy"
    MARKET_ACCESS = "market access"


class Stage(_Labelled):
    PILOT = "pilot"
    GROWTH = "growth"
    SCALE = "scale"


class EvidenceKind(_Labelled):
    INTERNAL = "internal"
    EXTERNAL = "external"
    QUALITATIVE = "qualitative"


class ToCLevel(_Labelled):
    """Links of a theory of change, in order."""

    INPUT = "input"
    ACTIVITY = "activity"
    OUTPUT = "output"
    OUTCOME = "outcome"
    SYSTEM_SHIFT = "system shift"


class IndicatorLevel(_Labelled):
    OUTPUT = "output"
    OUTCOME = "outcome"
    SYSTEM_SHIFT = "system shift"


class RaciRole(_Labelled):
    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"


class BarrierCategory(_Labelled):
    POLITICAL = "political"
    ECONOMIC = "economic"
    SOCIAL = "social"
    TECHNOLOGICAL = "technological"
    LEGAL = "legal"
    ENVIRONMENTAL = "environmental"


class PilotStatus(_Labelled):
    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    STOPPED = "stopped"


_LABELS: dict[StrEnum, str] = {
    PartnerType.NGO: "NGO",
    PartnerType.GOVERNMENT: "Government",
    PartnerType.INVESTOR: "Investor / DFI",
    PartnerType.UNIVERSITY: "University",
    PartnerType.COMPANY: "Company / value chain",
    PartnerType.COMMUNITY: "Community organisation",
    Lever.MARKET_ACCESS: "Market access",
    ToCLevel.SYSTEM_SHIFT: "System shift",
    IndicatorLevel.SYSTEM_SHIFT: "System shift",
    RaciRole.RESPONSIBLE: "Responsible",
    RaciRole.ACCOUNTABLE: "Accountable",
    RaciRole.CONSULTED: "Consulted",
    RaciRole.INFORMED: "Informed",
}

# Words people put in spreadsheets, mapped to canonical members.
_ALIASES: dict[str, dict[str, StrEnum]] = {
    "PartnerType": {
        "non-governmental organisation": PartnerType.NGO,
        "non-governmental organization": PartnerType.NGO,
        "nonprofit": PartnerType.NGO,
        "non-profit": PartnerType.NGO,
        "charity": PartnerType.NGO,
        "foundation": PartnerType.NGO,
        "host government": PartnerType.GOVERNMENT,
        "gov": PartnerType.GOVERNMENT,
        "public sector": PartnerType.GOVERNMENT,
        "regulator": PartnerType.GOVERNMENT,
        "agency": PartnerType.GOVERNMENT,
        "impact investor": PartnerType.INVESTOR,
        "dfi": PartnerType.INVESTOR,
        "impact investor / dfi": PartnerType.INVESTOR,
        "development finance institution": PartnerType.INVESTOR,
        "investor/dfi": PartnerType.INVESTOR,
        "funder": PartnerType.INVESTOR,
        "academia": PartnerType.UNIVERSITY,
        "research institute": PartnerType.UNIVERSITY,
        "academic": PartnerType.UNIVERSITY,
        "peer company": PartnerType.COMPANY,
        "value-chain actor": PartnerType.COMPANY,
        "value chain actor": PartnerType.COMPANY,
        "peer company / value-chain actor": PartnerType.COMPANY,
        "business": PartnerType.COMPANY,
        "corporate": PartnerType.COMPANY,
        "private sector": PartnerType.COMPANY,
        "supplier": PartnerType.COMPANY,
        "community-based organisation": PartnerType.COMMUNITY,
        "community-based organization": PartnerType.COMMUNITY,
        "community based organisation": PartnerType.COMMUNITY,
        "community based organization": PartnerType.COMMUNITY,
        "cbo": PartnerType.COMMUNITY,
        "cooperative": PartnerType.COMMUNITY,
    },
    "Lever": {"market": Lever.MARKET_ACCESS, "market-access": Lever.MARKET_ACCESS},
    "RaciRole": {
        "responsible": RaciRole.RESPONSIBLE,
        "accountable": RaciRole.ACCOUNTABLE,
        "consulted": RaciRole.CONSULTED,
        "informed": RaciRole.INFORMED,
    },
    "ToCLevel": {"system shifts": ToCLevel.SYSTEM_SHIFT, "shift": ToCLevel.SYSTEM_SHIFT},
    "IndicatorLevel": {"system shifts": IndicatorLevel.SYSTEM_SHIFT},
}


def split_list(text: object) -> list[str]:
    """Split a ``;``-separated cell into trimmed, non-empty items."""
    if not isinstance(text, str) and (text is None or pd.isna(text)):  # None, NaN, pd.NA, NaT
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def join_list(items: list[str]) -> str:
    """Join items into one ``;``-separated cell."""
    return "; ".join(item.strip() for item in items if item and item.strip())


def labelled_codes(values: Iterable[object]) -> list[str] | None:
    """Labels for a column of the framework's codes, or None when it holds anything else.

    A column is read as codes when every filled cell is the value of one kind of
    code ("ngo", "company"; lists such as "policy; capital" too). RACI letters stay
    letters: a room knows them, and the words would not fit a grid.

    >>> labelled_codes(["ngo", "company", None])
    ['NGO', 'Company / value chain', '']
    >>> labelled_codes(["policy; market access"]), labelled_codes(["ngo", "a note"])
    (['Policy, Market access'], None)
    """
    cells = [split_list(value) for value in values]
    codes = {code for cell in cells for code in cell}
    if not codes:
        return None
    for kind in _Labelled.__subclasses__():
        if kind is not RaciRole and codes <= {member.value for member in kind}:
            return [", ".join(kind(code).label for code in cell) for cell in cells]
    return None
