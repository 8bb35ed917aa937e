"""The coalition builder: a complementary short list, explained pick by pick.

A short list ``S`` is valued by::

    F(S) = sum of score/100 over S
         + LEVER_BONUS    * levers covered by S           (of the five)
         + POSITION_BONUS * value-chain positions covered by S
         + diversity      * partner types present in S

so a candidate counts for its own strength and for what it adds that the
others lack; a look-alike adds only its score. The builder puts the pinned
candidates in first, fills the rest greedily by the largest gain in ``F``,
then tries every single swap of an unpinned pick for an outsider and keeps
any swap that raises ``F`` (this repairs the cases where greedy choice
misses a lever a pair of other candidates would cover). Each pick is
explained by what it added when the final list is read in order.

Warnings restate the framework's cautions (``domain.md``): a community-based
organisation belongs among the decision-makers; industry adoption needs at
least two market leaders; one sector should not dominate; every lever needs
someone who controls it. They are worded in :mod:`core.partners.cautions`.

The module runs past 300 lines on purpose: the objective, the greedy fill,
the swap repair and the explanations are one algorithm over the same
candidate matrices, and read best side by side.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.model import Lever, PartnerType
from core.partners.cautions import Caution, cautions
from core.partners.scoring import Weights, score_parts

__all__ = [
    "LEVER_BONUS",
    "POSITION_BONUS",
    "Pick",
    "Proposal",
    "build",
]

LEVER_BONUS = 1.0
POSITION_BONUS = 0.4
DIVERSITY = 0.3
_MAX_SWAP_ROUNDS = 25


@dataclass(frozen=True)
class Pick:
    """One member of the proposed short list and what it added."""

    name: str
    score: float
    partner_type: str
    pinned: bool
    added_levers: tuple[str, ...]
    added_positions: tuple[str, ...]
    new_type: bool
    gain: float

    @property
    def reason(self) -> str:
        pinned = "pinned by you; " if self.pinned else ""
        return f"{pinned}{self.contribution} (score {self.score:.0f} on its own)"

    @property
    def contribution(self) -> str:
        """What this partner brings that the partners picked before it lack, in plain words."""
        parts = []
        if self.added_levers:
            parts.append("adds lever " + ", ".join(self.added_levers))
        if self.added_positions:
            parts.append("adds value-chain position " + ", ".join(self.added_positions))
        if self.new_type:
            parts.append(f"first {PartnerType(self.partner_type).label if self.partner_type else 'untyped'} partner")
        if not (self.added_levers or self.added_positions or self.new_type):
            parts.append("strong on interest and influence; adds nothing the others lack")
        return "; ".join(parts)


@dataclass(frozen=True)
class Proposal:
    picks: tuple[Pick, ...]
    covered_levers: tuple[str, ...]
    missing_levers: tuple[str, ...]
    covered_positions: tuple[str, ...]
    missing_positions: tuple[str, ...]
    objective: float
    cautions: tuple[Caution, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        return [pick.name for pick in self.picks]


@dataclass
class _Matrices:
    names: list[str]
    strength: np.ndarray  # score / 100
    levers: np.ndarray  # rows x 5 (Lever order)
    positions: np.ndarray  # rows x positions
    position_labels: list[str]
    types: np.ndarray  # rows x partner types
    type_values: list[str]


def _matrices(frame: pd.DataFrame, weights: Weights | None) -> _Matrices:
    scored = frame
    strength = score_parts(frame, weights, group=np.zeros(len(frame), dtype=bool))["score"] / 100.0
    names = scored["name"].astype("string").fillna("").tolist()
    lever_values = [lever.value for lever in Lever]
    lever_cells = scored["levers"].astype("string").fillna("").str.casefold() if "levers" in scored else None
    levers = np.zeros((len(scored), len(lever_values)), dtype=bool)
    if lever_cells is not None:
        items = lever_cells.str.split(";").map(lambda parts: {p.strip() for p in parts})
        for j, lever in enumerate(lever_values):
            levers[:, j] = items.map(lambda found, lever=lever: lever in found).to_numpy(dtype=bool)
    chain = (
        scored["value_chain"].astype("string").fillna("").str.strip().str.casefold()
        if "value_chain" in scored
        else pd.Series([""] * len(scored), dtype="string")
    )
    position_labels = sorted(value for value in chain.unique() if value)
    positions = (
        np.column_stack([(chain == p).to_numpy(dtype=bool) for p in position_labels])
        if position_labels
        else (np.zeros((len(scored), 0), dtype=bool))
    )
    kinds = (
        scored["type"].astype("string").fillna("").str.strip()
        if "type" in scored
        else pd.Series([""] * len(scored), dtype="string")
    )
    type_values = sorted(value for value in kinds.unique() if value)
    types = (
        np.column_stack([(kinds == t).to_numpy(dtype=bool) for t in type_values])
        if type_values
        else (np.zeros((len(scored), 0), dtype=bool))
    )
    return _Matrices(
        names,
        strength,
        levers,
        positions,
        position_labels,
        types,
        type_values,
    )


def _gains(m: _Matrices, chosen: list[int], diversity: float) -> np.ndarray:
    """The gain in F of adding each row to ``chosen`` (vectorised)."""
    have_l = m.levers[chosen].any(axis=0) if chosen else np.zeros(m.levers.shape[1], dtype=bool)
    have_p = m.positions[chosen].any(axis=0) if chosen else np.zeros(m.positions.shape[1], dtype=bool)
    have_t = m.types[chosen].any(axis=0) if chosen else np.zeros(m.types.shape[1], dtype=bool)
    return (
        m.strength
        + LEVER_BONUS * (m.levers & ~have_l).sum(axis=1)
        + POSITION_BONUS * (m.positions & ~have_p).sum(axis=1)
        + diversity * (m.types & ~have_t).sum(axis=1)
    )


def _objective(m: _Matrices, chosen: list[int], diversity: float) -> float:
    if not chosen:
        return 0.0
    return float(
        m.strength[chosen].sum()
        + LEVER_BONUS * m.levers[chosen].any(axis=0).sum()
        + POSITION_BONUS * m.positions[chosen].any(axis=0).sum()
        + diversity * m.types[chosen].any(axis=0).sum()
    )


def _best(gains: np.ndarray, allowed: np.ndarray, m: _Matrices) -> int | None:
    if not allowed.any():
        return None
    candidates = np.flatnonzero(allowed)
    # Highest gain, then highest score, then earliest row: deterministic.
    order = np.lexsort((candidates, -m.strength[candidates], -np.round(gains[candidates], 9)))
    return int(candidates[order[0]])


def build(
    frame: pd.DataFrame,
    size: int,
    pins: Iterable[str] = (),
    exclusions: Iterable[str] = (),
    weights: Weights | None = None,
    diversity: float = DIVERSITY,
    industry_adoption: bool = True,
) -> Proposal:
    """Propose a short list of ``size`` candidates from ``frame``.

    Parameters
    ----------
    frame : DataFrame
        Actors (columns of ``Table.ACTORS``).
    size : int
        How many to pick (fewer if fewer are available; at least the pins).
    pins, exclusions : iterable of str
        Names that must be in, or must stay out (case-insensitive).
    weights : Weights, optional
        Lens weights for each candidate's score.
    diversity : float
        Bonus for each partner type present.
    industry_adoption : bool
        Whether the aim is industry adoption (then fewer than two market
        leaders is a caution).

    Returns
    -------
    Proposal
        The picks in order with their reasons, coverage and cautions.
    """
    frame = frame.reset_index(drop=True)
    m = _matrices(frame, weights)
    pinned, allowed = _eligible(m.names, pins, exclusions)
    chosen = _greedy(m, pinned, allowed, max(size, len(pinned)), diversity)
    chosen = _improve_by_swaps(m, chosen, set(pinned), allowed, diversity)
    return _proposal(m, frame, chosen, set(pinned), diversity, industry_adoption)


def _eligible(names: list[str], pins: Iterable[str], exclusions: Iterable[str]) -> tuple[list[int], np.ndarray]:
    """The rows pinned (in pin order, once each) and the rows still free to pick.

    Names match ignoring case and surrounding space; a pin wins over an
    exclusion; a row without a name is never picked.
    """
    folded = [name.strip().casefold() for name in names]
    index = {name: i for i, name in enumerate(folded) if name}
    pinned = [index[p.strip().casefold()] for p in pins if p.strip().casefold() in index]
    pinned = list(dict.fromkeys(pinned))
    excluded = {index[e.strip().casefold()] for e in exclusions if e.strip().casefold() in index} - set(pinned)
    allowed = np.array([bool(name) for name in folded], dtype=bool)
    allowed[list(excluded)] = False
    allowed[pinned] = False
    return pinned, allowed


def _greedy(m: _Matrices, pinned: list[int], allowed: np.ndarray, target: int, diversity: float) -> list[int]:
    """The pins, then the largest gain in F until ``target`` rows (or none is left); marks picks in ``allowed``."""
    chosen = list(pinned)
    while len(chosen) < target:
        pick = _best(_gains(m, chosen, diversity), allowed, m)
        if pick is None:
            break
        chosen.append(pick)
        allowed[pick] = False
    return chosen


def _proposal(
    m: _Matrices, frame: pd.DataFrame, chosen: list[int], pinned: set[int], diversity: float, industry_adoption: bool
) -> Proposal:
    """The final list explained pick by pick, with what it covers and misses, and its cautions."""
    picks = _explain(m, chosen, pinned, diversity)
    covered_l = m.levers[chosen].any(axis=0) if chosen else np.zeros(5, dtype=bool)
    covered_p = m.positions[chosen].any(axis=0) if chosen else np.zeros(len(m.position_labels), dtype=bool)
    lever_values = [lever.value for lever in Lever]
    chosen_rows = frame.iloc[chosen]
    return Proposal(
        picks=tuple(picks),
        covered_levers=tuple(v for v, c in zip(lever_values, covered_l, strict=True) if c),
        missing_levers=tuple(v for v, c in zip(lever_values, covered_l, strict=True) if not c),
        covered_positions=tuple(v for v, c in zip(m.position_labels, covered_p, strict=True) if c),
        missing_positions=tuple(v for v, c in zip(m.position_labels, covered_p, strict=True) if not c),
        objective=_objective(m, chosen, diversity),
        cautions=tuple(cautions(chosen_rows, industry_adoption=industry_adoption, candidates=frame)),
    )


def _improve_by_swaps(
    m: _Matrices, chosen: list[int], pinned: set[int], allowed: np.ndarray, diversity: float
) -> list[int]:
    chosen = list(chosen)
    outside = allowed.copy()
    for _ in range(_MAX_SWAP_ROUNDS):
        current = _objective(m, chosen, diversity)
        best = (current + 1e-9, None, None)
        for position, member in enumerate(chosen):
            if member in pinned:
                continue
            rest = chosen[:position] + chosen[position + 1 :]
            gains = _gains(m, rest, diversity)
            gains[~outside] = -np.inf
            candidate = int(np.argmax(gains))
            if not np.isfinite(gains[candidate]):
                continue
            value = _objective(m, rest, diversity) + gains[candidate]
            if value > best[0]:
                best = (value, position, candidate)
        if best[1] is None:
            break
        _, position, candidate = best
        outside[chosen[position]] = True
        outside[candidate] = False
        chosen[position] = candidate
    return chosen


def _explain(m: _Matrices, chosen: list[int], pinned: set[int], diversity: float) -> list[Pick]:
    """Order the final list (pins first, then by gain) and say what each added."""
    remaining = [i for i in chosen if i not in pinned]
    order = [i for i in chosen if i in pinned]
    while remaining:
        gains = _gains(m, order, diversity)
        nxt = max(remaining, key=lambda i: (round(gains[i], 9), m.strength[i], -remaining.index(i)))
        order.append(nxt)
        remaining.remove(nxt)
    lever_values = [lever.value for lever in Lever]
    picks = []
    for position, i in enumerate(order):
        before = order[:position]
        have_l = m.levers[before].any(axis=0) if before else np.zeros(5, dtype=bool)
        have_p = m.positions[before].any(axis=0) if before else np.zeros(len(m.position_labels), dtype=bool)
        have_t = m.types[before].any(axis=0) if before else np.zeros(len(m.type_values), dtype=bool)
        new_l = m.levers[i] & ~have_l
        new_p = m.positions[i] & ~have_p
        new_t = bool((m.types[i] & ~have_t).any())
        picks.append(
            Pick(
                name=m.names[i],
                score=round(float(m.strength[i]) * 100, 1),
                partner_type=m.type_values[int(np.argmax(m.types[i]))] if m.types[i].any() else "",
                pinned=i in pinned,
                added_levers=tuple(v for v, new in zip(lever_values, new_l, strict=True) if new),
                added_positions=tuple(v for v, new in zip(m.position_labels, new_p, strict=True) if new),
                new_type=new_t,
                gain=round(float(_objective(m, [*before, i], diversity) - _objective(m, before, diversity)), 4),
            )
        )
    return picks
