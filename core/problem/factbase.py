"""The shared fact base: what evidence there is, what it covers, and the gaps.

Evidence items come in three kinds (:class:`core.model.EvidenceKind`):
internal business data, external data and qualitative evidence such as
community listening sessions. A fact base that has no qualitative evidence,
or leaves a central factor of the causal map without evidence, is warned
about.

A factor is *central* when its degree in the causal map (links in plus
links out, each link counted once) is among the highest quarter of the
map's factors: the ``ceil(n / 4)`` highest degrees, ties at the cut
included, and at least two links. Degree is used rather than PageRank
because a room can check it by counting arrows on the diagram.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import pandas as pd

from core.model import EvidenceKind, split_list

__all__ = [
    "CENTRAL_SHARE",
    "MIN_CENTRAL_DEGREE",
    "Gap",
    "GapKind",
    "coverage_by_factor",
    "coverage_by_kind",
    "factor_centrality",
    "filter_evidence",
    "gaps",
]

CENTRAL_SHARE = 0.25
"""Share of the map's factors, by degree, that counts as central."""
MIN_CENTRAL_DEGREE = 2
"""A factor needs at least this many links to be central."""


class GapKind(StrEnum):
    """What is missing from a fact base."""

    EMPTY = "empty"
    NO_QUALITATIVE = "no_qualitative"
    MISSING_KIND = "missing_kind"
    CENTRAL_FACTOR_UNSUPPORTED = "central_factor_unsupported"
    UNKNOWN_FACTOR = "unknown_factor"
    UNKNOWN_ACTOR = "unknown_actor"


@dataclass(frozen=True)
class Gap:
    """One warning about the fact base, in plain words."""

    kind: GapKind
    message: str
    names: tuple[str, ...] = ()


def factor_centrality(links: pd.DataFrame, factors: Iterable[str] = ()) -> pd.DataFrame:
    """Degree and PageRank of every factor of the causal map, and which are central.

    Parameters
    ----------
    links : DataFrame
        Causal links with ``cause`` and ``effect`` columns.
    factors : iterable of str
        Factor names; factors without links get degree 0.

    Returns
    -------
    DataFrame
        ``factor``, ``degree`` (links in plus out), ``pagerank`` and
        ``central`` (bool, see the module rule), sorted by degree
        descending then name.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(str(name) for name in factors if not pd.isna(name))
    pairs = links.dropna(subset=["cause", "effect"])
    graph.add_edges_from(zip(pairs["cause"].astype(str), pairs["effect"].astype(str), strict=True))
    if graph.number_of_nodes() == 0:
        return pd.DataFrame({"factor": [], "degree": [], "pagerank": [], "central": []})
    degree = dict(graph.degree())
    pagerank = nx.pagerank(graph) if graph.number_of_edges() else dict.fromkeys(graph, 1 / len(graph))
    table = pd.DataFrame(
        {"factor": list(graph), "degree": [degree[n] for n in graph], "pagerank": [pagerank[n] for n in graph]}
    )
    table = table.sort_values(["degree", "factor"], ascending=[False, True], kind="stable").reset_index(drop=True)
    cut_position = max(1, math.ceil(len(table) * CENTRAL_SHARE)) - 1
    cut = table["degree"].iloc[cut_position]
    table["central"] = (table["degree"] >= cut) & (table["degree"] >= MIN_CENTRAL_DEGREE)
    return table


def coverage_by_kind(evidence: pd.DataFrame) -> pd.DataFrame:
    """Count of evidence items of each kind, every kind listed (zeros included)."""
    counts = evidence["kind"].value_counts()
    kinds = [kind.value for kind in EvidenceKind]
    return pd.DataFrame(
        {
            "kind": kinds,
            "label": [kind.label for kind in EvidenceKind],
            "items": [int(counts.get(kind, 0)) for kind in kinds],
        }
    )


def _factor_links(evidence: pd.DataFrame) -> pd.DataFrame:
    """One row per (evidence row, factor named in it), with the item's kind."""
    exploded = evidence.assign(factor=evidence["factors"].map(_split)).explode("factor")
    return exploded.dropna(subset=["factor"])[["factor", "kind"]]


def coverage_by_factor(evidence: pd.DataFrame, centrality: pd.DataFrame) -> pd.DataFrame:
    """Evidence items behind each factor of the map, split by kind.

    Parameters
    ----------
    evidence : DataFrame
        Evidence rows (``factors`` is a ``;``-separated list of names).
    centrality : DataFrame
        The result of :func:`factor_centrality`: it fixes which factors are
        listed and their order (central first).

    Returns
    -------
    DataFrame
        ``factor``, ``degree``, ``central``, one count column per evidence
        kind and ``items`` (total). Factors named in evidence but missing
        from the map are left out (see :func:`gaps`). Matching ignores case.
    """
    links = _factor_links(evidence)
    names = {name.casefold(): name for name in centrality["factor"]}
    links = links.assign(factor=links["factor"].str.casefold().map(names)).dropna(subset=["factor"])
    counts = pd.crosstab(links["factor"], links["kind"]) if len(links) else pd.DataFrame()
    table = centrality[["factor", "degree", "central"]].copy()
    for kind in EvidenceKind:
        column = counts[kind.value] if kind.value in counts else pd.Series(dtype=int)
        table[kind.value] = table["factor"].map(column).fillna(0).astype(int)
    table["items"] = table[[kind.value for kind in EvidenceKind]].sum(axis=1)
    return table.reset_index(drop=True)


def gaps(evidence: pd.DataFrame, centrality: pd.DataFrame, actors: Iterable[str] | None = None) -> list[Gap]:
    """Warnings about the fact base, the most serious first.

    - no evidence at all;
    - no qualitative or community evidence (the voices closest to the problem);
    - a kind of evidence missing (internal or external);
    - a central factor of the causal map with no evidence behind it;
    - evidence naming factors that are not on the map;
    - evidence naming actors that are not on the actor map (when ``actors`` is given).
    """
    if evidence.empty:
        return [Gap(GapKind.EMPTY, "The fact base is empty: add evidence of all three kinds.")]
    found: list[Gap] = []
    by_kind = coverage_by_kind(evidence).set_index("kind")["items"]
    if by_kind[EvidenceKind.QUALITATIVE.value] == 0:
        found.append(
            Gap(
                GapKind.NO_QUALITATIVE,
                "No qualitative or community evidence: the fact base has no listening sessions, interviews or "
                "local knowledge from the people who live with the problem.",
            )
        )
    for kind in (EvidenceKind.INTERNAL, EvidenceKind.EXTERNAL):
        if by_kind[kind.value] == 0:
            found.append(Gap(GapKind.MISSING_KIND, f"No {kind.value} evidence yet.", (kind.value,)))
    coverage = coverage_by_factor(evidence, centrality)
    bare = coverage[coverage["central"] & (coverage["items"] == 0)]["factor"].tolist()
    if bare:
        found.append(
            Gap(
                GapKind.CENTRAL_FACTOR_UNSUPPORTED,
                f"Central factor{'s' if len(bare) > 1 else ''} of the causal map with no evidence behind "
                f"{'them' if len(bare) > 1 else 'it'}: {', '.join(bare)}.",
                tuple(bare),
            )
        )
    known = {name.casefold() for name in centrality["factor"]}
    named = _factor_links(evidence)["factor"]
    unknown = sorted({name for name in named if name.casefold() not in known})
    if unknown:
        found.append(
            Gap(
                GapKind.UNKNOWN_FACTOR,
                f"Evidence names factors that are not on the causal map: {', '.join(unknown)}.",
                tuple(unknown),
            )
        )
    if actors is not None:
        known_actors = {str(name).casefold() for name in actors}
        named_actors = {name for cell in evidence["actors"] for name in _split(cell)}
        strangers = sorted(name for name in named_actors if name.casefold() not in known_actors)
        if strangers:
            found.append(
                Gap(
                    GapKind.UNKNOWN_ACTOR,
                    f"Evidence names actors that are not on the actor map: {', '.join(strangers)}.",
                    tuple(strangers),
                )
            )
    return found


def filter_evidence(
    evidence: pd.DataFrame,
    kinds: Iterable[str] = (),
    factors: Iterable[str] = (),
    actors: Iterable[str] = (),
    text: str = "",
) -> pd.DataFrame:
    """The evidence rows matching every filter given (empty filters match all).

    ``kinds`` are :class:`EvidenceKind` values; ``factors`` and ``actors``
    match when an item names any of them (case-insensitive); ``text`` is a
    case-insensitive plain substring (never a pattern) of statement or source.
    """
    mask = pd.Series(True, index=evidence.index)
    kinds = set(kinds)
    if kinds:
        mask &= evidence["kind"].isin(kinds)
    for column, wanted in (("factors", factors), ("actors", actors)):
        wanted_keys = {str(name).casefold() for name in wanted}
        if wanted_keys:
            mask &= evidence[column].map(lambda cell, keys=wanted_keys: bool(keys & _keys(cell)))
    needle = text.strip().casefold()
    if needle:
        haystack = evidence["statement"].fillna("").astype(str) + "\n" + evidence["source"].fillna("").astype(str)
        mask &= haystack.str.casefold().str.contains(needle, regex=False)
    return evidence[mask.astype(bool)]


def _split(cell: object) -> list[str]:
    """``split_list`` that also treats pandas' missing marker as empty."""
    return [] if cell is pd.NA or cell is None else split_list(cell)


def _keys(cell: object) -> set[str]:
    return {name.casefold() for name in _split(cell)}
