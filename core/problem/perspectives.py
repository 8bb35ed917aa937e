"""Perspectives: how participants rate candidate root causes, and where they differ.

Each participant (a person or a partner organisation) rates candidate root
causes from 1 (hardly matters) to 5 (a main cause). The point is to surface
disagreement before a problem statement is written, so the summary puts the
causes the room disagrees on most first.

Spread is the population standard deviation (``ddof=0``): the people in the
room are the whole group whose views we describe, not a sample of a larger
one. The range (highest minus lowest rating) is shown beside it because a
room reads "one says 5, another says 1" faster than a standard deviation.

Reading a wide ratings sheet (one column per participant) is in
:mod:`core.problem.ratings_sheet`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import pandas as pd

from core.conventions import is_blank

__all__ = [
    "DISPUTED_STD",
    "MIXED_STD",
    "Agreement",
    "divergence",
    "ratings_matrix",
    "replace_participant",
    "takeaway",
]

MIXED_STD = 0.75
"""Spread (population std) from which views count as mixed."""
DISPUTED_STD = 1.25
"""Spread from which a cause counts as disputed: the room must talk it through."""


class Agreement(StrEnum):
    """How far the room agrees on one cause, by the spread of its ratings."""

    AGREED = "agreed"
    MIXED = "mixed"
    DISPUTED = "disputed"
    SINGLE = "single view"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def divergence(ratings: pd.DataFrame) -> pd.DataFrame:
    """Mean and spread of the ratings of each cause, most disputed first.

    Parameters
    ----------
    ratings : DataFrame
        Long format with columns ``participant``, ``cause``, ``rating``.
        Rows with a missing cause or rating are ignored.

    Returns
    -------
    DataFrame
        One row per cause with ``cause``, ``n`` (participants who rated it),
        ``mean``, ``std`` (population, ``ddof=0``), ``low``, ``high``,
        ``range`` and ``agreement`` (:class:`Agreement` value). Sorted by
        ``std`` then ``range`` descending, then cause name, so the most
        disputed causes come first. A cause rated by one participant has
        ``std`` 0 and agreement ``single view``.
    """
    columns = ["cause", "n", "mean", "std", "low", "high", "range", "agreement"]
    clean = ratings.dropna(subset=["cause", "rating"])
    if clean.empty:
        return pd.DataFrame(columns=columns)
    values = clean.assign(rating=pd.to_numeric(clean["rating"], errors="coerce").astype(float)).dropna(
        subset=["rating"]
    )
    grouped = values.groupby("cause", sort=False)["rating"]
    table = pd.DataFrame(
        {
            "n": grouped.count(),
            "mean": grouped.mean(),
            "std": grouped.std(ddof=0),
            "low": grouped.min(),
            "high": grouped.max(),
        }
    )
    table["range"] = table["high"] - table["low"]
    table["agreement"] = Agreement.MIXED.value
    table.loc[table["std"] < MIXED_STD, "agreement"] = Agreement.AGREED.value
    table.loc[table["std"] >= DISPUTED_STD, "agreement"] = Agreement.DISPUTED.value
    table.loc[table["n"] < 2, "agreement"] = Agreement.SINGLE.value
    table = table.reset_index(names="cause")
    table["cause"] = table["cause"].astype(str)
    table = table.sort_values(["std", "range", "cause"], ascending=[False, False, True], kind="stable")
    return table[columns].reset_index(drop=True)


def ratings_matrix(ratings: pd.DataFrame, causes: Iterable[str] | None = None) -> pd.DataFrame:
    """Participants as rows, causes as columns, ratings as values (NaN when not rated).

    ``causes`` fixes the column order (for example most disputed first);
    by default causes appear in the order first rated. Participants keep
    the order in which they first appear.
    """
    clean = ratings.dropna(subset=["participant", "cause"])
    clean = clean.assign(rating=pd.to_numeric(clean["rating"], errors="coerce").astype(float))
    order = list(causes) if causes is not None else list(dict.fromkeys(clean["cause"]))
    participants = list(dict.fromkeys(clean["participant"]))
    matrix = clean.pivot_table(index="participant", columns="cause", values="rating", aggfunc="mean")
    matrix = matrix.reindex(index=participants, columns=order).astype(float)
    matrix.index.name = "participant"
    matrix.columns.name = "cause"
    return matrix


def replace_participant(ratings: pd.DataFrame, participant: str, entries: pd.DataFrame) -> pd.DataFrame:
    """All ratings with one participant's rows replaced by ``entries`` (``cause``, ``rating``).

    Entries with a blank cause or rating are dropped ("not rated"); other
    participants' rows stay as they were, in their order. The participant's
    name is matched case-insensitively and stored as given.
    """
    name = " ".join(str(participant).split())
    keep = ratings[ratings["participant"].astype(str).str.strip().str.casefold() != name.casefold()]
    mine = entries.loc[~entries["cause"].map(is_blank) & ~entries["rating"].map(is_blank), ["cause", "rating"]]
    mine = mine.assign(participant=name, cause=mine["cause"].astype(str).str.strip())
    columns = ["participant", "cause", "rating"]
    return pd.concat([keep[columns], mine[columns]], ignore_index=True)


def takeaway(spread: pd.DataFrame) -> str:
    """One line for the wall: the most disputed cause and the cause the room agrees matters most."""
    if spread.empty:
        return "No ratings yet: ask each participant to rate the candidate root causes from 1 to 5."
    top = spread.iloc[0]
    rated = spread[spread["n"] >= 2]
    parts = []
    if top["agreement"] == Agreement.DISPUTED.value:
        parts.append(
            f"Most disputed: {top['cause']} (ratings from {top['low']:g} to {top['high']:g} across "
            f"{int(top['n'])} participants)"
        )
    else:
        parts.append("No cause is strongly disputed")
    agreed = rated[rated["agreement"] == Agreement.AGREED.value].sort_values("mean", ascending=False, kind="stable")
    if not agreed.empty:
        best = agreed.iloc[0]
        parts.append(f"agreed to matter most: {best['cause']} (mean {best['mean']:.1f})")
    return "; ".join(parts) + "."
