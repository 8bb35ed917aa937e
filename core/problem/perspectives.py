"""Perspectives: how participants rate candidate root causes, and where they differ.

Each participant (a person or a partner organisation) rates candidate root
causes from 1 (hardly matters) to 5 (a main cause). The point is to surface
disagreement before a problem statement is written, so the summary puts the
causes the room disagrees on most first.

Spread is the population standard deviation (``ddof=0``): the people in the
room are the whole group whose views we describe, not a sample of a larger
one. The range (highest minus lowest rating) is shown beside it because a
room reads "one says 5, another says 1" faster than a standard deviation.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import pandas as pd

from core.conventions import is_blank
from core.records import Problem

__all__ = [
    "DISPUTED_STD",
    "MIXED_STD",
    "RATING_HIGH",
    "RATING_LOW",
    "Agreement",
    "divergence",
    "ratings_matrix",
    "replace_participant",
    "takeaway",
    "wide_sheet",
    "wide_to_long",
]

RATING_LOW = 1
RATING_HIGH = 5
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


def wide_to_long(
    sheet: pd.DataFrame,
    known_causes: Iterable[str] | None = None,
    known_participants: Iterable[str] | None = None,
    row_offset: int = 2,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn a sheet with one column per participant into rating rows.

    The first column holds the causes; every other column is one
    participant, named by its header; cells are ratings from 1 to 5 (blank
    means "not rated").

    Parameters
    ----------
    sheet : DataFrame
        The sheet as read, headers as column names, cells as read.
    known_causes, known_participants : iterable of str, optional
        When given, a cause or participant not in the list (compared
        case-insensitively, ignoring surrounding space) is a problem; its
        stored spelling is used for those that match.
    row_offset : int
        Added to the 0-based data row to give the row number people see
        (2 for a sheet whose header is on row 1).

    Returns
    -------
    (DataFrame, list of Problem)
        Long rows ``participant, cause, rating`` and every problem found,
        each naming its 0-based data row (``Problem.describe(row_offset)``
        gives the spreadsheet's row) and its column. When there are
        problems the rows should not be stored.
    """
    problems: list[Problem] = []
    empty = pd.DataFrame({"participant": [], "cause": [], "rating": []})
    if sheet.shape[1] < 2:
        problems.append(
            Problem(None, None, None, "the sheet needs a first column of causes and one column per participant")
        )
        return empty, problems
    frame = sheet.reset_index(drop=True)
    cause_header = str(frame.columns[0])
    cause_lookup = _lookup(known_causes)
    participant_lookup = _lookup(known_participants)

    headers: list[tuple[int, str]] = []  # (column position, participant)
    seen: set[str] = set()
    for position, header in enumerate(frame.columns[1:], start=1):
        name = "" if is_blank(header) or str(header).startswith("Unnamed:") else str(header).strip()
        if not name:
            if frame.iloc[:, position].map(is_blank).all():
                continue  # an empty trailing column, not a participant
            problems.append(
                Problem(None, f"column {position + 1}", header, "this column has ratings but no participant name")
            )
            continue
        if name.casefold() in seen:
            problems.append(Problem(None, name, header, "this participant appears in two columns"))
            continue
        seen.add(name.casefold())
        if participant_lookup is not None:
            if name.casefold() not in participant_lookup:
                problems.append(Problem(None, name, header, f"'{name}' is not a known participant"))
                continue
            name = participant_lookup[name.casefold()]
        headers.append((position, name))

    causes = frame.iloc[:, 0]
    seen_causes: dict[str, int] = {}
    rows: list[dict[str, object]] = []
    for index, raw_cause in causes.items():
        if is_blank(raw_cause):
            if not all(is_blank(frame.iat[index, position]) for position, _ in headers):
                problems.append(Problem(int(index), cause_header, raw_cause, "ratings without a cause"))
            continue
        cause = str(raw_cause).strip()
        key = cause.casefold()
        if key in seen_causes:
            problems.append(
                Problem(
                    int(index),
                    cause_header,
                    raw_cause,
                    f"'{cause}' is listed twice (first on row {seen_causes[key] + row_offset})",
                )
            )
            continue
        seen_causes[key] = int(index)
        if cause_lookup is not None:
            if key not in cause_lookup:
                problems.append(
                    Problem(
                        int(index), cause_header, raw_cause, f"'{cause}' is not a cause on the map or in the ratings"
                    )
                )
                continue
            cause = cause_lookup[key]
        for position, participant in headers:
            value = frame.iat[index, position]
            if is_blank(value):
                continue
            number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
            if pd.isna(number):
                problems.append(Problem(int(index), participant, value, f"'{value}' is not a number from 1 to 5"))
            elif not RATING_LOW <= number <= RATING_HIGH:
                problems.append(Problem(int(index), participant, value, f"{number:g} is outside 1-5"))
            else:
                rows.append({"participant": participant, "cause": cause, "rating": float(number)})
    long = pd.DataFrame(rows, columns=["participant", "cause", "rating"]) if rows else empty
    return long, problems


def _lookup(names: Iterable[str] | None) -> dict[str, str] | None:
    if names is None:
        return None
    return {str(name).strip().casefold(): str(name).strip() for name in names if not is_blank(name)}


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


def wide_sheet(raw: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Cells as read (no header) -> the wide ratings table and its header's 0-based row.

    The first row with any value is the header (causes' title, then one
    participant per column); empty columns after the last participant are
    dropped. Data rows keep their position so a problem's row plus
    ``header_row + 2`` is the row a spreadsheet shows.
    """
    filled = raw.notna().any(axis=1)
    if not filled.any():
        return pd.DataFrame(), 0
    header_row = int(filled.to_numpy().argmax())
    headers = [
        f"Unnamed: {position}" if is_blank(value) else str(value).strip()
        for position, value in enumerate(raw.iloc[header_row])
    ]
    body = raw.iloc[header_row + 1 :].reset_index(drop=True)
    body.columns = headers
    used = [
        position
        for position, header in enumerate(headers)
        if not (header.startswith("Unnamed:") and body.iloc[:, position].map(is_blank).all())
    ]
    return body.iloc[:, used], header_row
