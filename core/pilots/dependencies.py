"""What the scaling pathways depend on, read from the partnership where possible.

Each dependency of :class:`~core.pilots.pathways.Dependency` gets a score in
[0, 1] with its source and the evidence in words (:class:`DependencyStatus`):

- read from the partnership's records: government actors on board and
  their centrality in the relations graph, market leaders and value-chain
  breadth on board, university labs, committed capital, shared indicators
  and shared evidence;
- read from the funding answers of step 5: IP sensitivity and whether
  capital is committed;
- asked of the team otherwise: business diplomacy, member trust, and IP or
  capital when step 5 does not say.

"On board" means shortlisted or named as a partner of a pilot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from core.conventions import counted, name_keys
from core.metrics.funding import read_answers
from core.model import PartnerType, split_list
from core.pilots.pathways import Dependency
from core.system_map import network
from core.tables import Table

__all__ = [
    "DependencyStatus",
    "EvidenceSource",
    "actor_centrality",
    "network_centrality",
    "read_dependencies",
]


class EvidenceSource(StrEnum):
    """Where a dependency's score came from."""

    PARTNERSHIP = "partnership"  # the partnership's own records
    METRICS = "step 5"  # the funding answers and shares of step 5
    ASKED = "asked"  # the team's answer to a question on the scaling tab
    UNKNOWN = "unknown"  # not answered yet


@dataclass(frozen=True)
class DependencyStatus:
    """How far one dependency is met (0-1), where that came from, and why."""

    dependency: Dependency
    score: float | None  # None: not known yet, ask the team
    source: EvidenceSource
    evidence: str


_LEVEL = {"low": 1.0, "medium": 0.5, "high": 0.0}  # IP sensitivity: lower is better
_TRUST = {"high": 1.0, "medium": 0.5, "low": 0.0}
_YES_PARTLY_NO = {"yes": 1.0, "partly": 0.5, "no": 0.0}


def actor_centrality(metrics: pd.DataFrame) -> pd.DataFrame:
    """Degree and betweenness of every actor, ranked, as step 1 computes them.

    ``metrics`` is step 1's metric table (:attr:`core.system_map.network.NetworkMetrics.table`,
    from :func:`core.system_map.network.analyse`): one computation shared by
    both steps, on the undirected ties with relation ends matched to actor
    names ignoring case, betweenness normalised. Returns ``name, type,
    degree, betweenness, rank`` (rank 1 = highest betweenness, then degree)
    sorted by rank.
    """
    frame = pd.DataFrame(
        {
            "name": metrics.index.astype(object),
            "type": metrics["type"].astype(object).to_numpy(),
            "degree": metrics["degree"].fillna(0).astype(int).to_numpy(),
            "betweenness": metrics["betweenness"].astype(float).to_numpy(),
        }
    )
    frame = frame.sort_values(["betweenness", "degree"], ascending=False, kind="stable", ignore_index=True)
    frame["rank"] = range(1, len(frame) + 1)
    return frame[["name", "type", "degree", "betweenness", "rank"]]


def network_centrality(actors: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """:func:`actor_centrality` from the records, running step 1's analysis (the UI passes its cached one)."""
    return actor_centrality(network.analyse(network.build_network(relations, actors)).table)


def read_dependencies(
    frames: Mapping[object, pd.DataFrame],
    funding: Mapping[str, object] | None = None,
    asked: Mapping[str, object] | None = None,
    centrality: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
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
    centrality : DataFrame or callable, optional
        :func:`actor_centrality` of the actor map, or a function returning it
        (called only when a government actor is on board, so the network
        analysis runs only when it is read); otherwise it is computed if
        needed.

    Returns
    -------
    dict of Dependency to DependencyStatus
        Every dependency, in :class:`~core.pilots.pathways.Dependency` order.
    """
    funding = dict(funding or {})
    funding.update((key, value) for key, value in read_answers(funding)[0].items() if key in funding)  # "High": high
    asked = dict(asked or {})
    actors = frames[Table.ACTORS]
    board = _on_board(actors, frames[Table.PILOTS])
    statuses = (
        _government(board, actors, frames[Table.RELATIONS], centrality),
        _asked(Dependency.DIPLOMACY, asked, _YES_PARTLY_NO),
        _market_leaders(board),
        _value_chain(board),
        _ip(funding, asked),
        _capital(funding, asked, frames[Table.FUNDING_SHARES]),
        _labs(board),
        _shared_metrics(frames[Table.INDICATORS], frames[Table.EVIDENCE]),
        _asked(Dependency.TRUST, asked, _TRUST),
    )
    return {status.dependency: status for status in statuses}


def _on_board(actors: pd.DataFrame, pilots: pd.DataFrame) -> pd.DataFrame:
    """Actors shortlisted or named as a pilot partner."""
    in_pilots = {
        name.casefold() for cell in pilots.get("partners", pd.Series(dtype="string")) for name in split_list(cell)
    }
    mask = actors["shortlisted"].fillna(False).astype(bool) | actors["name"].str.casefold().isin(in_pilots)
    return actors[mask.to_numpy()]


def _asked(dependency: Dependency, asked: Mapping[str, object], scale: Mapping[str, float]) -> DependencyStatus:
    value = asked.get(dependency.value)
    if value is None or str(value) not in scale:
        return DependencyStatus(dependency, None, EvidenceSource.UNKNOWN, "not answered yet")
    return DependencyStatus(dependency, scale[str(value)], EvidenceSource.ASKED, f"the team says: {value}")


def _government(
    board: pd.DataFrame,
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    centrality: pd.DataFrame | Callable[[], pd.DataFrame] | None,
) -> DependencyStatus:
    """Government actors on board, and how central the most central of them is."""
    government = board[board["type"] == PartnerType.GOVERNMENT.value]
    if government.empty:
        return DependencyStatus(
            Dependency.GOVERNMENT, 0.0, EvidenceSource.PARTNERSHIP, "no government actor among the partners"
        )
    if centrality is None:
        centrality = network_centrality(actors, relations)
    elif callable(centrality):
        centrality = centrality()
    ranked = centrality[name_keys(centrality["name"]).isin(set(name_keys(government["name"])))]
    if ranked.empty:
        return DependencyStatus(
            Dependency.GOVERNMENT, 0.5, EvidenceSource.PARTNERSHIP, "government actor(s) on board, not on the map"
        )
    best = ranked.iloc[0]
    top = max(1, round(len(centrality) / 4))
    central = int(best["rank"]) <= top
    return DependencyStatus(
        Dependency.GOVERNMENT,
        1.0 if central else 0.5,
        EvidenceSource.PARTNERSHIP,
        f"{len(government)} government actor(s) on board; the most central, {best['name']}, ranks "
        f"{int(best['rank'])} of {len(centrality)} by betweenness (degree {int(best['degree'])})"
        + ("" if central else ", outside the top quarter"),
    )


def _market_leaders(board: pd.DataFrame) -> DependencyStatus:
    leaders = board[board["market_leader"].fillna(False).astype(bool)]
    names = ", ".join(leaders["name"]) or "none"
    return DependencyStatus(
        Dependency.MARKET_LEADERS,
        min(len(leaders) / 2, 1.0),
        EvidenceSource.PARTNERSHIP,
        f"{counted(len(leaders), 'market leader')} on board ({names}); at least two are needed",
    )


def _value_chain(board: pd.DataFrame) -> DependencyStatus:
    positions = sorted({str(p) for p in board["value_chain"].dropna()})
    return DependencyStatus(
        Dependency.VALUE_CHAIN,
        min(len(positions) / 4, 1.0),
        EvidenceSource.PARTNERSHIP,
        f"partners cover {len(positions)} value-chain position(s)" + (f": {', '.join(positions)}" if positions else ""),
    )


def _ip(funding: Mapping[str, object], asked: Mapping[str, object]) -> DependencyStatus:
    ip = funding.get("ip_sensitivity")
    if ip is not None and str(ip) in _LEVEL:
        return DependencyStatus(Dependency.IP, _LEVEL[str(ip)], EvidenceSource.METRICS, f"IP sensitivity is {ip}")
    return _asked(Dependency.IP, asked, _LEVEL)


def _capital(funding: Mapping[str, object], asked: Mapping[str, object], shares: pd.DataFrame) -> DependencyStatus:
    """Capital committed in the funding answers, else pledged in the funding shares, else asked."""
    committed = funding.get("capital_committed")
    total = float(shares["amount"].fillna(0).sum()) if len(shares) else 0.0
    if isinstance(committed, bool):
        return DependencyStatus(
            Dependency.CAPITAL,
            float(committed),
            EvidenceSource.METRICS,
            "capital committed" if committed else "no capital committed",
        )
    if total > 0:
        return DependencyStatus(
            Dependency.CAPITAL,
            1.0,
            EvidenceSource.PARTNERSHIP,
            f"{len(shares)} partner(s) have committed {total:,.0f} in funding",
        )
    return _asked(Dependency.CAPITAL, asked, _YES_PARTLY_NO)


def _labs(board: pd.DataFrame) -> DependencyStatus:
    labs = board[board["type"] == PartnerType.UNIVERSITY.value]
    return DependencyStatus(
        Dependency.LABS,
        1.0 if len(labs) else 0.0,
        EvidenceSource.PARTNERSHIP,
        f"{len(labs)} university or lab partner(s)" + (f": {', '.join(labs['name'])}" if len(labs) else ""),
    )


def _shared_metrics(indicators: pd.DataFrame, evidence: pd.DataFrame) -> DependencyStatus:
    shared = int(evidence["shared"].fillna(False).astype(bool).sum()) if len(evidence) else 0
    return DependencyStatus(
        Dependency.SHARED_METRICS,
        0.5 * bool(len(indicators)) + 0.5 * bool(shared),
        EvidenceSource.PARTNERSHIP,
        f"{len(indicators)} shared indicator(s); {shared} of {len(evidence)} evidence items shared",
    )
