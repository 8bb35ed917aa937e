"""What-if simulation of a causal loop diagram as a fuzzy cognitive map (FCM).

With weight matrix ``W`` (``W[i, j]`` = strength of the link i -> j) and
activation vector ``A``, the Kosko rule is ``A(t+1) = f(W^T A(t))`` and the
modified Kosko rule is ``A(t+1) = f(A(t) + W^T A(t))``, with ``f`` the
sigmoid ``1 / (1 + exp(-lambda x))`` (lambda = 1) or ``tanh``. Clamped
factors are held at their value at every step. Iteration stops when the
largest change is at most :data:`TOLERANCE` (0.001) or after
:data:`MAX_STEPS` (100) steps; the result says whether it converged.
Everything is keyed by factor name, never by position. The diagram comes
from :func:`core.system_map.causal.build_diagram`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "MAX_STEPS",
    "TOLERANCE",
    "FcmRule",
    "Simulation",
    "Squash",
    "clamp_values",
    "simulate",
    "what_if",
]

TOLERANCE = 0.001
MAX_STEPS = 100


class FcmRule(StrEnum):
    KOSKO = "kosko"
    MODIFIED_KOSKO = "modified_kosko"

    @property
    def label(self) -> str:
        return "Kosko" if self is FcmRule.KOSKO else "Modified Kosko (keeps memory of the last state)"


class Squash(StrEnum):
    SIGMOID = "sigmoid"
    TANH = "tanh"

    @property
    def low(self) -> float:
        """The activation of a factor clamped fully down."""
        return 0.0 if self is Squash.SIGMOID else -1.0


@dataclass
class Simulation:
    """An FCM run: activations per step (rows) and factor (columns)."""

    states: pd.DataFrame
    converged: bool

    @property
    def final(self) -> pd.Series:
        return self.states.iloc[-1]

    @property
    def steps(self) -> int:
        return len(self.states) - 1


def _squash(values: np.ndarray, squash: Squash) -> np.ndarray:
    if squash is Squash.TANH:
        return np.tanh(values)
    return 1.0 / (1.0 + np.exp(-1.0 * values))  # lambda = 1


def simulate(
    diagram: nx.DiGraph,
    clamps: Mapping[str, float] | None = None,
    rule: FcmRule = FcmRule.MODIFIED_KOSKO,
    squash: Squash = Squash.SIGMOID,
    initial: float | Mapping[str, float] = 0.5,
    tolerance: float = TOLERANCE,
    max_steps: int = MAX_STEPS,
) -> Simulation:
    """Run the fuzzy cognitive map until it settles or ``max_steps`` pass.

    Parameters
    ----------
    diagram : DiGraph
        Edge ``weight`` is the signed strength of ``cause -> effect``.
    clamps : mapping of factor name to activation
        Factors held at a fixed value at every step (a policy push).
    rule : FcmRule
        Kosko ``A(t+1) = f(W^T A(t))`` or modified Kosko ``A(t+1) = f(A(t) + W^T A(t))``.
    squash : Squash
        Sigmoid with lambda = 1, or tanh.
    initial : float or mapping
        Starting activation of every factor (or per factor, by name).

    Returns
    -------
    Simulation
        ``states`` has one row per step (row 0 is the start) and one column per factor name.
    """
    names = list(diagram.nodes)
    clamps = dict(clamps or {})
    unknown = sorted(set(clamps) - set(names))
    if unknown:
        raise KeyError(f"not a factor of this diagram: {', '.join(unknown)}")
    weights = nx.to_pandas_adjacency(diagram, nodelist=names, weight="weight")
    transposed = weights.to_numpy().T
    start = pd.Series(initial, index=names, dtype=float) if not isinstance(initial, Mapping) else (
        pd.Series(initial, dtype=float).reindex(names).fillna(0.5)
    )  # fmt: skip
    clamp = pd.Series(clamps, dtype=float).reindex(names)
    held = clamp.notna().to_numpy()
    state = start.to_numpy().copy()
    state[held] = clamp.to_numpy()[held]
    history = [state.copy()]
    converged = False
    for _ in range(max_steps):
        total = transposed @ state
        if rule is FcmRule.MODIFIED_KOSKO:
            total = state + total
        following = _squash(total, squash)
        following[held] = state[held]
        change = np.max(np.abs(following - state)) if len(state) else 0.0
        state = following
        history.append(state.copy())
        if change <= tolerance:
            converged = True
            break
    return Simulation(pd.DataFrame(history, columns=names).rename_axis("step"), converged)


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
    """Each factor's settled value with and without the clamps.

    Returns a frame indexed by factor with ``baseline``, ``scenario`` and
    ``change_pp`` (scenario minus baseline, in percentage points of the
    activation range), largest absolute change first; and both runs (so the
    caller can say if either did not converge).
    """
    baseline = simulate(diagram, None, rule, squash, initial)
    scenario = simulate(diagram, clamps, rule, squash, initial)
    table = pd.DataFrame({"baseline": baseline.final, "scenario": scenario.final})
    table["change_pp"] = (table["scenario"] - table["baseline"]) * 100
    table["clamped"] = table.index.isin(list(clamps))
    table = table.reindex(table["change_pp"].abs().sort_values(ascending=False, kind="stable").index)
    return table.rename_axis("factor"), baseline, scenario
