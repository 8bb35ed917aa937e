"""Many runs of one fuzzy cognitive map: does it have one end state, and which push moves an outcome most.

- :func:`end_states` runs the map from :data:`STARTS` starting states (all
  factors low, all high, and seeded random mixes), with
  the same pushes held. If the settled runs end in states that differ by
  more than :data:`DISTINCT` (0.05 of an activation) on some factor, the map
  may have more than one stable end state: where the system starts decides
  where it ends. Runs that cycle or are still changing are counted apart.
- :func:`sensitivity` pushes each factor in turn fully up, then fully
  down, alone, and reports how far a chosen outcome factor moves against
  the run with no push (in points on a 0-100 scale).
  Only factors upstream of the outcome (with a path of links to it) are
  run: any other cannot reach it and moves it by exactly 0, so it is listed
  with 0 unrun. :data:`MAX_PUSHED` is how many upstream factors the app runs
  without asking first (the work grows with the cube of the map's size).

Both run every case at once (:func:`core.system_map.fcm.iterate`), each
case stopping on its own, so a case ends exactly as a single run would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from core.system_map.fcm import FcmRule, Outcome, Squash, iterate, weight_matrix

__all__ = ["DISTINCT", "MAX_PUSHED", "STARTS", "EndStates", "end_states", "sensitivity", "upstream"]

STARTS = 24
DISTINCT = 0.05  # end states this far apart on some factor count as different
MAX_PUSHED = 150  # upstream factors pushed without asking first


@dataclass
class EndStates:
    """Where runs from many starting states end.

    ``states`` has one row per distinct settled end state (factors as
    columns) and ``runs``: how many starts ended there, most first.
    ``cycling`` and ``unsettled`` count starts whose run cycles or is still
    changing.
    """

    states: pd.DataFrame
    starts: int
    cycling: int
    unsettled: int

    @property
    def several(self) -> bool:
        """More than one stable end state was found."""
        return len(self.states) > 1


def _held(names: list[str], clamps: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    unknown = sorted(set(clamps) - set(names))
    if unknown:
        raise KeyError(f"a push for a name that is not a factor of this diagram: {', '.join(unknown)}")
    clamp = pd.Series(dict(clamps), dtype=float).reindex(names)
    return clamp.notna().to_numpy(), clamp.to_numpy()


def end_states(
    diagram: nx.DiGraph,
    clamps: Mapping[str, float] | None = None,
    rule: FcmRule = FcmRule.MODIFIED_KOSKO,
    squash: Squash = Squash.SIGMOID,
    starts: int = STARTS,
    seed: int = 7,
) -> EndStates:
    """Run the map from ``starts`` starting states and group where the settled runs end.

    The first two starts put every factor low and high; the rest draw each
    factor uniformly over the activation range (``numpy`` generator seeded
    with ``seed``). Clamped factors are held. (No start puts every factor
    exactly in the middle: with tanh that is a balance point of every map
    with no push, however unstable, and would read as an end state.)
    """
    weights = weight_matrix(diagram)
    names = list(weights.index)
    held, values = _held(names, dict(clamps or {}))
    low = squash.low
    generator = np.random.default_rng(seed)
    fixed = np.array([[low] * len(names), [1.0] * len(names)])
    drawn = generator.uniform(low, 1.0, size=(max(starts - len(fixed), 0), len(names)))
    first = np.vstack([fixed, drawn])[:starts]
    first[:, held] = values[held]
    batch = iterate(weights.to_numpy(), first, np.tile(held, (len(first), 1)), rule, squash)
    groups: list[list[int]] = []
    for row in (i for i, outcome in enumerate(batch.outcome) if outcome is Outcome.SETTLED):
        for group in groups:
            if np.abs(batch.end[row] - batch.end[group[0]]).max(initial=0.0) <= DISTINCT:
                group.append(row)
                break
        else:
            groups.append([row])
    groups.sort(key=len, reverse=True)
    table = pd.DataFrame([batch.end[group].mean(axis=0) for group in groups], columns=names)
    table.insert(0, "runs", [len(group) for group in groups])
    return EndStates(
        table.rename_axis("end state"),
        len(first),
        sum(outcome is Outcome.CYCLE for outcome in batch.outcome),
        sum(outcome is Outcome.UNSETTLED for outcome in batch.outcome),
    )


def upstream(diagram: nx.DiGraph, outcome: str) -> list[str]:
    """The factors with a path of links to ``outcome`` (not itself), in the diagram's order.

    Raises
    ------
    KeyError
        ``outcome`` is not a factor of the diagram.
    """
    if outcome not in diagram:
        raise KeyError(f"not a factor of this diagram: {outcome}")
    before = nx.ancestors(diagram, outcome)
    return [name for name in diagram.nodes if name in before]


def sensitivity(
    diagram: nx.DiGraph,
    outcome: str,
    rule: FcmRule = FcmRule.MODIFIED_KOSKO,
    squash: Squash = Squash.SIGMOID,
    initial: float = 0.5,
) -> pd.DataFrame:
    """How far ``outcome`` moves when each other factor alone is pushed fully up, or fully down.

    Returns a frame indexed by factor with ``up_points`` and ``down_points``
    (change of ``outcome`` against the run with no push, in points on a 0-100
    scale, :meth:`Squash.points`), ``largest_points`` (the larger of the two
    in size, with its sign),
    ``settled`` (both pushed runs settled; otherwise they are read at their
    cycle average or last step) and ``upstream`` (the factor has a path to
    ``outcome``). Only upstream factors are run; every other is listed with
    0 and ``settled`` True, since it cannot reach ``outcome``. Largest move
    first.

    Raises
    ------
    KeyError
        ``outcome`` is not a factor of the diagram.
    """
    weights = weight_matrix(diagram)
    names = list(weights.index)
    if outcome not in names:
        raise KeyError(f"not a factor of this diagram: {outcome}")
    pushed = upstream(diagram, outcome)
    size = len(names)
    first = np.full((1 + 2 * len(pushed), size), float(initial))
    held = np.zeros_like(first, dtype=bool)
    for level, block in ((1.0, 1), (squash.low, 1 + len(pushed))):  # row 0: no push
        for i, name in enumerate(pushed):
            column = names.index(name)
            first[block + i, column], held[block + i, column] = level, True
    batch = iterate(weights.to_numpy(), first, held, rule, squash)
    target = names.index(outcome)
    base = batch.end[0, target]
    scale = 100.0 / (1.0 - squash.low)  # a change in activation, on the 0-100 scale
    up = (batch.end[1 : 1 + len(pushed), target] - base) * scale
    down = (batch.end[1 + len(pushed) :, target] - base) * scale
    settled = [
        batch.outcome[1 + i] is Outcome.SETTLED and batch.outcome[1 + len(pushed) + i] is Outcome.SETTLED
        for i in range(len(pushed))
    ]
    table = pd.DataFrame(
        {"up_points": up, "down_points": down, "settled": settled}, index=pd.Index(pushed, name="factor")
    )
    table.insert(2, "largest_points", np.where(np.abs(up) >= np.abs(down), up, down))
    others = [name for name in names if name != outcome and name not in table.index]
    unreached = pd.DataFrame(
        {"up_points": 0.0, "down_points": 0.0, "largest_points": 0.0, "settled": True},
        index=pd.Index(others, name="factor"),
    )
    table = pd.concat([table, unreached]) if others else table
    table["upstream"] = table.index.isin(pushed)
    order = table["largest_points"].abs().sort_values(ascending=False, kind="stable").index
    return table.reindex(order)
