"""What-if simulation of a causal loop diagram as a fuzzy cognitive map (FCM).

With weight matrix ``W`` (``W[i, j]`` = strength of the link i -> j) and
activation vector ``A``, the three update rules (as in FCMpy, Mkhitaryan et
al. 2020, after Stach et al. 2010 and Papageorgiou 2011) are:

- Kosko: ``A(t+1) = f(W^T A(t))``
- modified Kosko: ``A(t+1) = f(A(t) + W^T A(t))``
- rescaled: ``A(t+1) = f((2A(t) - 1) + W^T (2A(t) - 1))`` (sigmoid only)

with ``f`` the sigmoid ``1 / (1 + exp(-lambda x))`` (lambda = 1) or ``tanh``.
Clamped factors are held at their value at every step.

A run ends in one of three ways (:class:`Outcome`): it **settles** when the
largest change in one step is at most :data:`TOLERANCE` (0.001); it
**cycles** when the last ``p`` states (2 <= p <= :data:`MAX_PERIOD`) repeat
the ``p`` before them within the same tolerance and its swing over the last
``p`` states is no smaller than over the ``p`` before (to
:data:`CYCLE_TOLERANCE`: a limit cycle, it oscillates; a damped oscillation,
whose swing shrinks each round, is left to settle); otherwise it is **still changing** after :data:`MAX_STEPS`
(100) steps. Everything is keyed by factor name, never by position. The
diagram comes from :func:`core.system_map.causal.build_diagram`; several
runs at once (end states, sensitivity) are in :mod:`core.system_map.fcm_scan`.

The module runs a little past 300 lines because the single run, the batch
of runs it is built on, and the names both report in belong together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "CYCLE_TOLERANCE",
    "MAX_PERIOD",
    "MAX_STEPS",
    "TOLERANCE",
    "Batch",
    "FcmRule",
    "Outcome",
    "Simulation",
    "Squash",
    "clamp_values",
    "iterate",
    "simulate",
    "weight_matrix",
    "what_if",
    "what_if_headline",
]

TOLERANCE = 0.001
MAX_STEPS = 100
MAX_PERIOD = 12  # longest cycle looked for
CYCLE_TOLERANCE = 1e-9  # how far a cycle's swing may shrink in one round and still count as a cycle


class FcmRule(StrEnum):
    KOSKO = "kosko"
    MODIFIED_KOSKO = "modified_kosko"
    RESCALED = "rescaled"

    @property
    def label(self) -> str:
        return {
            FcmRule.KOSKO: "Kosko",
            FcmRule.MODIFIED_KOSKO: "Modified Kosko (keeps memory of the last state)",
            FcmRule.RESCALED: "Rescaled (modified Kosko centred on 0.5; sigmoid only)",
        }[self]


class Squash(StrEnum):
    SIGMOID = "sigmoid"
    TANH = "tanh"

    @property
    def low(self) -> float:
        """The activation of a factor clamped fully down."""
        return 0.0 if self is Squash.SIGMOID else -1.0

    def points(self, activation: float) -> float:
        """An activation on a 0-100 scale (0 fully down, 100 fully up), whichever the squashing: what a room reads."""
        return (activation - self.low) / (1.0 - self.low) * 100.0


class Outcome(StrEnum):
    """How a run ended."""

    SETTLED = "settled"
    CYCLE = "cycle"  # a limit cycle: the same states come back in turn
    UNSETTLED = "unsettled"  # still changing when the steps ran out


@dataclass
class Simulation:
    """An FCM run: activations per step (rows) and factor (columns), and how it ended.

    ``period`` is the cycle length when ``outcome`` is CYCLE (1 when settled, 0 when still changing).
    """

    states: pd.DataFrame
    outcome: Outcome
    period: int

    @property
    def converged(self) -> bool:
        return self.outcome is Outcome.SETTLED

    @property
    def final(self) -> pd.Series:
        """The last state computed."""
        return self.states.iloc[-1]

    @property
    def end(self) -> pd.Series:
        """Where the run ends up: the last state, or the average over the cycle when it cycles."""
        if self.outcome is Outcome.CYCLE:
            return self.states.iloc[-self.period :].mean()
        return self.final

    @property
    def steps(self) -> int:
        return len(self.states) - 1


@dataclass
class Batch:
    """Many runs of one map at once (one row per run): how each ended, and where."""

    end: np.ndarray  # (runs, factors): last state, or the mean over the cycle
    outcome: list[Outcome]
    period: np.ndarray
    steps: np.ndarray
    history: list[np.ndarray] | None  # (runs, factors) per step, when asked for


def _squash(values: np.ndarray, squash: Squash) -> np.ndarray:
    if squash is Squash.TANH:
        return np.tanh(values)
    return 1.0 / (1.0 + np.exp(-1.0 * values))  # lambda = 1


def _step(state: np.ndarray, weights: np.ndarray, rule: FcmRule, squash: Squash) -> np.ndarray:
    if rule is FcmRule.RESCALED:
        state = 2 * state - 1
    total = state @ weights  # row-wise W^T A
    if rule is not FcmRule.KOSKO:
        total = total + state
    return _squash(total, squash)


def _repeats(recent: list[np.ndarray], rows: np.ndarray, period: int, tolerance: float) -> np.ndarray:
    """Rows whose last ``period`` states repeat the ``period`` before them, with an amplitude that holds.

    A damped oscillation also repeats within ``tolerance`` once it is small, but its swing shrinks from one
    round to the next: it is no cycle and is left to settle. A row counts as cycling only when its swing
    over the last round is no smaller (to :data:`CYCLE_TOLERANCE`) than over the round before.
    """
    same = np.zeros(len(rows), dtype=bool)
    if len(recent) < 2 * period:
        return same
    candidates = np.arange(len(rows))
    for back in range(1, period + 1):  # most rows fail at once, so only the rest are compared further
        picked = rows[candidates]
        gap = np.abs(recent[-back][picked] - recent[-back - period][picked]).max(axis=1, initial=0.0)
        candidates = candidates[gap <= tolerance]
        if not len(candidates):
            return same
    picked = rows[candidates]
    last = np.stack([past[picked] for past in recent[-period:]])
    before = np.stack([past[picked] for past in recent[-2 * period : -period]])
    swing, swing_before = np.ptp(last, axis=0), np.ptp(before, axis=0)
    holds = (swing >= swing_before - CYCLE_TOLERANCE).all(axis=1)
    same[candidates[holds]] = True
    return same


def iterate(
    weights: np.ndarray,
    start: np.ndarray,
    held: np.ndarray,
    rule: FcmRule,
    squash: Squash,
    tolerance: float = TOLERANCE,
    max_steps: int = MAX_STEPS,
    keep_history: bool = False,
) -> Batch:
    """Run many starting states (rows of ``start``) of one map; each row stops on its own.

    ``weights`` is the cause x effect matrix; ``held`` marks, per row, the
    factors clamped at their starting value. A row that settles or cycles is
    frozen, so each row ends exactly as it would alone.
    """
    if rule is FcmRule.RESCALED and squash is not Squash.SIGMOID:
        raise ValueError("the rescaled rule works on activations from 0 to 1: use it with the sigmoid")
    state = np.array(start, dtype=float, copy=True)
    runs = len(state)
    outcome = [Outcome.UNSETTLED] * runs
    period, steps = np.zeros(runs, dtype=int), np.full(runs, max_steps)
    active = np.ones(runs, dtype=bool)
    recent, history = [state.copy()], [state.copy()] if keep_history else None
    end = np.empty_like(state)
    for step in range(1, max_steps + 1):
        rows = np.flatnonzero(active)
        if not len(rows):
            break
        following = _step(state[rows], weights, rule, squash)
        following[held[rows]] = state[rows][held[rows]]
        change = np.abs(following - state[rows]).max(axis=1, initial=0.0)
        state[rows] = following
        recent = [*recent[-2 * MAX_PERIOD :], state.copy()]
        if history is not None:
            history.append(state.copy())
        finished = {1: rows[change <= tolerance]}
        waiting = rows[change > tolerance]
        for length in range(2, MAX_PERIOD + 1):
            hit = waiting[_repeats(recent, waiting, length, tolerance)]
            finished[length], waiting = hit, np.setdiff1d(waiting, hit)
        for length, done in finished.items():
            for row in done:
                outcome[row] = Outcome.SETTLED if length == 1 else Outcome.CYCLE
            if length > 1 and len(done):  # read a cycle at its average over one round, taken now
                end[done] = np.mean([past[done] for past in recent[-length:]], axis=0)
            period[done], steps[done], active[done] = length, step, False
    end[period <= 1] = state[period <= 1]
    return Batch(end, outcome, period, steps, history)


def weight_matrix(diagram: nx.DiGraph) -> pd.DataFrame:
    """Cause x effect link weights, in the diagram's factor order (a link without a weight counts 0)."""
    names = list(diagram.nodes)
    return nx.to_pandas_adjacency(diagram, nodelist=names, weight="weight").fillna(0.0)


def _unknown(diagram: nx.DiGraph, given: Mapping[str, float], what: str) -> None:
    unknown = sorted(set(given) - set(diagram.nodes))
    if unknown:
        raise KeyError(f"{what} for a name that is not a factor of this diagram: {', '.join(map(str, unknown))}")


def simulate(
    diagram: nx.DiGraph,
    clamps: Mapping[str, float] | None = None,
    rule: FcmRule = FcmRule.MODIFIED_KOSKO,
    squash: Squash = Squash.SIGMOID,
    initial: float | Mapping[str, float] = 0.5,
    tolerance: float = TOLERANCE,
    max_steps: int = MAX_STEPS,
) -> Simulation:
    """Run the fuzzy cognitive map until it settles, cycles or ``max_steps`` pass.

    Parameters
    ----------
    diagram : DiGraph
        Edge ``weight`` is the signed strength of ``cause -> effect``.
    clamps : mapping of factor name to activation
        Factors held at a fixed value at every step (a policy push).
    rule : FcmRule
        Kosko, modified Kosko or rescaled (see the module text).
    squash : Squash
        Sigmoid with lambda = 1, or tanh (not with the rescaled rule).
    initial : float or mapping
        Starting activation of every factor, or per factor by name (others start at 0.5).

    Returns
    -------
    Simulation
        ``states`` has one row per step (row 0 is the start) and one column per factor name.

    Raises
    ------
    KeyError
        A clamp or a starting value names a factor the diagram does not have.
    ValueError
        The rescaled rule with tanh.
    """
    clamps = dict(clamps or {})
    _unknown(diagram, clamps, "a push")
    if isinstance(initial, Mapping):
        _unknown(diagram, initial, "a starting value")
    weights = weight_matrix(diagram)
    names = list(weights.index)
    if isinstance(initial, Mapping):
        start = pd.Series(initial, dtype=float).reindex(names).fillna(0.5)
    else:
        start = pd.Series(float(initial), index=names, dtype=float)
    clamp = pd.Series(clamps, dtype=float).reindex(names)
    held = clamp.notna().to_numpy()
    first = np.where(held, clamp.to_numpy(), start.to_numpy())
    batch = iterate(weights.to_numpy(), first[None, :], held[None, :], rule, squash, tolerance, max_steps, True)
    assert batch.history is not None
    states = pd.DataFrame([row[0] for row in batch.history], columns=names).rename_axis("step")
    return Simulation(states, batch.outcome[0], int(batch.period[0]))


def clamp_values(pushes: Mapping[str, str], squash: Squash = Squash.SIGMOID) -> dict[str, float]:
    """Turn ``{"factor": "up" | "down"}`` into activations for :func:`simulate`."""
    return {name: 1.0 if direction == "up" else squash.low for name, direction in pushes.items()}


def what_if(
    diagram: nx.DiGraph,
    clamps: Mapping[str, float],
    rule: FcmRule = FcmRule.MODIFIED_KOSKO,
    squash: Squash = Squash.SIGMOID,
    initial: float = 0.5,
) -> tuple[pd.DataFrame, Simulation, Simulation]:
    """Each factor's end value with and without the clamps.

    Returns a frame indexed by factor with ``baseline`` and ``scenario`` (the
    activations), ``from_points``, ``to_points`` and ``change_points`` (the
    same on a 0-100 scale, :meth:`Squash.points`, and the change between
    them), largest absolute change first; and both runs (so the caller can say
    if either cycles or is still changing). A run that cycles is read at its
    average over the cycle.
    """
    baseline = simulate(diagram, None, rule, squash, initial)
    scenario = simulate(diagram, clamps, rule, squash, initial)
    table = pd.DataFrame({"baseline": baseline.end, "scenario": scenario.end})
    table["from_points"] = table["baseline"].map(squash.points)
    table["to_points"] = table["scenario"].map(squash.points)
    table["change_points"] = table["to_points"] - table["from_points"]
    table["clamped"] = table.index.isin(list(clamps))
    table = table.reindex(table["change_points"].abs().sort_values(ascending=False, kind="stable").index)
    return table.rename_axis("factor"), baseline, scenario


def what_if_headline(table: pd.DataFrame, pushes: Mapping[str, str]) -> str:
    """What was pushed, and what rises and falls most, in points on a 0-100 scale (``table`` from :func:`what_if`).

    >>> table = pd.DataFrame(
    ...     {"from_points": [41.0], "to_points": [68.0], "change_points": [27.0], "clamped": [False]}, index=["Trust"])
    >>> what_if_headline(table, {"Traceability": "up"})
    'Pushing Traceability up: Trust rises most, from 41 to 68 (27 points on a 0-100 scale)'
    """
    pushed = " and ".join(
        f"{', '.join(names)} {direction}"
        for direction in ("up", "down")
        if (names := [name for name, way in pushes.items() if way == direction])
    )
    moved = table[~table["clamped"] & (table["change_points"].abs() >= 0.5)]
    if moved.empty:
        return f"Pushing {pushed} moves no other factor by as much as half a point on a 0-100 scale"
    said, scale = [], " on a 0-100 scale"
    for verb, row in (("rises", moved["change_points"].idxmax()), ("falls", moved["change_points"].idxmin())):
        change = moved.at[row, "change_points"]
        if (change > 0) != (verb == "rises"):
            continue
        said.append(
            f"{row} {verb} most, from {moved.at[row, 'from_points']:.0f} to {moved.at[row, 'to_points']:.0f} "
            f"({abs(change):.0f} points{scale})"
        )
        scale = ""
    return f"Pushing {pushed}: " + "; ".join(said)
