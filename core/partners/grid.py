"""The power-interest grid: where each party sits and how to engage it.

Influence (power) runs up, interest across. A party is *high* on an axis
when its 1-5 score is above :data:`MIDLINE` (3.5, so 4 and 5 are high and
1-3 are low); a missing score counts as low.

==================  ==============  ===============
                    low interest    high interest
==================  ==============  ===============
high influence      keep satisfied  manage closely
low influence       monitor         keep informed
==================  ==============  ===============
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

__all__ = ["ADVICE", "DRAWN_ONE_BY_ONE", "MIDLINE", "Crowd", "Quadrant", "crowd", "quadrant_of", "quadrants", "spread"]

MIDLINE = 3.5

DRAWN_ONE_BY_ONE = 100
"""Parties a grid draws as points, besides the short list: past this a grid of thousands is a blot."""


class Quadrant(StrEnum):
    MANAGE_CLOSELY = "manage closely"
    KEEP_SATISFIED = "keep satisfied"
    KEEP_INFORMED = "keep informed"
    MONITOR = "monitor"

    @property
    def label(self) -> str:
        return self.value.capitalize()


ADVICE: dict[Quadrant, str] = {
    Quadrant.MANAGE_CLOSELY: "Involve in decisions; meet often.",
    Quadrant.KEEP_SATISFIED: "Consult on what touches their interests; avoid surprises.",
    Quadrant.KEEP_INFORMED: "Share progress regularly; invite their knowledge.",
    Quadrant.MONITOR: "Watch for changes; light-touch updates.",
}


def quadrant_of(interest: float | None, influence: float | None, midline: float = MIDLINE) -> Quadrant:
    """The quadrant of one party."""
    high_interest = interest is not None and not pd.isna(interest) and interest > midline
    high_influence = influence is not None and not pd.isna(influence) and influence > midline
    return _QUADRANTS[(bool(high_influence), bool(high_interest))]


_QUADRANTS = {
    (True, True): Quadrant.MANAGE_CLOSELY,
    (True, False): Quadrant.KEEP_SATISFIED,
    (False, True): Quadrant.KEEP_INFORMED,
    (False, False): Quadrant.MONITOR,
}


def quadrants(frame: pd.DataFrame, midline: float = MIDLINE) -> pd.Series:
    """The quadrant value of every row (vectorised), same index as ``frame``."""

    def high(name: str) -> np.ndarray:
        if name not in frame:
            return np.zeros(len(frame), dtype=bool)
        numbers = pd.to_numeric(frame[name], errors="coerce").astype("Float64")
        return (numbers > midline).fillna(False).to_numpy(dtype=bool)

    code = high("influence") * 2 + high("interest")
    names = np.array(
        [
            Quadrant.MONITOR.value,
            Quadrant.KEEP_INFORMED.value,
            Quadrant.KEEP_SATISFIED.value,
            Quadrant.MANAGE_CLOSELY.value,
        ],
        dtype=object,
    )
    return pd.Series(names[code], index=frame.index, name="quadrant")


def spread(frame: pd.DataFrame, radius: float = 0.22) -> pd.DataFrame:
    """Plot positions that keep parties with equal scores apart.

    Parties sharing an (interest, influence) cell sit on a small circle of
    ``radius`` around it, in row order; a party alone sits on the point.
    Missing scores are drawn at 1. Returns columns ``x`` (interest) and
    ``y`` (influence), same index.
    """
    x = pd.to_numeric(frame.get("interest"), errors="coerce").astype("Float64").fillna(1.0).to_numpy(dtype=float)
    y = pd.to_numeric(frame.get("influence"), errors="coerce").astype("Float64").fillna(1.0).to_numpy(dtype=float)
    cells = pd.DataFrame({"x": x, "y": y})
    order = cells.groupby(["x", "y"]).cumcount().to_numpy()
    size = cells.groupby(["x", "y"])["x"].transform("size").to_numpy()
    angle = 2 * np.pi * order / size + np.pi / 4
    offset = np.where(size > 1, radius * np.minimum(1 + size / 8, 1.8), 0.0)
    return pd.DataFrame({"x": x + offset * np.cos(angle), "y": y + offset * np.sin(angle)}, index=frame.index)


@dataclass(frozen=True)
class Crowd:
    """A long list split for the grid: the parties drawn one by one, and how many others sit in each cell.

    Attributes
    ----------
    drawn : DataFrame
        The short list and the best scores, at most :data:`DRAWN_ONE_BY_ONE` rows unless the short list is longer.
    counted : DataFrame
        Columns ``interest``, ``influence`` (rounded to the nearest half) and ``count`` for the rest.
    """

    drawn: pd.DataFrame
    counted: pd.DataFrame


def crowd(scored: pd.DataFrame, limit: int = DRAWN_ONE_BY_ONE) -> Crowd:
    """Keep the short list and the highest scores as points; count the rest where they sit.

    >>> scored = pd.DataFrame({"interest": [5, 1, 1, 2], "influence": [5, 1, 1, 2], "score": [90, 10, 20, 30]})
    >>> split = crowd(scored, limit=2)
    >>> split.drawn.index.tolist(), split.counted.to_dict("records")
    ([0, 3], [{'interest': 1.0, 'influence': 1.0, 'count': 2}])
    """
    if len(scored) <= limit:
        return Crowd(scored, pd.DataFrame({"interest": [], "influence": [], "count": []}))
    short = scored["shortlisted"].astype("boolean").fillna(False) if "shortlisted" in scored else False
    rank = pd.to_numeric(scored.get("score"), errors="coerce") if "score" in scored else None
    best = rank.nlargest(limit, keep="first").index if rank is not None else scored.index[:limit]
    keep = scored.index.isin(best) | np.asarray(short, dtype=bool)
    rest = scored[~keep]
    cells = pd.DataFrame(
        {
            axis: (pd.to_numeric(rest.get(axis), errors="coerce").astype("Float64").fillna(1.0) * 2).round() / 2
            for axis in ("interest", "influence")
        }
    ).astype(float)
    counted = cells.groupby(["interest", "influence"]).size().rename("count").reset_index()
    return Crowd(scored[keep], counted)
