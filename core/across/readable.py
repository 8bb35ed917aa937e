"""A table made for the wall: words for codes, numbers as the screen shows them, in parts that fit.

Streamlit's grid cuts what does not fit and keeps its own small type; on the
wall a table is drawn as plain text instead, so this module decides what that
text is. It knows nothing of Streamlit: the page passes the headers and number
formats it shows at a desk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from core.conventions import is_blank
from core.model import labelled_codes

__all__ = ["WALL_COLUMNS", "WALL_ROWS", "ReadableTable", "deck_ready", "header", "readable_table"]

WALL_COLUMNS = 7
"""Columns in one part: the first column and six more fit 1280 px at wall type, names wrapping."""

WALL_ROWS = 15
"""Rows shown on the wall; the rest are counted, not drawn (the room reads a top, not a register)."""


@dataclass(frozen=True)
class ReadableTable:
    """The wall's version of a table.

    Attributes
    ----------
    parts : list of DataFrame
        All text; each part repeats the first column when a table is too wide for one.
    rows_left_out : int
        Rows beyond :data:`WALL_ROWS`, not drawn.
    """

    parts: list[pd.DataFrame]
    rows_left_out: int


def readable_table(
    frame: pd.DataFrame,
    headers: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    *,
    rows: int = WALL_ROWS,
    columns: int = WALL_COLUMNS,
) -> ReadableTable:
    """``frame`` as text a room can read.

    Parameters
    ----------
    frame : DataFrame
        The table as the page holds it (its index is not shown).
    headers : mapping, optional
        Column name -> header as the screen shows it; other columns get their
        name in words ("value_chain" -> "Value chain").
    formats : mapping, optional
        Column name -> printf format for its numbers ("%.1f"); other numbers
        show at most two decimals, whole numbers without any.
    rows, columns : int
        The most rows, and the most columns in one part.

    Returns
    -------
    ReadableTable
        Codes of the framework become their labels ("ngo" -> "NGO", lists too),
        true/false become yes/no, blanks stay blank.
    """
    headers, formats = headers or {}, formats or {}
    shown = frame.head(rows)
    text = pd.DataFrame(
        {_header(name, headers): _column_text(shown[name], formats.get(name)) for name in shown.columns},
        index=range(len(shown)),
    )
    first, rest = list(text.columns[:1]), list(text.columns[1:])
    step = max(columns - 1, 1)
    parts = [text[first + rest[start : start + step]] for start in range(0, len(rest), step)] or [text]
    return ReadableTable(parts, max(len(frame) - rows, 0))


def deck_ready(
    frame: pd.DataFrame, headers: Mapping[str, str] | None = None, formats: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """``frame`` for a file a deck can use as it is: every row, the screen's words, numbers kept as numbers.

    Headers and codes as :func:`readable_table` gives them, yes/no for true/false,
    and each number rounded to the decimals its format shows ("%.1f" -> 1), so a
    spreadsheet can still add them up.

    >>> frame = pd.DataFrame({"type": ["ngo"], "score": [71.26], "market_leader": [True]})
    >>> deck_ready(frame, formats={"score": "%.1f"})
      Type  Score Market leader
    0  NGO   71.3           yes
    """
    headers, formats = headers or {}, formats or {}
    return pd.DataFrame(
        {header(name, headers): _deck_column(frame[name], formats.get(name)) for name in frame.columns},
        index=range(len(frame)),
    )


def _deck_column(values: pd.Series, number_format: str | None) -> list[object]:
    if pd.api.types.is_bool_dtype(values) or (values.dtype == object and values.map(type).eq(bool).any()):
        return [None if is_blank(value) else ("yes" if value else "no") for value in values]
    if pd.api.types.is_numeric_dtype(values):
        places = _decimals(number_format)
        rounded = values.astype("Float64").round(places) if places is not None else values
        return [None if is_blank(value) else value for value in rounded.tolist()]
    labels = labelled_codes(values)
    if labels is not None:
        return [label or None for label in labels]
    return [None if is_blank(value) else value for value in values]


def _decimals(number_format: str | None) -> int | None:
    """The decimals a printf format shows ("%.2f" -> 2), or None for any other format."""
    match = re.fullmatch(r"%\.(\d+)f", number_format or "")
    return int(match.group(1)) if match else None


def header(name: object, headers: Mapping[str, str] | None = None) -> str:
    """A column's header as the screen shows it: given in ``headers``, else its name in words."""
    return _header(name, headers or {})


def _header(name: object, headers: Mapping[str, str]) -> str:
    if name in headers:
        return headers[name]
    words = str(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _column_text(values: pd.Series, number_format: str | None) -> list[str]:
    if pd.api.types.is_bool_dtype(values):
        return ["" if is_blank(value) else ("yes" if value else "no") for value in values]
    if pd.api.types.is_numeric_dtype(values):
        return [_number(value, number_format) for value in values]
    labels = labelled_codes(values)
    if labels is not None:
        return labels
    return ["" if is_blank(value) else _cell(value) for value in values]


def _number(value: object, number_format: str | None) -> str:
    if is_blank(value):
        return ""
    if number_format:
        try:
            return number_format % value
        except (TypeError, ValueError):  # a format for the grid's own printf, not Python's
            pass
    number = float(value)
    return f"{number:.0f}" if number.is_integer() else f"{number:.2f}".rstrip("0").rstrip(".")


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d %b %Y")
    return str(value)
