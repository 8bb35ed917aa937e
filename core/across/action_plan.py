"""The action plan, internal owners and impact stories of a partnership.

Scaling a pilot means specific, measurable commitments (who does what, by
when, how progress is tracked), owned inside the company by people from
several business units, with impact stories kept beside the numbers.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

from core.model import split_list

__all__ = ["CommitmentStatus", "action_plan", "owners_by_scope", "plan_summary", "stories_by_indicator"]


class CommitmentStatus(StrEnum):
    """The status values of the ``commitments`` table."""

    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    DROPPED = "dropped"


_CLOSED = {CommitmentStatus.DONE.value, CommitmentStatus.DROPPED.value}


def action_plan(commitments: pd.DataFrame, today: pd.Timestamp) -> pd.DataFrame:
    """Commitments in review order: overdue first, then by due date, closed last.

    Parameters
    ----------
    commitments
        The ``commitments`` table.
    today
        The review date.

    Returns
    -------
    DataFrame
        The same rows and columns, reordered, plus ``overdue`` (bool: open and
        past its due date) and ``days_left`` (negative when overdue, missing
        without a date).
    """
    plan = commitments.copy()
    status = plan["status"].astype("string").fillna(CommitmentStatus.OPEN.value)
    closed = status.isin(_CLOSED)
    today = pd.Timestamp(today).normalize()
    days_left = (plan["due_date"] - today).dt.days.astype("Int64")
    plan["overdue"] = (~closed & (days_left < 0).fillna(False)).astype(bool)
    plan["days_left"] = days_left
    group = pd.Series(1, index=plan.index).mask(plan["overdue"], 0).mask(closed, 2)  # overdue, open, closed
    order = pd.DataFrame({"group": group, "due": plan["due_date"]})
    ranked = order.sort_values(["group", "due"], kind="stable", na_position="last").index
    return plan.loc[ranked].reset_index(drop=True)


def plan_summary(plan: pd.DataFrame) -> dict[str, int]:
    """Counts by status of an :func:`action_plan` result, with ``overdue``."""
    status = plan["status"].astype("string").fillna(CommitmentStatus.OPEN.value)
    counts = {member.value: int((status == member.value).sum()) for member in CommitmentStatus}
    counts["overdue"] = int(plan["overdue"].sum())
    return counts


def owners_by_scope(owners: pd.DataFrame) -> pd.DataFrame:
    """Who owns, sponsors and contributes to the partnership and each step.

    Returns
    -------
    DataFrame
        One row per scope ("partnership" first, then steps in order), a column
        per role holding "Person (business unit)" entries joined by "; ", and
        ``units``: how many business units are involved in that scope.
    """
    frame = owners.copy()
    frame["scope"] = frame["scope"].astype("string").fillna("partnership").str.strip().str.lower()
    frame["role"] = frame["role"].astype("string").fillna("contributor")
    unit = frame["business_unit"].astype("string")
    frame["entry"] = frame["person"].astype("string") + (" (" + unit + ")").fillna("")
    roles = ["owner", "sponsor", "contributor"]
    table = frame.pivot_table(index="scope", columns="role", values="entry", aggfunc="; ".join).reindex(columns=roles)
    table["units"] = frame.groupby("scope")["business_unit"].nunique()
    ordered = sorted(table.index, key=lambda scope: (scope != "partnership", scope))
    return table.loc[ordered].fillna({role: "" for role in roles}).rename_axis("scope").reset_index()


def stories_by_indicator(stories: pd.DataFrame) -> dict[str, list[str]]:
    """Story titles per indicator name, newest first (names as stored)."""
    ordered = stories.sort_values("date", ascending=False, na_position="last")
    found: dict[str, list[str]] = {}
    for title, cell in zip(ordered["title"], ordered["indicator"], strict=True):
        for name in split_list(cell):
            found.setdefault(name, []).append(str(title))
    return found
