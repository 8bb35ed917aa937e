"""Who sits at the table and how votes are shared: the decision-making body.

The decision-making body is the short list of step 3 (actors marked
``shortlisted``) plus every member of a sector chamber. This module checks
the decision-rights table, the sector chambers (equal votes; no single
sector can outvote the others, as in IRMA's six-chamber board), the
breadth of the body (value-chain positions, partner types, community
organisations as decision-makers), the value propositions, and removes a
partner from every governance table at once so nothing points at it.

At about 300 lines the module is kept whole: it is one topic, the
decision-making body, and its checks read the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.model import PartnerType, RaciRole, join_list, split_list
from core.steps import EVIDENCE_FIGURES
from core.tables import Table

__all__ = [
    "IRMA_CHAMBERS",
    "Breadth",
    "ChamberReport",
    "Removal",
    "body",
    "breadth",
    "check_chambers",
    "check_decisions",
    "check_value_props",
    "remove_partner",
]

# The known example of the equitable model (domain.md, real cases): IRMA's
# 2022 board of six equal chambers. Votes per chamber are equal; the number
# is illustrative.
IRMA_CHAMBERS = pd.DataFrame(
    {
        "chamber": [
            "Mining companies",
            "Purchasers",
            "Finance",
            "NGOs",
            "Affected communities",
            "Organised labour",
        ],
        "members": [""] * 6,
        "votes": [2] * 6,
    }
)


def _names(series: pd.Series) -> list[str]:
    return [str(v).strip() for v in series.dropna() if str(v).strip()]


def body(actors: pd.DataFrame, chambers: pd.DataFrame) -> list[str]:
    """The decision-making body: shortlisted actors, then chamber members.

    Names keep their order of appearance and appear once.
    """
    shortlisted = actors.loc[actors["shortlisted"].fillna(False).astype(bool), "name"]
    members = [name for cell in chambers["members"] for name in split_list(cell)]
    return list(dict.fromkeys([*_names(shortlisted), *members]))


def check_decisions(decisions: pd.DataFrame, partners: list[str], chambers: pd.DataFrame) -> list[str]:
    """Warnings about the decision-rights table, one sentence each."""
    warnings = []
    members = {name.casefold() for name in partners}
    for _, row in decisions.iterrows():
        decision = str(row["decision"]) if pd.notna(row["decision"]) else "(unnamed)"
        decider = row["decider"] if pd.notna(row["decider"]) and str(row["decider"]).strip() else None
        if decider is None:
            warnings.append(f"Nobody decides '{decision}': name the decider.")
        if pd.isna(row["rule"]):
            warnings.append(f"'{decision}' has no decision rule (consensus, majority, chambers or lead partner).")
        if pd.isna(row["escalation"]) or not str(row["escalation"]).strip():
            warnings.append(f"'{decision}' has no escalation path for when partners disagree.")
        if row["rule"] == "equal sector chambers" and chambers.empty:
            warnings.append(f"'{decision}' is decided by sector chambers, but no chambers are set up.")
        if row["rule"] == "lead partner" and decider is not None and str(decider).casefold() not in members:
            warnings.append(f"'{decision}' is left to a lead partner, but {decider} is not a partner.")
    return warnings


@dataclass(frozen=True)
class ChamberReport:
    """Votes per chamber and per sector (partner type), and what is wrong."""

    by_chamber: pd.Series
    by_sector: pd.Series  # votes a partner type controls across chambers
    issues: list[str]

    @property
    def ok(self) -> bool:
        return not self.issues


def check_chambers(chambers: pd.DataFrame, actors: pd.DataFrame) -> ChamberReport:
    """Check that chambers vote equally and that no sector can outvote the rest.

    A chamber's votes are shared among the partner types of its members in
    proportion to how many members each type has; a chamber without known
    members counts as its own sector. A chamber or a sector holding more
    than half the votes can outvote all others; exactly half can block them.
    """
    issues: list[str] = []
    frame = chambers.dropna(subset=["chamber"]).reset_index(drop=True)
    votes = pd.to_numeric(frame["votes"], errors="coerce").fillna(0)
    by_chamber = pd.Series(votes.to_numpy(dtype=float), index=frame["chamber"], name="votes")
    if frame.empty:
        return ChamberReport(by_chamber, pd.Series(dtype=float, name="votes"), ["No sector chambers are set up."])
    if by_chamber.nunique() > 1:
        listing = ", ".join(f"{name} {value:g}" for name, value in by_chamber.items())
        issues.append(f"Chambers do not have equal votes ({listing}).")
    types = dict(zip(actors["name"].astype(str).str.casefold(), actors["type"], strict=True))
    sector_votes: dict[str, float] = {}
    seen: dict[str, str] = {}
    for chamber, cell, count in zip(frame["chamber"], frame["members"], by_chamber, strict=True):
        members = split_list(cell)
        for member in members:
            key = member.casefold()
            if key in seen and seen[key] != chamber:
                issues.append(f"{member} sits in two chambers ({seen[key]} and {chamber}) and would vote twice.")
            seen[key] = chamber
            if key not in types:
                issues.append(f"{member} (chamber {chamber}) is not on the actor map, so its sector is unknown.")
        sectors = [_sector_label(types.get(member.casefold())) for member in members] or [f"{chamber} (chamber)"]
        for sector in sectors:
            sector_votes[sector] = sector_votes.get(sector, 0.0) + count / len(sectors)
    total = float(by_chamber.sum())
    if total <= 0:
        issues.append("No chamber has any votes.")
    by_sector = pd.Series(sector_votes, name="votes").sort_values(ascending=False, kind="stable")
    for kind, shares in (("chamber", by_chamber), ("sector", by_sector)):
        for name, value in shares.items():
            if total > 0 and value > total / 2:
                issues.append(f"The {name} {kind} holds {value:g} of {total:g} votes and can outvote all the others.")
            elif total > 0 and value == total / 2 and len(shares) > 1:
                issues.append(f"The {name} {kind} holds half of the votes ({value:g} of {total:g}) and can block.")
    return ChamberReport(by_chamber, by_sector, list(dict.fromkeys(issues)))


def _sector_label(kind: object) -> str:
    member = PartnerType.parse(kind)
    return member.label if member else "Unknown"


@dataclass(frozen=True)
class Breadth:
    """Who the decision-making body covers, and who it leaves out."""

    positions: list[str]  # value-chain positions in the body
    missing_positions: list[str]  # positions on the actor map but not in the body
    types: list[PartnerType]
    missing_types: list[PartnerType]
    community_deciders: list[str]  # community organisations that vote or are Accountable/Responsible
    community_consulted: list[str]  # community organisations in the body that do not decide
    issues: list[str]

    @property
    def position_share(self) -> float:
        total = len(self.positions) + len(self.missing_positions)
        return len(self.positions) / total if total else 0.0


def breadth(actors: pd.DataFrame, members: list[str], chambers: pd.DataFrame, raci: pd.DataFrame) -> Breadth:
    """Value-chain positions and partner types in the body; communities as deciders.

    A community organisation *decides* when it is a member of a chamber
    with votes, or Accountable or Responsible for an activity.
    """
    folded = actors.assign(key=actors["name"].astype(str).str.casefold())
    in_body = folded[folded["key"].isin({name.casefold() for name in members})]
    all_positions = list(dict.fromkeys(_names(folded["value_chain"])))
    positions = list(dict.fromkeys(_names(in_body["value_chain"])))
    types = [t for t in PartnerType if (in_body["type"] == t.value).any()]
    voters = {
        name.casefold()
        for cell, votes in zip(chambers["members"], pd.to_numeric(chambers["votes"], errors="coerce"), strict=True)
        if pd.notna(votes) and votes > 0
        for name in split_list(cell)
    }
    leading = raci["role"].isin([RaciRole.ACCOUNTABLE.value, RaciRole.RESPONSIBLE.value])
    voters |= {str(name).casefold() for name in raci.loc[leading, "partner"].dropna()}
    community = in_body[in_body["type"] == PartnerType.COMMUNITY.value]
    deciders = [name for name, key in zip(community["name"], community["key"], strict=True) if key in voters]
    consulted = [name for name in community["name"] if name not in deciders]
    issues = []
    missing_positions = [p for p in all_positions if p not in positions]
    if missing_positions:
        issues.append(
            f"The body covers {len(positions)} of {len(all_positions)} value-chain positions on the map; "
            f"missing: {', '.join(missing_positions)}. Alliance research: {EVIDENCE_FIGURES['value_chain']}"
        )
    if (folded["type"] == PartnerType.COMMUNITY.value).any() and community.empty:
        issues.append("No community organisation sits in the decision-making body: communities are only beneficiaries.")
    for name in consulted:
        issues.append(f"{name} is in the body but neither votes nor leads an activity: a beneficiary, not a decider.")
    return Breadth(
        positions,
        missing_positions,
        types,
        [t for t in PartnerType if t not in types],
        deciders,
        consulted,
        issues,
    )


def check_value_props(value_props: pd.DataFrame, partners: list[str]) -> list[str]:
    """Partners without a value proposition, half-written ones, and strays."""
    warnings = []
    rows = value_props.dropna(subset=["partner"])
    written = {str(name).casefold(): row for name, (_, row) in zip(rows["partner"], rows.iterrows(), strict=True)}
    members = {name.casefold() for name in partners}
    for partner in partners:
        row = written.get(partner.casefold())
        if row is None:
            warnings.append(f"{partner} has no value proposition yet: what does it give, what does it gain?")
            continue
        for column, word in (("gives", "gives"), ("gains", "gains")):
            if pd.isna(row[column]) or not str(row[column]).strip():
                warnings.append(f"{partner}: say what it {word}.")
    for name in rows["partner"]:
        if str(name).casefold() not in members:
            warnings.append(f"{name} has a value proposition but is not a partner (any more).")
    return warnings


@dataclass(frozen=True)
class Removal:
    """The governance tables after removing a partner, and what changed."""

    frames: dict[Table, pd.DataFrame]
    changes: list[str]


def remove_partner(frames: dict[Table, pd.DataFrame], name: str) -> Removal:
    """Take ``name`` out of the partnership and out of every governance table.

    The actor stays on the map but leaves the short list; its RACI rows,
    chamber seats and value proposition go; decisions it made lose their
    decider (and will be flagged). Store all returned frames in one
    transaction so no table points at a partner that left.

    Parameters
    ----------
    frames
        ``ACTORS``, ``RACI``, ``CHAMBERS``, ``VALUE_PROPS`` and ``DECISIONS``.
    """
    key = name.strip().casefold()
    changes: list[str] = []

    def matches(series: pd.Series) -> pd.Series:
        return series.astype("string").str.strip().str.casefold().eq(key).fillna(False).astype(bool)

    actors = frames[Table.ACTORS].copy()
    actors.loc[matches(actors["name"]), "shortlisted"] = False

    raci = frames[Table.RACI]
    mine = raci[matches(raci["partner"])]
    for activity, role in zip(mine["activity"], mine["role"], strict=True):
        if role == RaciRole.ACCOUNTABLE.value:
            changes.append(f"'{activity}' loses its Accountable partner: name a new one.")
        elif role == RaciRole.RESPONSIBLE.value:
            others = raci[(raci["activity"] == activity) & (raci["role"] == role) & ~matches(raci["partner"])]
            if others.empty:
                changes.append(f"'{activity}' loses its only Responsible partner.")
    if len(mine):
        changes.insert(0, f"Removed {len(mine)} RACI roles.")
    raci = raci[~matches(raci["partner"])].reset_index(drop=True)

    chambers = frames[Table.CHAMBERS].copy()
    for index, cell in chambers["members"].items():
        members = split_list(cell)
        kept = [member for member in members if member.casefold() != key]
        if len(kept) != len(members):
            chambers.at[index, "members"] = join_list(kept)
            changes.append(f"Left the chamber '{chambers.at[index, 'chamber']}'.")

    props = frames[Table.VALUE_PROPS]
    if matches(props["partner"]).any():
        changes.append("Removed its value proposition.")
    props = props[~matches(props["partner"])].reset_index(drop=True)

    decisions = frames[Table.DECISIONS].copy()
    deciding = matches(decisions["decider"])
    for decision in decisions.loc[deciding, "decision"]:
        changes.append(f"'{decision}' has no decider any more: name one.")
    decisions.loc[deciding, "decider"] = pd.NA

    result = {
        Table.ACTORS: actors,
        Table.RACI: raci,
        Table.CHAMBERS: chambers,
        Table.VALUE_PROPS: props,
        Table.DECISIONS: decisions,
    }
    return Removal(result, changes)
