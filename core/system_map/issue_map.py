"""The issue map: barriers by category and severity, tied to actors and factors."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from core.model import BarrierCategory, split_list

__all__ = ["SEVERITIES", "actor_burden", "barrier_links", "heatmap", "unknown_names"]

SEVERITIES = (1, 2, 3, 4, 5)


def heatmap(barriers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Count and names of barriers per category (rows) and severity 1-5 (columns).

    Every category of :class:`~core.model.BarrierCategory` and every severity
    appears, so the grid keeps its shape on an empty map. Barriers without a
    severity are left out of the grid.
    """
    categories = [category.value for category in BarrierCategory]
    frame = barriers.assign(severity=pd.to_numeric(barriers["severity"], errors="coerce")).dropna(
        subset=["category", "severity"]
    )
    frame = frame.assign(severity=frame["severity"].astype(int))
    counts = pd.crosstab(frame["category"], frame["severity"]).reindex(
        index=categories, columns=list(SEVERITIES), fill_value=0
    )
    names = (
        frame.groupby(["category", "severity"])["name"].agg(lambda items: "; ".join(sorted(map(str, items))))
        .unstack()
        .reindex(index=categories, columns=list(SEVERITIES))
        .astype(object)
        .fillna("")
    )  # fmt: skip
    return counts.rename_axis(index="category", columns="severity"), names.rename_axis(
        index="category", columns="severity"
    )


def barrier_links(barriers: pd.DataFrame, column: str = "actors") -> pd.DataFrame:
    """One row per (barrier, named actor or factor): ``barrier``, ``name``, ``category``, ``severity``."""
    rows = [
        (row.name, item, row.category, row.severity)
        for row in barriers.itertuples(index=False)
        for item in split_list(getattr(row, column))
    ]
    return pd.DataFrame(rows, columns=["barrier", "name", "category", "severity"])


def actor_burden(barriers: pd.DataFrame, column: str = "actors") -> pd.DataFrame:
    """Per actor (or factor): how many barriers name it, their summed and top severity, and which.

    Indexed by name, highest summed severity first.
    """
    links = barrier_links(barriers, column)
    links["severity"] = pd.to_numeric(links["severity"], errors="coerce").fillna(0)
    grouped = links.groupby("name").agg(
        barriers=("barrier", "count"),
        severity=("severity", "sum"),
        worst=("severity", "max"),
        names=("barrier", lambda items: "; ".join(items)),
    )
    return grouped.sort_values(["severity", "barriers"], ascending=False, kind="stable")


def unknown_names(barriers: pd.DataFrame, known: Iterable[str], column: str = "actors") -> pd.DataFrame:
    """Links to names that are not on the map (typos show up here)."""
    links = barrier_links(barriers, column)
    return links[~links["name"].isin(set(known))].reset_index(drop=True)
