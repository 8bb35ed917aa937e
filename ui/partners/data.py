"""Step 3's records and the scored list they make, read once per change."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.partners.scored_list import scored_list, shortlist
from core.partners.scoring import Weights
from core.store import Store, Table
from ui import state

__all__ = ["PartnersData", "load"]


@dataclass(frozen=True)
class PartnersData:
    actors: pd.DataFrame  # as stored
    weights: Weights
    scored: pd.DataFrame  # best first, with quadrant and salience
    chosen: pd.DataFrame  # the stored short list, in rank order


def load(store: Store, partnership_id: int, weights: Weights | None = None) -> PartnersData:
    """The candidates scored with ``weights`` (equal when None)."""
    actors = state.records(store, partnership_id, [Table.ACTORS])[Table.ACTORS]
    weights = weights or Weights()
    scored = _scored(actors, (weights.interest, weights.influence, weights.assets))
    return PartnersData(actors, weights, scored, shortlist(scored))


@state.cached(max_entries=32, show_spinner=False)
def _scored(actors: pd.DataFrame, weights: tuple[float, float, float]) -> pd.DataFrame:
    # Cached on the records and weights: a thousand-row list is not rescored on every widget rerun.
    return scored_list(actors, Weights(*weights))
