"""RACI matrices: the activities-by-partners grid and its checks.

Stored RACI rows are long (``activity, partner, role``); people edit a
grid (one row per activity, one column per partner, a cell per role).
:func:`to_grid` and :func:`from_grid` convert between the two without
loss; :func:`check` lists what is wrong with a matrix in plain words.

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"activity": ["Pilot", "Pilot"], "partner": ["A Co", "B Org"], "role": ["A", "A"]})
>>> [issue.kind.value for issue in check(rows)]
['many_accountable', 'no_responsible']
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from core.conventions import is_blank
from core.model import RaciRole

__all__ = [
    "ACTIVITY",
    "Issue",
    "IssueKind",
    "accountable_load",
    "check",
    "from_grid",
    "grid_problems",
    "overload_limit",
    "to_grid",
]

ACTIVITY = "activity"  # the grid's first column; every other column is a partner
_COLUMNS = ["activity", "partner", "role"]


class IssueKind(StrEnum):
    NO_ACCOUNTABLE = "no_accountable"
    MANY_ACCOUNTABLE = "many_accountable"
    NO_RESPONSIBLE = "no_responsible"
    NO_ROLE = "no_role"
    OVERLOADED = "overloaded"
    NOT_A_PARTNER = "not_a_partner"


@dataclass(frozen=True)
class Issue:
    """One thing wrong with a RACI matrix, about an activity or a partner."""

    kind: IssueKind
    message: str
    activity: str | None = None
    partner: str | None = None


def _clean(raci: pd.DataFrame) -> pd.DataFrame:
    """Rows with all three values, trimmed, roles as canonical letters."""
    frame = raci.reindex(columns=_COLUMNS).astype("string")
    frame = frame.apply(lambda column: column.str.strip())
    frame = frame.dropna()
    frame = frame[(frame != "").all(axis=1)].copy()
    canonical = {text: str(RaciRole.parse(text) or text) for text in frame["role"].unique()}
    frame["role"] = frame["role"].map(canonical).astype("string")
    return frame.reset_index(drop=True)


def to_grid(raci: pd.DataFrame, partners: list[str] | None = None) -> pd.DataFrame:
    """One row per activity, one column per partner, role letters in cells.

    Parameters
    ----------
    raci
        Long rows with ``activity``, ``partner``, ``role``.
    partners
        Columns to show first, in this order (e.g. the decision-making
        body); partners that hold roles but are not listed follow.

    Returns
    -------
    DataFrame
        Column ``activity`` then one string column per partner; empty cells
        are missing. Activities keep the order of their first row.
    """
    rows = _clean(raci)
    names = list(dict.fromkeys([*(partners or []), *rows["partner"]]))
    activities = list(dict.fromkeys(rows["activity"]))
    wide = rows.drop_duplicates(["activity", "partner"]).pivot(index="activity", columns="partner", values="role")
    wide = wide.reindex(index=activities, columns=names)
    grid = wide.reset_index().rename(columns={"index": ACTIVITY})
    grid.columns.name = None
    grid = grid.rename(columns={grid.columns[0]: ACTIVITY}) if len(grid.columns) else pd.DataFrame(columns=[ACTIVITY])
    return grid.astype("string").reset_index(drop=True)


def from_grid(grid: pd.DataFrame) -> pd.DataFrame:
    """Long RACI rows from a grid; empty cells and empty activities are dropped.

    Partners come in column order within each activity.
    """
    if grid.empty or ACTIVITY not in grid:
        return pd.DataFrame({name: pd.Series(dtype="string") for name in _COLUMNS})
    long = grid.reset_index(drop=True).melt(id_vars=[ACTIVITY], var_name="partner", value_name="role")
    long["order"] = long.index % len(grid)  # melt stacks column by column: keep row order
    long = long.sort_values("order", kind="stable").drop(columns="order")
    return _clean(long)


def grid_problems(grid: pd.DataFrame) -> list[str]:
    """What stops a grid from being saved: roles without an activity, repeated activities."""
    problems = []
    if grid.empty or ACTIVITY not in grid:
        return problems
    frame = grid.reset_index(drop=True)
    names = frame[ACTIVITY].map(lambda v: "" if is_blank(v) else str(v).strip())
    roles = frame.drop(columns=[ACTIVITY]).map(lambda v: not is_blank(v)).any(axis=1)
    for row in frame.index[(names == "") & roles]:
        problems.append(f"row {row + 1}: roles are set but the activity has no name")
    folded = names.str.casefold()
    for row in frame.index[(names != "") & folded.duplicated()]:
        problems.append(f"row {row + 1}: the activity '{names[row]}' appears more than once")
    allowed = {role.value for role in RaciRole}
    for partner in frame.columns.drop(ACTIVITY):
        for row, value in frame[partner].items():
            if not is_blank(value) and RaciRole.parse(value) is None and str(value).strip() not in allowed:
                problems.append(f"row {row + 1}, partner '{partner}': '{value}' is not one of R, A, C, I")
    return problems


def accountable_load(raci: pd.DataFrame) -> pd.Series:
    """How many activities each partner is Accountable for, most first."""
    rows = _clean(raci)
    counts = rows.loc[rows["role"] == RaciRole.ACCOUNTABLE.value, "partner"].value_counts()
    return counts.sort_values(ascending=False, kind="stable").rename("accountable")


def overload_limit(activities: int) -> float:
    """Most Accountable rows one partner may hold: a third of the activities, at least 2."""
    return max(2.0, activities / 3)


def check(raci: pd.DataFrame, partners: list[str] | None = None) -> list[Issue]:
    """Everything wrong with a RACI matrix, activity problems first.

    Parameters
    ----------
    raci
        Long rows with ``activity``, ``partner``, ``role``.
    partners
        The partnership's partners. When given, partners without any role
        and roles held by someone who is not (or no longer) a partner are
        reported too.

    Returns
    -------
    list of Issue
        Empty when every activity has exactly one Accountable and at least
        one Responsible, every partner has a role, nobody outside the
        partnership holds one, and nobody is Accountable for more than
        :func:`overload_limit` activities.
    """
    rows = _clean(raci)
    activities = list(dict.fromkeys(rows["activity"]))
    issues = _activity_issues(rows, activities)
    if partners is not None:
        issues += _membership_issues(rows, partners)
    return issues + _overload_issues(rows, len(activities))


def _activity_issues(rows: pd.DataFrame, activities: list[str]) -> list[Issue]:
    """Activities without exactly one Accountable or without a Responsible, in activity order."""
    a_role, r_role = RaciRole.ACCOUNTABLE.value, RaciRole.RESPONSIBLE.value
    counts = (
        rows.groupby(["activity", "role"], sort=False)
        .size()
        .unstack(fill_value=0)
        .reindex(index=activities, columns=[role.value for role in RaciRole], fill_value=0)
    )
    flagged = counts[(counts[a_role] != 1) | (counts[r_role] == 0)]
    shared = rows[(rows["role"] == a_role) & rows["activity"].isin(flagged.index[flagged[a_role] > 1])]
    accountable = {activity: group.tolist() for activity, group in shared.groupby("activity", sort=False)["partner"]}
    issues: list[Issue] = []
    for activity, a_count, r_count in zip(
        flagged.index.tolist(), flagged[a_role].tolist(), flagged[r_role].tolist(), strict=True
    ):
        if a_count == 0:
            issues.append(
                Issue(IssueKind.NO_ACCOUNTABLE, f"'{activity}' has no Accountable partner: name exactly one.", activity)
            )
        elif a_count > 1:
            names = accountable[activity]
            issues.append(
                Issue(
                    IssueKind.MANY_ACCOUNTABLE,
                    f"'{activity}' has {len(names)} Accountable partners ({', '.join(names)}): keep exactly one.",
                    activity,
                )
            )
        if r_count == 0:
            issues.append(
                Issue(
                    IssueKind.NO_RESPONSIBLE,
                    f"'{activity}' has nobody Responsible: name at least one partner who does the work.",
                    activity,
                )
            )
    return issues


def _membership_issues(rows: pd.DataFrame, partners: list[str]) -> list[Issue]:
    """Partners without any role, then role holders who are not (or no longer) partners."""
    members = {name.strip().casefold() for name in partners}
    holders = list(dict.fromkeys(rows["partner"]))
    held = {name.casefold() for name in holders}
    issues = [
        Issue(IssueKind.NO_ROLE, f"{partner} has no role in any activity.", partner=partner)
        for partner in partners
        if partner.strip().casefold() not in held
    ]
    outsiders = [partner for partner in holders if partner.casefold() not in members]
    held_by = rows[rows["partner"].isin(outsiders)].groupby("partner", sort=False)
    for partner in outsiders:
        mine = held_by.get_group(partner)
        roles = ", ".join(f"{r} in '{a}'" for a, r in zip(mine["activity"], mine["role"], strict=True))
        issues.append(
            Issue(
                IssueKind.NOT_A_PARTNER,
                f"{partner} is not a partner (any more) but still holds roles: {roles}. "
                "Give these roles to a partner or remove them.",
                partner=partner,
            )
        )
    return issues


def _overload_issues(rows: pd.DataFrame, activities: int) -> list[Issue]:
    """Partners Accountable for more than :func:`overload_limit` of the ``activities``."""
    limit = overload_limit(activities)
    return [
        Issue(
            IssueKind.OVERLOADED,
            f"{partner} is Accountable for {count} of {activities} activities "
            f"(more than {limit:.0f}): share accountability so one partner does not carry, or steer, it all.",
            partner=str(partner),
        )
        for partner, count in accountable_load(rows).items()
        if count > limit
    ]
