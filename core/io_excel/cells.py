"""Cells made ready for validation: trimmed, with choices in their canonical form.

Labels and common aliases of choices (partner types, levers, ...) become
the stored values; "+" and "negative" become a polarity of 1 and -1; 1-5
score columns that stakeholder lists fill with yes/no read yes as 5 and no
as 1. What cannot be understood is kept as typed so a report can quote it.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from core import model
from core.model import split_list
from core.records import FORMULA_PREFIXES
from core.tables import Column, ColumnKind, Table

__all__ = ["YES_NO_SCORES", "clean_column", "yes_no_scores"]

# 1-5 score columns that stakeholder lists also fill with yes/no (salience
# attributes): yes counts as 5, no as 1.
YES_NO_SCORES: dict[Table, frozenset[str]] = {Table.ACTORS: frozenset({"power", "legitimacy", "urgency"})}
_YES_NO = {"yes": 5, "y": 5, "true": 5, "no": 1, "n": 1, "false": 1}

_ENUMS = [
    model.PartnerType,
    model.Lever,
    model.EvidenceKind,
    model.ToCLevel,
    model.IndicatorLevel,
    model.RaciRole,
    model.BarrierCategory,
    model.PilotStatus,
    model.Stage,
]


def yes_no_scores(values: pd.Series) -> pd.Series:
    """Yes/no words in a 1-5 score column as 5 and 1; other values as they are."""
    return values.map(lambda v: _YES_NO.get(v.strip().lower(), v) if isinstance(v, str) else v)


def clean_column(values: pd.Series, column: Column) -> pd.Series:
    """:func:`_clean_cell` over a column, each distinct cell cleaned once.

    Stakeholder lists repeat a few types, levers and scores thousands of
    times; keys include the type so that 1, 1.0 and True stay apart.
    """
    cache: dict[tuple[type, object], object] = {}
    cleaned = []
    for value in values.tolist():
        key = (type(value), value)
        try:
            result = cache[key]
        except KeyError:
            result = cache[key] = _clean_cell(value, column)
        except TypeError:  # unhashable: clean it directly
            result = _clean_cell(value, column)
        cleaned.append(result)
    return pd.Series(cleaned, index=values.index, dtype=object)


def _clean_cell(value: object, column: Column) -> object:
    """One cell made ready for validation: trimmed, choices made canonical."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None  # pandas may hold an empty cell as NaN; it must not become the text "nan"
    if column.kind in (ColumnKind.TEXT, ColumnKind.JSON):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime | date):
            value = value.isoformat()[:10]
        text = str(value).strip()
        if text[:1] == "'" and text[1:].startswith(FORMULA_PREFIXES):
            text = text[1:]  # our own formula guard (see to_csv_bytes) comes off on the way back in
        if column.choices:
            parts = split_list(text) if column.many else [text]
            cleaned = [_canonical_choice(part, column.choices) for part in parts]
            return "; ".join(cleaned) if column.many else cleaned[0]
        return text
    if column.kind is ColumnKind.INTEGER and column.name == "polarity" and isinstance(value, str):
        return {"+": 1, "positive": 1, "pos": 1, "-": -1, "negative": -1, "neg": -1}.get(value.strip().lower(), value)
    return value


def _canonical_choice(text: str, choices: tuple[str, ...]) -> str:
    for enum in _ENUMS:
        if set(choices) == {member.value for member in enum}:
            member = enum.parse(text)
            return member.value if member is not None else text
    lowered = text.lower()
    return next((choice for choice in choices if choice.lower() == lowered), text)
