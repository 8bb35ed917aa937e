"""Bring tables of records into shape and say what is wrong with them.

Pure pandas over the column specs in :mod:`core.tables`. Used by
the store before every write, by the importers and by the page editors,
so every entry path applies the same rules and gives the same messages.
About 300 lines, kept whole for that reason: one place for the rules.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.conventions import is_blank, row_keys, to_bool
from core.dates import EARLIEST_DATE, LATEST_DATE, DateOrder, DayOrder, OrderBasis, read_dates
from core.model import split_list
from core.tables import Column, ColumnKind, Table, spec

__all__ = ["FORMULA_PREFIXES", "Problem", "coerce", "empty", "validate"]

FORMULA_PREFIXES = ("=", "+", "-", "@")
_CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"  # invisible, and refused by Excel files; tabs and newlines stay
_CONTROL = re.compile(_CONTROL_CHARACTERS)
_SHORT = 2_000  # rows below which plain Python beats pandas' cost per call (a save converts tables several times)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell or row.

    ``row`` is the 0-based position in the table given; importers translate
    it to the row number a spreadsheet shows.
    """

    row: int | None
    column: str | None
    value: object
    message: str
    other_row: int | None = None  # a duplicate's first row, so the message names both

    def describe(self, row_offset: int = 1, sheet: str | None = None) -> str:
        where = []
        if sheet:
            where.append(f"sheet '{sheet}'")
        if self.row is not None:
            where.append(f"row {self.row + row_offset}")
            if self.other_row is not None:
                where[-1] += f" (the same as row {self.other_row + row_offset})"
        if self.column:
            where.append(f"column '{self.column}'")
        place = ", ".join(where)
        return f"{place}: {self.message}" if place else self.message


def empty(table: Table) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    return coerce(pd.DataFrame(columns=spec(table).names), table)


def _blank_mask(values: pd.Series) -> pd.Series:
    """:func:`is_blank` over a whole column, vectorised."""
    missing = values.isna()
    text = values[~missing].astype("string").str.strip()
    return missing | (text == "").reindex(values.index, fill_value=False).astype(bool)


def coerce(frame: pd.DataFrame, table: Table, names: Collection[str] | None = None) -> pd.DataFrame:
    """Return ``frame`` with exactly the spec's columns (or those of them in ``names``), in order, typed.

    Values that cannot be converted become missing; call :func:`validate`
    on the raw frame first to report them. Dates written with numbers only
    (05/06/2025) are read in one day/month order per column
    (:func:`core.dates.read_dates`).
    """
    source = frame.reset_index(drop=True)
    missing = pd.Series([None] * len(source), dtype=object)
    # Built in one go: inserting 16 columns one by one cost more than converting them.
    chosen = [column for column in spec(table).columns if names is None or column.name in names]
    columns = {column.name: _convert(source.get(column.name, missing), column) for column in chosen}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(source)))


def _convert(raw: pd.Series, column: Column) -> pd.Series:
    if column.kind is ColumnKind.NUMBER:
        return pd.to_numeric(raw, errors="coerce").astype("Float64")
    if column.kind is ColumnKind.INTEGER:
        numbers = pd.to_numeric(raw, errors="coerce")
        whole = numbers.where(numbers.isna() | (numbers == numbers.round()))
        return whole.astype("Int64")
    if column.kind is ColumnKind.BOOL:
        if pd.api.types.is_bool_dtype(raw.dtype):
            return raw.astype("boolean")
        return raw.map(to_bool).astype("boolean")
    if column.kind is ColumnKind.DATE:
        return read_dates(raw)[0].dt.normalize()
    if column.kind is ColumnKind.TIMESTAMP:
        return read_dates(raw)[0]
    if len(raw) < _SHORT:
        cleaned = [None if is_blank(value) else _CONTROL.sub("", str(value)).strip() or None for value in raw.tolist()]
        return pd.Series(cleaned, dtype="string", index=raw.index)
    text = raw.astype("string").str.replace(_CONTROL_CHARACTERS, "", regex=True).str.strip()  # None, NaN, NA: NA
    return text.mask(text == "")


def validate(frame: pd.DataFrame, table: Table) -> list[Problem]:
    """Every problem in ``frame`` against the table's rules, row by row.

    Checks required values, numbers and their ranges, dates, yes/no,
    choices (canonical values; labels and aliases are fixed by the
    importer before this) and duplicate keys. Returns an empty list
    when the frame can be stored as it is.
    """
    table_spec = spec(table)
    source = frame.reset_index(drop=True)
    problems: list[Problem] = []
    for column in table_spec.columns:
        if column.name not in source:
            if column.required:
                problems.append(
                    Problem(
                        None,
                        column.name,
                        None,
                        "required column is missing: no header of the file was recognised as it",
                    )
                )
            continue
        problems.extend(_check_column(source[column.name], column))
    problems.extend(_check_keys(source, table))
    return sorted(problems, key=lambda p: (p.row if p.row is not None else -1, p.column or ""))


def _is_json_object(value: object) -> bool:
    try:
        return isinstance(json.loads(str(value)), dict)
    except json.JSONDecodeError:
        return False


_CONSTANTS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}  # as JSON text writes them


def _not_finite(value: object, key: str = "") -> list[tuple[str, float]]:
    """The keys (dotted) of a parsed JSON value holding NaN or an infinity, which JSON has no place for."""
    if isinstance(value, float) and not math.isfinite(value):
        return [(key, value)]
    if isinstance(value, dict):
        return [found for name, inner in value.items() for found in _not_finite(inner, f"{key}.{name}".lstrip("."))]
    if isinstance(value, list):
        return [found for position, inner in enumerate(value) for found in _not_finite(inner, f"{key}[{position}]")]
    return []


def _json_problem(value: object) -> str | None:
    """Why ``value`` is not a usable JSON object, or None when it is."""
    if not _is_json_object(value):
        shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "…"
        return f'\'{shown}\' is not a JSON object such as {{"answer": "yes"}}'
    bad = _not_finite(json.loads(str(value)))
    if bad:
        named = ", ".join(f"'{key}' is {_CONSTANTS[str(number)]}" for key, number in bad[:3])
        return f"{named}: an answer must be a finite number, a word or left out"
    return None


def _check_column(values: pd.Series, column: Column) -> list[Problem]:
    problems = []
    blank = _blank_mask(values)
    if column.required:
        for row in values.index[blank]:
            problems.append(Problem(int(row), column.name, None, "a value is required"))
    present = values[~blank]
    if column.kind in (ColumnKind.NUMBER, ColumnKind.INTEGER):
        numbers = pd.to_numeric(present, errors="coerce")
        for row in numbers.index[numbers.isna()]:
            problems.append(Problem(int(row), column.name, present[row], f"'{present[row]}' is not a number"))
        infinite = numbers.isin([math.inf, -math.inf])
        for row in numbers.index[infinite]:
            problems.append(Problem(int(row), column.name, present[row], f"'{present[row]}' is not a finite number"))
        valid = numbers[~infinite].dropna()
        if column.kind is ColumnKind.INTEGER:
            for row in valid.index[valid != valid.round()]:
                problems.append(Problem(int(row), column.name, valid[row], f"{valid[row]} is not a whole number"))
        out_of_range = pd.Series(False, index=valid.index)
        if column.low is not None:
            out_of_range |= valid < column.low
        if column.high is not None:
            out_of_range |= valid > column.high
        for row in valid.index[out_of_range]:
            problems.append(Problem(int(row), column.name, valid[row], f"{valid[row]:g} is outside {_range(column)}"))
    elif column.kind is ColumnKind.BOOL:
        for row in present.index:
            if pd.isna(to_bool(present[row])):
                problems.append(Problem(int(row), column.name, present[row], f"'{present[row]}' is not yes or no"))
    elif column.kind in (ColumnKind.DATE, ColumnKind.TIMESTAMP):
        problems.extend(_date_problems(present, column))
    elif column.kind is ColumnKind.JSON:
        for row, value in present.items():
            message = _json_problem(value)
            if message:
                problems.append(Problem(int(row), column.name, value, message))
    elif column.choices:
        allowed = set(column.choices)
        seen: dict[str, list[str]] = {}  # lists repeat a few values many times: check each once
        for row, value in present.items():
            text = str(value)
            if text not in seen:
                items = split_list(text) if column.many else [text.strip()]
                seen[text] = [item for item in items if item not in allowed]
            unknown = seen[text]
            if unknown:
                problems.append(
                    Problem(
                        int(row),
                        column.name,
                        value,
                        f"'{'; '.join(unknown)}' is not one of: {', '.join(column.choices)}",
                    )
                )
    return problems


def _date_problems(present: pd.Series, column: Column) -> list[Problem]:
    """Cells that are not dates, dates written both day first and month first, and years that are slips."""
    dates, order = read_dates(present)
    return [
        *_unread_dates(present, dates, order, column),
        *_mixed_orders(present, order, column),
        *_unlikely_years(present, dates, column),
    ]


def _unread_dates(present: pd.Series, dates: pd.Series, order: DateOrder, column: Column) -> list[Problem]:
    # In a column written both ways the dates that could be either are left unread, but they are not wrong:
    # they read fine once the column is written one way (see _mixed_orders).
    undecided = set(order.either) if order.basis is OrderBasis.MIXED else set()
    problems = []
    for row in dates.index[dates.isna()]:
        if row in undecided:
            continue
        value = present[row]
        if isinstance(value, bool | int | float | np.number):
            shown = f"{value:g}" if isinstance(value, float) else value
            message = f"{shown} is a number, not a date (format the cell as a date, or type YYYY-MM-DD)"
        else:
            message = f"'{value}' is not a date (use YYYY-MM-DD)"
        problems.append(Problem(int(row), column.name, value, message))
    return problems


def _mixed_orders(present: pd.Series, order: DateOrder, column: Column) -> list[Problem]:
    """The dates that disagree with most of their column about the day/month order, each named."""
    if order.basis is not OrderBasis.MIXED:
        return []
    # The fewer kind is named; on a tie the month-first ones, day first being the usual order.
    if len(order.day_only) >= len(order.month_only):
        odd, kind, usual, example = order.month_only, DayOrder.MONTH_FIRST, DayOrder.DAY_FIRST, order.day_example
    else:
        odd, kind, usual, example = order.day_only, DayOrder.DAY_FIRST, DayOrder.MONTH_FIRST, order.month_example
    return [
        Problem(
            int(row),
            column.name,
            present[row],
            f"'{present[row]}' can only be {kind}, but other dates in this column can only be {usual} "
            f"(such as '{example}'): write them all one way, or as YYYY-MM-DD",
        )
        for row in odd
    ]


def _unlikely_years(present: pd.Series, dates: pd.Series, column: Column) -> list[Problem]:
    """Dates outside the years Keystone stores: a year typed short (0115) or long."""
    days = (dates.dt.tz_localize(None) if dates.dt.tz is not None else dates).dt.normalize()
    return [
        Problem(
            int(row),
            column.name,
            present[row],
            f"{days[row].year:04d}-{days[row].month:02d}-{days[row].day:02d} is not between {EARLIEST_DATE.year} "
            f"and {LATEST_DATE.year}: check the year (type dates as YYYY-MM-DD)",
        )
        for row in days.index[(days < EARLIEST_DATE) | (days > LATEST_DATE)]
    ]


def _range(column: Column) -> str:
    if column.low is not None and column.high is not None:
        joint = " to " if column.low < 0 else "-"  # "-1-1" would read as nonsense
        return f"{column.low:g}{joint}{column.high:g}"
    if column.low is not None:
        return f"at least {column.low:g}"
    return f"at most {column.high:g}"


def _check_keys(frame: pd.DataFrame, table: Table) -> list[Problem]:
    key = [name for name in spec(table).key if name in frame]
    if not key or frame.empty:
        return []
    normalised = row_keys(frame, key)  # case and spaces ignored, as the store matches names
    duplicated = normalised.duplicated(keep="first")
    first = {k: position for position, k in reversed(list(enumerate(normalised)))}
    label = " + ".join(key)
    problems = []
    for row in frame.index[duplicated]:
        value = " / ".join(str(frame.loc[row, name]) for name in key)
        message = f"{label} '{value}' appears more than once"
        problems.append(Problem(int(row), key[0], value, message, other_row=first[normalised.loc[row]]))
    return problems
