"""Cleaning a sheet's cells: scores in words or on another scale, lists with other separators, columns with no home.

Each fix returns the cleaned column and what it did as an
:class:`~.cleaning.Applied`, worded with the column's header and the
spreadsheet's row numbers; :mod:`.parsing` runs them in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from core.conventions import counted, is_blank, text
from core.io_excel.cleaning import Applied, Fix, Scale, examples
from core.model import join_list
from core.tables import Column, ColumnKind

__all__ = ["is_score", "keep_extra_columns", "list_separators", "rescale", "score_words"]


# --- scores ----------------------------------------------------------------------------------------------------

_FIVE_WORDS = {"very low": 1, "low": 2, "medium": 3, "high": 4, "very high": 5}
_THREE_WORDS = {"low": 1, "medium": 3, "high": 5}
_WORD_FORMS = {"med": "medium", "mid": "medium", "moderate": "medium", "average": "medium", "lo": "low", "hi": "high"}
_UNKNOWN = {"n/a", "na", "n.a.", "?", "-", "–", "—", "unknown", "tbc", "tbd", "not known", "none given"}
_LEADING_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(%)?\s*(?:$|[-–—:(/]|[a-z])", re.IGNORECASE)


def is_score(column: Column) -> bool:
    """A 1-5 score column (interest, influence, salience attributes)."""
    return column.kind is ColumnKind.NUMBER and column.low == 1 and column.high == 5


def _word(value: str) -> str:
    key = " ".join(value.lower().replace("-", " ").split())
    for short, long in _WORD_FORMS.items():
        key = re.sub(rf"\b{short}\b", long, key)
    return key


def score_words(
    values: pd.Series, header: str, excel_rows: list[int], scale: Scale | None = None
) -> tuple[pd.Series, Applied | None, Scale | None]:
    """Scores written as words or with a decimal comma read as numbers, and the scale they seem to use.

    "Low/Medium/High" alone read as 1, 3 and 5; with "very low" or "very
    high" in the same column, the five words read as 1-5. "4 - high" and
    "4 (high)" read as 4, "3,5" as 3.5, "80%" as 80; "n/a", "?" and the
    like read as blank. Other text is kept as typed for validation to quote.
    With a confirmed ``scale``, numbers written in text are on that scale
    (and rescaled); words are always read on 1-5.

    Returns the values, what was done, and the scale the numbers seem to
    use when it is not 1-5 and none was confirmed (None otherwise).
    """
    words = {_word(v) for v in values if isinstance(v, str)}
    table = _FIVE_WORDS if words & {"very low", "very high"} else _THREE_WORDS
    read: dict[str, object] = {}
    percent = False
    for value in set(v for v in values if isinstance(v, str)):
        stripped, key = value.strip(), _word(value)
        if key in table:
            read[value] = float(table[key])
        elif key in _UNKNOWN:
            read[value] = None
        elif match := _LEADING_NUMBER.match(stripped):
            number = float(match.group(1).replace(",", "."))
            read[value] = scale.to_five(number) if scale else number
            percent = percent or bool(match.group(2))
    changed = [(row, f"'{v}' as {_shown(read[v])}") for row, v in zip(excel_rows, values, strict=True) if v in read]
    cleaned = values.map(lambda v: read.get(v, v) if isinstance(v, str) else v) if read else values
    applied = None
    if changed:
        legend = ", ".join(f"{word} = {score}" for word, score in table.items() if word in words)
        legend = f" ({legend})" if legend else ""
        applied = Applied(
            Fix.SCORE_WORDS,
            len(changed),
            f"Column '{header}': {counted(len(changed), 'score')} written in words or with a comma read as "
            f"numbers{legend}: {examples(changed)}.",
        )
    return cleaned, applied, (_scale_of(cleaned, percent) if scale is None else None)


def _shown(value: object) -> str:
    if value is None:
        return "blank"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _scale_of(values: pd.Series, percent: bool) -> Scale | None:
    numbers = pd.to_numeric(values.map(lambda v: v if isinstance(v, int | float) and not isinstance(v, bool) else None),
                            errors="coerce").dropna()  # fmt: skip
    if numbers.empty:
        return None
    top = numbers.max()
    if percent or 10 < top <= 100:
        return Scale.PERCENT
    if 5 < top <= 10:
        return Scale.ONE_TO_TEN if numbers.min() >= 1 else Scale.ZERO_TO_TEN
    return None


def rescale(values: pd.Series, scale: Scale, header: str) -> tuple[pd.Series, Applied]:
    """A score column the user confirmed is on ``scale``, as 1-5 scores (numbers only: text is :func:`score_words`')."""
    count = 0

    def convert(value: object) -> object:
        nonlocal count
        if isinstance(value, int | float) and not isinstance(value, bool) and not pd.isna(value):
            count += 1
            return scale.to_five(float(value))
        return value

    converted = values.map(convert)
    low, high = scale.bounds
    message = (
        f"Column '{header}': {counted(count, 'score')} read on a {scale.value} scale and rescaled to 1-5 "
        f"({low:g} → 1, {high:g} → 5)."
    )
    return converted, Applied(Fix.SCALES, count, message)


# --- lists -----------------------------------------------------------------------------------------------------

_OTHER_SEPARATORS = re.compile(r"\s*(?:,|/|\||\r?\n)\s*")


def list_separators(values: pd.Series, header: str, excel_rows: list[int]) -> tuple[pd.Series, Applied | None]:
    """Lists separated by commas, slashes, bars or line breaks, written with ``;`` as Keystone keeps them.

    A cell that already uses ``;`` is left as it is: its commas belong to its items.
    """
    changed: list[tuple[int, str]] = []

    def split(value: object, row: int) -> object:
        if not isinstance(value, str) or ";" in value or not _OTHER_SEPARATORS.search(value):
            return value
        joined = join_list([part for part in _OTHER_SEPARATORS.split(value) if part.strip()])
        changed.append((row, f"'{value.strip()}'"))
        return joined

    split_values = [split(value, row) for value, row in zip(values, excel_rows, strict=True)]
    if not changed:
        return values, None
    cleaned = pd.Series(split_values, index=values.index, dtype=object)
    lists = counted(len(changed), "list")
    message = f"Column '{header}': {lists} split at commas, slashes or line breaks: {examples(changed)}."
    return cleaned, Applied(Fix.LIST_SEPARATORS, len(changed), message)


# --- columns with no home --------------------------------------------------------------------------------------


def keep_extra_columns(
    frame: pd.DataFrame, body: pd.DataFrame, headers: Sequence[str], notes: str = "notes"
) -> tuple[pd.DataFrame, Applied | None]:
    """Columns the table has no place for, written into each row's notes as "Header: value"."""
    kept = [header for header in headers if body[header].map(lambda v: not is_blank(v)).any()]
    if not kept:
        return frame, None
    existing = frame[notes] if notes in frame else pd.Series([None] * len(frame), index=frame.index)
    lines = [existing.map(text)] + [body[h].map(lambda v, h=h: f"{h}: {_cell_text(v)}" if not is_blank(v) else "")
                                    for h in kept]  # fmt: skip
    joined = ["; ".join(part for part in parts if part) or None for parts in zip(*lines, strict=True)]
    result = frame.copy()
    result[notes] = pd.Series(joined, index=frame.index, dtype=object)
    names = ", ".join(f"'{h}'" for h in kept)
    message = f"{counted(len(kept), 'column')} with no place of its own ({names}) kept in each row's notes."
    return result, Applied(Fix.EXTRA_COLUMNS, len(kept), message)


def _cell_text(value: object) -> str:
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()[:10] if not getattr(value, "hour", 0) else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
