"""Reading a wide ratings sheet: one column per participant, one row per cause.

Workshops often collect ratings in a spreadsheet: the first column lists
the candidate root causes, every other column is one participant, and the
cells are ratings from :data:`RATING_LOW` (hardly matters) to
:data:`RATING_HIGH` (a main cause). :func:`wide_sheet` finds the header
row; :func:`wide_to_long` turns the sheet into the ``participant, cause,
rating`` rows :mod:`core.problem.perspectives` summarises, and names every
problem by row and column.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from core.conventions import is_blank
from core.records import Problem

__all__ = ["RATING_HIGH", "RATING_LOW", "wide_sheet", "wide_to_long"]

RATING_LOW = 1
RATING_HIGH = 5


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
    empty = pd.DataFrame({"participant": [], "cause": [], "rating": []})
    if sheet.shape[1] < 2:
        return empty, [
            Problem(None, None, None, "the sheet needs a first column of causes and one column per participant")
        ]
    frame = sheet.reset_index(drop=True)
    columns, header_problems = _participant_columns(frame, _lookup(known_participants))
    rows, row_problems = _rating_rows(frame, columns, _lookup(known_causes), row_offset)
    long = pd.DataFrame(rows, columns=["participant", "cause", "rating"]) if rows else empty
    return long, header_problems + row_problems


def _participant_columns(
    frame: pd.DataFrame, known: dict[str, str] | None
) -> tuple[list[tuple[int, str]], list[Problem]]:
    """The ``(column position, participant)`` of every rated column, and the problems with the headers.

    An empty column without a header is skipped silently; a participant is
    named with its stored spelling when ``known`` holds it.
    """
    columns: list[tuple[int, str]] = []
    problems: list[Problem] = []
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
        if known is not None:
            if name.casefold() not in known:
                problems.append(Problem(None, name, header, f"'{name}' is not a known participant"))
                continue
            name = known[name.casefold()]
        columns.append((position, name))
    return columns, problems


def _rating_rows(
    frame: pd.DataFrame, columns: list[tuple[int, str]], known: dict[str, str] | None, row_offset: int
) -> tuple[list[dict[str, object]], list[Problem]]:
    """One ``participant, cause, rating`` row per rated cell, and the problems with the rows, in sheet order."""
    cause_header = str(frame.columns[0])
    seen: dict[str, int] = {}
    rows: list[dict[str, object]] = []
    problems: list[Problem] = []
    for index, raw_cause in frame.iloc[:, 0].items():
        if is_blank(raw_cause):
            if not all(is_blank(frame.iat[index, position]) for position, _ in columns):
                problems.append(Problem(int(index), cause_header, raw_cause, "ratings without a cause"))
            continue
        cause, problem = _cause(int(index), raw_cause, cause_header, seen, known, row_offset)
        if problem is not None:
            problems.append(problem)
            continue
        for position, participant in columns:
            value = frame.iat[index, position]
            if is_blank(value):
                continue
            rating, problem = _rating(int(index), participant, value)
            if problem is not None:
                problems.append(problem)
            else:
                rows.append({"participant": participant, "cause": cause, "rating": rating})
    return rows, problems


def _cause(
    index: int, raw: object, header: str, seen: dict[str, int], known: dict[str, str] | None, row_offset: int
) -> tuple[str, Problem | None]:
    """The cause named on row ``index`` (its stored spelling when known), or the problem with it.

    Records the cause in ``seen`` (folded name -> first row) so a later
    repeat is reported.
    """
    cause = str(raw).strip()
    key = cause.casefold()
    if key in seen:
        return cause, Problem(index, header, raw, f"'{cause}' is listed twice (first on row {seen[key] + row_offset})")
    seen[key] = index
    if known is None:
        return cause, None
    if key not in known:
        return cause, Problem(index, header, raw, f"'{cause}' is not a cause on the map or in the ratings")
    return known[key], None


def _rating(index: int, participant: str, value: object) -> tuple[float | None, Problem | None]:
    """A cell read as a rating from 1 to 5, or the problem with it."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    if pd.isna(number):
        return None, Problem(index, participant, value, f"'{value}' is not a number from 1 to 5")
    if not RATING_LOW <= number <= RATING_HIGH:
        return None, Problem(index, participant, value, f"{number:g} is outside 1-5")
    return float(number), None


def _lookup(names: Iterable[str] | None) -> dict[str, str] | None:
    if names is None:
        return None
    return {str(name).strip().casefold(): str(name).strip() for name in names if not is_blank(name)}
