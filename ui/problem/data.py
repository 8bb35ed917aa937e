"""Step 2's records, read once per change, with the two derived tables every tab uses."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.problem import factbase, perspectives
from core.store import Store, Table
from ui import state

__all__ = ["PROBLEM_TABLES", "ProblemData", "load"]

PROBLEM_TABLES = (
    Table.EVIDENCE,
    Table.RATINGS,
    Table.STATEMENTS,
    Table.OUTCOMES,
    Table.FACTORS,  # the causal map of step 1: its factors are the candidate root causes
    Table.CAUSAL_LINKS,
    Table.ACTORS,
)


@dataclass(frozen=True)
class ProblemData:
    """The step's records, the causal map's central factors and the room's spread per root cause."""

    frames: dict[Table, pd.DataFrame]
    centrality: pd.DataFrame
    spread: pd.DataFrame
    by_kind: pd.DataFrame
    by_factor: pd.DataFrame
    gaps: list[factbase.Gap]

    def __getitem__(self, table: Table) -> pd.DataFrame:
        return self.frames[table]

    @property
    def factor_names(self) -> pd.Series:
        return self.frames[Table.FACTORS]["name"].dropna()

    @property
    def actor_names(self) -> pd.Series:
        return self.frames[Table.ACTORS]["name"].dropna()


def load(store: Store, partnership_id: int) -> ProblemData:
    frames = state.records(store, partnership_id, PROBLEM_TABLES)
    centrality = _centrality(frames[Table.CAUSAL_LINKS], frames[Table.FACTORS])
    evidence = frames[Table.EVIDENCE]
    return ProblemData(
        frames,
        centrality,
        _spread(frames[Table.RATINGS]),
        *_coverage(evidence, centrality, frames[Table.ACTORS]["name"].dropna()),
    )


@state.cached(show_spinner=False, max_entries=16)
def _centrality(links: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """Degree and PageRank over the causal map (networkx), kept until the map changes."""
    return factbase.factor_centrality(links, factors["name"].dropna())


@state.cached(show_spinner=False, max_entries=16)
def _coverage(
    evidence: pd.DataFrame, centrality: pd.DataFrame, actor_names: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame, list[factbase.Gap]]:
    """Evidence by kind and by factor, and the gaps in it."""
    return (
        factbase.coverage_by_kind(evidence),
        factbase.coverage_by_factor(evidence, centrality),
        factbase.gaps(evidence, centrality, actor_names),
    )


@state.cached(show_spinner=False, max_entries=16)
def _spread(ratings: pd.DataFrame) -> pd.DataFrame:
    return perspectives.divergence(ratings)
